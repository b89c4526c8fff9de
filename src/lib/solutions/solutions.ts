// The call for solutions, the pure part: statuses and who may move them where
// (the same rules Postgres enforces), whether a solution can still be edited,
// and the zod schemas for every form, whose messages are dictionary keys.
import { z } from 'zod';
import { SECTORS, type Sector } from '../events/events.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules, RefusalWords } from '../site/refusal.ts';

export const SOLUTION_STATUSES = [
  'draft',
  'submitted',
  'changes_requested',
  'accepted',
  'rejected',
  'withdrawn',
] as const;
export type SolutionStatus = (typeof SOLUTION_STATUSES)[number];

export const REVIEW_DECISIONS = ['accepted', 'rejected', 'changes_requested'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export type Actor = 'exhibitor' | 'organiser';

const TRANSITIONS: Record<Actor, readonly (readonly [SolutionStatus, SolutionStatus])[]> = {
  exhibitor: [
    ['draft', 'submitted'],
    ['changes_requested', 'submitted'],
    ['draft', 'withdrawn'],
    ['submitted', 'withdrawn'],
    ['changes_requested', 'withdrawn'],
  ],
  organiser: [
    ['submitted', 'accepted'],
    ['submitted', 'rejected'],
    ['submitted', 'changes_requested'],
  ],
};

/** Mirrors private.solution_transition_allowed. */
export function canTransition(from: SolutionStatus, to: SolutionStatus, actor: Actor): boolean {
  return TRANSITIONS[actor].some(([a, b]) => a === from && b === to);
}

export const EDITABLE_STATUSES: readonly SolutionStatus[] = ['draft', 'submitted', 'changes_requested'];

export interface CallWindow {
  opensAt: Date | null;
  closesAt: Date | null;
  /** The event's status when known: only a published event's call opens (private.call_is_open). */
  eventStatus?: 'draft' | 'published' | 'archived';
}

export type CallState = 'none' | 'not_yet_open' | 'open' | 'closed';

export function callState(call: CallWindow, now: Date): CallState {
  if (!call.opensAt || !call.closesAt) return 'none';
  if (call.eventStatus === 'archived') return 'closed';
  // A draft's call opens when the event is published, not before.
  if (now < call.opensAt || call.eventStatus === 'draft') return 'not_yet_open';
  return now < call.closesAt ? 'open' : 'closed';
}

/** Team members edit while the status allows it and the call is open (as the update policy says). */
export function canEdit(status: SolutionStatus, call: CallWindow, now: Date): boolean {
  return EDITABLE_STATUSES.includes(status) && callState(call, now) === 'open';
}

/** Why a team can no longer edit its solution, so the page can say so and who can still change it. */
export type EditClosedReason = 'accepted' | 'rejected' | 'withdrawn' | 'call_closed';

/** Who to ask once only the organisers can change a solution. */
export interface OrganiserContact {
  name: string;
  email: string | null;
}

export function editClosedReason(status: SolutionStatus, call: CallWindow, now: Date): EditClosedReason | null {
  if (canEdit(status, call, now)) return null;
  if (status === 'accepted' || status === 'rejected' || status === 'withdrawn') return status;
  return 'call_closed';
}

export function isSolutionStatus(value: unknown): value is SolutionStatus {
  return typeof value === 'string' && (SOLUTION_STATUSES as readonly string[]).includes(value);
}

export function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (SECTORS as readonly string[]).includes(value);
}

// ── Forms ────────────────────────────────────────────────────────────────
type Key = MessageKey;

/** Control characters other than the line break; never part of a title or a summary. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && code !== 0x0a) || code === 0x7f;
}

/** Trimmed text without control characters other than line breaks. */
export const text = (max: number, tooLong: Key) =>
  z
    .string()
    .transform((value) => value.replace(/\r\n?/g, '\n').trim())
    .refine((value) => ![...value].some(isControl), {
      error: 'solutions.field.invalidText' satisfies Key,
    })
    .refine((value) => value.length <= max, { error: tooLong });

export const required = (max: number, missing: Key, tooLong: Key) =>
  text(max, tooLong).refine((value) => value.length > 0, { error: missing });

export const optionalText = (max: number, tooLong: Key) =>
  text(max, tooLong).transform((value) => (value.length === 0 ? null : value));

export const oneLine = (schema: z.ZodType<string>) =>
  schema.refine((value) => !value.includes('\n'), { error: 'solutions.field.invalidText' satisfies Key });

export const MAX_PARTNERS = 8;
export const MAX_LINKS = 5;

const partner = z.object({
  name: oneLine(required(200, 'solutions.field.partnerNameRequired', 'solutions.field.tooLong')),
  sector: z.enum(SECTORS, { error: 'solutions.field.sectorRequired' satisfies Key }),
});
export type PartnerInput = z.output<typeof partner>;

export const url = z
  .string()
  .max(500, { error: 'solutions.field.linkInvalid' satisfies Key })
  .refine(
    (value) => {
      if (!/^https?:\/\/\S+$/.test(value)) return false;
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: 'solutions.field.linkInvalid' satisfies Key },
  );

export const solutionInput = z.object({
  title: oneLine(required(200, 'solutions.field.titleRequired', 'solutions.field.tooLong')),
  summary: required(4000, 'solutions.field.summaryRequired', 'solutions.field.tooLong'),
  /** Optional English versions for the English pages; empty means the Danish text is shown there. */
  titleEn: oneLine(text(200, 'solutions.field.tooLong')).transform((value) => (value.length === 0 ? null : value)),
  summaryEn: optionalText(4000, 'solutions.field.tooLong'),
  targetGroup: optionalText(1000, 'solutions.field.tooLong'),
  results: optionalText(4000, 'solutions.field.tooLong'),
  evidence: optionalText(4000, 'solutions.field.tooLong'),
  links: z.array(url).max(MAX_LINKS, { error: 'solutions.field.tooManyLinks' satisfies Key }),
  partners: z
    .array(partner)
    .min(1, { error: 'solutions.field.partnerRequired' satisfies Key })
    .max(MAX_PARTNERS, { error: 'solutions.field.tooManyPartners' satisfies Key }),
  contactName: oneLine(required(200, 'solutions.field.contactNameRequired', 'solutions.field.tooLong')),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, { error: 'solutions.field.emailInvalid' satisfies Key })
    .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: 'solutions.field.emailInvalid' satisfies Key }),
  contactPhone: z
    .string()
    .trim()
    .max(40, { error: 'solutions.field.phoneInvalid' satisfies Key })
    .regex(/^(\+?[0-9][0-9 ()-]{5,})?$/, { error: 'solutions.field.phoneInvalid' satisfies Key })
    .transform((value) => (value.length === 0 ? null : value)),
  awardNominee: z.boolean(),
  /** Save as a draft, or submit for review. */
  intent: z.enum(['draft', 'submit'], { error: 'solutions.field.invalidText' satisfies Key }),
});
export type SolutionInput = z.output<typeof solutionInput>;

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** Reads the solution form: partner rows as partnerName/partnerSector pairs, links one per line. */
export function solutionFromForm(form: FormData): unknown {
  const names = form.getAll('partnerName').map((value) => (typeof value === 'string' ? value : ''));
  const sectors = form.getAll('partnerSector').map((value) => (typeof value === 'string' ? value : ''));
  const partners = names
    .map((name, i) => ({ name, sector: sectors[i] ?? '' }))
    .filter((row) => row.name.trim() !== '' || row.sector !== '');
  const links = field(form, 'links')
    .split(/\s+/)
    .map((link) => link.trim())
    .filter((link) => link !== '');
  return {
    title: field(form, 'title'),
    summary: field(form, 'summary'),
    titleEn: field(form, 'titleEn'),
    summaryEn: field(form, 'summaryEn'),
    targetGroup: field(form, 'targetGroup'),
    results: field(form, 'results'),
    evidence: field(form, 'evidence'),
    links,
    partners,
    contactName: field(form, 'contactName'),
    contactEmail: field(form, 'contactEmail'),
    contactPhone: field(form, 'contactPhone'),
    awardNominee: form.get('awardNominee') === 'on' || form.get('awardNominee') === 'true',
    intent: form.get('intent') === 'draft' ? 'draft' : 'submit',
  };
}

export const UUID = z.uuid({ error: 'solutions.error.not_found' satisfies Key });
const eventSlugField = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'solutions.error.not_found' satisfies Key });

export const submitForm = z
  .instanceof(FormData)
  .transform((form) => ({ event: field(form, 'event'), solution: solutionFromForm(form) }))
  .pipe(z.object({ event: eventSlugField, solution: solutionInput }));

export const editForm = z
  .instanceof(FormData)
  .transform((form) => ({ solutionId: field(form, 'solutionId'), solution: solutionFromForm(form) }))
  .pipe(z.object({ solutionId: UUID, solution: solutionInput }));

export const solutionIdInput = z.object({ solutionId: UUID });

export const inviteInput = z.object({
  solutionId: UUID,
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, { error: 'solutions.field.emailInvalid' satisfies Key })
    .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: 'solutions.field.emailInvalid' satisfies Key }),
});

export const reviewInput = z
  .object({
    event: eventSlugField,
    solutionId: UUID,
    decision: z.enum(REVIEW_DECISIONS, { error: 'solutions.field.decisionRequired' satisfies Key }),
    // An empty textarea arrives as null (Astro's form parsing); accepting needs no message.
    message: z
      .string()
      .nullish()
      .transform((value) => (value ?? '').replace(/\r\n?/g, '\n').trim())
      .refine((value) => value.length <= 4000, { error: 'solutions.field.tooLong' satisfies Key }),
  })
  .refine((review) => review.decision !== 'changes_requested' || review.message.length > 0, {
    path: ['message'],
    error: 'solutions.field.messageRequired' satisfies Key,
  });
export type ReviewInput = z.output<typeof reviewInput>;

export const assignInput = z.object({
  event: eventSlugField,
  solutionId: UUID,
  sessionId: UUID,
  position: z.coerce
    .number({ error: 'solutions.field.positionInvalid' satisfies Key })
    .int({ error: 'solutions.field.positionInvalid' satisfies Key })
    .min(1, { error: 'solutions.field.positionInvalid' satisfies Key })
    .max(3, { error: 'solutions.field.positionInvalid' satisfies Key }),
});
export type AssignInput = z.output<typeof assignInput>;

export const unassignInput = z.object({ event: eventSlugField, presentationId: UUID });

/** Use-case refusals, as machine codes the pages switch on (and dictionary keys `solutions.error.<code>`). */
export const SOLUTION_ERRORS = [
  'not_found',
  'call_closed',
  'not_editable',
  'invalid_transition',
  'already_invited',
  'not_accepted',
  'round_full',
  'position_taken',
  'already_in_round',
  'overlapping_round',
  'required_missing',
] as const;
export type SolutionErrorCode = (typeof SOLUTION_ERRORS)[number];

/** A refusal of a solution action, as the action answers it. */
export type SolutionRefusal = Refused<SolutionErrorCode, { fields?: readonly string[] }>;

const conflict = (code: Exclude<SolutionErrorCode, 'required_missing'>): RefusalWords => ({
  status: 409,
  message: `solutions.error.${code}`,
});

/** Every refusal of the solution actions, with its status and words: the one place for them. */
export const SOLUTION_REFUSALS: RefusalRules<SolutionRefusal> = {
  not_found: { status: 404, message: 'solutions.error.not_found' },
  call_closed: { status: 403, message: 'solutions.error.call_closed' },
  not_editable: conflict('not_editable'),
  invalid_transition: conflict('invalid_transition'),
  already_invited: conflict('already_invited'),
  not_accepted: conflict('not_accepted'),
  round_full: conflict('round_full'),
  position_taken: conflict('position_taken'),
  already_in_round: conflict('already_in_round'),
  overlapping_round: conflict('overlapping_round'),
  // Which fields: `fields` (call-fields.ts); the page puts a message at each.
  required_missing: { status: 400, message: 'callQuestions.error.required_missing' },
};

/** A URL-safe slug from a title, with a suffix that keeps it unique. */
export function slugFor(title: string, suffix: string): string {
  const base = title
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  const tail =
    suffix
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 12) || 'x';
  return base ? `${base}-${tail}` : `losning-${tail}`;
}

// ── The organiser's list ─────────────────────────────────────────────────
export interface SolutionFilters {
  status: SolutionStatus | null;
  sector: Sector | null;
  nominee: boolean | null;
  query: string | null;
}

export function filtersFromQuery(params: URLSearchParams): SolutionFilters {
  const status = params.get('status');
  const sector = params.get('sektor');
  const nominee = params.get('nomineret');
  const query = (params.get('q') ?? '').trim().slice(0, 100);
  return {
    status: isSolutionStatus(status) ? status : null,
    sector: isSector(sector) ? sector : null,
    nominee: nominee === 'ja' ? true : nominee === 'nej' ? false : null,
    query: query === '' ? null : query,
  };
}

export interface ListedSolution {
  title: string;
  summary: string;
  /** Null when the contact deleted their account. */
  contactName: string | null;
  status: SolutionStatus;
  awardNominee: boolean;
  sectors: readonly string[];
  partnerNames: readonly string[];
}

/** Applies the filters; text search is case-insensitive over title, summary, contact and partners. */
export function matchesFilters(solution: ListedSolution, filters: SolutionFilters): boolean {
  if (filters.status && solution.status !== filters.status) return false;
  if (filters.sector && !solution.sectors.includes(filters.sector)) return false;
  if (filters.nominee !== null && solution.awardNominee !== filters.nominee) return false;
  if (filters.query) {
    const needle = filters.query.toLocaleLowerCase('da');
    const haystack = [solution.title, solution.summary, solution.contactName ?? '', ...solution.partnerNames]
      .join('\n')
      .toLocaleLowerCase('da');
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    // Drop the wrapper ('solution.') and the row index, so a partner row's error lands on the partner field.
    const path = issue.path.map(String).filter((part) => part !== 'solution');
    const name =
      path.length === 0 ? 'form' : path[0] === 'partners' ? 'partners' : path[0] === 'links' ? 'links' : path.join('.');
    if (!errors.has(name)) errors.set(name, issue.message);
  }
  return errors;
}
