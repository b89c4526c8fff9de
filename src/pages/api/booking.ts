// The lean booking endpoint: the booking form's script posts the form's fields
// here as JSON and gets a small JSON answer (200 with where to go, or a 4xx
// with a code and a localised sentence), instead of the form post's Astro
// action, page render and redirect, which cost several times the CPU per
// booking in a rush (docs/ARCHITECTURE.md, "Booking in a rush"). The form
// itself still posts to the action without JavaScript. The same guarantees as
// the action: a session checked by the middleware, our own origin only, the
// booking rate limit, and the booking made by private.book_session as the
// signed-in user (the capacity invariant, the waitlist). The rate limit and
// the session's liveness ride in the booking's own write, which carries the
// other bookings of the same round that arrived meanwhile (group commit,
// src/lib/booking/booking-batch.server.ts).
import type { APIRoute } from 'astro';
import {
  bookApiInput,
  bookingApiAnswer,
  bookingApiRefusal,
  type BookingApiAnswer,
} from '../../lib/booking/booking-answer.ts';
import { bookSeatChecked } from '../../lib/booking/booking.server.ts';
import { json, readJsonBody } from '../../lib/checkin/http.ts';
import { isSignedIn } from '../../lib/db/db.server.ts';
import { isBadInputError, isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from '../../lib/db/outage.ts';
import { DEFAULT_LANG, isLang } from '../../lib/i18n/locales.ts';
import { minutesOf } from '../../lib/limits/form-limits.ts';
import { formLimitRules } from '../../lib/limits/form-limits.server.ts';
import { clearLocalSessionCookie } from '../../lib/auth/local-auth.server.ts';
import { requestOrigin } from '../../lib/site/origin.ts';

export const prerender = false;

/** A booking form's fields are a few hundred bytes. */
const MAX_BODY_BYTES = 2_048;

function answer({ status, body }: BookingApiAnswer, headers: Record<string, string> = {}): Response {
  const response = json(body, status);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const POST: APIRoute = async (context) => {
  const { request, url, locals } = context;
  const requested = url.searchParams.get('lang');
  const lang = isLang(requested) ? requested : DEFAULT_LANG;
  // Only our own pages' script may book: a browser always sends Origin with a fetch POST. (The
  // middleware refuses cross-site form bodies; this refuses every other body and a missing Origin.)
  if (request.headers.get('origin') !== url.origin) {
    return answer(bookingApiRefusal(lang, 403, 'cross_origin', 'bookingApi.crossOrigin'));
  }
  const claims = locals.claims;
  if (!isSignedIn(claims)) return answer(bookingApiRefusal(lang, 401, 'not_signed_in', 'booking.signInToBook'));
  const read = await readJsonBody(request, MAX_BODY_BYTES);
  if (read instanceof Response) {
    return answer(bookingApiRefusal(lang, read.status, 'bad_request', 'booking.result.invalid'));
  }
  const input = bookApiInput.safeParse(read.body);
  if (!input.success) return answer(bookingApiRefusal(lang, 400, 'bad_request', 'booking.result.invalid'));
  try {
    const { event, session, swap, back } = input.data;
    // The rate limit and, for a session the middleware only verified the signature of
    // (readClaimsUnconfirmed), its liveness ride in the booking's own write (group commit).
    const unconfirmed = locals.unconfirmedSession ?? null;
    const answered = await bookSeatChecked(
      claims,
      { eventId: event, sessionId: session, swap },
      {
        limit: formLimitRules('booking', context, claims.sub),
        ...(unconfirmed ? { authSession: { id: unconfirmed.sessionId, userId: claims.sub } } : {}),
      },
      { origin: requestOrigin(url) },
    );
    if (!answered.live) {
      clearLocalSessionCookie(context);
      return answer(bookingApiRefusal(lang, 401, 'not_signed_in', 'booking.signInToBook'));
    }
    if (!answered.allowed || !answered.result) {
      return answer(
        bookingApiRefusal(lang, 429, 'rate_limited', 'service.rateLimited', {
          count: minutesOf(answered.retryAfterSeconds),
        }),
        { 'retry-after': String(answered.retryAfterSeconds) },
      );
    }
    // The form sends the page it is on as `back`; without it a success goes to the front page.
    return answer(bookingApiAnswer(lang, answered.result, { back, fallback: '/', sessionId: session }));
  } catch (error) {
    if (isBadInputError(error)) return answer(bookingApiRefusal(lang, 400, 'bad_request', 'booking.result.invalid'));
    if (!isDatabaseUnavailable(error)) throw error;
    return answer(bookingApiRefusal(lang, 503, 'unavailable', 'booking.result.error'), {
      'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS),
    });
  }
};
