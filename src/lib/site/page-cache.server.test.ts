// The cache in front of a handler that writes as Astro's Node adapter does
// (writeHead with every header, the body in chunks, end), on a real HTTP
// server on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_STATUS_HEADER, ContentVersion } from './page-cache.ts';
import { withPageCache } from './page-cache.server.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';
let version = '1';
let versionDown = false;
let renders = 0;
/** What the next renders answer: 'page', or a response the page did not leave shareable. */
let mode: 'page' | 'private' | 'cookie' | 'missing' = 'page';
let slow: Promise<void> = Promise.resolve();

const encoder = new TextEncoder();
const astroLike: http.RequestListener = (req, res) => {
  renders += 1;
  const n = renders;
  void slow.then(() => {
    const lang = req.url!.startsWith('/en/') ? 'en' : 'da';
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'text/html',
      'content-security-policy': "script-src 'self' 'sha256-abc'",
    };
    if (mode === 'private') headers['cache-control'] = 'private, no-store';
    if (mode === 'cookie') headers['set-cookie'] = ['samspil-session=deleted'];
    res.writeHead(mode === 'missing' ? 404 : 200, headers);
    res.write(encoder.encode(`<html lang="${lang}"><p>render ${n}</p>`));
    res.write(encoder.encode('<p>version ' + version + '</p></html>'));
    res.end();
  });
};

const server = http.createServer(
  withPageCache(astroLike, {
    version: new ContentVersion({
      read: () => (versionDown ? Promise.reject(new Error('down')) : Promise.resolve(version)),
      maxAgeMs: 0,
    }),
  }),
);
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  mode = 'page';
  versionDown = false;
  slow = Promise.resolve();
  // Each test starts from a version no earlier test has stored pages under.
  version = String(Number(version) + 1);
});

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(base + path, { headers, method });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('the page cache in front of the pages', () => {
  it('renders a public page once and answers again from memory, with the page’s own headers', async () => {
    const before = renders;
    const first = await get(`${EVENT}/program`);
    const second = await get(`${EVENT}/program`);
    expect(renders - before).toBe(1);
    expect(first.status).toBe(200);
    expect(first.headers.get(CACHE_STATUS_HEADER)).toBe('miss');
    expect(second.headers.get(CACHE_STATUS_HEADER)).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers.get('content-security-policy')).toBe("script-src 'self' 'sha256-abc'");
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('vary')).toBe('Cookie');
    expect(Number(second.headers.get('content-length'))).toBe(Buffer.byteLength(first.body));
  });

  it('renders a page once for many requests arriving together', async () => {
    const before = renders;
    let release = () => {};
    slow = new Promise((resolve) => (release = resolve));
    const answers = Array.from({ length: 12 }, () => get(`${EVENT}/galleri`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const bodies = new Set((await Promise.all(answers)).map((answer) => `${answer.status} ${answer.body}`));
    expect(renders - before).toBe(1);
    expect(bodies.size).toBe(1);
  });

  it('renders again once the content version moves', async () => {
    const first = await get(`${EVENT}/talere`);
    version = String(Number(version) + 1);
    const second = await get(`${EVENT}/talere`);
    expect(second.headers.get(CACHE_STATUS_HEADER)).toBe('miss');
    expect(second.body).not.toBe(first.body);
    expect(second.body).toContain(`version ${version}`);
  });

  it('keeps the Danish and the English page apart', async () => {
    await get(`${EVENT}/program`);
    const english = await get(`/en${EVENT}/program`);
    expect(english.body).toContain('lang="en"');
    expect((await get(`${EVENT}/program`)).body).toContain('lang="da"');
  });

  it('never answers a request with a cookie from the cache, nor keeps its page', async () => {
    await get(`${EVENT}/program`);
    const before = renders;
    const signedIn = await get(`${EVENT}/program`, { cookie: 'samspil-session=abc' });
    expect(signedIn.headers.get(CACHE_STATUS_HEADER)).toBeNull();
    expect(signedIn.headers.get('etag')).toBeNull();
    expect(renders - before).toBe(1);
  });

  it('passes on, unchanged and unkept, what the page did not leave shareable', async () => {
    for (const kind of ['private', 'cookie', 'missing'] as const) {
      mode = kind;
      const before = renders;
      const first = await get(`${EVENT}/program/aabning`);
      const second = await get(`${EVENT}/program/aabning`);
      expect(renders - before, kind).toBe(2);
      expect(first.status).toBe(kind === 'missing' ? 404 : 200);
      expect(second.headers.get(CACHE_STATUS_HEADER)).toBeNull();
      expect(second.headers.get('etag')).toBeNull();
      if (kind === 'private') expect(second.headers.get('cache-control')).toBe('private, no-store');
      if (kind === 'cookie') expect(second.headers.get('set-cookie')).toBe('samspil-session=deleted');
      expect(second.body).toContain('render');
    }
  });

  it('answers 304 to a browser or CDN that holds the same page', async () => {
    const first = await get(`${EVENT}/`);
    const again = await fetch(base + `${EVENT}/`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('answers HEAD from a kept page, without a body', async () => {
    await get('/');
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get(CACHE_STATUS_HEADER)).toBe('hit');
    expect(head.body).toBe('');
  });

  it('renders every request while the content version cannot be read', async () => {
    versionDown = true;
    const before = renders;
    await get(`${EVENT}/udbytte`);
    const second = await get(`${EVENT}/udbytte`);
    expect(renders - before).toBe(2);
    expect(second.headers.get(CACHE_STATUS_HEADER)).toBeNull();
  });
});

describe('with the production setting (a version up to a second old)', () => {
  it('answers a kept page at once from the known version, and renders again when it moves', async () => {
    let current = '1';
    let reads = 0;
    const relaxed = http.createServer(
      withPageCache(astroLike, {
        version: new ContentVersion({
          read: () => {
            reads += 1;
            return Promise.resolve(current);
          },
          maxAgeMs: 1_000,
        }),
      }),
    );
    await new Promise<void>((resolve) => relaxed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(relaxed.address() as AddressInfo).port}${EVENT}/program`;
    try {
      const before = renders;
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(url)).headers.get(CACHE_STATUS_HEADER));
      expect(statuses).toEqual(['miss', 'hit', 'hit', 'hit', 'hit']);
      expect(renders - before).toBe(1);
      // Not one read per request: at most one more in the background once half a second has passed.
      expect(reads).toBeLessThanOrEqual(2);
      current = '2';
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const again = await fetch(url);
      expect(again.headers.get(CACHE_STATUS_HEADER)).toBe('miss');
      expect(renders - before).toBe(2);
    } finally {
      await new Promise<void>((resolve) => relaxed.close(() => resolve()));
    }
  });
});
