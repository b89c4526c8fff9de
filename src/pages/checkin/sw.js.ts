// The check-in app's service worker, served from /checkin/ (and /en/checkin/)
// so its scope is the app and nothing else. It lets the app start with no
// connection: the app's page is answered from the network when it can be and
// from the cache when not, and the built assets (hashed, never changing) from
// the cache first. The page tells it what to keep (its own address, the
// scripts it loaded, the scanner's .wasm), so nothing is precached blindly.
// The check-in API is never cached: the app's own queue handles being offline.
import type { APIRoute } from 'astro';

export const prerender = false;

const CACHE = 'samspil-checkin-v1';

function serviceWorker(cache: string) {
  const worker = self as unknown as {
    addEventListener(type: string, listener: (event: never) => void): void;
    skipWaiting(): Promise<void>;
    clients: { claim(): Promise<void> };
    location: Location;
  };
  type Waitable = { waitUntil(promise: Promise<unknown>): void };
  worker.addEventListener('install', () => void worker.skipWaiting());
  worker.addEventListener('activate', (event: Waitable) => {
    event.waitUntil(
      caches
        .keys()
        .then((names) =>
          Promise.all(
            names
              .filter((name) => name.startsWith('samspil-checkin-') && name !== cache)
              .map((name) => caches.delete(name)),
          ),
        )
        .then(() => worker.clients.claim()),
    );
  });
  worker.addEventListener('message', (event: Waitable & { data?: { type?: string; urls?: string[] } }) => {
    if (event.data?.type !== 'keep' || !Array.isArray(event.data.urls)) return;
    const urls = event.data.urls;
    event.waitUntil(
      caches.open(cache).then((kept) => Promise.all(urls.map((url) => kept.add(url).catch(() => undefined)))),
    );
  });
  worker.addEventListener(
    'fetch',
    (event: Waitable & { request: Request; respondWith(r: Promise<Response>): void }) => {
      const request = event.request;
      const url = new URL(request.url);
      if (request.method !== 'GET' || url.origin !== worker.location.origin) return;
      if (url.pathname.startsWith('/_astro/')) {
        event.respondWith(
          caches.match(request).then(
            (hit) =>
              hit ??
              fetch(request).then((response) => {
                if (response.ok) {
                  const copy = response.clone();
                  event.waitUntil(caches.open(cache).then((kept) => kept.put(request, copy)));
                }
                return response;
              }),
          ),
        );
      } else if (request.mode === 'navigate') {
        const key = url.origin + url.pathname;
        event.respondWith(
          fetch(request)
            .then((response) => {
              if (response.ok && !response.redirected) {
                const copy = response.clone();
                event.waitUntil(caches.open(cache).then((kept) => kept.put(key, copy)));
              }
              return response;
            })
            .catch(() => caches.match(key).then((hit) => hit ?? Response.error())),
        );
      }
    },
  );
}

export const GET: APIRoute = () =>
  new Response(`(${serviceWorker.toString()})(${JSON.stringify(CACHE)});\n`, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      // Browsers check for a new worker on navigation; never serve a stale one.
      'cache-control': 'no-cache',
    },
  });
