import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { readClaims, readClaimsUnconfirmed } from './lib/auth/auth.server.ts';
import { checkDatabase } from './lib/db/health.server.ts';
import {
  ERROR_STATUS_HEADER,
  isBadInputError,
  isDatabaseUnavailable,
  MalformedInputError,
  OUTAGE_RETRY_AFTER_SECONDS,
} from './lib/db/outage.ts';
import { splitLocale } from './lib/i18n/locales.ts';
import { malformedFormField, malformedUrl } from './lib/limits/input.ts';
import { isForbiddenCrossSiteRequest } from './lib/site/origin-check.ts';
import { addSecurityHeaders } from './lib/site/security-headers.ts';
import { LEAN_BOOKING_PATH } from './lib/site/paths.ts';

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

/** src/pages/api/farver/[colours].css.ts */
const COLOUR_SHEETS = '/api/farver/';

/** The lean booking endpoint's post (src/pages/api/booking.ts), which confirms its session itself. */
function isLeanBooking(context: APIContext): boolean {
  return context.request.method === 'POST' && context.url.pathname === LEAN_BOOKING_PATH;
}

/** Machines' requests (APIs, actions called with fetch, feeds) get JSON errors; people get pages. */
function wantsJson(url: URL, request: Request): boolean {
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/_actions/')) return true;
  if (/\.(json|ics)$/.test(url.pathname)) return true;
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function jsonError(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: code }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/**
 * Input no page can use (NUL and other control characters, bytes that are not
 * UTF-8) is refused here, for every route at once, before it reaches a query
 * (Postgres would refuse it with an error): in any URL, and in the body of a
 * form a page handles itself (read from a copy, so the page still gets it).
 */
async function malformedInput(context: APIContext): Promise<boolean> {
  if (malformedUrl(context.request.url)) return true;
  const type = context.request.headers.get('content-type') ?? '';
  if (context.request.method !== 'POST' || !/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    return false;
  }
  // An action checks its own fields (zod) and answers at the field, in the form; this is for the rest.
  if (context.url.searchParams.has('_action')) return false;
  const form = await context.request
    .clone()
    .formData()
    .catch(() => null);
  return form === null || malformedFormField(form) !== null;
}

/**
 * Astro decodes a rewrite's path once more than the request's, so a path
 * with an escaped percent sign (`/program/%25`) would fail there with an
 * error; such a path names no page, so it goes to the 404 page directly.
 */
function rewritablePath(path: string): string {
  try {
    // The result is used, so the bundler cannot drop the call as free of side effects.
    const decoded = decodeURI(decodeURIComponent(path));
    return decoded.length > 0 ? path : '/404';
  } catch {
    return '/404';
  }
}

/**
 * An action called with fetch (`/_actions/<name>`) never throws to here:
 * Astro turns whatever its handler threw into a 500 carrying the error's
 * message, and the cause is lost. When the database is away that must be a
 * 503 with Retry-After, like every other machine-facing answer, so the caller
 * tries again; and no 500 hands out an internal error's text. Asking the
 * database costs one `select 1`, only on an action's 500.
 */
async function actionFailure(response: Response): Promise<Response> {
  const health = await checkDatabase(1_000);
  const [code, status, message] = health.ok
    ? (['INTERNAL_SERVER_ERROR', 500, 'server_error'] as const)
    : (['SERVICE_UNAVAILABLE', 503, 'unavailable'] as const);
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  headers.set('cache-control', 'no-store');
  headers.delete('content-length');
  if (!health.ok) headers.set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
  // Astro's own error shape, so the client's `isActionError` and `error.code` read it.
  return new Response(JSON.stringify({ type: 'AstroActionError', code, status, message }), { status, headers });
}

export const onRequest = defineMiddleware(async (context, next) => {
  try {
    const response = await handle(context, next);
    if (response.status === 500 && context.url.pathname.startsWith('/_actions/')) return await actionFailure(response);
    return response;
  } catch (error) {
    // Pages: thrown on to 500.astro, which shows the localised outage page (503) or a 400.
    if (!wantsJson(context.url, context.request)) throw error;
    if (isDatabaseUnavailable(error)) {
      return jsonError(503, 'unavailable', { 'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS) });
    }
    if (isBadInputError(error)) return jsonError(400, 'bad_request');
    throw error;
  }
});

async function handle(context: APIContext, next: MiddlewareNext): Promise<Response> {
  if (!context.isPrerendered && isForbiddenCrossSiteRequest(context.request, context.url)) {
    return new Response(`Cross-site ${context.request.method} form submissions are forbidden`, { status: 403 });
  }
  const { lang, path } = splitLocale(context.url.pathname);
  context.locals.lang = lang;
  context.locals.pathWithoutLang = path;
  const errorPage = context.routePattern === '/500';
  // A page's 400 is rendered by 500.astro, like every error of a page.
  if (!errorPage && (await malformedInput(context))) throw new MalformedInputError();
  // The error page must render while the database is away, and sessions may be checked there.
  if (errorPage) context.locals.claims = await readClaims(context).catch(() => ({ role: 'anon' }) as const);
  // The colour stylesheets are the same for everyone and cached for a year: no session is read for them.
  else if (context.url.pathname.startsWith(COLOUR_SHEETS)) context.locals.claims = { role: 'anon' };
  else if (isLeanBooking(context)) {
    // The endpoint confirms the session is live in its first database write (one round trip fewer).
    const { claims, unconfirmed } = await readClaimsUnconfirmed(context);
    context.locals.claims = claims;
    context.locals.unconfirmedSession = unconfirmed;
  } else context.locals.claims = await readClaims(context);
  // English pages are the Danish page files rendered with lang = 'en'. The error page is itself already.
  let response =
    lang === 'en' && !errorPage
      ? await next(rewriteTarget(context.request, rewritablePath(path) + context.url.search))
      : await next();
  const errorStatus = errorPage ? Number(response.headers.get(ERROR_STATUS_HEADER)) : 0;
  if (errorStatus) {
    const headers = new Headers(response.headers);
    headers.delete(ERROR_STATUS_HEADER);
    response = new Response(response.body, { status: errorStatus, headers });
  }
  // A response that sets a cookie (a session issued, renewed or cleared) must
  // never be stored by a shared cache.
  if (!context.cookies.headers().next().done) response.headers.set('cache-control', 'private, no-store');
  // Every page's header shows whether the visitor is signed in ("Min side" or "Log ind"),
  // so a page rendered for a signed-in visitor is never for a shared cache either.
  else if (context.locals.claims.role === 'authenticated' && !response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  addSecurityHeaders(response.headers, context.url);
  return response;
}
