// Turns an article action's answer into what the console page shows: a
// message per field (input issues carry dictionary keys; an upload over the
// request limit is Astro's CONTENT_TOO_LARGE, worded at the image field), one
// for the whole form, and the status the page answers with.
import { type ActionError, isInputError } from 'astro:actions';
import type { Lang } from '../i18n/locales.ts';
import { isMessageKey, t } from '../i18n/messages.ts';
import { isUploadTooLarge } from '../limits/uploaded-file.ts';
import { LARGEST_UPLOAD_BYTES, megabytes } from '../limits/uploads.ts';
import { describeRefusal, type RefusalRules, type Refused } from '../site/refusal.ts';
import { fieldErrorsOf } from './article.ts';

export interface ActionResult<R extends Refused<string>> {
  data?: { ok: true } | R | undefined;
  error?: ActionError | undefined;
}

export interface FormMessages {
  errors: Map<string, string>;
  formError: string | undefined;
  status: number | undefined;
}

/** Fields the person does not type, whose errors belong to the whole form. */
const FORM_FIELDS = new Set(['form', 'event', 'version', 'intent', 'publish', 'imageId', 'tracks', 'solutions']);

export function formMessages<R extends Refused<string>>(
  lang: Lang,
  result: ActionResult<R> | undefined,
  rules: RefusalRules<R>,
): FormMessages {
  const tr = t(lang);
  const errors = new Map<string, string>();
  const error = result?.error;
  if (error && isUploadTooLarge(error)) {
    errors.set('image', tr('storage.refused.requestTooLarge', { megabytes: megabytes(LARGEST_UPLOAD_BYTES) }));
    return { errors, formError: undefined, status: 413 };
  }
  if (error && isInputError(error)) {
    let formError: string | undefined;
    for (const [field, key] of fieldErrorsOf(error.issues)) {
      const text = isMessageKey(key) ? tr(key) : tr('article.form.bad');
      if (FORM_FIELDS.has(field)) formError ??= tr('article.form.bad');
      else errors.set(field, text);
    }
    return { errors, formError, status: 400 };
  }
  if (error) return { errors, formError: tr('article.form.bad'), status: error.status };
  const data = result?.data;
  if (data && !data.ok) {
    const refusal = describeRefusal(tr, data as R, rules);
    if (refusal.field) errors.set(refusal.field, refusal.message);
    return { errors, formError: refusal.field ? undefined : refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}

/** What a refused form showed, typed back (never the file: a browser cannot be given one). */
export function postedText(form: FormData | null, name: string, max: number): string {
  const value = form?.get(name);
  return typeof value === 'string' ? value.slice(0, max) : '';
}
