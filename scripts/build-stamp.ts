// Whether dist/ was built from the sources as they are now: a hash of every
// file the build reads (src/ without its unit tests, public/, the Astro and
// TypeScript config, package.json, the lockfile and the patches applied to
// node_modules), kept beside the build after it succeeds. `npm start` builds
// only when the hash has changed (scripts/start.ts); `npm run build` always
// builds and writes it (scripts/build.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const BUILD_INPUTS = [
  'src',
  'public',
  'patches',
  'astro.config.mjs',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];

/** Beside the build, removed with it. */
export const STAMP_FILE = path.join('dist', '.samspil-build-stamp');
export const SERVER_ENTRY = path.join('dist', 'server', 'entry.mjs');

/** Files the build never reads: unit tests live beside the code they test. */
const ignored = (relative: string) => /\.test\.ts$/.test(relative);

async function filesUnder(root: string, relative: string): Promise<string[]> {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  const entries = await readdir(full, { withFileTypes: true }).catch(() => null);
  if (!entries) return [relative];
  const nested = await Promise.all(
    entries.map((entry) => {
      const child = path.posix.join(relative, entry.name);
      return entry.isDirectory() ? filesUnder(root, child) : Promise.resolve(entry.isFile() ? [child] : []);
    }),
  );
  return nested.flat();
}

/** The hash of the build's inputs under `root`: names and contents, in a fixed order. */
export async function sourcesHash(root: string): Promise<string> {
  const files = (await Promise.all(BUILD_INPUTS.map((input) => filesUnder(root, input))))
    .flat()
    .filter((file) => !ignored(file))
    .sort();
  const contents = await Promise.all(files.map((file) => readFile(path.join(root, file))));
  const hash = createHash('sha256');
  files.forEach((file, index) => {
    hash.update(`${file}\0${contents[index]!.length}\0`);
    hash.update(contents[index]!);
  });
  return hash.digest('hex');
}

/** Whether dist/ holds a complete build of exactly these sources. */
export async function buildIsCurrent(root: string, hash: string): Promise<boolean> {
  if (!existsSync(path.join(root, SERVER_ENTRY))) return false;
  const stamp = await readFile(path.join(root, STAMP_FILE), 'utf8').catch(() => null);
  return stamp?.trim() === hash;
}

/**
 * `astro build` in a child process, its output shown; the stamp is removed
 * first and written only when the build succeeds, so a failed or interrupted
 * build is never taken for a current one. `hash` is of the sources before the
 * build began: a file edited during the build makes the next start build again.
 */
export async function build(root: string, hash: string): Promise<void> {
  await rm(path.join(root, STAMP_FILE), { force: true });
  const astro = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [astro, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`astro build exited with ${code}`);
  await writeFile(path.join(root, STAMP_FILE), `${hash}\n`);
}
