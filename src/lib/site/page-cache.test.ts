import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CACHE_STATUS_HEADER,
  cacheableResponse,
  cachedPage,
  ContentVersion,
  ENTRY_MAX_AGE_MS,
  entryIsCurrent,
  isPublicPagePath,
  matchesEtag,
  NOT_EVENT_SLUGS,
  PAGE_CACHE_CONTROL,
  pageCacheKey,
  PageStore,
  type RequestFacts,
} from './page-cache.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';

const request = (url: string, headers: RequestFacts['headers'] = {}, method = 'GET'): RequestFacts => ({
  method,
  url,
  headers: { host: 'samspil.example', ...headers },
  encrypted: false,
});

describe('the public pages', () => {
  it('are the landing, event, programme, session, gallery, speaker, solution and takeaways pages, in both languages', () => {
    for (const page of [
      '/',
      '/tilgaengelighed',
      EVENT,
      `${EVENT}/`,
      `${EVENT}/program`,
      `${EVENT}/program/aabning`,
      `${EVENT}/galleri`,
      `${EVENT}/talere`,
      `${EVENT}/talere/jocelyne-bourgon`,
      `${EVENT}/losninger/borgerdesign`,
      `${EVENT}/udbytte`,
    ]) {
      expect(isPublicPagePath(page), page).toBe(true);
      expect(isPublicPagePath(page === '/' ? '/en' : `/en${page}`), `/en${page}`).toBe(true);
    }
  });

  it('are not forms, personal pages, the console, APIs, files or anything unknown', () => {
    for (const page of [
      `${EVENT}/tilmelding`,
      `${EVENT}/tilmelding/tak`,
      `${EVENT}/indsend`,
      `${EVENT}/program/aabning.ics`,
      `${EVENT}/program/`,
      `${EVENT}/ukendt`,
      '/min-side',
      '/min-side/billetter',
      '/konsol',
      '/konsol/velfaerdens-innovationsdag-2027/program',
      '/log-ind',
      '/log-ud',
      '/api/events/x/seats.json',
      '/dev/mailbox',
      '/checkin/x',
      '/_astro/index.css',
      '/_actions/booking.book',
      '/favicon.svg',
      '/Velfaerdens',
      '/%2e%2e/etc',
      '/en/en/',
      '//evil.example/',
    ]) {
      expect(isPublicPagePath(page), page).toBe(false);
    }
  });

  it('never take a top-level page of the site for an event', () => {
    const pages = readdirSync(path.resolve('src/pages'))
      .map((name) => name.replace(/\.astro$|\.ts$/, ''))
      .filter((name) => name !== '[event]' && name !== 'index');
    expect(pages.filter((name) => !NOT_EVENT_SLUGS.has(name))).toEqual([]);
  });
});

describe('the cache key', () => {
  it('holds the protocol, host, path and query, so each language and each filter is an entry of its own', () => {
    expect(pageCacheKey(request(`${EVENT}/program`))).toBe(`http://samspil.example${EVENT}/program`);
    expect(pageCacheKey(request(`/en${EVENT}/program?spor=a`))).toBe(
      `http://samspil.example/en${EVENT}/program?spor=a`,
    );
    expect(pageCacheKey(request('/', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'innovationsdag.dk' }))).toBe(
      'https://innovationsdag.dk/',
    );
    expect(pageCacheKey({ ...request('/'), encrypted: true })).toBe('https://samspil.example/');
    expect(pageCacheKey(request('/', {}, 'HEAD'))).toBe('http://samspil.example/');
  });

  it('is none for a request with any cookie or credentials, a method that changes things, or another path', () => {
    expect(pageCacheKey(request(`${EVENT}/program`, { cookie: 'samspil-session=abc' }))).toBeNull();
    expect(pageCacheKey(request(`${EVENT}/program`, { cookie: 'sb-x-auth-token=abc' }))).toBeNull();
    expect(pageCacheKey(request(`${EVENT}/program`, { cookie: 'anything=1' }))).toBeNull();
    expect(pageCacheKey(request(`${EVENT}/program`, { authorization: 'Bearer x' }))).toBeNull();
    expect(pageCacheKey(request(`${EVENT}/program`, {}, 'POST'))).toBeNull();
    expect(pageCacheKey(request(`${EVENT}/tilmelding`))).toBeNull();
    expect(pageCacheKey(request(`${EVENT}/program?${'x'.repeat(2_000)}`))).toBeNull();
    // An empty Cookie header carries no session.
    expect(pageCacheKey(request(`${EVENT}/program`, { cookie: '' }))).not.toBeNull();
  });
});

describe('a response', () => {
  const html = { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" };

  it('is kept when the page left it shareable: 200, HTML, no cookie, no Cache-Control of its own', () => {
    expect(cacheableResponse(200, html)).toBe(true);
    expect(cacheableResponse(404, html)).toBe(false);
    expect(cacheableResponse(303, html)).toBe(false);
    expect(cacheableResponse(503, html)).toBe(false);
    expect(cacheableResponse(200, { ...html, 'cache-control': 'private, no-store' })).toBe(false);
    expect(cacheableResponse(200, { ...html, 'set-cookie': ['a=b'] })).toBe(false);
    expect(cacheableResponse(200, { 'content-type': 'application/json' })).toBe(false);
  });

  it('is stored with its own headers (the CSP among them), an ETag from its bytes, and CDN-friendly caching', () => {
    const body = Buffer.from('<!doctype html><p>Program</p>');
    const page = cachedPage({
      key: 'k',
      version: '7',
      storedAt: 1_000,
      headers: { ...html, 'Content-Length': 3, date: 'x', 'transfer-encoding': 'chunked' },
      body,
    });
    expect(page.hitHeaders).toEqual({
      'content-type': 'text/html',
      'content-security-policy': "default-src 'self'",
      etag: page.etag,
      'cache-control': PAGE_CACHE_CONTROL,
      vary: 'Cookie',
      'content-length': body.length,
      [CACHE_STATUS_HEADER]: 'hit',
    });
    expect(page.missHeaders[CACHE_STATUS_HEADER]).toBe('miss');
    expect(page.notModifiedHeaders).toEqual({
      etag: page.etag,
      'cache-control': PAGE_CACHE_CONTROL,
      vary: 'Cookie',
      [CACHE_STATUS_HEADER]: 'hit',
    });
    expect(cachedPage({ key: 'k', version: '8', storedAt: 0, headers: html, body }).etag).toBe(page.etag);
    expect(cachedPage({ key: 'k', version: '7', storedAt: 0, headers: html, body: Buffer.from('x') }).etag).not.toBe(
      page.etag,
    );
  });

  it('answers while its version is current and it is younger than the entry age', () => {
    const page = cachedPage({ key: 'k', version: '7', storedAt: 1_000, headers: html, body: Buffer.from('x') });
    expect(entryIsCurrent(page, '7', 1_000)).toBe(true);
    expect(entryIsCurrent(page, '7', 1_000 + ENTRY_MAX_AGE_MS - 1)).toBe(true);
    expect(entryIsCurrent(page, '7', 1_000 + ENTRY_MAX_AGE_MS)).toBe(false);
    expect(entryIsCurrent(page, '8', 1_001)).toBe(false);
    // A clock that went back is not trusted.
    expect(entryIsCurrent(page, '7', 999)).toBe(false);
  });

  it('is not modified for an If-None-Match naming its ETag', () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('W/"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"x", "abc"', '"abc"')).toBe(true);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag('"abd"', '"abc"')).toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });
});

describe('the store', () => {
  const entry = (key: string, bytes: number) =>
    cachedPage({ key, version: '1', storedAt: 0, headers: {}, body: Buffer.alloc(bytes) });

  it('drops the least recently used entries beyond its count or bytes', () => {
    const store = new PageStore({ maxEntries: 2, maxBytes: 100 });
    store.set(entry('a', 10));
    store.set(entry('b', 10));
    store.get('a');
    store.set(entry('c', 10));
    expect([store.get('a'), store.get('b'), store.get('c')].map((e) => e?.key)).toEqual(['a', undefined, 'c']);
    store.set(entry('d', 95));
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(95);
    store.set(entry('e', 101));
    expect(store.get('e')).toBeUndefined();
    store.set(entry('d', 20));
    expect(store.bytes).toBe(20);
  });
});

describe('the content version', () => {
  /** A database whose answers the test releases one by one. */
  function fakeDatabase() {
    let value = 1;
    const pending: (() => void)[] = [];
    let reads = 0;
    return {
      set: (next: number) => (value = next),
      reads: () => reads,
      read: () => {
        reads += 1;
        const answer = String(value);
        return new Promise<string>((resolve) => pending.push(() => resolve(answer)));
      },
      answer: async () => {
        while (pending.length) pending.shift()!();
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
  }

  it('is read at most once per interval under traffic, in the background once half of it has passed', async () => {
    const db = fakeDatabase();
    let now = 0;
    const version = new ContentVersion({ read: db.read, maxAgeMs: 1_000, now: () => now });
    const first = version.current();
    await db.answer();
    expect(await first).toBe('1');
    db.set(2);
    now = 400;
    expect(await version.current()).toBe('1');
    expect(db.reads()).toBe(1);
    now = 600;
    // Half the interval: still answered at once, and a read starts behind it.
    expect(await version.current()).toBe('1');
    expect(await version.current()).toBe('1');
    expect(db.reads()).toBe(2);
    await db.answer();
    now = 700;
    expect(await version.current()).toBe('2');
  });

  it('never answers with a version read longer ago than its interval: it waits for a new read', async () => {
    const db = fakeDatabase();
    let now = 0;
    const version = new ContentVersion({ read: db.read, maxAgeMs: 1_000, now: () => now });
    const first = version.current();
    await db.answer();
    await first;
    db.set(5);
    now = 1_001;
    const later = version.current();
    await db.answer();
    expect(await later).toBe('5');
  });

  it('with an interval of 0, answers each request from a read that began after it arrived', async () => {
    const db = fakeDatabase();
    let now = 0;
    const version = new ContentVersion({ read: db.read, maxAgeMs: 0, now: () => now });
    const a = version.current();
    now = 1;
    // A change commits while the first read runs; a request arriving now must not get the old answer.
    db.set(2);
    const b = version.current();
    const c = version.current();
    await db.answer();
    expect(await a).toBe('1');
    await db.answer();
    expect([await b, await c]).toEqual(['2', '2']);
    // b and c shared one read that started after both arrived.
    expect(db.reads()).toBe(2);
  });

  it('answers null when the database does not answer in time or fails, and recovers afterwards', async () => {
    let fail = true;
    const hung = new ContentVersion({
      read: () => (fail ? new Promise<string>(() => {}) : Promise.resolve('3')),
      maxAgeMs: 1_000,
      waitMs: 5,
      abandonMs: 20,
    });
    expect(await hung.current()).toBeNull();
    fail = false;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await hung.current()).toBe('3');
    const failing = new ContentVersion({ read: () => Promise.reject(new Error('down')), maxAgeMs: 1_000 });
    expect(await failing.current()).toBeNull();
  });
});
