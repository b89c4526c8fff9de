// The cross-site form check, ours instead of Astro's `security.checkOrigin`
// (switched off in astro.config.mjs), so that exactly one request can pass
// without an Origin: RFC 8058's one-click unsubscribe, which a mail provider's
// server posts to the List-Unsubscribe URL with no browser, cookie or Origin.
// Its signed token is the permission; every other unsafe request keeps the
// rule Astro applies (node_modules/astro/dist/core/app/origin-check.js): a
// form-like body, or no content type at all, must come from our own origin.

const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `/afmeld/<token>` or `/en/afmeld/<token>`, without a query (an action's post has `?_action=`). */
const ONE_CLICK_UNSUBSCRIBE = /^(?:\/en)?\/afmeld\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** RFC 8058's one-click POST to an unsubscribe link. */
export function isOneClickUnsubscribe(method: string, url: URL): boolean {
  return method === 'POST' && url.search === '' && ONE_CLICK_UNSUBSCRIBE.test(url.pathname);
}

function isFormLike(contentType: string): boolean {
  const type = contentType.toLowerCase();
  return FORM_CONTENT_TYPES.some((form) => type.includes(form));
}

/** True when the request is an unsafe cross-site form submission we refuse (403). */
export function isForbiddenCrossSiteRequest(request: { method: string; headers: Headers }, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  if (isOneClickUnsubscribe(request.method, url)) return false;
  const sameOrigin = request.headers.get('origin') === url.origin;
  const contentType = request.headers.get('content-type');
  if (contentType !== null) return isFormLike(contentType) && !sameOrigin;
  return !sameOrigin;
}
