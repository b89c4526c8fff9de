// My takeaways, the pure part: what an attendee attended (the database's
// attended-vs-booked rule, 20261203110810_takeaway_attendance.sql), the hours
// that makes, when the page opens, the forms' input and the refusals.
import { z } from 'zod';
import type { TakeawaysMessageKey } from '../i18n/dictionary/takeaways.ts';
import type { RefusalRules, Refused } from '../site/refusal.ts';

type Key = TakeawaysMessageKey;

/** 'attended': scanned at the session's door; 'booked': a seat where nobody was scanned. */
export type AttendanceStatus = 'attended' | 'booked';

export interface TimeRange {
  startsAt: Date;
  endsAt: Date;
}

/**
 * Minutes covered by the ranges, overlaps counted once: two rounds that
 * overlap (a swap, a scan at both doors) never add up to more than the time
 * that passed.
 */
export function coveredMinutes(ranges: readonly TimeRange[]): number {
  const sorted = ranges
    .map((range) => [range.startsAt.getTime(), range.endsAt.getTime()] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = Number.NaN;
  let currentEnd = Number.NaN;
  for (const [start, end] of sorted) {
    if (Number.isNaN(currentEnd) || start > currentEnd) {
      if (!Number.isNaN(currentEnd)) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else if (end > currentEnd) currentEnd = end;
  }
  if (!Number.isNaN(currentEnd)) total += currentEnd - currentStart;
  return Math.round(total / 60_000);
}

/** Hours for the certificate, to the quarter hour below: "3,5 timer", never more than was spent. */
export function certifiedHours(minutes: number): number {
  return Math.floor(Math.max(0, minutes) / 15) / 4;
}

/** The takeaways open when the day's programme ends. */
export function takeawaysOpen(now: Date, eventEndsAt: Date): boolean {
  return now.getTime() >= eventEndsAt.getTime();
}

/**
 * One row per session: a check-in outranks a booking of the same session
 * (a ticket can hold both only when the session's door was scanned).
 */
export function mergeAttendance<R extends { sessionId: string; status: AttendanceStatus }>(rows: readonly R[]): R[] {
  const bySession = new Map<string, R>();
  for (const row of rows) {
    const seen = bySession.get(row.sessionId);
    if (!seen || (seen.status === 'booked' && row.status === 'attended')) bySession.set(row.sessionId, row);
  }
  return [...bySession.values()];
}

// ── Input ──────────────────────────────────────────────────────────────────

export const NOTE_MAX = 5000;
export const CONTACT_MESSAGE_MAX = 2000;
export const REPLY_MAX = 4000;

const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('')])
  .optional()
  .transform((value) => value === 'on' || value === 'true');

export const noteInput = z.object({
  sessionId: z.uuid({ error: 'takeaways.error.unavailable' satisfies Key }),
  // Empty deletes the note.
  body: z
    .string()
    .max(NOTE_MAX, { error: 'takeaways.notes.tooLong' satisfies Key })
    .transform((text) => text.replace(/\r\n/g, '\n').trim()),
  back: z.string().max(500).optional(),
});
export type NoteInput = z.output<typeof noteInput>;

// The message's own rules are checked by `contactMessageProblem` in the
// action, so a refusal can name the solution whose form it belongs to (a page
// shows one contact form per solution).
export const contactInput = z.object({
  solutionId: z.uuid({ error: 'takeaways.error.unavailable' satisfies Key }),
  message: z
    .string()
    .max(CONTACT_MESSAGE_MAX * 4)
    .optional()
    .transform((text) => (text ?? '').replace(/\r\n/g, '\n').trim()),
  shareName: checkbox,
  shareEmail: checkbox,
});
export type ContactInput = z.output<typeof contactInput>;

/** A reply token: 32 random bytes, base64url. */
export const REPLY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const replyInput = z.object({
  token: z.string().regex(REPLY_TOKEN_PATTERN, { error: 'takeaways.error.unavailable' satisfies Key }),
  reply: z
    .string({ error: 'takeaways.reply.required' satisfies Key })
    .transform((text) => text.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, { error: 'takeaways.reply.required' satisfies Key })
        .max(REPLY_MAX, { error: 'takeaways.reply.tooLong' satisfies Key }),
    ),
});
export type ReplyInput = z.output<typeof replyInput>;

// ── Refusals ───────────────────────────────────────────────────────────────

export type NoteRefusal = Refused<'no_ticket'>;
export const NOTE_REFUSALS: RefusalRules<NoteRefusal> = {
  no_ticket: { status: 403, message: 'takeaways.notes.noTicket' },
};

/** What is wrong with a contact message, if anything (it is already trimmed). */
export function contactMessageProblem(message: string): 'message_required' | 'message_too_long' | null {
  if (message.length === 0) return 'message_required';
  if (message.length > CONTACT_MESSAGE_MAX) return 'message_too_long';
  return null;
}

export type ContactRefusal = Refused<
  'message_required' | 'message_too_long' | 'not_met' | 'no_contact' | 'already_contacted' | 'too_many',
  { retryAfterSeconds?: number }
>;
export const CONTACT_REFUSALS: RefusalRules<ContactRefusal> = {
  message_required: { status: 400, message: 'takeaways.contact.messageRequired', field: 'message' },
  message_too_long: { status: 400, message: 'takeaways.contact.messageTooLong', field: 'message' },
  not_met: { status: 403, message: 'takeaways.contact.notMet' },
  no_contact: { status: 409, message: 'takeaways.contact.noContact' },
  already_contacted: { status: 409, message: 'takeaways.contact.already' },
  too_many: { status: 429, message: 'takeaways.contact.tooMany' },
};

export type ReplyRefusal = Refused<'unknown' | 'already_answered'>;
export const REPLY_REFUSALS: RefusalRules<ReplyRefusal> = {
  unknown: { status: 404, message: 'takeaways.reply.unknown' },
  already_answered: { status: 409, message: 'takeaways.reply.already' },
};
