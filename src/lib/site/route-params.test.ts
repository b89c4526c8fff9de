import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routeParams } from './route-params.ts';

describe('routeParams', () => {
  it('reads named segments and keeps the literal parts literal', () => {
    expect(routeParams('/[event]/program/[session].ics', '/dag-2027/program/keynote.ics')).toEqual({
      event: 'dag-2027',
      session: 'keynote',
    });
    // The dot is a dot, not any character.
    expect(routeParams('/[event]/program/[session].ics', '/dag-2027/program/keynoteXics')).toBeNull();
  });

  it('reads a rest parameter across slashes', () => {
    expect(routeParams('/files/[...key]', '/files/a/b/c.pdf')).toEqual({ key: 'a/b/c.pdf' });
  });

  it('decodes percent-encoded segments and refuses broken ones', () => {
    expect(routeParams('/min-side/[event]/bevis.pdf', '/min-side/f%C3%A6lles/bevis.pdf')).toEqual({ event: 'fælles' });
    expect(routeParams('/min-side/[event]/bevis.pdf', '/min-side/%E0%A4%A/bevis.pdf')).toBeNull();
  });

  it('does not match another route', () => {
    expect(routeParams('/min-side/program/[event].ics', '/min-side/dag/udbytte.ics')).toBeNull();
    expect(routeParams('/min-side/[event]/udbytte.ics', '/min-side/a/b/udbytte.ics')).toBeNull();
  });
});

describe('localised endpoints', () => {
  // An endpoint outside /api/ answers under /en/ too, where Astro's own `params` are empty.
  it('each reads its parameters with endpointParams and its own route pattern', () => {
    const pagesDir = fileURLToPath(new URL('../../pages/', import.meta.url));
    const endpoints = readdirSync(pagesDir, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && file.includes('[') && !file.startsWith('api/') && !file.endsWith('.test.ts'),
    );
    expect(endpoints.length).toBeGreaterThan(0);
    for (const file of endpoints) {
      const pattern = `/${file.replace(/\.ts$/, '').replace(/(^|\/)index$/, '')}`;
      expect(readFileSync(path.join(pagesDir, file), 'utf8'), file).toContain(`endpointParams(context, '${pattern}')`);
    }
  });
});
