// The questions the call for solutions asks: for each optional field of the
// solution form, whether the event asks it ('optional', the default), leaves
// it out ('hidden') or requires it ('required') — events.call_fields,
// 20261203130900. The submit and edit pages show only what is asked, and the
// use cases refuse a submission with a required field empty (the trigger
// solutions_required_fields is the backstop). Pure: no I/O.
import { z } from 'zod';
import type { CallQuestionsMessageKey } from '../i18n/dictionary/call-questions.ts';

export const CALL_FIELDS = [
  'titleEn',
  'summaryEn',
  'targetGroup',
  'results',
  'evidence',
  'links',
  'contactPhone',
] as const;
export type CallField = (typeof CALL_FIELDS)[number];
export const CALL_FIELD_MODES = ['hidden', 'optional', 'required'] as const;
export type CallFieldMode = (typeof CALL_FIELD_MODES)[number];
export type CallFields = Record<CallField, CallFieldMode>;

/** Today's form: every field asked, none required. */
export const DEFAULT_CALL_FIELDS: CallFields = Object.fromEntries(
  CALL_FIELDS.map((field) => [field, 'optional']),
) as CallFields;

const isMode = (value: unknown): value is CallFieldMode =>
  typeof value === 'string' && (CALL_FIELD_MODES as readonly string[]).includes(value);

/** The stored choices (a partial object; anything unknown ignored) over the defaults. */
export function callFieldsFrom(stored: unknown): CallFields {
  const fields = { ...DEFAULT_CALL_FIELDS };
  if (stored && typeof stored === 'object') {
    for (const field of CALL_FIELDS) {
      const mode = (stored as Record<string, unknown>)[field];
      if (isMode(mode)) fields[field] = mode;
    }
  }
  return fields;
}

/** What is stored: only the choices that differ from the default. */
export function storedCallFields(fields: CallFields): Partial<CallFields> {
  return Object.fromEntries(CALL_FIELDS.filter((f) => fields[f] !== 'optional').map((f) => [f, fields[f]]));
}

/** The console form's radio group of a field ("askTargetGroup"). */
export const askFieldName = (field: CallField): string => `ask${field[0]!.toUpperCase()}${field.slice(1)}`;

/** The solution's answers to the optional fields, as the use case holds them. */
export type CallAnswers = { [F in CallField]: F extends 'links' ? readonly string[] : string | null };

const isEmpty = (value: string | readonly string[] | null): boolean =>
  value === null || (typeof value === 'string' ? value.trim() === '' : value.length === 0);

/**
 * A zod schema for the event's required fields: a submission (not a draft)
 * with one of them empty fails, an issue per field with its message key.
 */
export function requiredFieldsSchema(fields: CallFields) {
  return z.custom<CallAnswers>().superRefine((answers, context) => {
    for (const field of CALL_FIELDS) {
      if (fields[field] === 'required' && isEmpty(answers[field])) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'callQuestions.field.required' satisfies CallQuestionsMessageKey,
        });
      }
    }
  });
}

/** The required fields left empty, in form order (empty when the submission may go in). */
export function missingRequiredFields(fields: CallFields, answers: CallAnswers): CallField[] {
  const result = requiredFieldsSchema(fields).safeParse(answers);
  return result.success ? [] : result.error.issues.map((issue) => issue.path[0] as CallField);
}

/** The fields the event does not ask: their stored answers are kept, never overwritten by the form. */
export function hiddenFields(fields: CallFields): CallField[] {
  return CALL_FIELDS.filter((field) => fields[field] === 'hidden');
}
