// The organisers' own survey questions, the pure part: the console form's
// input and its field messages, the refusals, how a question reads in a
// language, and the report's numbers per question. The database holds the
// same limits and the rule that an answered question keeps its meaning
// (20261203120500_survey_questions.sql).
import { z } from 'zod';
import { CHANGED_ELSEWHERE, parseVersion } from '../console/concurrency.ts';
import type { FeedbackMessageKey } from '../i18n/dictionary/feedback.ts';
import type { Lang } from '../i18n/locales.ts';
import type { RefusalRules, Refused } from '../site/refusal.ts';

type Key = FeedbackMessageKey;

export const QUESTION_KINDS = ['scale', 'choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const PROMPT_MAX = 300;
export const CHOICE_MAX = 100;
export const CHOICES_MIN = 2;
export const CHOICES_MAX = 10;
export const ANSWER_TEXT_MAX = 2000;
export const POSITION_MAX = 1000;

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  prompt: string;
  promptEn: string | null;
  choices: string[] | null;
  choicesEn: string[] | null;
  required: boolean;
  position: number;
  version: number;
  /** Answers have arrived: kind, wording and options are fixed. */
  answered: boolean;
}

/** The lines of a textarea as options: trimmed, empty lines dropped. */
export function choiceLines(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

// Astro posts an empty field as null (hence nullish below): for the wording, "missing" is the message for both.
const promptField = z
  .string({ error: 'feedback.questions.promptMissing' satisfies Key })
  .trim()
  .min(1, { error: 'feedback.questions.promptMissing' satisfies Key })
  .max(PROMPT_MAX, { error: 'feedback.questions.promptTooLong' satisfies Key });

const optionalPrompt = z
  .string()
  .trim()
  .max(PROMPT_MAX, { error: 'feedback.questions.promptTooLong' satisfies Key })
  .nullish()
  .transform((value) => (value ? value : null));

const choicesField = z
  .string()
  .max(CHOICES_MAX * (CHOICE_MAX + 2) * 2, { error: 'feedback.questions.choicesCount' satisfies Key })
  .nullish()
  .transform(choiceLines);

const positionField = z
  .string()
  .trim()
  .nullish()
  .transform((value, context) => {
    if (!value) return 0;
    if (/^\d{1,4}$/.test(value) && Number(value) <= POSITION_MAX) return Number(value);
    context.addIssue({ code: 'custom', message: 'feedback.questions.positionInvalid' satisfies Key });
    return z.NEVER;
  });

const versionField = z.string().transform((value, context) => {
  const version = parseVersion(value);
  if (version !== undefined) return version;
  context.addIssue({ code: 'custom', message: 'feedback.error.unavailable' satisfies Key });
  return z.NEVER;
});

const questionFields = {
  kind: z.enum(QUESTION_KINDS, { error: 'feedback.questions.kindInvalid' satisfies Key }),
  prompt: promptField,
  promptEn: optionalPrompt,
  choices: choicesField,
  choicesEn: choicesField,
  required: z.boolean().optional().default(false),
  position: positionField,
};

/** A choice question needs 2–10 options, each short; English ones, if any, one for each. */
function checkChoices(
  value: { kind: QuestionKind; choices: string[]; choicesEn: string[] },
  context: z.RefinementCtx,
): void {
  if (value.kind !== 'choice') return;
  const issue = (path: string, message: Key) => context.addIssue({ code: 'custom', path: [path], message });
  if (value.choices.length < CHOICES_MIN || value.choices.length > CHOICES_MAX)
    issue('choices', 'feedback.questions.choicesCount');
  else if (value.choices.some((choice) => choice.length > CHOICE_MAX))
    issue('choices', 'feedback.questions.choiceTooLong');
  if (value.choicesEn.length > 0 && value.choicesEn.length !== value.choices.length)
    issue('choicesEn', 'feedback.questions.choicesEnCount');
  else if (value.choicesEn.some((choice) => choice.length > CHOICE_MAX))
    issue('choicesEn', 'feedback.questions.choiceTooLong');
}

export const newQuestionInput = z
  .object({ eventId: z.uuid({ error: 'feedback.error.unavailable' satisfies Key }), ...questionFields })
  .superRefine(checkChoices);
export type NewQuestionInput = z.output<typeof newQuestionInput>;

export const questionInput = z
  .object({
    id: z.uuid({ error: 'feedback.error.unavailable' satisfies Key }),
    version: versionField,
    ...questionFields,
  })
  .superRefine(checkChoices);
export type QuestionInput = z.output<typeof questionInput>;

export const deleteQuestionInput = z.object({
  id: z.uuid({ error: 'feedback.error.unavailable' satisfies Key }),
  version: versionField,
});

/** The columns a form writes; options only for a choice question. */
export function questionColumns(input: Omit<NewQuestionInput, 'eventId'>) {
  const choice = input.kind === 'choice';
  return {
    kind: input.kind,
    prompt: input.prompt,
    prompt_en: input.promptEn,
    choices: choice ? input.choices : null,
    choices_en: choice && input.choicesEn.length > 0 ? input.choicesEn : null,
    required: input.required,
    position: input.position,
  };
}

export type QuestionRefusal = Refused<'not_found' | 'changed_elsewhere' | 'question_answered'>;
export const QUESTION_REFUSALS: RefusalRules<QuestionRefusal> = {
  not_found: { status: 404, message: 'feedback.error.unavailable' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  question_answered: { status: 409, message: 'feedback.questions.answeredRefused', field: 'prompt' },
};

/** The question's wording in the reader's language (Danish when no English was given). */
export function promptIn(lang: Lang, question: Pick<SurveyQuestion, 'prompt' | 'promptEn'>): string {
  return lang === 'en' && question.promptEn ? question.promptEn : question.prompt;
}

/** The options in the reader's language. */
export function choicesIn(lang: Lang, question: Pick<SurveyQuestion, 'choices' | 'choicesEn'>): string[] {
  return (lang === 'en' && question.choicesEn ? question.choicesEn : question.choices) ?? [];
}

/** The form field an answer posts as (the survey form's `answers.<id>`). */
export const answerField = (questionId: string) => `answers.${questionId}`;

export interface QuestionAnswerRow {
  questionId: string;
  scale: number | null;
  choice: number | null;
  text: string | null;
  /** Who answered (the organisers' report); null once anonymised or when not shown. */
  author?: string | null;
}

export interface QuestionReport {
  question: SurveyQuestion;
  count: number;
  /** Scale: the average 1–5; otherwise null. */
  average: number | null;
  /** Scale: how many gave 1…5; choice: how many chose each option; text: empty. */
  distribution: number[];
  /** Text: the answers, as given, with who gave them where known. */
  texts: { text: string; author: string | null }[];
}

/** One question's answers counted: a scale's distribution and average, a choice's counts, a text's answers. */
export function questionReport(question: SurveyQuestion, answers: readonly QuestionAnswerRow[]): QuestionReport {
  const mine = answers.filter((answer) => answer.questionId === question.id);
  if (question.kind === 'scale') {
    const distribution = [0, 0, 0, 0, 0];
    for (const answer of mine) if (answer.scale !== null) distribution[answer.scale - 1]! += 1;
    const count = distribution.reduce((sum, n) => sum + n, 0);
    const total = distribution.reduce((sum, n, i) => sum + n * (i + 1), 0);
    return { question, count, average: count === 0 ? null : total / count, distribution, texts: [] };
  }
  if (question.kind === 'choice') {
    const distribution = (question.choices ?? []).map(() => 0);
    for (const answer of mine)
      if (answer.choice !== null && answer.choice < distribution.length) distribution[answer.choice]! += 1;
    return {
      question,
      count: distribution.reduce((sum, n) => sum + n, 0),
      average: null,
      distribution,
      texts: [],
    };
  }
  const texts = mine.flatMap((answer) => (answer.text ? [{ text: answer.text, author: answer.author ?? null }] : []));
  return { question, count: texts.length, average: null, distribution: [], texts };
}

/** An answer as words, for the export: the number, the chosen option, or the text. */
export function answerText(lang: Lang, question: SurveyQuestion, answer: QuestionAnswerRow): string {
  if (question.kind === 'scale') return answer.scale === null ? '' : String(answer.scale);
  if (question.kind === 'choice') return answer.choice === null ? '' : (choicesIn(lang, question)[answer.choice] ?? '');
  return answer.text ?? '';
}
