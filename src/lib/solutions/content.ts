// What an organiser may change of a solution's public content (the console's
// /konsol/<event>/losninger/<id>/indhold): the texts in Danish and English,
// the link, and the theme tags with their English names, one tag per line and
// the English names line by line beside them. The form carries the version it
// showed (optimistic concurrency). Pure: no I/O.
import { z } from 'zod';
import type { MessageKey } from '../i18n/messages.ts';
import { CHANGED_ELSEWHERE, parseVersion, VERSION_FIELD } from '../console/concurrency.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import { oneLine, optionalText, required, text, url, UUID } from './solutions.ts';

type Key = MessageKey;

export const MAX_THEME_TAGS = 12;
export const MAX_TAG_LENGTH = 60;

/** The form's fields, in the order the page shows them (and its error summary lists them). */
export const CONTENT_FIELDS = [
  'title',
  'titleEn',
  'summary',
  'summaryEn',
  'targetGroup',
  'targetGroupEn',
  'results',
  'resultsEn',
  'linkUrl',
  'themeTags',
  'themeTagsEn',
] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

const optionalLine = (max: number) =>
  oneLine(text(max, 'solutions.field.tooLong')).transform((value) => (value.length === 0 ? null : value));

/** Lines of a textarea: trimmed, blank lines kept where they hold a place (English names line up with tags). */
export function linesOf(value: string): string[] {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  return lines.map((line) => line.trim());
}

const tagLines = z
  .string()
  .transform(linesOf)
  .refine((tags) => tags.every((tag) => ![...tag].some((char) => char < ' ' || char === '\u007f')), {
    error: 'solutions.field.invalidText' satisfies Key,
  })
  .refine((tags) => tags.every((tag) => tag.length <= MAX_TAG_LENGTH), {
    error: 'solutionContent.tags.tooLong' satisfies Key,
  });

export const contentInput = z
  .object({
    solutionId: UUID,
    version: z.number({ error: 'console.changedElsewhere' satisfies Key }),
    title: oneLine(required(200, 'solutions.field.titleRequired', 'solutions.field.tooLong')),
    titleEn: optionalLine(200),
    summary: required(4000, 'solutions.field.summaryRequired', 'solutions.field.tooLong'),
    summaryEn: optionalText(4000, 'solutions.field.tooLong'),
    targetGroup: optionalText(1000, 'solutions.field.tooLong'),
    targetGroupEn: optionalText(1000, 'solutions.field.tooLong'),
    results: optionalText(4000, 'solutions.field.tooLong'),
    resultsEn: optionalText(4000, 'solutions.field.tooLong'),
    linkUrl: z.union([z.literal('').transform(() => null), url]),
    // Danish tags: blank lines dropped; each at most once.
    themeTags: tagLines
      .transform((tags) => [...new Set(tags.filter((tag) => tag !== ''))])
      .refine((tags) => tags.length <= MAX_THEME_TAGS, { error: 'solutionContent.tags.tooMany' satisfies Key }),
    // English names line by line beside them: a blank line keeps the Danish tag on English pages.
    themeTagsEn: tagLines,
  })
  .superRefine((input, context) => {
    if (input.themeTagsEn.length > input.themeTags.length) {
      context.addIssue({
        code: 'custom',
        path: ['themeTagsEn'],
        message: 'solutionContent.tags.moreEnglish' satisfies Key,
      });
    }
  })
  .transform((input) => ({
    ...input,
    themeTagsEn: input.themeTagsEn.some((tag) => tag !== '')
      ? input.themeTags.map((_, i) => input.themeTagsEn[i] || null)
      : null,
  }));
export type ContentInput = z.output<typeof contentInput>;

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** The posted form as contentInput reads it; a missing or malformed version is a stale form. */
export const contentForm = z
  .instanceof(FormData)
  .transform((form) => ({
    solutionId: field(form, 'solutionId'),
    version: parseVersion(form.get(VERSION_FIELD)),
    ...Object.fromEntries(CONTENT_FIELDS.map((name) => [name, field(form, name)])),
  }))
  .pipe(contentInput);

export type ContentRefusal = Refused<'not_found' | 'changed_elsewhere' | 'required_by_call'>;

export const CONTENT_REFUSALS: RefusalRules<ContentRefusal> = {
  not_found: { status: 404, message: 'solutions.error.not_found' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  required_by_call: { status: 409, message: 'solutionContent.requiredByCall' },
};

/** What the page shows in the form: the tags one per line, their English names line by line. */
export function tagsAsLines(tags: readonly string[], english: readonly (string | null)[] | null): [string, string] {
  const names = tags.map((_, i) => english?.[i] ?? '');
  while (names.length > 0 && names.at(-1) === '') names.pop();
  return [tags.join('\n'), names.join('\n')];
}
