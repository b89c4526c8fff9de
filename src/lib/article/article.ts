// The organisers' takeaways article, the pure part: the limits (the same as
// supabase/migrations/20261203120600_takeaway_article.sql), the console
// forms' zod schemas (messages are dictionary keys, at their fields), the
// refusals as data with their words, and the field messages of an action's
// answer. No I/O.
import { z } from 'zod';
import { type ChangedElsewhere, CHANGED_ELSEWHERE, parseVersion } from '../console/concurrency.ts';
import { isPlainText } from '../limits/input.ts';
import { fileField } from '../limits/uploaded-file.ts';
import type { RefusalRules, Refused } from '../site/refusal.ts';
import { type UploadRefusal, uploadRefusalRules } from '../storage/storage.ts';

export const ARTICLE_TITLE_MAX = 200;
export const ARTICLE_LEAD_MAX = 600;
export const ARTICLE_BODY_MAX = 40_000;
export const IMAGE_ALT_MAX = 300;
export const IMAGE_CAPTION_MAX = 300;
export const ARTICLE_TRACKS_MAX = 50;
export const ARTICLE_SOLUTIONS_MAX = 100;

const text = (max: number, tooLong: string) =>
  z.string().max(max, tooLong).refine(isPlainText, 'article.field.invalidText');

const required = (max: number, missing: string, tooLong: string) =>
  z.string({ error: missing }).trim().min(1, missing).pipe(text(max, tooLong));

// Astro hands an empty optional field over as null; an empty text means "none".
const optional = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .pipe(text(max, tooLong))
    .nullish()
    .transform((value) => (value ? value : undefined));

// Markdown keeps its line breaks and indentation: not trimmed, only normalised to \n.
const markdown = (max: number) =>
  z
    .string()
    .nullish()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n'))
    .pipe(text(max, 'article.field.bodyTooLong'));

const version = z
  .string()
  .nullish()
  .transform((value, context) => {
    if (!value) return undefined;
    const parsed = parseVersion(value);
    if (parsed === undefined) context.addIssue({ code: 'custom', message: 'article.form.bad' });
    return parsed;
  });

/** The article's form: both languages side by side, the links, and whether to show the preview after saving. */
export const articleForm = z.object({
  event: z.string().trim().min(1).max(200),
  /** Absent for an article not written yet. */
  version,
  title: required(ARTICLE_TITLE_MAX, 'article.field.titleRequired', 'article.field.titleTooLong'),
  titleEn: optional(ARTICLE_TITLE_MAX, 'article.field.titleTooLong'),
  lead: optional(ARTICLE_LEAD_MAX, 'article.field.leadTooLong'),
  leadEn: optional(ARTICLE_LEAD_MAX, 'article.field.leadTooLong'),
  body: markdown(ARTICLE_BODY_MAX),
  bodyEn: markdown(ARTICLE_BODY_MAX),
  tracks: z.array(z.uuid({ error: 'article.form.bad' })).max(ARTICLE_TRACKS_MAX, 'article.form.bad'),
  solutions: z.array(z.uuid({ error: 'article.form.bad' })).max(ARTICLE_SOLUTIONS_MAX, 'article.form.bad'),
  intent: z.enum(['save', 'preview']).nullish(),
});
export type ArticleForm = z.infer<typeof articleForm>;

export const publishForm = z.object({
  event: z.string().trim().min(1).max(200),
  version: z.string().transform((value, context) => {
    const parsed = parseVersion(value);
    if (parsed === undefined) context.addIssue({ code: 'custom', message: 'article.form.bad' });
    return parsed ?? 0;
  }),
  publish: z.enum(['true', 'false']).transform((value) => value === 'true'),
});

export const imageForm = z.object({
  event: z.string().trim().min(1).max(200),
  image: fileField,
  alt: required(IMAGE_ALT_MAX, 'article.field.altRequired', 'article.field.altTooLong'),
  altEn: optional(IMAGE_ALT_MAX, 'article.field.altTooLong'),
  caption: optional(IMAGE_CAPTION_MAX, 'article.field.captionTooLong'),
  captionEn: optional(IMAGE_CAPTION_MAX, 'article.field.captionTooLong'),
});

export const removeImageForm = z.object({
  event: z.string().trim().min(1).max(200),
  imageId: z.uuid(),
});

export type ArticleRefusal =
  | ChangedElsewhere
  | Refused<'not_found'>
  | Refused<'article_not_written'>
  | Refused<'article_empty'>
  | Refused<'link_not_found'>;

export const ARTICLE_REFUSALS: RefusalRules<ArticleRefusal> = {
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_found: { status: 404, message: 'article.refused.notFound' },
  article_not_written: { status: 409, message: 'article.refused.notWritten' },
  article_empty: { status: 422, message: 'article.refused.empty', field: 'body' },
  link_not_found: { status: 422, message: 'article.refused.linkNotFound' },
};

export type ImageRefusal = UploadRefusal | Refused<'not_found'>;

export const IMAGE_REFUSALS: RefusalRules<ImageRefusal> = {
  ...uploadRefusalRules('image'),
  not_found: { status: 404, message: 'article.refused.notFound' },
};

/** The first message of each field of an input error (the path's first part is the field). */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const name = issue.path.length === 0 ? 'form' : String(issue.path[0]);
    if (!errors.has(name)) errors.set(name, issue.message);
  }
  return errors;
}

/** An article may be published when it has something to say in Danish. */
export function isPublishable(article: { title: string; body: string }): boolean {
  return article.title.trim().length > 0 && article.body.trim().length > 0;
}
