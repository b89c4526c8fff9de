// The rules of the public page cache (the I/O is in page-cache.server.ts):
// which requests may be answered from it, which responses may be kept, the
// key, the headers a browser or CDN gets, the bounded store, and the content
// version every entry is checked against.
//
// Only anonymous GETs of the public pages take part: no cookie at all (a
// session, a half-finished sign-in, anything we do not know, goes past the
// cache), no Authorization header, and a path that is one of the public page
// shapes. The key holds the protocol, host, path and query: the language is in
// the path (/en/…), so a Danish and an English page are two entries, and a
// signed-in visitor never reaches an entry at all. A response is kept only when
// the page itself left it shareable: 200, HTML, no Set-Cookie and no
// Cache-Control of its own (pages that render for someone mark themselves
// `private, no-store`).
import { createHash } from 'node:crypto';

/** What a browser and a CDN may do with a cached public page: keep it briefly, then revalidate by ETag. */
export const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=5';

/**
 * The longest an entry is served even when the content version has not moved:
 * what changes with time rather than with an organiser's edit (a booking window
 * opening, the seat counts in the HTML for visitors without JavaScript — the
 * page's script reads them live from seats.json) shows within this.
 */
export const ENTRY_MAX_AGE_MS = 10_000;

/** Response header saying whether the page came from the cache (for tests and operators). */
export const CACHE_STATUS_HEADER = 'x-samspil-page-cache';

/** Top-level paths that are not events (src/pages/*, and what Astro serves itself). */
export const NOT_EVENT_SLUGS: ReadonlySet<string> = new Set([
  '404',
  '500',
  'afmeld',
  'api',
  'bevis',
  'checkin',
  'dev',
  'en',
  'invitation',
  'konsol',
  'log-ind',
  'log-ud',
  'min-side',
  'svar',
  'tilgaengelighed',
]);

const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';
/** The event's public pages, after `/<event>`. */
const EVENT_PAGE = new RegExp(
  `^(?:/?|/program|/program/${SLUG}|/galleri|/talere|/talere/${SLUG}|/losninger/${SLUG}|/udbytte)$`,
);
const EVENT_PATH = new RegExp(`^/(${SLUG})(/.*)?$`);
const MAX_URL_LENGTH = 1_024;

/** Whether a path (Danish, or English under /en) is one of the public pages. */
export function isPublicPagePath(pathname: string): boolean {
  const path = pathname === '/en' ? '/' : pathname.startsWith('/en/') ? pathname.slice(3) : pathname;
  if (path === '/' || path === '/tilgaengelighed') return true;
  const match = EVENT_PATH.exec(path);
  if (!match) return false;
  const [, slug, rest = ''] = match;
  return slug!.length <= 80 && !NOT_EVENT_SLUGS.has(slug!) && EVENT_PAGE.test(rest);
}

export interface RequestFacts {
  method: string | undefined;
  /** The request target as sent: path and query. */
  url: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** The connection itself is TLS. */
  encrypted: boolean;
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The cache key of a request that may be answered from the cache, or null. */
export function pageCacheKey(request: RequestFacts): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = request.url;
  if (!url || url.length > MAX_URL_LENGTH || !url.startsWith('/')) return null;
  const { headers } = request;
  if (headers.authorization !== undefined) return null;
  const cookie = first(headers.cookie);
  if (cookie !== undefined && cookie.trim() !== '') return null;
  const query = url.indexOf('?');
  if (!isPublicPagePath(query < 0 ? url : url.slice(0, query))) return null;
  // The headers a page's absolute links and HSTS may depend on (serve.ts has kept only trusted forwarded ones).
  const proto = first(headers['x-forwarded-proto']) ?? (request.encrypted ? 'https' : 'http');
  const host = first(headers['x-forwarded-host']) ?? first(headers.host) ?? '';
  return `${proto}://${host}${url}`;
}

export type HeaderValue = string | number | string[];
export type Headers = Record<string, HeaderValue | undefined>;

/** Whether the page left this response shareable. Header names in lower case. */
export function cacheableResponse(status: number, headers: Headers): boolean {
  if (status !== 200) return false;
  const type = headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('text/html')) return false;
  return headers['set-cookie'] === undefined && headers['cache-control'] === undefined;
}

/** A strong validator from the body: the same bytes always get the same ETag, on every instance. */
export function etagOf(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  const value = first(ifNoneMatch);
  if (!value) return false;
  if (value.trim() === '*') return true;
  return value.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Connection-level and per-response headers that are never stored. */
const NOT_STORED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

export interface CachedPage {
  key: string;
  /** The content version that was current before the page was rendered. */
  version: string;
  storedAt: number;
  etag: string;
  body: Buffer;
  /** Headers of a 200 from the cache, of the first answer (the render), and of a 304. */
  hitHeaders: Headers;
  missHeaders: Headers;
  notModifiedHeaders: Headers;
}

/** The entry for a shareable response: its headers with the ETag, Cache-Control and Vary the cache adds. */
export function cachedPage(options: {
  key: string;
  version: string;
  storedAt: number;
  headers: Headers;
  body: Buffer;
}): CachedPage {
  const etag = etagOf(options.body);
  const kept: Headers = {};
  for (const [name, value] of Object.entries(options.headers)) {
    if (value !== undefined && !NOT_STORED.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
  }
  const added = { etag, 'cache-control': PAGE_CACHE_CONTROL, vary: 'Cookie' };
  const common = { ...kept, ...added, 'content-length': options.body.length };
  return {
    key: options.key,
    version: options.version,
    storedAt: options.storedAt,
    etag,
    body: options.body,
    hitHeaders: { ...common, [CACHE_STATUS_HEADER]: 'hit' },
    missHeaders: { ...common, [CACHE_STATUS_HEADER]: 'miss' },
    notModifiedHeaders: { ...added, [CACHE_STATUS_HEADER]: 'hit' },
  };
}

/** Whether an entry may answer now, at this content version. */
export function entryIsCurrent(entry: CachedPage, version: string, now: number): boolean {
  return entry.version === version && now - entry.storedAt < ENTRY_MAX_AGE_MS && now >= entry.storedAt;
}

/**
 * The entries, least recently used dropped first, bounded by count and bytes
 * (query strings make keys unbounded: a crawler of filter combinations must
 * not fill the memory).
 */
export class PageStore {
  readonly #entries = new Map<string, CachedPage>();
  #bytes = 0;

  readonly limits: { maxEntries: number; maxBytes: number };

  constructor(limits: { maxEntries: number; maxBytes: number } = { maxEntries: 2_000, maxBytes: 64 * 1024 * 1024 }) {
    this.limits = limits;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(entry: CachedPage): void {
    if (entry.body.length > this.limits.maxBytes) return;
    this.delete(entry.key);
    this.#entries.set(entry.key, entry);
    this.#bytes += entry.body.length;
    for (const [key] of this.#entries) {
      if (this.#entries.size <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) break;
      this.delete(key);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.body.length;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/**
 * The content version Postgres raises on every change of public content
 * (`private.public_content_version`), as this instance knows it. `current()`
 * answers with a version read by a query that started at most `maxAgeMs`
 * before it was called — so a change committed earlier than that is always
 * seen — or null when the database does not answer within `waitMs` (the cache
 * is then passed by and the page rendered, as without it). Under steady
 * traffic a read is started in the background once the known version is half
 * that old, so requests do not wait; with `maxAgeMs` 0 every request waits for
 * a read that began after it arrived (one read at a time, shared by all the
 * requests that arrived before it began). A read that has not answered for
 * `abandonMs` is given up on, so a connection that hangs cannot stop the cache
 * for good.
 */
export class ContentVersion {
  #known: { version: string; startedAt: number } | null = null;
  #running: { startedAt: number; promise: Promise<string | null> } | null = null;
  #queued: Promise<string | null> | null = null;
  readonly #read: () => Promise<string>;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  readonly #waitMs: number;
  readonly #abandonMs: number;

  constructor(options: {
    read: () => Promise<string>;
    maxAgeMs: number;
    waitMs?: number;
    abandonMs?: number;
    now?: () => number;
  }) {
    this.#read = options.read;
    this.#maxAgeMs = options.maxAgeMs;
    this.#waitMs = options.waitMs ?? 500;
    this.#abandonMs = options.abandonMs ?? 5_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The known version when it is recent enough to use without waiting (the hot path: no promise); else null. */
  recent(): string | null {
    const now = this.#now();
    const known = this.#known;
    if (this.#maxAgeMs <= 0 || !known || known.startedAt < now - this.#maxAgeMs) return null;
    if (now - known.startedAt >= this.#maxAgeMs / 2) void this.#readSince(now - this.#maxAgeMs / 2);
    return known.version;
  }

  async current(): Promise<string | null> {
    const recent = this.recent();
    if (recent !== null) return recent;
    const since = this.#now() - this.#maxAgeMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.#waitMs);
    });
    return Promise.race([this.#readSince(since), timeout]).finally(() => clearTimeout(timer));
  }

  /** A read that started at `since` or later: the running one, one queued behind it, or a new one. */
  #readSince(since: number): Promise<string | null> {
    let running = this.#running;
    if (running && this.#now() - running.startedAt > this.#abandonMs) {
      this.#running = running = null;
      this.#queued = null;
    }
    if (running && running.startedAt >= since) return running.promise;
    if (running) {
      this.#queued ??= running.promise.then(() => {
        this.#queued = null;
        return this.#start();
      });
      return this.#queued;
    }
    return this.#start();
  }

  #start(): Promise<string | null> {
    const startedAt = this.#now();
    const promise = this.#read().then(
      (version) => {
        if (!this.#known || startedAt >= this.#known.startedAt) this.#known = { version, startedAt };
        return version;
      },
      () => null,
    );
    const running = { startedAt, promise };
    this.#running = running;
    void promise.then(() => {
      if (this.#running === running) this.#running = null;
    });
    return promise;
  }
}
