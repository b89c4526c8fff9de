// The public page cache in front of the Astro handler (scripts/serve.ts): an
// anonymous GET of a public page is answered from memory when this instance
// rendered it at the current content version, without Astro, Postgres or a
// file-system lookup; otherwise the page is rendered once — requests for the
// same page meanwhile wait for that render — and kept if the page left it
// shareable. Rules and the store are in page-cache.ts; the version is read from
// Postgres by the caller's `read`.
import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import {
  type CachedPage,
  cachedPage,
  cacheableResponse,
  type ContentVersion,
  entryIsCurrent,
  type Headers,
  matchesEtag,
  pageCacheKey,
  PageStore,
} from './page-cache.ts';

/** What the handler wrote, held back until it ends. */
interface Written {
  status: number;
  /** writeHead's arguments after the status, to write them as they were when the page is not kept. */
  headArgs: unknown[] | null;
  headers: Headers;
  body: Buffer;
}

/**
 * Runs the handler with the response's writes held in memory instead of
 * sent; resolves with them when it ends, or null when the client went away
 * first. The caller then sends them (as written, or as a cache entry).
 */
function holdBack(req: IncomingMessage, res: ServerResponse, handler: RequestListener): Promise<Written | null> {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  const restore = () => Object.assign(res, original);
  return new Promise((resolve) => {
    let headArgs: unknown[] | null = null;
    let status = 200;
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string')
        chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    };
    const callbackOf = (args: unknown[]) => args.find((arg): arg is () => void => typeof arg === 'function');
    res.writeHead = function (this: ServerResponse, code: number, ...rest: unknown[]) {
      status = code;
      headArgs = rest;
      return this;
    } as ServerResponse['writeHead'];
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      callbackOf(rest)?.();
      return true;
    } as ServerResponse['write'];
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      if (typeof args[0] !== 'function') keep(args[0], args[1]);
      restore();
      res.off('close', gone);
      const given = (headArgs ?? []).find((arg) => arg !== null && typeof arg === 'object' && !Array.isArray(arg)) as
        OutgoingHttpHeaders | undefined;
      const headers: Headers = { ...(res.getHeaders() as Headers) };
      for (const [name, value] of Object.entries(given ?? {})) headers[name.toLowerCase()] = value;
      resolve({ status: headArgs ? status : res.statusCode, headArgs, headers, body: Buffer.concat(chunks) });
      callbackOf(args)?.();
      return this;
    } as ServerResponse['end'];
    const gone = () => {
      restore();
      resolve(null);
    };
    res.once('close', gone);
    handler(req, res);
  });
}

/** Sends what the handler wrote, unchanged (a page that is not kept). */
function sendAsWritten(res: ServerResponse, written: Written): void {
  if (written.headArgs) (res.writeHead as (...args: unknown[]) => void)(written.status, ...written.headArgs);
  res.end(written.body);
}

function sendEntry(req: IncomingMessage, res: ServerResponse, entry: CachedPage, first: boolean): void {
  if (matchesEtag(req.headers['if-none-match'], entry.etag)) {
    res.writeHead(304, entry.notModifiedHeaders);
    res.end();
    return;
  }
  res.writeHead(200, first ? entry.missHeaders : entry.hitHeaders);
  res.end(entry.body);
}

export interface PageCacheOptions {
  version: ContentVersion;
  store?: PageStore;
  now?: () => number;
}

/** The handler, with anonymous public pages answered from the cache where they can be. */
export function withPageCache(handler: RequestListener, options: PageCacheOptions): RequestListener {
  const store = options.store ?? new PageStore();
  const now = options.now ?? (() => Date.now());
  const renders = new Map<string, { version: string; done: Promise<CachedPage | null> }>();

  async function answer(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const version = await options.version.current();
    if (version === null) return handler(req, res);
    const entry = store.get(key);
    if (entry && entryIsCurrent(entry, version, now())) return sendEntry(req, res, entry, false);
    // A HEAD goes to the page itself; only a GET's body can be kept.
    if (req.method !== 'GET') return handler(req, res);
    const running = renders.get(key);
    if (running && running.version === version) {
      const rendered = await running.done;
      return rendered ? sendEntry(req, res, rendered, false) : handler(req, res);
    }
    const done = holdBack(req, res, handler).then((written) => {
      if (!written) return null;
      if (!cacheableResponse(written.status, written.headers)) {
        sendAsWritten(res, written);
        return null;
      }
      const page = cachedPage({ key, version, storedAt: now(), headers: written.headers, body: written.body });
      store.set(page);
      sendEntry(req, res, page, true);
      return page;
    });
    const render = { version, done };
    renders.set(key, render);
    try {
      await done;
    } finally {
      if (renders.get(key) === render) renders.delete(key);
    }
  }

  return (req, res) => {
    const key = pageCacheKey({
      method: req.method,
      url: req.url,
      headers: req.headers,
      encrypted: Boolean((req.socket as TLSSocket).encrypted),
    });
    if (!key) return handler(req, res);
    // A page kept at a version known to be current is answered at once, without a promise.
    const version = options.version.recent();
    const entry = version === null ? undefined : store.get(key);
    if (entry && entryIsCurrent(entry, version!, now())) return sendEntry(req, res, entry, false);
    answer(req, res, key).catch((error: unknown) => {
      console.error('samspil: page cache;', error);
      if (!res.headersSent && !res.writableEnded) handler(req, res);
    });
  };
}
