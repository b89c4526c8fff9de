import { defineMiddleware } from 'astro:middleware';
import { isLoopbackHost } from './lib/auth/auth.ts';
import { readClaims } from './lib/auth/auth.server.ts';
import { splitLocale } from './lib/i18n/locales.ts';

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * A year of HTTPS-only, once a browser has reached us over HTTPS (directly or
 * through a TLS proxy that said so). Never for localhost: the browser would
 * pin every other local server on that name to HTTPS as well.
 */
const HSTS = 'max-age=31536000';

/**
 * Where an English request goes. A request with a body gets a copy with a
 * body branch of its own: a path alone would hand the page the original's
 * stream, which the action's read then locks, so a page that re-renders a
 * failed form (reading Astro.request.formData()) would find it unusable.
 */
function rewriteTarget(request: Request, pathAndQuery: string): string | Request {
  if (request.method === 'GET' || request.method === 'HEAD') return pathAndQuery;
  const init: RequestInit & { duplex: 'half' } = {
    method: request.method,
    headers: request.headers,
    body: request.clone().body,
    duplex: 'half',
  };
  return new Request(new URL(pathAndQuery, request.url), init);
}

export const onRequest = defineMiddleware(async (context, next) => {
  const { lang, path } = splitLocale(context.url.pathname);
  context.locals.lang = lang;
  context.locals.pathWithoutLang = path;
  context.locals.claims = await readClaims(context);
  // English pages are the Danish page files rendered with lang = 'en'.
  const response = lang === 'en' ? await next(rewriteTarget(context.request, path + context.url.search)) : await next();
  // A response that sets a cookie (a session issued, renewed or cleared) must
  // never be stored by a shared cache.
  if (!context.cookies.headers().next().done) response.headers.set('cache-control', 'private, no-store');
  // Every page's header shows whether the visitor is signed in ("Min side" or "Log ind"),
  // so a page rendered for a signed-in visitor is never for a shared cache either.
  else if (context.locals.claims.role === 'authenticated' && !response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  if (context.url.protocol === 'https:' && !isLoopbackHost(context.url.hostname)) {
    response.headers.set('strict-transport-security', HSTS);
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
});
