// Materials attached to sessions and solutions, the pure part: visibilities,
// the form's zod schema (messages are dictionary keys), the refusals as data
// and their words, and how a listed material is shown. The same rules as
// supabase/migrations/20261203110701_materials.sql.
import { z } from 'zod';
import type { Lang } from '../i18n/locales.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { isPlainText } from '../limits/input.ts';
import { fileField } from '../limits/uploaded-file.ts';
import type { RefusalRules, Refused } from '../site/refusal.ts';
import { type UploadRefusal, uploadRefusalRules } from '../storage/storage.ts';

export const MATERIAL_VISIBILITIES = ['public', 'ticket_holders', 'session_attendees'] as const;
export type MaterialVisibility = (typeof MATERIAL_VISIBILITIES)[number];

export const TITLE_MAX = 200;
export const LINK_MAX = 2000;

/** What a material hangs on: `session:<id>` or `solution:<id>` in the form's one select. */
export type MaterialSubject = { kind: 'session' | 'solution'; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseSubject(value: string): MaterialSubject | null {
  const [kind, id] = value.split(':');
  if ((kind === 'session' || kind === 'solution') && id && UUID.test(id)) return { kind, id };
  return null;
}

export function subjectValue(subject: MaterialSubject): string {
  return `${subject.kind}:${subject.id}`;
}

const text = (required: MessageKey) =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(TITLE_MAX, 'materials.field.titleTooLong')
    .refine(isPlainText, 'materials.field.invalidText');

const optionalText = z
  .string()
  .trim()
  .max(TITLE_MAX, 'materials.field.titleTooLong')
  .refine(isPlainText, 'materials.field.invalidText')
  // Astro hands an empty optional field over as null.
  .nullish()
  .transform((value) => (value ? value : undefined));

/** http(s) only: a material link is never javascript:, data: or a path of ours. */
export function isWebLink(value: string): boolean {
  if (value.length > LINK_MAX || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

const link = z
  .string()
  .trim()
  .nullish()
  .transform((value) => (value ? value : undefined))
  .refine((value) => value === undefined || isWebLink(value), 'materials.field.linkInvalid');

/** The attach form: title (da, en optional), visibility, and a file or a link (the use case checks which). */
// Named apart from other forms' fields: a solution's page shows its own form (with `title`) above this one.
const materialFields = {
  materialTitle: text('materials.field.titleRequired'),
  materialTitleEn: optionalText,
  visibility: z.enum(MATERIAL_VISIBILITIES, { error: 'materials.field.visibilityRequired' }),
  link,
  file: fileField,
};

/** The console's form: the event and the session or solution. */
export const consoleMaterialForm = z.object({
  event: z.string().trim().min(1).max(200),
  subject: z
    .string({ error: 'materials.field.subjectRequired' })
    .refine((value) => parseSubject(value) !== null, 'materials.field.subjectRequired'),
  ...materialFields,
});

/** A solution team's form on its own solution's page. */
export const teamMaterialForm = z.object({
  solutionId: z.uuid(),
  ...materialFields,
});

export const removeMaterialInput = z.object({
  materialId: z.uuid(),
  /** The console's event slug, or the solution's id: where the form was. */
  event: z.string().trim().max(200).optional(),
  solutionId: z.uuid().optional(),
});

export type MaterialRefusal =
  UploadRefusal | Refused<'material_source_missing'> | Refused<'material_source_both'> | Refused<'not_found'>;

export const MATERIAL_REFUSALS: RefusalRules<MaterialRefusal> = {
  ...uploadRefusalRules('file'),
  material_source_missing: { status: 400, message: 'materials.refused.sourceMissing', field: 'file' },
  material_source_both: { status: 400, message: 'materials.refused.sourceBoth', field: 'link' },
  not_found: { status: 404, message: 'materials.refused.notFound' },
};

/** A material as the pages show it: a link to open (signed for a file) and what it is. */
export interface ListedMaterial {
  id: string;
  eventId: string;
  sessionId: string | null;
  solutionId: string | null;
  title: string;
  visibility: MaterialVisibility;
  kind: 'file' | 'link';
  /** A file: a signed link that expires; a link: the address itself. */
  url: string;
  /** Files: the type in words ("PDF") and the size; links: the host. */
  detail: string;
  createdAt: Date;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument',
  'application/vnd.oasis.opendocument.text': 'OpenDocument',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument',
  'image/webp': 'WebP',
};

/** "PDF, 2.4 MB" (or "PDF, 12 kB", at least 1 kB) in the reader's language. */
export function fileDetail(contentType: string, bytes: number, lang: Lang): string {
  const mega = bytes >= 1024 * 1024;
  const size = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: mega ? 1 : 0 }).format(
    mega ? bytes / (1024 * 1024) : Math.max(1, bytes / 1024),
  );
  return `${TYPE_NAMES[contentType] ?? contentType}, ${size} ${mega ? 'MB' : 'kB'}`;
}

export function linkDetail(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** The title in the reader's language, Danish when there is no English one. */
export function titleIn(lang: Lang, title: string, titleEn: string | null): string {
  return lang === 'en' && titleEn ? titleEn : title;
}

/** How long a file's link opens it: public files an hour (cache-friendly), others ten minutes. */
export function linkLifetimeSeconds(visibility: MaterialVisibility): number {
  return visibility === 'public' ? 3600 : 600;
}

/** The field a zod issue belongs at. */
export function materialFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const name = issue.path.length === 0 ? 'form' : String(issue.path[0]);
    if (!errors.has(name)) errors.set(name, issue.message);
  }
  return errors;
}
