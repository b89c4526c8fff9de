// The lean booking endpoint: the booking form's script posts the form's fields
// here as JSON and gets a small JSON answer (200 with where to go, or a 4xx
// with a code and a localised sentence), instead of the form post's Astro
// action, page render and redirect, which cost several times the CPU per
// booking in a rush (docs/ARCHITECTURE.md, "Booking in a rush"). The form
// itself still posts to the action without JavaScript. The same guarantees as
// the action: a session checked by the middleware, our own origin only, the
// booking rate limit, and the booking made by private.book_session as the
// signed-in user (RLS, the capacity invariant, the waitlist) in one write.
import type { APIRoute } from 'astro';
import {
  bookApiInput,
  bookingApiAnswer,
  bookingApiRefusal,
  type BookingApiAnswer,
} from '../../lib/booking/booking-answer.ts';
import { bookSeat } from '../../lib/booking/booking.server.ts';
import { json, readJsonBody } from '../../lib/checkin/http.ts';
import { isSignedIn } from '../../lib/db/db.server.ts';
import { isBadInputError, isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from '../../lib/db/outage.ts';
import { DEFAULT_LANG, isLang } from '../../lib/i18n/locales.ts';
import { minutesOf } from '../../lib/limits/form-limits.ts';
import {
  type FormLimitDecision,
  takeFormLimit,
  takeFormLimitConfirmingSession,
} from '../../lib/limits/form-limits.server.ts';
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
    // A session the middleware only verified the signature of (readClaimsUnconfirmed) is confirmed
    // live here, in the same write as the rate limit.
    const unconfirmed = locals.unconfirmedSession ?? null;
    let limit: FormLimitDecision;
    if (unconfirmed) {
      const taken = await takeFormLimitConfirmingSession('booking', context, {
        sessionId: unconfirmed.sessionId,
        userId: claims.sub,
      });
      if (!taken.live) {
        clearLocalSessionCookie(context);
        return answer(bookingApiRefusal(lang, 401, 'not_signed_in', 'booking.signInToBook'));
      }
      limit = taken.decision;
    } else limit = await takeFormLimit('booking', context, claims.sub);
    if (!limit.allowed) {
      return answer(
        bookingApiRefusal(lang, 429, 'rate_limited', 'service.rateLimited', {
          count: minutesOf(limit.retryAfterSeconds),
        }),
        { 'retry-after': String(limit.retryAfterSeconds) },
      );
    }
    const { event, session, swap, back } = input.data;
    const result = await bookSeat(claims, { eventId: event, sessionId: session, swap }, { origin: requestOrigin(url) });
    // The form sends the page it is on as `back`; without it a success goes to the front page.
    return answer(bookingApiAnswer(lang, result, { back, fallback: '/', sessionId: session }));
  } catch (error) {
    if (isBadInputError(error)) return answer(bookingApiRefusal(lang, 400, 'bad_request', 'booking.result.invalid'));
    if (!isDatabaseUnavailable(error)) throw error;
    return answer(bookingApiRefusal(lang, 503, 'unavailable', 'booking.result.error'), {
      'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS),
    });
  }
};
