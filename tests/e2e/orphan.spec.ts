// `npm start` after the server was killed with SIGKILL: its embedded Postgres
// stays behind holding the data directory's lock file. The next start must
// stop that orphan cleanly and come up; a start beside a live server must
// refuse with a clear message and leave the running one alone.
import { expect, test } from '@playwright/test';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/lib/db/embedded.ts';

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

const dataDir = path.join(os.tmpdir(), `samspil-orphan-${process.pid}-${Date.now()}`);

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `node scripts/serve.ts` in embedded mode on `dataDir`, as `npm start` runs it. */
function serve(port: number): Started {
  const env: Record<string, string | undefined> = {
    ...process.env,
    SAMSPIL_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--experimental-strip-types', 'scripts/serve.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean, what: () => string, limitMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function postmasterPid(): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let current: Started | undefined;

test.afterAll(async () => {
  if (current && current.child.exitCode === null) {
    current.child.kill('SIGTERM');
    await current.exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

test('a start after kill -9 stops the orphaned Postgres and serves; a start beside a live one refuses', async () => {
  const port = await freePort();
  const first = serve(port);
  current = first;
  await until(() => first.output().includes('samspil: serving') || first.child.exitCode !== null, first.output);
  expect(first.child.exitCode, first.output()).toBeNull();
  const orphan = postmasterPid();

  // A second start on the same data while the first runs must not take its database.
  const beside = serve(await freePort());
  expect(await beside.exited).toBe(1);
  expect(beside.output()).toContain('in use by another Samspil process');
  expect(alive(orphan)).toBe(true);
  expect((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).status).toBe(200);

  first.child.kill('SIGKILL');
  await first.exited;
  expect(alive(orphan), 'the embedded Postgres outlives its killed server').toBe(true);

  const second = serve(port);
  current = second;
  await until(() => second.output().includes('samspil: serving') || second.child.exitCode !== null, second.output);
  expect(second.child.exitCode, second.output()).toBeNull();
  expect(second.output()).toContain(`Stopping an embedded Postgres left running by an earlier start (pid ${orphan})`);
  expect(alive(orphan)).toBe(false);
  const home = await fetch(`http://127.0.0.1:${port}/`);
  expect(home.status).toBe(200);

  // A clean stop takes its Postgres along.
  const restarted = postmasterPid();
  second.child.kill('SIGTERM');
  await second.exited;
  await until(
    () => !alive(restarted),
    () => `postgres ${restarted} still running`,
    20_000,
  );
});
