// The review rubric as data: criteria (Danish and English names, a weight
// 1–10, an order) that organisers define, and each reviewer's 1–5 score per
// submitted solution and criterion. The forms' schemas, the weighted average,
// the ranking order and the refusals with their words. Pure: no I/O.
import { z } from 'zod';
import { CHANGED_ELSEWHERE, type ChangedElsewhere, parseVersion } from '../console/concurrency.ts';
import { INTL_LOCALE, type Lang } from '../i18n/locales.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
export const SCORES = [1, 2, 3, 4, 5] as const;
export const WEIGHT_MIN = 1;
export const WEIGHT_MAX = 10;
/** An event has at most this many criteria (the table's position limit). */
export const MAX_CRITERIA = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string({ error: 'rubric.error.badForm' }).regex(UUID, { error: 'rubric.error.badForm' });
const version = z.unknown().transform((value, ctx) => {
  const parsed = parseVersion(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'rubric.error.badForm' satisfies MessageKey });
    return z.NEVER;
  }
  return parsed;
});

const isControl = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return code < 32 || (code >= 127 && code < 160);
};
const name = z
  .string({ error: 'rubric.field.nameRequired' })
  .trim()
  .min(1, { error: 'rubric.field.nameRequired' })
  .max(200, { error: 'rubric.field.tooLong' })
  .refine((value) => ![...value].some(isControl), { error: 'rubric.field.invalidText' });
const nameEn = z
  .string()
  .nullish()
  .transform((value) => (value ?? '').trim())
  .pipe(
    z
      .string()
      .max(200, { error: 'rubric.field.tooLong' })
      .refine((value) => ![...value].some(isControl), { error: 'rubric.field.invalidText' }),
  )
  .transform((value) => (value === '' ? null : value));
const wholeNumber = (min: number, max: number, error: MessageKey) =>
  z
    .string({ error })
    .trim()
    .regex(/^[0-9]{1,3}$/, { error })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error });

export const criterionInput = z.object({
  event: uuid,
  name,
  nameEn,
  weight: wholeNumber(WEIGHT_MIN, WEIGHT_MAX, 'rubric.field.weightError'),
  position: wholeNumber(1, MAX_CRITERIA, 'rubric.field.positionError'),
});
export type CriterionInput = z.output<typeof criterionInput>;

export const criterionEditInput = criterionInput.extend({ id: uuid, version });
export type CriterionEditInput = z.output<typeof criterionEditInput>;

export const criterionDeleteInput = z.object({ event: uuid, id: uuid, version });

/** One criterion's score as a form posts it: `score.<criterion>` (1–5, absent when not given) and `version.<criterion>`. */
export interface PostedScore {
  criterionId: string;
  score: number;
  /** The version of the reviewer's score the form showed; null when they had none. */
  version: number | null;
}

export const scoresForm = z
  .instanceof(FormData)
  .transform((form, ctx) => {
    const text = (key: string) => {
      const value = form.get(key);
      return typeof value === 'string' ? value : '';
    };
    const scores: PostedScore[] = [];
    for (const [key, value] of form.entries()) {
      if (!key.startsWith('score.') || typeof value !== 'string' || value === '') continue;
      const criterionId = key.slice('score.'.length);
      const score = Number(value);
      const shown = text(`version.${criterionId}`);
      const version = shown === '' ? null : (parseVersion(shown) ?? -1);
      if (
        !UUID.test(criterionId) ||
        !Number.isInteger(score) ||
        score < SCORE_MIN ||
        score > SCORE_MAX ||
        version === -1
      ) {
        ctx.addIssue({ code: 'custom', path: ['scores'], message: 'rubric.field.score' satisfies MessageKey });
        return z.NEVER;
      }
      scores.push({ criterionId, score, version });
    }
    return { event: text('event'), solution: text('solution'), scores };
  })
  .pipe(
    z.object({
      event: uuid,
      solution: uuid,
      scores: z
        .array(z.object({ criterionId: z.string(), score: z.number(), version: z.number().nullable() }))
        .min(1, { error: 'rubric.field.scoreRequired' })
        .max(MAX_CRITERIA, { error: 'rubric.error.badForm' }),
    }),
  );
export type ScoresInput = z.output<typeof scoresForm>;

/** A score as the average needs it. */
export interface WeightedScore {
  score: number;
  weight: number;
}

/**
 * Σ weight × score / Σ weight, or null without scores. Every reviewer's score
 * counts once, so a criterion scored by more reviewers does not weigh more
 * per reviewer than another.
 */
export function weightedAverage(scores: readonly WeightedScore[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const { score, weight } of scores) {
    sum += score * weight;
    weights += weight;
  }
  return weights > 0 ? sum / weights : null;
}

export interface RankedSolution {
  id: string;
  title: string;
  average: number | null;
  reviewers: number;
}

/** Best average first; unscored last; ties by more reviewers, then title. */
export function rankSolutions<T extends RankedSolution>(solutions: readonly T[]): T[] {
  return [...solutions].sort(
    (a, b) =>
      (b.average ?? -1) - (a.average ?? -1) || b.reviewers - a.reviewers || a.title.localeCompare(b.title, 'da'),
  );
}

export type RubricRefusal =
  ChangedElsewhere | Refused<'not_found' | 'name_taken' | 'not_reviewable' | 'score_range' | 'weight_range'>;

export const RUBRIC_REFUSALS: RefusalRules<RubricRefusal> = {
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_found: { status: 404, message: 'rubric.error.notFound' },
  name_taken: { status: 409, message: 'rubric.field.nameTaken', field: 'name' },
  not_reviewable: { status: 409, message: 'rubric.error.notReviewable' },
  score_range: { status: 400, message: 'rubric.field.score', field: 'scores' },
  weight_range: { status: 400, message: 'rubric.field.weightError', field: 'weight' },
};

/** An average on the 1–5 scale, with at most two decimals: "3,75" / "3.75". */
export function formatAverage(lang: Lang, value: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang], { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(value);
}
