// The lean booking endpoint's work, once for both of its doors: the Astro
// route (src/pages/api/booking.ts, which `astro dev` serves and the built
// server falls back to) and the fast lane before Astro
// (booking-fast-lane.server.ts, what the built server answers a booking with
// in a rush). The booking form's script posts the form's fields here as JSON
// and gets a small JSON answer: 200 with where to go, or a 4xx with a code and
// a localised sentence. The guarantees: a signed session (its liveness
// confirmed in the booking's own write when only its signature was checked),
// our own origin only, the booking rate limit, and the booking made by
// private.book_session as the signed-in user (the capacity invariant, the
// waitlist) through the group commit (booking-batch.server.ts).
import type { UnconfirmedSession } from '../auth/auth.server.ts';
import { type Claims, isSignedIn } from '../db/db.server.ts';
import { isBadInputError, isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from '../db/outage.ts';
import { DEFAULT_LANG, isLang } from '../i18n/locales.ts';
import { minutesOf } from '../limits/form-limits.ts';
import { formLimitRulesFrom } from '../limits/form-limits.server.ts';
import type { JsonBody } from '../site/json-body.ts';
import { requestOrigin } from '../site/origin.ts';
import { bookApiInput, bookingApiAnswer, bookingApiRefusal, type BookingApiAnswer } from './booking-answer.ts';
import { bookSeatChecked } from './booking.server.ts';

/** A booking form's fields are a few hundred bytes. */
export const BOOKING_API_MAX_BODY_BYTES = 2_048;

/** One post to the endpoint, as either door read it. */
export interface BookingApiRequest {
  /** The request's URL as Astro sees it: its origin is ours, its `lang` the answer's language. */
  url: URL;
  /** The Origin header the browser sent with its fetch. */
  origin: string | null;
  /** The session: verified claims, and the session whose liveness the booking's write confirms. */
  claims: Claims;
  unconfirmed: UnconfirmedSession | null;
  /** The rate limit's client: X-Forwarded-For and the address Astro gives as clientAddress. */
  client: { forwardedFor: string | null; socketAddress: string | undefined };
  /** Reads the body with BOOKING_API_MAX_BODY_BYTES as its limit (json-body.ts's rules). */
  readBody: () => Promise<JsonBody>;
}

export interface BookingApiReply extends BookingApiAnswer {
  headers: Record<string, string>;
  /** The session turned out dead: the door clears the session cookie. */
  endSession: boolean;
}

const reply = (
  answer: BookingApiAnswer,
  headers: Record<string, string> = {},
  endSession = false,
): BookingApiReply => ({
  ...answer,
  headers,
  endSession,
});

/** Answers one booking post. Errors other than an outage or input Postgres refused are thrown. */
export async function answerBookingApi(request: BookingApiRequest): Promise<BookingApiReply> {
  const { url, claims } = request;
  const requested = url.searchParams.get('lang');
  const lang = isLang(requested) ? requested : DEFAULT_LANG;
  // Only our own pages' script may book: a browser always sends Origin with a fetch POST. (The
  // middleware refuses cross-site form bodies; this refuses every other body and a missing Origin.)
  if (request.origin !== url.origin) {
    return reply(bookingApiRefusal(lang, 403, 'cross_origin', 'bookingApi.crossOrigin'));
  }
  if (!isSignedIn(claims)) return reply(bookingApiRefusal(lang, 401, 'not_signed_in', 'booking.signInToBook'));
  const read = await request.readBody();
  if (!read.ok) return reply(bookingApiRefusal(lang, read.status, 'bad_request', 'booking.result.invalid'));
  const input = bookApiInput.safeParse(read.body);
  if (!input.success) return reply(bookingApiRefusal(lang, 400, 'bad_request', 'booking.result.invalid'));
  try {
    const { event, session, swap, back } = input.data;
    // The rate limit and, for a session only its signature was checked of, its liveness ride in
    // the booking's own write (group commit).
    const { unconfirmed } = request;
    const answered = await bookSeatChecked(
      claims,
      { eventId: event, sessionId: session, swap },
      {
        limit: formLimitRulesFrom('booking', request.client, claims.sub),
        ...(unconfirmed ? { authSession: { id: unconfirmed.sessionId, userId: claims.sub } } : {}),
      },
      { origin: requestOrigin(url) },
    );
    if (!answered.live) return reply(bookingApiRefusal(lang, 401, 'not_signed_in', 'booking.signInToBook'), {}, true);
    if (!answered.allowed || !answered.result) {
      return reply(
        bookingApiRefusal(lang, 429, 'rate_limited', 'service.rateLimited', {
          count: minutesOf(answered.retryAfterSeconds),
        }),
        { 'retry-after': String(answered.retryAfterSeconds) },
      );
    }
    // The form sends the page it is on as `back`; without it a success goes to the front page.
    return reply(bookingApiAnswer(lang, answered.result, { back, fallback: '/', sessionId: session }));
  } catch (error) {
    if (isBadInputError(error)) return reply(bookingApiRefusal(lang, 400, 'bad_request', 'booking.result.invalid'));
    if (!isDatabaseUnavailable(error)) throw error;
    return reply(bookingApiRefusal(lang, 503, 'unavailable', 'booking.result.error'), {
      'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS),
    });
  }
}
