// Feedback and the event survey, the pure part: the forms' input, what makes
// a rating or a score valid, the refusals, and the report's numbers
// (average, distribution, NPS) and CSV rows. The database enforces the same
// rules (20261203110900_feedback.sql); these give the field messages.
import { z } from 'zod';
import type { FeedbackMessageKey } from '../i18n/dictionary/feedback.ts';
import { INTL_LOCALE, type Lang } from '../i18n/locales.ts';
import type { RefusalRules, RefusalWords, Refused } from '../site/refusal.ts';
import { defineList } from '../exports/exports.ts';
import { ANSWER_TEXT_MAX } from './questions.ts';

type Key = FeedbackMessageKey;

export const FEEDBACK_COMMENT_MAX = 2000;
export const SURVEY_COMMENT_MAX = 4000;

// Loose at the boundary (a missing radio is simply absent); the rules below
// turn bad values into field messages with a 400.
export const sessionFeedbackInput = z.object({
  sessionId: z.uuid({ error: 'feedback.error.unavailable' satisfies Key }),
  rating: z.string().max(20).optional(),
  comment: z
    .string()
    .max(FEEDBACK_COMMENT_MAX * 4)
    .optional(),
});
export type SessionFeedbackInput = z.output<typeof sessionFeedbackInput>;

export const surveyInput = z.object({
  eventId: z.uuid({ error: 'feedback.error.unavailable' satisfies Key }),
  score: z.string().max(20).optional(),
  comment: z
    .string()
    .max(SURVEY_COMMENT_MAX * 4)
    .optional(),
  // The organiser's questions, posted as `answers.<question id>` (Astro reads the prefix into this object).
  answers: z
    .object({})
    .catchall(z.string().max(SURVEY_COMMENT_MAX * 4))
    .optional(),
});
export type SurveyInput = z.output<typeof surveyInput>;

/** A whole number within [min, max] written as digits, or null. */
export function parseWhole(value: string | undefined, min: number, max: number): number | null {
  const text = (value ?? '').trim();
  if (!/^\d{1,2}$/.test(text)) return null;
  const number = Number(text);
  return number >= min && number <= max ? number : null;
}

/** A comment as stored: line endings normalised, trimmed, empty → null. Never sanitised: it is text, escaped when shown. */
export function normaliseComment(value: string | undefined): string | null {
  const text = (value ?? '').replace(/\r\n/g, '\n').trim();
  return text === '' ? null : text;
}

export type FeedbackRefusal = Refused<
  'invalid_rating' | 'comment_too_long' | 'not_found' | 'not_eligible' | 'not_open' | 'closed'
>;
export const FEEDBACK_REFUSALS: RefusalRules<FeedbackRefusal> = {
  invalid_rating: { status: 400, message: 'feedback.session.ratingInvalid', field: 'rating' },
  comment_too_long: {
    status: 400,
    message: 'feedback.commentTooLong',
    params: { max: FEEDBACK_COMMENT_MAX },
    field: 'comment',
  },
  not_found: { status: 404, message: 'feedback.error.unavailable' },
  not_eligible: { status: 403, message: 'feedback.session.notEligible' },
  not_open: { status: 409, message: 'feedback.notOpen' },
  closed: { status: 409, message: 'feedback.closed' },
};

export type SurveyRefusal = Refused<
  | 'invalid_score'
  | 'comment_too_long'
  | 'not_found'
  | 'no_ticket'
  | 'not_open'
  | 'closed'
  | 'answer_required'
  | 'answer_invalid'
  | 'answer_too_long',
  { question?: string }
>;
const atAnswer =
  (message: Key, params?: { max: number }) =>
  (refusal: SurveyRefusal): RefusalWords => ({
    status: 400,
    message,
    ...(params ? { params } : {}),
    field: `answers.${refusal.question ?? ''}`,
  });
export const SURVEY_REFUSALS: RefusalRules<SurveyRefusal> = {
  answer_required: atAnswer('feedback.survey.answerRequired'),
  answer_invalid: atAnswer('feedback.survey.answerInvalid'),
  answer_too_long: atAnswer('feedback.commentTooLong', { max: ANSWER_TEXT_MAX }),
  invalid_score: { status: 400, message: 'feedback.survey.scoreInvalid', field: 'score' },
  comment_too_long: {
    status: 400,
    message: 'feedback.commentTooLong',
    params: { max: SURVEY_COMMENT_MAX },
    field: 'comment',
  },
  not_found: { status: 404, message: 'feedback.error.unavailable' },
  no_ticket: { status: 403, message: 'feedback.survey.noTicket' },
  not_open: { status: 409, message: 'feedback.notOpen' },
  closed: { status: 409, message: 'feedback.closed' },
};

export interface SessionStats {
  count: number;
  /** Null when nobody rated. */
  average: number | null;
  /** How many gave 1, 2, 3, 4, 5 (index 0 is 1). */
  distribution: [number, number, number, number, number];
}

export function sessionStats(ratings: readonly number[]): SessionStats {
  const distribution: SessionStats['distribution'] = [0, 0, 0, 0, 0];
  for (const rating of ratings) if (rating >= 1 && rating <= 5) distribution[rating - 1]! += 1;
  const count = distribution.reduce((sum, n) => sum + n, 0);
  const total = distribution.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return { count, average: count === 0 ? null : total / count, distribution };
}

export interface NpsStats {
  count: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Promoters' share minus detractors', −100…100, rounded; null when nobody answered. */
  nps: number | null;
}

/** Net Promoter Score: 9–10 promote, 7–8 are passive, 0–6 detract. */
export function npsStats(scores: readonly number[]): NpsStats {
  const promoters = scores.filter((score) => score >= 9).length;
  const detractors = scores.filter((score) => score <= 6).length;
  const count = scores.length;
  return {
    count,
    promoters,
    passives: count - promoters - detractors,
    detractors,
    nps: count === 0 ? null : Math.round(((promoters - detractors) / count) * 100),
  };
}

/** One bar chart's geometry (SVG user units): bars for 1…5, widths relative to the largest. */
export function barWidths(distribution: readonly number[], full: number): number[] {
  const largest = Math.max(1, ...distribution);
  return distribution.map((n) => Math.round((n / largest) * full));
}

/** A comment in the organisers' report: its text, who wrote it (null once anonymised), when. */
export interface FeedbackComment {
  text: string;
  author: string | null;
  at: Date;
}

/** One line of the feedback export: a session rating, a survey (NPS) answer, or an answer to a question. */
export interface FeedbackRow {
  /** The kind in words ("Session", "Evaluering", "Spørgsmål"). */
  kind: string;
  /** The session's title or the question's wording; empty for the NPS answer. */
  item: string;
  /** A session's 1–5, the NPS 0–10, or a scale question's 1–5; null for other answers. */
  score: number | null;
  /** The comment, the chosen option or the text. */
  answer: string | null;
  /** The ticket's name; null once anonymised. */
  author: string | null;
  at: Date;
}

/** The export of every rating and answer, for the event's organisers (who see who wrote what). */
export const FEEDBACK_EXPORT = defineList<FeedbackRow>({
  key: 'feedback',
  columns: [
    { key: 'kind', header: 'feedback.csv.kind', type: 'text', value: (row) => row.kind, width: 12 },
    { key: 'item', header: 'feedback.csv.item', type: 'text', value: (row) => row.item, width: 40 },
    { key: 'score', header: 'feedback.csv.score', type: 'number', value: (row) => row.score },
    { key: 'answer', header: 'feedback.csv.comment', type: 'text', value: (row) => row.answer, width: 60 },
    { key: 'author', header: 'feedback.csv.author', type: 'text', value: (row) => row.author },
    { key: 'at', header: 'feedback.csv.at', type: 'datetime', value: (row) => row.at },
  ],
});

const averageFormats = new Map<Lang, Intl.NumberFormat>();

/** An average rating to one decimal: "4,5" / "4.5". */
export function formatAverage(lang: Lang, value: number): string {
  let format = averageFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    averageFormats.set(lang, format);
  }
  return format.format(value);
}
