// Exhibitor leads, the pure part: what a scanned or typed text is, the
// scanner's answer codes with their HTTP statuses and words, the forms'
// schemas, the scan rate limits and the export's columns. No I/O; the use
// cases are in leads.server.ts, the rules that hold in Postgres in
// 20261203140501_leads.sql.
import { z } from 'zod';
import type { RateRule } from '../auth/auth.ts';
import { defineList, type ExportList } from '../exports/exports.ts';
import type { MessageKey, Translate } from '../i18n/messages.ts';
import type { Refused, RefusalRules, RefusalWords } from '../site/refusal.ts';
import { TICKET_CODE_LENGTH } from '../tickets/ticket-code.ts';
import { parseTicketReference } from '../tickets/tickets.ts';
import { CHANGED_ELSEWHERE } from '../console/concurrency.ts';

export const LEAD_INTERESTS = ['low', 'medium', 'high'] as const;
export type LeadInterest = (typeof LEAD_INTERESTS)[number];

export const LEAD_NOTE_MAX = 2000;
export const LEAD_RETENTION_DAYS_MIN = 1;
export const LEAD_RETENTION_DAYS_MAX = 365;
export const LEAD_RETENTION_DAYS_DEFAULT = 60;

/**
 * Scans per team member: a steady stream at a busy round is a scan every few
 * seconds; a runaway loop (or someone trying references) is stopped.
 */
export const LEAD_SCAN_LIMITS = { perMinute: 30, perHour: 600 } as const;

export function leadScanRateRules(userId: string): RateRule[] {
  const bucket = `lead-scan:user:${userId}`;
  return [
    { bucket, limit: LEAD_SCAN_LIMITS.perMinute, windowSeconds: 60 },
    { bucket, limit: LEAD_SCAN_LIMITS.perHour, windowSeconds: 3600 },
  ];
}

/** What the scanner got: a ticket's (or badge's) signed code, a ticket's short reference, or neither. */
export type ScannedText =
  | { kind: 'code'; code: string }
  | { kind: 'reference'; orderReference: string; position: number }
  | { kind: 'unreadable' };

export function classifyScannedText(text: string): ScannedText {
  const trimmed = text.trim();
  const reference = parseTicketReference(trimmed.replace(/\s+/g, ''));
  if (reference) {
    // An order's reference alone names several people: the ticket's number is needed.
    return reference.position === null
      ? { kind: 'unreadable' }
      : { kind: 'reference', orderReference: reference.orderReference, position: reference.position };
  }
  // A ticket code is long and starts with S; a shorter or other text is no ticket (the verifier says which).
  if (/^S/i.test(trimmed) && trimmed.length >= 100 && trimmed.length <= TICKET_CODE_LENGTH * 2) {
    return { kind: 'code', code: trimmed.toUpperCase() };
  }
  return { kind: 'unreadable' };
}

/** The database's answer (private.capture_lead), and the codes the server adds before asking it. */
export const captureAnswer = z.object({
  code: z.enum([
    'created',
    'already',
    'no_consent',
    'not_member',
    'wrong_round',
    'unknown_ticket',
    'revoked',
    'not_valid',
  ]),
  name: z.string().nullish(),
  leadId: z.string().nullish(),
});

export type LeadStored = { ok: true; code: 'created' | 'already'; name: string; leadId: string };
/** Nothing stored, and that is the visitor's choice: said kindly, not an error. */
export type LeadNotShared = { ok: true; code: 'no_consent' };
export type LeadRefusal =
  | Refused<'not_member' | 'wrong_round' | 'unknown_ticket' | 'revoked' | 'not_valid' | 'unreadable'>
  | Refused<'forged' | 'wrong_event'>
  | Refused<'rate_limited', { retryAfterSeconds: number }>;
export type CaptureResult = LeadStored | LeadNotShared | LeadRefusal;

export const LEAD_REFUSALS: RefusalRules<LeadRefusal> = {
  not_member: { status: 404, message: 'leads.scan.notMember' },
  wrong_round: { status: 404, message: 'leads.scan.wrongRound', field: 'round' },
  unknown_ticket: { status: 404, message: 'leads.scan.unknownTicket', field: 'code' },
  revoked: { status: 410, message: 'leads.scan.revoked', field: 'code' },
  not_valid: { status: 409, message: 'leads.scan.notValid', field: 'code' },
  unreadable: { status: 400, message: 'leads.scan.unreadable', field: 'code' },
  forged: { status: 422, message: 'leads.scan.forged', field: 'code' },
  wrong_event: { status: 422, message: 'leads.scan.wrongEvent', field: 'code' },
  rate_limited: (refusal) => ({
    status: 429,
    message: 'leads.scan.rateLimited',
    params: { count: 'retryAfterSeconds' in refusal ? refusal.retryAfterSeconds : 60 },
  }),
};

/**
 * A code that failed before its signature was known good, as the scanner's
 * refusal. An authentic code outside its door window still names its ticket:
 * a lead is not an entry, and revocation is checked against the ticket's
 * current revision in Postgres.
 */
export function untrustedCodeRefusal(
  code: 'malformed' | 'unsupported_version' | 'bad_signature' | 'unknown_key' | 'wrong_event',
): 'forged' | 'wrong_event' {
  return code === 'wrong_event' ? 'wrong_event' : 'forged';
}

const uuid = z.uuid({ error: 'leads.form.bad' satisfies MessageKey });

/** The scanner's form (posted by the camera island too): the team, the round, the code or reference. */
export const scanForm = z.object({
  solutionId: uuid,
  roundId: z.uuid({ error: 'leads.scan.wrongRound' satisfies MessageKey }),
  code: z
    .string()
    .trim()
    .min(1, { error: 'leads.scan.empty' satisfies MessageKey })
    .max(400, { error: 'leads.scan.unreadable' satisfies MessageKey }),
});
export type ScanInput = z.output<typeof scanForm>;

/** The team's note and interest level for one lead. */
export const leadNoteForm = z.object({
  solutionId: uuid,
  leadId: uuid,
  interest: z
    .enum(['', ...LEAD_INTERESTS], { error: 'leads.form.bad' satisfies MessageKey })
    .transform((value) => (value === '' ? null : value)),
  note: z
    .string()
    .max(LEAD_NOTE_MAX, { error: 'leads.note.tooLong' satisfies MessageKey })
    .transform((value) => value.replace(/\r\n/g, '\n').trim() || null),
});
export type LeadNoteInput = z.output<typeof leadNoteForm>;

/** The visitor's choice for one of their tickets. */
export const consentForm = z.object({
  ticketId: uuid,
  consent: z.enum(['yes', 'no'], { error: 'leads.form.bad' satisfies MessageKey }).transform((v) => v === 'yes'),
});

export const withdrawForm = z.object({ leadId: uuid });

export const leadRetentionForm = z.object({
  event: z.uuid(),
  days: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, { error: 'leads.retention.invalid' satisfies MessageKey })
    .transform(Number)
    .refine((days) => days >= LEAD_RETENTION_DAYS_MIN && days <= LEAD_RETENTION_DAYS_MAX, {
      error: 'leads.retention.invalid' satisfies MessageKey,
    }),
  version: z.coerce.number().int().positive(),
});

export type LeadRetentionRefusal = Refused<'out_of_range' | 'changed_elsewhere' | 'not_authorised'>;

export const LEAD_RETENTION_REFUSALS: RefusalRules<LeadRetentionRefusal> = {
  out_of_range: { status: 400, message: 'leads.retention.invalid', field: 'days' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_authorised: { status: 404, message: 'leads.form.bad' },
};

/**
 * The status a page answers a form's outcome with: the action's input error
 * (400), a refusal's rule, or none when it succeeded or nothing was posted.
 * Pages set it in their own frontmatter: a component renders after the
 * status has gone out.
 */
export function outcomeStatus<R extends Refused<string>>(
  result: { error?: { status: number } | undefined; data?: R | { ok: true } | undefined } | undefined,
  rules: RefusalRules<R>,
): number | undefined {
  if (result?.error) return result.error.status;
  const data = result?.data;
  if (!data || data.ok) return undefined;
  const rule: RefusalWords | ((refusal: R) => RefusalWords) = rules[data.code as R['code']];
  return (typeof rule === 'function' ? rule(data as R) : rule).status;
}

/** The visitor's consent and withdrawal: either names a ticket or lead that is not theirs. */
export const MY_LEADS_REFUSALS: RefusalRules<Refused<'not_found'>> = {
  not_found: { status: 404, message: 'leads.form.bad' },
};

/** One lead as the team sees it (and exports it). */
export interface LeadRow {
  id: string;
  session_id: string | null;
  round_title: string | null;
  attendee_name: string;
  attendee_email: string;
  organisation_name: string | null;
  job_title: string | null;
  interest: LeadInterest | null;
  note: string | null;
  created_at: Date;
}

/** The team's export: what the visitor agreed to share, and the team's own note. */
export function leadsList(tr: Translate): ExportList<LeadRow> {
  return defineList<LeadRow>({
    key: 'leads',
    columns: [
      { key: 'name', header: 'leads.col.name', type: 'text', value: (r) => r.attendee_name, width: 28 },
      { key: 'email', header: 'leads.col.email', type: 'text', value: (r) => r.attendee_email, width: 30 },
      { key: 'organisation', header: 'leads.col.organisation', type: 'text', value: (r) => r.organisation_name },
      { key: 'jobTitle', header: 'leads.col.jobTitle', type: 'text', value: (r) => r.job_title },
      {
        key: 'interest',
        header: 'leads.col.interest',
        type: 'text',
        value: (r) => (r.interest ? tr(`leads.interest.${r.interest}`) : null),
        width: 12,
      },
      { key: 'note', header: 'leads.col.note', type: 'text', value: (r) => r.note, width: 40 },
      { key: 'round', header: 'leads.col.round', type: 'text', value: (r) => r.round_title, width: 24 },
      { key: 'scannedAt', header: 'leads.col.scannedAt', type: 'datetime', value: (r) => r.created_at },
    ],
    // The team is the party the visitor consented to share with: nothing is withheld.
    consented: () => true,
  });
}

/** Leads by round, in the order of the rounds given; leads of a round no longer shown go last. */
export function groupByRound<L extends { session_id: string | null }>(
  rounds: readonly { id: string }[],
  leads: readonly L[],
): { roundId: string | null; leads: L[] }[] {
  const known = new Set(rounds.map((round) => round.id));
  const groups = rounds.map((round) => ({ roundId: round.id as string | null, leads: [] as L[] }));
  const other: L[] = [];
  for (const lead of leads) {
    const group =
      lead.session_id && known.has(lead.session_id) ? groups.find((g) => g.roundId === lead.session_id) : undefined;
    if (group) group.leads.push(lead);
    else other.push(lead);
  }
  return other.length > 0 ? [...groups, { roundId: null, leads: other }] : groups;
}
