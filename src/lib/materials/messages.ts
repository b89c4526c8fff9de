// Turns a materials action's result into what the forms show: a message per
// field (input issues carry dictionary keys; an upload over the request limit
// is Astro's CONTENT_TOO_LARGE, worded at the file field), one for the whole
// form, and the status the page answers with.
import { type ActionError, isInputError } from 'astro:actions';
import type { Lang } from '../i18n/locales.ts';
import { keysOf, type MessageKey, t } from '../i18n/messages.ts';
import { isUploadTooLarge } from '../limits/uploaded-file.ts';
import { LARGEST_UPLOAD_BYTES, megabytes } from '../limits/uploads.ts';
import { describeRefusal } from '../site/refusal.ts';
import { MATERIAL_REFUSALS, type MaterialRefusal, materialFieldErrors } from './materials.ts';

const KNOWN = new Set(keysOf('da'));
const isKey = (value: string): value is MessageKey => KNOWN.has(value);

export interface MaterialActionResult {
  data?: { ok: true } | MaterialRefusal | undefined;
  error?: ActionError | undefined;
}

export interface MaterialMessages {
  errors: Map<string, string>;
  formError: string | undefined;
  status: number | undefined;
}

/** Hidden fields of the form, whose errors belong to the whole form. */
const FORM_FIELDS = new Set(['event', 'solutionId', 'materialId', 'form']);

export function materialMessages(lang: Lang, result: MaterialActionResult | undefined): MaterialMessages {
  const tr = t(lang);
  const errors = new Map<string, string>();
  const error = result?.error;
  if (error && isUploadTooLarge(error)) {
    errors.set('file', tr('storage.refused.requestTooLarge', { megabytes: megabytes(LARGEST_UPLOAD_BYTES) }));
    return { errors, formError: undefined, status: 413 };
  }
  if (error && isInputError(error)) {
    let formError: string | undefined;
    for (const [field, key] of materialFieldErrors(error.issues)) {
      const text = isKey(key) ? tr(key) : tr('materials.form.badForm');
      if (FORM_FIELDS.has(field)) formError ??= tr('materials.form.badForm');
      else errors.set(field, text);
    }
    return { errors, formError, status: 400 };
  }
  if (error) return { errors, formError: tr('materials.form.badForm'), status: error.status };
  const data = result?.data;
  if (data && !data.ok) {
    const refusal = describeRefusal(tr, data, MATERIAL_REFUSALS);
    if (refusal.field) errors.set(refusal.field, refusal.message);
    return { errors, formError: refusal.field ? undefined : refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}

/** What a refused form showed, typed back (never the file: a browser cannot be given one). */
export function postedMaterialValues(form: FormData | null): {
  subject: string;
  materialTitle: string;
  materialTitleEn: string;
  visibility: string;
  link: string;
} {
  const text = (name: string, max: number) => {
    const value = form?.get(name);
    return typeof value === 'string' ? value.slice(0, max) : '';
  };
  return {
    subject: text('subject', 100),
    materialTitle: text('materialTitle', 400),
    materialTitleEn: text('materialTitleEn', 400),
    visibility: text('visibility', 40),
    link: text('link', 2100),
  };
}
