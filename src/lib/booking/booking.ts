// Session booking, the pure part: what the database's booking functions
// answer, the input the forms send, and which answers are refusals. The
// decisions themselves (capacity, clashes, the waitlist) are made in
// Postgres, in supabase/migrations/20261123170200_book_session.sql.
import { z } from 'zod';

export const BOOKING_STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Every answer the booking functions give; the first four are successes. */
export const BOOKING_CODES = [
  'confirmed',
  'waitlisted',
  'cancelled',
  'offer_claimed',
  'already_booked',
  'not_found',
  'not_bookable',
  'past',
  'not_open',
  'closed',
  'no_ticket',
  'clash',
  'limit_reached',
  'swap_full',
  'not_cancellable',
  'offer_expired',
] as const;
export type BookingCode = (typeof BOOKING_CODES)[number];

const SUCCESS_CODES: ReadonlySet<BookingCode> = new Set(['confirmed', 'waitlisted', 'cancelled', 'offer_claimed']);

export const bookingResult = z.object({
  code: z.enum(BOOKING_CODES),
  booking_id: z.uuid().optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
  position: z.int().positive().optional(),
  limit: z.int().positive().optional(),
  opens_at: z.string().optional(),
  clash_session_id: z.uuid().optional(),
  clash_slug: z.string().optional(),
  clash_title: z.string().optional(),
  clash_title_en: z.string().nullable().optional(),
  swapped_session_id: z.uuid().nullable().optional(),
  /** Some seat from a waitlist still awaits its email. */
  notices_due: z.boolean().optional(),
});
export type BookingResult = z.infer<typeof bookingResult>;

export function isSuccess(code: BookingCode): boolean {
  return SUCCESS_CODES.has(code);
}

/** The HTTP status a refusal is answered with: 404 unknown, 403 not yours, 409 conflicts with state. */
export function refusalStatus(code: BookingCode): number {
  switch (code) {
    case 'not_found':
      return 404;
    case 'no_ticket':
      return 403;
    case 'not_bookable':
    case 'past':
    case 'not_open':
    case 'closed':
      return 422;
    default:
      return isSuccess(code) ? 200 : 409;
  }
}

/** A same-site path to return to after a form post; anything else falls back. */
export function safeReturnPath(value: string | null | undefined, fallback: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}

// Astro hands a form field that was not sent over as null.
const checkbox = z
  .enum(['on', 'true', '1', ''])
  .nullish()
  .transform((value) => value === 'on' || value === 'true' || value === '1');

export const bookInput = z.object({
  event: z.uuid(),
  session: z.uuid(),
  swap: checkbox,
  back: z.string().max(500).nullish(),
});
export type BookInput = z.output<typeof bookInput>;

export const bookingIdInput = z.object({
  event: z.uuid(),
  booking: z.uuid(),
  /** The session the booking is for, so the page shows the outcome beside it. */
  session: z.uuid().nullish(),
  back: z.string().max(500).nullish(),
});
export type BookingIdInput = z.output<typeof bookingIdInput>;

/** What a booking form's action answers: the result, and where the form came from. */
export type BookingFormResult = BookingResult & { form: { back: string | null; sessionId: string | null } };

/** Seats left for the public counts; never negative, null when unlimited. */
export function seatsLeft(capacity: number | null, taken: number): number | null {
  return capacity === null ? null : Math.max(0, capacity - taken);
}

/** Transient failures worth one more try: deadlocks and serialisation failures between bookers. */
export function isRetryableSqlState(code: string | undefined): boolean {
  return code === '40P01' || code === '40001';
}
