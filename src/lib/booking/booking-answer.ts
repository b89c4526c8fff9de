// What a booking's outcome says to the person who asked, the pure part shared
// by the form path (components/booking/booking-outcome.ts: a redirect or a
// re-rendered page) and the lean JSON endpoint (pages/api/booking.ts, which the
// booking form's script posts to): the localised sentence, where a success
// goes back to, and the JSON answer with its status. No I/O.
import { z } from 'zod';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { type MessageKey, t } from '../i18n/messages.ts';
import { type BookingResult, isSuccess, refusalStatus, safeReturnPath } from './booking.ts';

export const QUERY_CODE = 'booking';
export const QUERY_POSITION = 'plads';
export const QUERY_SESSION = 'session';

/** The sentence for a booking function's answer, success or refusal. */
export function bookingMessage(
  lang: Lang,
  result: Pick<BookingResult, 'code' | 'position' | 'limit' | 'clash_title' | 'clash_title_en'>,
): string {
  const params: Record<string, string | number> = {
    position: result.position ?? 0,
    count: result.limit ?? 0,
    session: result.clash_title ? localized(lang, result.clash_title, result.clash_title_en) : '',
  };
  return t(lang)(`booking.result.${result.code}`, params);
}

/**
 * Where a success goes back to: the form's own page (`back`, if it is a path
 * on this site, else `fallback`) with the outcome in the query, so the page
 * shows it after a reload and a reload never books twice.
 */
export function successLocation(
  back: string | null | undefined,
  fallback: string,
  result: Pick<BookingResult, 'code' | 'position'>,
  sessionId: string | null,
): string {
  const url = new URL(safeReturnPath(back, fallback), 'http://samspil.invalid');
  url.searchParams.set(QUERY_CODE, result.code);
  if (result.position) url.searchParams.set(QUERY_POSITION, String(result.position));
  if (sessionId) url.searchParams.set(QUERY_SESSION, sessionId);
  return url.pathname + url.search;
}

/** The lean endpoint's body: the booking form's fields as JSON. */
export const bookApiInput = z.object({
  event: z.uuid(),
  session: z.uuid(),
  swap: z.boolean().optional().default(false),
  back: z.string().max(500).nullish(),
});

/** The endpoint's JSON: a success says where to go; every refusal has a code and a sentence. */
export type BookingApiBody =
  | {
      ok: true;
      code: BookingResult['code'];
      status: BookingResult['status'] | null;
      position: number | null;
      bookingId: string | null;
      message: string;
      location: string;
    }
  | { ok: false; error: string; message: string; swap?: boolean };

export interface BookingApiAnswer {
  status: number;
  body: BookingApiBody;
}

/** A refusal before the booking function was asked (signed out, cross-site, bad input, rate limit, outage). */
export function bookingApiRefusal(
  lang: Lang,
  status: number,
  error: string,
  key: MessageKey,
  params: Record<string, string | number> = {},
): BookingApiAnswer {
  return { status, body: { ok: false, error, message: t(lang)(key, params) } };
}

/** The booking function's answer as the endpoint's: 200 for a seat or a place in line, the refusal's 4xx otherwise. */
export function bookingApiAnswer(
  lang: Lang,
  result: BookingResult,
  form: { back: string | null | undefined; fallback: string; sessionId: string },
): BookingApiAnswer {
  if (isSuccess(result.code)) {
    return {
      status: 200,
      body: {
        ok: true,
        code: result.code,
        status: result.status ?? null,
        position: result.position ?? null,
        bookingId: result.booking_id ?? null,
        message: bookingMessage(lang, result),
        location: successLocation(form.back, form.fallback, result, form.sessionId),
      },
    };
  }
  return {
    status: refusalStatus(result.code),
    body: {
      ok: false,
      error: result.code,
      message: bookingMessage(lang, result),
      ...(result.code === 'clash' ? { swap: true } : {}),
    },
  };
}
