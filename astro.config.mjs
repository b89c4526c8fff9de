// @ts-check
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import { defineConfig } from 'astro/config';
import { UPLOAD_REQUEST_LIMIT_BYTES } from './src/lib/limits/uploads.ts';
import { ALLOWED_DOMAINS_WHEN_BUILT } from './src/lib/site/network.ts';

/**
 * The built server trusts X-Forwarded-Proto/-Host/-For on every request (an
 * empty pattern allows any host): scripts/serve.ts strips them before Astro
 * sees a request unless TRUSTED_PROXY_HOPS says a proxy of ours wrote them, and
 * keeps a forwarded host only when it is SITE_URL's. Both are runtime settings,
 * so the build cannot name the domain itself. `astro dev` trusts nothing.
 * @type {import('astro').AstroIntegration}
 */
const forwardedHeadersFromServe = {
  name: 'samspil:forwarded-headers-from-serve',
  hooks: {
    'astro:config:setup': ({ command, updateConfig }) => {
      if (command === 'build') updateConfig({ security: { allowedDomains: ALLOWED_DOMAINS_WHEN_BUILT } });
    },
  },
};

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [svelte(), forwardedHeadersFromServe],
  // Danish at the root, English under /en/. The middleware maps /en/* onto the
  // same page files, so every page exists once.
  i18n: {
    locales: ['da', 'en'],
    defaultLocale: 'da',
    routing: 'manual',
  },
  server: { port: 4321, host: true },
  security: {
    // The cross-site form check is src/lib/site/origin-check.ts, run first by src/middleware.ts: Astro's
    // rule, plus RFC 8058's one-click unsubscribe POST, which a mail provider sends without an Origin.
    checkOrigin: false,
    // Upload forms post files (src/lib/limits/uploads.ts); Astro refuses a larger declared body unread.
    actionBodySizeLimit: UPLOAD_REQUEST_LIMIT_BYTES,
    // Sent as a Content-Security-Policy header on every rendered page, with a hash of each
    // script and style Astro emits (islands included). docs/DEPLOY.md explains each source.
    csp: {
      directives: [
        "default-src 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        // Pages that send a form elsewhere (Stripe Checkout) add that origin themselves.
        "form-action 'self'",
        // QR codes and the dev mailbox's inline images are data: URLs.
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
      ],
      // The check-in app's barcode scanner is ZXing compiled to WebAssembly, served from 'self'.
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      // Stylesheets from 'self', <style> by hash; no style attribute at all. A colour an organiser
      // picks is a class from a stylesheet served by route (src/lib/programme/colour-sheet.ts); an
      // email's HTML (styled by attributes) is framed from a route with a policy of its own.
      styleDirective: { resources: ["'self'"] },
    },
  },
  // Stylesheets are files, never inlined: an inlined <style> needs its hash in the CSP header of
  // every page, and with every component's styles that header outgrew a reverse proxy's default
  // response-header buffer (nginx answered 502 at 4 KB). Files are cached across pages too.
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
