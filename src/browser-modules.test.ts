// The lint rule sees a browser module's own imports; this follows them all
// the way down, so a pure module that a component imports cannot quietly
// start importing server code either (the browser bundle would carry it).
import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_MODULES, isServerImport } from '../eslint/fences.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runtime imports of a module: static, re-exports and `import()`; `import type` is erased and left out. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) if (!match[2]) found.push(match[3]!);
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

/** The server imports reachable from a module, each with the chain of modules that leads to it. */
function serverImportsReachableFrom(entry: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of importsOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
      const target = specifier.startsWith('.')
        ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier.replace(/\?.*$/, '')))
        : null;
      if (isServerImport(specifier, target)) problems.push([...chain, file, specifier].join(' → '));
      else if (target !== null && /\.(ts|js|svelte)$/.test(target)) visit(target, [...chain, file]);
    }
  };
  visit(entry, []);
  return problems;
}

/** Folders the globs must not walk: dependencies and build output. */
const outsideSource = (item: string | { name: string }) =>
  /(^|\/)(node_modules|dist|\.astro|\.data|\.git)$/.test(typeof item === 'string' ? item : item.name);

const entries = [
  ...new Set(BROWSER_MODULES.flatMap((pattern) => globSync(pattern, { cwd: ROOT, exclude: outsideSource }))),
]
  .filter((file) => file.startsWith('src/') && /\.(ts|svelte)$/.test(file) && !file.endsWith('.test.ts'))
  .sort();

describe('browser modules', () => {
  it('are found (the globs still match the tree)', () => {
    expect(entries).toContain('src/components/checkin/CheckinApp.svelte');
    expect(entries).toContain('src/lib/checkin/device/sync.ts');
    expect(entries).toContain('src/components/programme/programme-filter.ts');
  });

  it.each(entries)('%s reaches no server code through any import', (entry) => {
    expect(serverImportsReachableFrom(entry)).toEqual([]);
  });
});
