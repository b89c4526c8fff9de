// What a page shows after a booking form was posted to it (no JavaScript
// needed): a success redirects back (POST → 303 → GET, so a reload never
// books twice) with the outcome in the query; a refusal renders the page
// again with a 4xx status and a localised message, and a clash offers the swap.
import type { AstroGlobal } from 'astro';
import { actions, isInputError } from 'astro:actions';
import { type BookingCode, isSuccess, refusalStatus } from '../../lib/booking/booking.ts';
import {
  bookingMessage as message,
  QUERY_CODE,
  QUERY_POSITION,
  QUERY_SESSION,
  successLocation,
} from '../../lib/booking/booking-answer.ts';
import type { Lang } from '../../lib/i18n/locales.ts';
import { decodeRateLimited, minutesOf } from '../../lib/limits/form-limits.ts';
import { t } from '../../lib/i18n/messages.ts';

export interface BookingNotice {
  tone: 'success' | 'error';
  text: string;
  /** The session whose form was posted, so its panel shows the notice. */
  sessionId: string | null;
  /** Set after a clash: the booking form for `sessionId` may offer to swap. */
  swap: boolean;
}

export type BookingOutcome =
  { kind: 'none' } | { kind: 'redirect'; location: string } | { kind: 'render'; status: number; notice: BookingNotice };

/** Reads a posted booking form's result, if any, and says what the page should do with it. */
export function bookingOutcome(astro: AstroGlobal, lang: Lang): BookingOutcome {
  const posted =
    astro.getActionResult(actions.booking.book) ??
    astro.getActionResult(actions.booking.cancel) ??
    astro.getActionResult(actions.booking.claim);
  if (!posted) return { kind: 'none' };
  const tr = t(lang);
  if (posted.error) {
    const error = posted.error;
    if (isInputError(error)) {
      return {
        kind: 'render',
        status: 400,
        notice: { tone: 'error', text: tr('booking.result.invalid'), sessionId: null, swap: false },
      };
    }
    const waitSeconds = decodeRateLimited(error.message);
    if (waitSeconds !== null) {
      return {
        kind: 'render',
        status: 429,
        notice: {
          tone: 'error',
          text: tr('service.rateLimited', { count: minutesOf(waitSeconds) }),
          sessionId: null,
          swap: false,
        },
      };
    }
    if (error.code === 'UNAUTHORIZED') {
      return {
        kind: 'render',
        status: 401,
        notice: { tone: 'error', text: tr('booking.signInToBook'), sessionId: null, swap: false },
      };
    }
    return {
      kind: 'render',
      status: 503,
      notice: { tone: 'error', text: tr('booking.result.error'), sessionId: null, swap: false },
    };
  }
  const result = posted.data;
  const form = result.form;
  if (isSuccess(result.code)) {
    return { kind: 'redirect', location: successLocation(form.back, astro.url.pathname, result, form.sessionId) };
  }
  return {
    kind: 'render',
    status: refusalStatus(result.code),
    notice: {
      tone: 'error',
      text: message(lang, result),
      sessionId: form.sessionId,
      swap: result.code === 'clash',
    },
  };
}

const SUCCESS_IN_QUERY: readonly BookingCode[] = ['confirmed', 'waitlisted', 'cancelled', 'offer_claimed'];

/** The success notice a redirect carried in its query, if any. */
export function bookingNoticeFromQuery(url: URL, lang: Lang): BookingNotice | null {
  const code = url.searchParams.get(QUERY_CODE) as BookingCode | null;
  if (!code || !SUCCESS_IN_QUERY.includes(code)) return null;
  const position = Number(url.searchParams.get(QUERY_POSITION) ?? '0');
  return {
    tone: 'success',
    text: message(lang, { code, position: Number.isInteger(position) && position > 0 ? position : undefined }),
    sessionId: url.searchParams.get(QUERY_SESSION),
    swap: false,
  };
}
