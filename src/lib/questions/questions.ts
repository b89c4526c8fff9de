// Questions in a session, and to a solution's team in a gallery round: the
// forms attendees and moderators post, the order a list is shown in, how a
// list's path names its session (and solution), the rate limits per person,
// and every refusal in words. Pure: no I/O (questions.server.ts does that).
import { z } from 'zod';
import type { RateRule } from '../auth/auth.ts';
import { formatTime } from '../i18n/format.ts';
import type { Lang } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { QuestionsMessageKey } from '../i18n/dictionary/questions.ts';
import type { RefusalRules, Refused } from '../site/refusal.ts';
import { parseSlug } from '../site/site.ts';

type Key = QuestionsMessageKey;

/** The longest question, in characters (Postgres holds the same limit). */
export const QUESTION_MAX_LENGTH = 500;

/** What looks like an HTML tag, a comment or a doctype: refused, so no one can even try markup. */
const MARKUP = /<[A-Za-z/!?]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const uuid = z.uuid();
// Astro hands a form field that was not sent over as null; an empty one is no choice either.
const optionalUuid = z
  .union([uuid, z.literal('')])
  .nullish()
  .transform((value) => value || undefined);

/** The question form: the list (session, and solution in a gallery round), the text, anonymous or not. */
export const askForm = z.object({
  session: uuid,
  solution: optionalUuid,
  body: z
    .string()
    .nullish()
    .transform((value) => (value ?? '').normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, { error: 'questions.field.empty' satisfies Key })
        .max(QUESTION_MAX_LENGTH, { error: 'questions.field.tooLong' satisfies Key })
        .refine((value) => value.isWellFormed() && !CONTROLS.test(value), {
          error: 'questions.field.invalidCharacters' satisfies Key,
        })
        .refine((value) => !MARKUP.test(value), { error: 'questions.field.markup' satisfies Key }),
    ),
  anonymous: z
    .enum(['ja'])
    .nullish()
    .transform((value) => value === 'ja'),
});
export type AskInput = z.output<typeof askForm>;

/** An up-vote, or taking it back. */
export const voteForm = z.object({
  question: uuid,
  vote: z.enum(['op', 'fortryd']).transform((value) => value === 'op'),
});

export const MODERATOR_ACTIONS = ['hide', 'show', 'answer', 'reopen', 'pin', 'unpin'] as const;
export type ModeratorAction = (typeof MODERATOR_ACTIONS)[number];

/** A moderator's step on one question. */
export const moderateForm = z.object({
  question: uuid,
  action: z.enum(MODERATOR_ACTIONS),
});

/** The moderator opens or closes the list by hand, or gives it back to the clock. */
export const windowForm = z.object({
  session: uuid,
  solution: optionalUuid,
  opened: z.enum(['open', 'closed', 'auto']).transform((value) => (value === 'auto' ? null : value)),
});

/** A list in a path: `<session>` or `<session>/<solution>` (a solution's list in a gallery round). */
export function parseListPath(rest: string | undefined): { session: string; solution: string | null } | null {
  const parts = (rest ?? '').split('/').filter((part) => part !== '');
  if (parts.length < 1 || parts.length > 2) return null;
  const session = parseSlug(parts[0]);
  const solution = parts.length === 2 ? parseSlug(parts[1]) : null;
  if (!session || (parts.length === 2 && !solution)) return null;
  return { session, solution };
}

export type QuestionStatus = 'visible' | 'hidden' | 'answered';

export interface Question {
  id: string;
  body: string;
  /** Null when asked anonymously (or the asker's account is gone). */
  authorName: string | null;
  anonymous: boolean;
  status: QuestionStatus;
  votes: number;
  createdAt: Date;
  answeredAt: Date | null;
  pinned: boolean;
  /** The caller asked it. */
  mine: boolean;
  /** The caller up-voted it. */
  voted: boolean;
}

export type QuestionOrder = 'votes' | 'time';

/**
 * A list in the order shown: the pinned question first, then open ones
 * (most votes first, or newest first), then the answered, then the hidden;
 * ties by time, newest first, then id so the order never flickers.
 */
export function sortQuestions(questions: readonly Question[], order: QuestionOrder): Question[] {
  const rank = (question: Question) =>
    question.pinned ? 0 : question.status === 'visible' ? 1 : question.status === 'answered' ? 2 : 3;
  return [...questions].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (order === 'votes' ? b.votes - a.votes : 0) ||
      b.createdAt.getTime() - a.createdAt.getTime() ||
      a.id.localeCompare(b.id),
  );
}

/** Questions per person and event: a burst of a few, and a ceiling for the day. */
export function questionRateRules(userId: string, eventId: string): RateRule[] {
  return [
    { bucket: `questions:${eventId}:${userId}`, limit: 5, windowSeconds: 120 },
    { bucket: `questions:${eventId}:${userId}`, limit: 30, windowSeconds: 86_400 },
  ];
}

export type AskRefusal = Refused<
  'not_found' | 'no_ticket' | 'empty' | 'too_long' | 'markup' | 'not_open' | 'closed' | 'rate_limited',
  { opensAt?: Date; retryAfterSeconds?: number }
>;

export const ASK_REFUSALS: RefusalRules<AskRefusal> = {
  not_found: { status: 404, message: 'questions.error.notFound' },
  no_ticket: { status: 403, message: 'questions.error.noTicket' },
  empty: { status: 400, message: 'questions.field.empty', field: 'body' },
  too_long: { status: 400, message: 'questions.field.tooLong', field: 'body' },
  markup: { status: 400, message: 'questions.field.markup', field: 'body' },
  not_open: { status: 409, message: 'questions.error.notOpen' },
  closed: { status: 409, message: 'questions.error.closed' },
  rate_limited: (refusal) => ({
    status: 429,
    message: 'questions.error.rateLimited',
    params: { count: Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60)) },
  }),
};

export type VoteRefusal = Refused<'not_found' | 'no_ticket' | 'closed' | 'answered' | 'already_voted' | 'not_voted'>;

export const VOTE_REFUSALS: RefusalRules<VoteRefusal> = {
  not_found: { status: 404, message: 'questions.error.questionNotFound' },
  no_ticket: { status: 403, message: 'questions.error.noTicket' },
  closed: { status: 409, message: 'questions.error.closed' },
  answered: { status: 409, message: 'questions.error.answered' },
  already_voted: { status: 409, message: 'questions.error.alreadyVoted' },
  not_voted: { status: 409, message: 'questions.error.notVoted' },
};

export type ModerateRefusal = Refused<'not_found'>;

export const MODERATE_REFUSALS: RefusalRules<ModerateRefusal> = {
  not_found: { status: 404, message: 'questions.error.questionNotFound' },
};

export interface QuestionWindow {
  opensAt: Date;
  closesAt: Date;
  opened: 'open' | 'closed' | null;
  isOpen: boolean;
}

/** Where a list stands, in one sentence in the visitor's language (times in the event's zone). */
export function questionWindowText(tr: Translate, lang: Lang, window: QuestionWindow, timeZone: string, now: Date) {
  if (window.isOpen) {
    return window.opened === 'open'
      ? tr('questions.window.openByHand')
      : tr('questions.window.open', { time: formatTime(lang, window.closesAt, timeZone) });
  }
  if (window.opened === null && now < window.opensAt) {
    return tr('questions.window.upcoming', { time: formatTime(lang, window.opensAt, timeZone) });
  }
  return tr('questions.window.closed');
}

/** The sort order a page was asked for (`?sorter=tid`); votes unless time was chosen. */
export function questionOrder(value: string | null): QuestionOrder {
  return value === 'tid' ? 'time' : 'votes';
}
