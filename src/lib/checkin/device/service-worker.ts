// Registers the check-in app's service worker and tells it what to keep, so
// the app starts again with no connection: the page's own address, every
// asset it loaded and the QR reader's .wasm. Browser only.
export function registerServiceWorker(scriptUrl: string): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(scriptUrl)
    .then(async () => {
      const registration = await navigator.serviceWorker.ready;
      const assets = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => new URL(url).origin === location.origin && new URL(url).pathname.startsWith('/_astro/'));
      const { SCANNER_WASM_URL } = await import('./camera.ts').catch(() => ({ SCANNER_WASM_URL: null }));
      registration.active?.postMessage({
        type: 'keep',
        urls: [location.pathname, ...assets, ...(SCANNER_WASM_URL ? [SCANNER_WASM_URL] : [])],
      });
    })
    .catch(() => {
      // No service worker (private mode, http): the page still works while it stays open.
    });
}
