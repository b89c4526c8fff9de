// The audience award's rules: the forms organisers and voters post, where an
// award stands at a moment (not set, upcoming, open, closed, announced), how
// votes and jury points become a ranking, and every refusal in words. Pure:
// no I/O (award.server.ts does that).
import { z } from 'zod';
import { CHANGED_ELSEWHERE } from '../console/concurrency.ts';
import {
  inOrder,
  optionalText,
  optionalWholeNumber,
  requiredText,
  versionField,
  wallClockField,
  wholeNumber,
} from '../settings/fields.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Lang } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { RefusalRules, Refused } from '../site/refusal.ts';

const uuid = z.uuid();

/** The award's settings form. Times are wall clocks in the event's zone. */
export const awardForm = z
  .object({
    event: uuid,
    /** Empty for the first save (the award does not exist yet). */
    version: versionField.nullish(),
    name: requiredText(200),
    nameEn: optionalText(200),
    description: optionalText(2000, true),
    descriptionEn: optionalText(2000, true),
    opensAt: wallClockField,
    closesAt: wallClockField,
    juryShare: wholeNumber(0, 100),
  })
  .superRefine(inOrder('opensAt', 'closesAt'))
  .superRefine((value, context) => {
    if ((value.opensAt === null) !== (value.closesAt === null)) {
      const missing = value.opensAt === null ? 'opensAt' : 'closesAt';
      context.addIssue({ code: 'custom', path: [missing], message: 'award.field.bothTimes' });
    }
  });
export type AwardFormInput = z.infer<typeof awardForm>;

/** One accepted solution in or out of the running, with the jury's points (0–100) if the jury has a share. */
export const nomineeForm = z.object({
  event: uuid,
  solution: uuid,
  nominee: z.enum(['ja', 'nej']).transform((value) => value === 'ja'),
  juryPoints: optionalWholeNumber(0, 100),
});

/** Close the voting now, announce the result, or take the announcement back. */
export const awardStepForm = z.object({
  event: uuid,
  version: versionField,
  step: z.enum(['close', 'announce', 'withdraw']),
});

/** A vote: the link's token (the ticket's permission) and the nominee chosen. */
export const voteForm = z.object({
  token: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_.-]+$/),
  solution: uuid.optional(),
});

export type AwardPhase = 'upcoming' | 'open' | 'closed' | 'announced' | 'unscheduled';

export interface AwardWindow {
  opensAt: Date | null;
  closesAt: Date | null;
  announcedAt: Date | null;
}

/** Where the award stands at `now`: no window yet, before, during or after the voting, or announced. */
export function awardPhase(award: AwardWindow, now: Date): AwardPhase {
  if (award.announcedAt) return 'announced';
  if (!award.opensAt || !award.closesAt) return 'unscheduled';
  if (now < award.opensAt) return 'upcoming';
  if (now < award.closesAt) return 'open';
  return 'closed';
}

/** Where the award stands, in one sentence in the visitor's language (times in the event's zone). */
export function awardPhaseText(tr: Translate, lang: Lang, award: AwardWindow, timeZone: string, now: Date): string {
  const when = (date: Date | null) => (date ? formatDateTime(lang, date, timeZone) : '');
  switch (awardPhase(award, now)) {
    case 'unscheduled':
      return tr('award.phase.unscheduled');
    case 'upcoming':
      return tr('award.phase.upcoming', { time: when(award.opensAt) });
    case 'open':
      return tr('award.phase.open', { time: when(award.closesAt) });
    case 'closed':
      return tr('award.phase.closed');
    case 'announced':
      return tr('award.phase.announced', { time: when(award.announcedAt) });
  }
}

export interface NomineeTally {
  solutionId: string;
  votes: number;
  juryPoints: number | null;
}

export interface Standing extends NomineeTally {
  /** Share of all audience votes, 0–100 (one decimal). */
  audiencePercent: number;
  /** Share of all jury points, 0–100 (one decimal); null without a jury share. */
  juryPercent: number | null;
  /** The result: audience and jury shares weighted by the jury share; 0–100 (one decimal). */
  score: number;
  /** 1 for the winner; equal scores share a rank. */
  rank: number;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * The ranking: each nominee's share of the audience's votes and of the jury's
 * points, weighted (jury share % to the jury, the rest to the audience).
 * Without a jury share the votes alone decide. Ties share a rank; the order
 * among them is the list's own (stable).
 */
export function standings(tallies: readonly NomineeTally[], juryShare: number): Standing[] {
  const votes = tallies.reduce((sum, tally) => sum + tally.votes, 0);
  const points = tallies.reduce((sum, tally) => sum + (tally.juryPoints ?? 0), 0);
  const jury = juryShare > 0 ? juryShare / 100 : 0;
  const rows = tallies.map((tally) => {
    const audience = votes > 0 ? tally.votes / votes : 0;
    const juryPart = jury > 0 && points > 0 ? (tally.juryPoints ?? 0) / points : 0;
    const exact = (1 - jury) * audience + jury * juryPart;
    return {
      ...tally,
      audiencePercent: oneDecimal(audience * 100),
      juryPercent: jury > 0 ? oneDecimal(juryPart * 100) : null,
      exact,
    };
  });
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.exact - a.row.exact || a.index - b.index)
    .map(({ row }) => row);
  let rank = 0;
  let previous = Number.NaN;
  return sorted.map((row, position) => {
    // Scores equal to 1e-9 are a tie (floating point), and share the first one's rank.
    if (!(Math.abs(row.exact - previous) < 1e-9)) rank = position + 1;
    previous = row.exact;
    const { exact, ...rest } = row;
    return { ...rest, score: oneDecimal(exact * 100), rank };
  });
}

export type AwardRefusal = Refused<
  | 'not_found'
  | 'changed_elsewhere'
  | 'window_order'
  | 'announced'
  | 'not_accepted'
  | 'has_votes'
  | 'not_open'
  | 'still_open'
>;

export const AWARD_REFUSALS: RefusalRules<AwardRefusal> = {
  not_found: { status: 404, message: 'award.refused.notFound' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  window_order: { status: 400, message: 'settings.field.closeBeforeOpen', field: 'closesAt' },
  announced: { status: 409, message: 'award.refused.announced' },
  not_accepted: { status: 409, message: 'award.refused.notAccepted' },
  has_votes: { status: 409, message: 'award.refused.hasVotes' },
  not_open: { status: 409, message: 'award.refused.notOpen' },
  still_open: { status: 409, message: 'award.refused.stillOpen' },
};

/** What a voter is told when their vote is not taken. */
export type VoteRefusal = Refused<
  'invalid' | 'cancelled' | 'not_checked_in' | 'no_award' | 'not_open' | 'closed' | 'not_nominee'
>;

export const VOTE_REFUSALS: RefusalRules<VoteRefusal> = {
  invalid: { status: 404, message: 'award.vote.invalid' },
  cancelled: { status: 403, message: 'award.vote.cancelled' },
  not_checked_in: { status: 403, message: 'award.vote.notCheckedIn' },
  no_award: { status: 404, message: 'award.vote.noAward' },
  not_open: { status: 409, message: 'award.vote.notOpen' },
  closed: { status: 409, message: 'award.vote.closed' },
  not_nominee: { status: 400, message: 'award.vote.chooseOne', field: 'solution' },
};

export type VoteAnswer = { ok: true; code: 'cast' | 'changed' | 'unchanged' } | VoteRefusal;
