import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, SERVER_ENTRY, sourcesHash, STAMP_FILE } from './build-stamp.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'samspil-stamp-'));
  await mkdir(path.join(root, 'src/lib'), { recursive: true });
  await mkdir(path.join(root, 'public'), { recursive: true });
  await writeFile(path.join(root, 'src/lib/a.ts'), 'export const a = 1;\n');
  await writeFile(path.join(root, 'public/favicon.svg'), '<svg/>');
  await writeFile(path.join(root, 'package-lock.json'), '{}');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const write = (file: string, text: string) => writeFile(path.join(root, file), text);

describe('the sources hash', () => {
  it('changes with any source, asset, config or lockfile, and with a renamed or new file', async () => {
    const before = await sourcesHash(root);
    expect(await sourcesHash(root)).toBe(before);
    for (const [file, text] of [
      ['src/lib/a.ts', 'export const a = 2;\n'],
      ['public/favicon.svg', '<svg></svg>'],
      ['package-lock.json', '{"lockfileVersion":3}'],
      ['astro.config.mjs', 'export default {};'],
      ['src/lib/b.ts', ''],
    ] as const) {
      const previous = await sourcesHash(root);
      await write(file, text);
      expect(await sourcesHash(root), file).not.toBe(previous);
    }
  });

  it('ignores unit tests and files outside the build’s inputs', async () => {
    const before = await sourcesHash(root);
    await write('src/lib/a.test.ts', 'test');
    await write('README.md', '# Samspil');
    await mkdir(path.join(root, 'tests'), { recursive: true });
    await write('tests/x.ts', '');
    expect(await sourcesHash(root)).toBe(before);
  });
});

describe('a build', () => {
  it('is current only with the server entry and a stamp of the same hash', async () => {
    const hash = await sourcesHash(root);
    expect(await buildIsCurrent(root, hash)).toBe(false);
    await mkdir(path.join(root, path.dirname(SERVER_ENTRY)), { recursive: true });
    await write(SERVER_ENTRY, '');
    expect(await buildIsCurrent(root, hash)).toBe(false);
    await write(STAMP_FILE, `${hash}\n`);
    expect(await buildIsCurrent(root, hash)).toBe(true);
    await write('src/lib/a.ts', 'export const a = 3;\n');
    expect(await buildIsCurrent(root, await sourcesHash(root))).toBe(false);
  });
});
