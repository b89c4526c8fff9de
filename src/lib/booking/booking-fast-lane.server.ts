// The booking endpoint's fast lane (#16, the hot-round rush): the built
// server (scripts/serve.ts) answers `POST /api/booking` from a local session
// itself, before Astro, with the same work as the Astro route
// (answerBookingApi, booking-api.server.ts). In a rush of 1,000 bookings on
// one round, Astro's request pipeline (a fetch Request with its body stream,
// routing, the middleware, cookies, the Response written back) cost about as
// much CPU as the rest of a booking in the web process; here a booking costs
// the session's signature check, a few hundred bytes of JSON and the answer.
//
// It takes only what it answers exactly as Astro would:
// - a session cookie that readClaimsUnconfirmed would take as it is (a local
//   session whose signature holds, not due for renewal); anything else —
//   no cookie, Supabase Auth, a bad or old token — goes on to Astro untouched
//   (nothing of the body is read before that choice);
// - the request's URL (our origin, for the Origin check) as Astro's own
//   createRequest builds it with the built server's allowedDomains
//   (site/request-url.ts, tested against it);
// - the client address Astro gives (first X-Forwarded-For hop kept by
//   scripts/serve.ts, else the socket's), for the rate limit;
// - the middleware's headers (security headers, HSTS, private no-store) and,
//   for a session found dead, the session cookie cleared as Astro clears it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import { unconfirmedSession } from '../auth/auth.server.ts';
import { sessionCookieOptions } from '../auth/auth.ts';
import { LOCAL_SESSION_COOKIE } from '../auth/local-auth.server.ts';
import { decodeJsonBody, type JsonBody, refuseJsonBodyUnread } from '../site/json-body.ts';
import { LEAN_BOOKING_PATH } from '../site/paths.ts';
import { builtRequestUrl } from '../site/request-url.ts';
import { addSecurityHeaders } from '../site/security-headers.ts';
import { answerBookingApi, BOOKING_API_MAX_BODY_BYTES } from './booking-api.server.ts';

/** Whether a request is a post to the booking endpoint (the fast lane's only route). */
export function isBookingPost(req: Pick<IncomingMessage, 'method' | 'url'>): boolean {
  if (req.method !== 'POST' || !req.url) return false;
  const query = req.url.indexOf('?');
  return (query === -1 ? req.url : req.url.slice(0, query)) === LEAN_BOOKING_PATH;
}

/** The value Astro's cookies.get would read for the session cookie. */
function sessionToken(header: string | undefined): string | undefined {
  if (!header || !header.includes(LOCAL_SESSION_COOKIE)) return undefined;
  return parseCookie(header)[LOCAL_SESSION_COOKIE];
}

/** The body, up to the limit, by json-body.ts's rules (scripts/serve.ts has refused bodies without a length). */
async function readBody(req: IncomingMessage): Promise<JsonBody> {
  const early = refuseJsonBodyUnread(
    req.headers['content-type'],
    req.headers['content-length'],
    BOOKING_API_MAX_BODY_BYTES,
  );
  if (early) return early;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > BOOKING_API_MAX_BODY_BYTES) return { ok: false, status: 413, code: 'too_large' };
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, status: 400, code: 'bad_request' };
  }
  return decodeJsonBody(Buffer.concat(chunks, length), BOOKING_API_MAX_BODY_BYTES);
}

/**
 * Answers a booking post (isBookingPost) when its session lets the fast lane
 * take it; false, with nothing read or written, when Astro must.
 */
export async function answerBookingFast(
  req: IncomingMessage,
  res: ServerResponse,
  server: { port: number },
): Promise<boolean> {
  const unconfirmed = await unconfirmedSession(sessionToken(req.headers.cookie));
  if (!unconfirmed) return false;
  const url = builtRequestUrl(req, server.port);
  const forwardedFor = req.headers['x-forwarded-for'];
  const firstHop = typeof forwardedFor === 'string' ? forwardedFor.split(',')[0]?.trim() : undefined;
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'private, no-store',
  });
  let status: number;
  let body: unknown;
  try {
    const answered = await answerBookingApi({
      url,
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
      claims: unconfirmed.claims,
      unconfirmed,
      client: {
        forwardedFor: typeof forwardedFor === 'string' ? forwardedFor : null,
        socketAddress: firstHop || req.socket.remoteAddress,
      },
      readBody: () => readBody(req),
    });
    ({ status, body } = answered);
    for (const [name, value] of Object.entries(answered.headers)) headers.set(name, value);
    if (answered.endSession) {
      const { maxAge: _maxAge, ...options } = sessionCookieOptions(url, 0);
      headers.set(
        'set-cookie',
        stringifySetCookie({ ...options, name: LOCAL_SESSION_COOKIE, value: 'deleted', expires: new Date(0) }),
      );
    }
  } catch (error) {
    // As the middleware answers a machine's request that failed unexpectedly.
    console.error('samspil: a booking failed;', error);
    status = 500;
    body = { error: 'server_error' };
  }
  addSecurityHeaders(headers, url);
  const text = JSON.stringify(body);
  headers.set('content-length', String(Buffer.byteLength(text)));
  res.writeHead(status, Object.fromEntries(headers));
  res.end(text);
  return true;
}
