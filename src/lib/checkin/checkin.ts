// Check-in, the pure part: what a scan and a sync batch look like, the
// verdict codes a device shows, and the small rules around them. The
// decisions (one check-in per ticket, idempotency by nonce, conflicts) are
// made in Postgres, in supabase/migrations/20261123190300_check_in.sql.
import { z } from 'zod';
import { plainText } from '../limits/input.ts';
import type { TicketCodeErrorCode } from '../tickets/ticket-code.ts';
import type { TicketStatus } from '../tickets/tickets.ts';

/** Answers of private.check_in. */
export const DB_VERDICT_CODES = [
  'ok',
  'already_checked_in',
  'cancelled',
  'revoked',
  'unpaid',
  'wrong_event',
  'unknown_ticket',
  'not_authorised',
  // The device was revoked: the scan is kept for an organiser to review, not applied.
  'held',
  // Outside the event's check-in window at the scan's time: nothing recorded.
  'not_yet_valid',
  'expired',
] as const;
export type DbVerdictCode = (typeof DB_VERDICT_CODES)[number];

/** Every verdict a scan can get: the database's, or the code's own fault found before it. */
export type VerdictCode = DbVerdictCode | Exclude<TicketCodeErrorCode, 'wrong_event' | 'revoked'>;

export type VerdictColour = 'green' | 'amber' | 'red';

/** Green lets the person in; amber is "already in" (look twice); everything else is red. */
export function verdictColour(code: VerdictCode): VerdictColour {
  if (code === 'ok') return 'green';
  if (code === 'already_checked_in') return 'amber';
  return 'red';
}

/** The most scans one sync request carries; a longer queue is sent in several. */
export const MAX_SYNC_BATCH = 500;

// Control characters are refused here (400, which a device sets aside), not by Postgres (which would be a 5xx).
const deviceField = plainText(z.string().trim().min(1).max(100));
const gateField = plainText(z.string().trim().min(1).max(80));
/** The QR code's text (or what a keyboard-wedge scanner typed). */
const codeField = plainText(z.string().min(1).max(400));
/** Chosen by the device per scan; the idempotency key. */
const nonceField = z.uuid();
/** The device's clock when it scanned. */
const scannedAtField = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/**
 * A check-in at the door: a scanned code, or — when the attendee has no code
 * with them — a ticket the staff found by name and checked against an ID
 * (`manual`), carrying the revision the search showed, so a ticket re-issued
 * or cancelled since is still refused.
 */
export const scanInput = z
  .object({
    code: codeField.optional(),
    manual: z.object({ ticketId: z.uuid(), revision: z.int().min(0).max(65535) }).optional(),
    nonce: nonceField,
    scannedAt: scannedAtField,
    device: deviceField,
    gate: gateField.nullable().default(null),
    /** The device judged it in rehearsal: the server records nothing for it, whatever the event's mode now. */
    practice: z.boolean().optional(),
  })
  .refine((scan) => (scan.code === undefined) !== (scan.manual === undefined), {
    message: 'Either a code or a manual ticket, not both',
    path: ['code'],
  });
export type ScanInput = z.output<typeof scanInput>;

/**
 * The check-in page's form without JavaScript: a typed code, or a manual
 * check-in of an attendee the desk found (ticket id and the revision the
 * search showed), judged now as from the device 'web-form'.
 */
export const deskScanForm = z
  .instanceof(FormData)
  // Loosely typed on purpose: the object schema below decides what is valid.
  .transform((form): Record<string, unknown> => {
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const ticketId = text('ticketId');
    return {
      event: text('event'),
      scan: {
        ...(ticketId ? { manual: { ticketId, revision: Number(text('revision')) } } : { code: text('code') }),
        nonce: text('nonce'),
        scannedAt: new Date().toISOString(),
        device: 'web-form',
        gate: text('gate') ?? null,
      },
    };
  })
  .pipe(z.object({ event: z.uuid(), scan: scanInput }));

export const syncBatchInput = z.object({
  scans: z.array(scanInput).min(1).max(MAX_SYNC_BATCH),
});
export type SyncBatchInput = z.output<typeof syncBatchInput>;

/** A scan at a session's door: which session, and the attendee's code. */
export const sessionScanInput = z.object({
  code: codeField,
  nonce: nonceField,
  scannedAt: scannedAtField,
  sessionId: z.uuid(),
  /** Scanned in rehearsal: nothing is recorded. */
  practice: z.boolean().optional(),
});
export type SessionScanInput = z.output<typeof sessionScanInput>;

/** A session-door device's queue of scans, any sessions of one event. */
export const sessionSyncBatchInput = z.object({
  scans: z.array(sessionScanInput).min(1).max(MAX_SYNC_BATCH),
});
export type SessionSyncBatchInput = z.output<typeof sessionSyncBatchInput>;

export const lookupQueryInput = plainText(z.string().trim().min(2).max(100));

export interface VerdictBooking {
  sessionId: string;
  title: string;
  titleEn: string | null;
  startsAt: string;
  endsAt: string;
  room: string | null;
}

export interface FirstCheckIn {
  checkInId: string;
  scannedAt: string;
  recordedAt: string;
  gate: string | null;
  device: string;
}

export interface ScanVerdict {
  code: VerdictCode;
  colour: VerdictColour;
  /** The ticket the code names, once its signature is known to be good. */
  ticketId: string | null;
  /** The stored check-in row of this scan (ok, already_checked_in, cancelled, revoked, unpaid). */
  checkInId: string | null;
  /** This nonce was recorded before: the original verdict, nothing new written. */
  replay: boolean;
  name: string | null;
  organisation: string | null;
  /** Today's confirmed bookings, for a green verdict. */
  bookings: VerdictBooking[];
  /** For an amber verdict: when and where the ticket was checked in. */
  first: FirstCheckIn | null;
  /** Two devices both let the ticket in while offline; the second is this one. */
  conflict: boolean;
  /** A rehearsal scan: judged as at the door, recorded nowhere. */
  practice: boolean;
  /** For `not_yet_valid`: when the code starts to be valid (ISO). */
  validFrom: string | null;
  /** For `expired`: when the code stopped being valid (ISO). */
  validUntil: string | null;
}

const isoString = z.union([z.string(), z.date()]).transform((value) => new Date(value).toISOString());

/** What private.check_in returns, in the database's own names. */
export const dbVerdict = z.object({
  code: z.enum(DB_VERDICT_CODES),
  check_in_id: z.uuid().nullish(),
  ticket_id: z.uuid().nullish(),
  replay: z.boolean().nullish(),
  name: z.string().nullish(),
  organisation: z.string().nullish(),
  bookings: z
    .array(
      z.object({
        session_id: z.uuid(),
        title: z.string(),
        title_en: z.string().nullish(),
        starts_at: isoString,
        ends_at: isoString,
        room: z.string().nullish(),
      }),
    )
    .nullish(),
  conflict: z.boolean().nullish(),
  /** Rehearsal was on: judged as practice, nothing recorded. */
  practice: z.boolean().nullish(),
  /** For `not_yet_valid`: when the event's check-in window opens. */
  valid_from: isoString.nullish(),
  /** For `expired`: when the event's check-in window closed. */
  valid_until: isoString.nullish(),
  first: z
    .object({
      check_in_id: z.uuid(),
      scanned_at: isoString,
      recorded_at: isoString,
      gate: z.string().nullish(),
      device: z.string(),
    })
    .nullish(),
});

export function verdictFromDb(raw: unknown): ScanVerdict {
  const row = dbVerdict.parse(raw);
  return {
    code: row.code,
    colour: verdictColour(row.code),
    ticketId: row.ticket_id ?? null,
    checkInId: row.check_in_id ?? null,
    replay: row.replay ?? false,
    name: row.name ?? null,
    organisation: row.organisation ?? null,
    bookings: (row.bookings ?? []).map((booking) => ({
      sessionId: booking.session_id,
      title: booking.title,
      titleEn: booking.title_en ?? null,
      startsAt: booking.starts_at,
      endsAt: booking.ends_at,
      room: booking.room ?? null,
    })),
    first: row.first
      ? {
          checkInId: row.first.check_in_id,
          scannedAt: row.first.scanned_at,
          recordedAt: row.first.recorded_at,
          gate: row.first.gate ?? null,
          device: row.first.device,
        }
      : null,
    conflict: row.conflict ?? false,
    practice: row.practice ?? false,
    validFrom: row.code === 'not_yet_valid' ? (row.valid_from ?? null) : null,
    validUntil: row.code === 'expired' ? (row.valid_until ?? null) : null,
  };
}

/** A verdict decided without the database: the code itself is bad, or the caller may not check in. */
export function refusal(code: VerdictCode, ticketId: string | null = null): ScanVerdict {
  return {
    code,
    colour: verdictColour(code),
    ticketId,
    checkInId: null,
    replay: false,
    name: null,
    organisation: null,
    bookings: [],
    first: null,
    conflict: false,
    practice: false,
    validFrom: null,
    validUntil: null,
  };
}

/** What private.checkin_ticket_state answers: the ticket's own state, nothing recorded. */
export const dbTicketState = z.object({
  code: z.enum(['ok', 'cancelled', 'revoked', 'unpaid', 'wrong_event', 'unknown_ticket', 'not_authorised']),
  ticket_id: z.uuid().nullish(),
  name: z.string().nullish(),
  organisation: z.string().nullish(),
});
export type TicketStateCode = z.output<typeof dbTicketState>['code'];

/** A code's verdict once the signature is good, whatever the clock says: what the checks after it found. */
export interface AuthenticCodeCheck {
  /** `ok`, or the code's own fault found after its signature (its time window; a revoked revision). */
  code: 'ok' | 'not_yet_valid' | 'expired' | 'revoked';
  ticketId: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * The one true reason for a scan of an authentic code, from the code's own
 * check and the ticket's state: the ticket's state comes first (a cancelled
 * ticket is cancelled, an older code of a re-issued or transferred ticket is
 * revoked — whenever it is scanned); then, outside rehearsal, the code's time
 * window, with when it opens or closed; a rehearsal ignores the window, so
 * staff can practise the day before. `null` means the ticket may come in
 * (the door's own rules — one check-in per ticket — decide next).
 */
export function authenticVerdict(
  check: AuthenticCodeCheck,
  state: { code: TicketStateCode; name?: string | null | undefined; organisation?: string | null | undefined },
  practice: boolean,
): ScanVerdict | null {
  const named = (verdict: ScanVerdict): ScanVerdict => ({
    ...verdict,
    name: state.name ?? null,
    organisation: state.organisation ?? null,
    practice,
  });
  if (state.code !== 'ok') return named(refusal(state.code, check.ticketId));
  if (check.code === 'revoked') return named(refusal('revoked', check.ticketId));
  if (!practice && check.code === 'not_yet_valid') {
    return { ...named(refusal('not_yet_valid', check.ticketId)), validFrom: check.notBefore.toISOString() };
  }
  if (!practice && check.code === 'expired') {
    return { ...named(refusal('expired', check.ticketId)), validUntil: check.notAfter.toISOString() };
  }
  return null;
}

/** A practice scan's verdict on a ticket that may come in: green, marked as practice. */
export function practiceAdmitted(
  ticketId: string,
  state: { name?: string | null | undefined; organisation?: string | null | undefined },
): ScanVerdict {
  return {
    ...refusal('ok', ticketId),
    name: state.name ?? null,
    organisation: state.organisation ?? null,
    practice: true,
  };
}

/**
 * When a scan happened, as far as the server believes the device: never in
 * the future (a clock running ahead would hide an offline conflict).
 */
export function trustedScanTime(scannedAt: Date, now: Date): Date {
  return scannedAt.getTime() > now.getTime() ? now : scannedAt;
}

/**
 * The order to check in a batch's scans so that concurrent batches lock
 * tickets in the same order (by ticket id) and cannot deadlock; indices into
 * `ticketIds`, stable for equal ids (a device's own order).
 */
export function lockOrder(ticketIds: readonly string[]): number[] {
  return ticketIds
    .map((id, index) => ({ id, index }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.index - b.index))
    .map((entry) => entry.index);
}

export interface SyncedScan {
  nonce: string;
  verdict: ScanVerdict;
}

export interface SyncSummary {
  /** Scans recorded for the first time by this sync. */
  recorded: number;
  /** Scans whose nonce had been recorded before. */
  replayed: number;
  /** Scans that let a ticket in while another device had already done so. */
  conflicts: SyncedScan[];
  counts: Partial<Record<VerdictCode, number>>;
}

export function summariseSync(results: readonly SyncedScan[]): SyncSummary {
  const counts: Partial<Record<VerdictCode, number>> = {};
  let recorded = 0;
  let replayed = 0;
  for (const { verdict } of results) {
    counts[verdict.code] = (counts[verdict.code] ?? 0) + 1;
    if (verdict.replay) replayed++;
    else if (verdict.checkInId) recorded++;
  }
  return { recorded, replayed, conflicts: results.filter((result) => result.verdict.conflict), counts };
}

/**
 * The revocation list a device verifies against offline: cancelled tickets
 * are 'revoked', re-issued ones carry their current revision (older codes
 * are refused). Tickets at revision 1 and not cancelled are left out.
 */
export function revocationList(
  tickets: readonly { ticketId: string; status: TicketStatus; revision: number }[],
): Record<string, number | 'revoked'> {
  const list: Record<string, number | 'revoked'> = {};
  for (const ticket of tickets) {
    if (ticket.status === 'cancelled') list[ticket.ticketId] = 'revoked';
    else if (ticket.revision > 1) list[ticket.ticketId] = ticket.revision;
  }
  return list;
}

/** Answers of private.check_in_session (attendance at a session's door). */
export const SESSION_VERDICT_CODES = [
  'ok',
  'already_checked_in',
  'cancelled',
  'revoked',
  'unpaid',
  'wrong_event',
  'unknown_ticket',
  'unknown_session',
  'not_authorised',
  'held',
] as const;
export type SessionVerdictCode =
  (typeof SESSION_VERDICT_CODES)[number] | Exclude<TicketCodeErrorCode, 'wrong_event' | 'revoked'>;

export const dbSessionVerdict = z.object({
  code: z.enum(SESSION_VERDICT_CODES),
  replay: z.boolean().nullish(),
  name: z.string().nullish(),
  organisation: z.string().nullish(),
  at: isoString.nullish(),
});

export interface SessionVerdict {
  code: SessionVerdictCode;
  colour: VerdictColour;
  replay: boolean;
  name: string | null;
  organisation: string | null;
  /** For `already_checked_in`: when the attendee was scanned in. */
  at: string | null;
}

export function sessionVerdictFromDb(raw: unknown): SessionVerdict {
  const row = dbSessionVerdict.parse(raw);
  return {
    code: row.code,
    colour: row.code === 'ok' ? 'green' : row.code === 'already_checked_in' ? 'amber' : 'red',
    replay: row.replay ?? false,
    name: row.name ?? null,
    organisation: row.organisation ?? null,
    at: row.at ?? null,
  };
}

/**
 * A session-door verdict with whether the attendee holds a confirmed
 * booking for the session. Not booked does not change the verdict (they are
 * let in if there is room); the door staff are told.
 */
export interface SessionScanVerdict extends SessionVerdict {
  booked: boolean;
  /** A rehearsal scan: judged, recorded nowhere. */
  practice?: boolean;
  /** For `not_yet_valid` / `expired`: when the code opens or closed (ISO). */
  validFrom?: string | null;
  validUntil?: string | null;
}

export interface SyncedSessionScan {
  nonce: string;
  verdict: SessionScanVerdict;
}

/** A session-door verdict decided before the database: a bad code, or a caller who may not scan. */
export function sessionRefusal(code: SessionVerdictCode): SessionScanVerdict {
  return { code, colour: 'red', replay: false, name: null, organisation: null, at: null, booked: false };
}

/** The HTTP status of a request-level refusal. */
export function refusalStatus(code: 'not_authorised' | 'bad_request' | 'not_found'): number {
  return code === 'not_authorised' ? 403 : code === 'not_found' ? 404 : 400;
}
