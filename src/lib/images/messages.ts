// Turns an image action's result into what its form shows: a message per
// field (an upload over the request limit is Astro's CONTENT_TOO_LARGE,
// worded at the file field), one for the whole form, and the page's status.
import { type ActionError, isInputError } from 'astro:actions';
import type { Lang } from '../i18n/locales.ts';
import { keysOf, type MessageKey, t } from '../i18n/messages.ts';
import { isUploadTooLarge } from '../limits/uploaded-file.ts';
import { LARGEST_UPLOAD_BYTES, megabytes } from '../limits/uploads.ts';
import { describeRefusal } from '../site/refusal.ts';
import { type ImageRefusal, imageRefusals } from './images.ts';

const KNOWN = new Set(keysOf('da'));
const isKey = (value: string): value is MessageKey => KNOWN.has(value);

export interface ImageActionResult {
  data?: { ok: true } | ImageRefusal | undefined;
  error?: ActionError | undefined;
}

export interface ImageMessages {
  errors: Map<string, string>;
  formError: string | undefined;
  status: number | undefined;
}

/** Fields a person fills in; other fields' issues (hidden ones) belong to the whole form. */
const VISIBLE = new Set(['image', 'photo', 'imageAlt', 'imageAltEn']);

export function imageMessages(
  lang: Lang,
  field: 'image' | 'photo',
  result: ImageActionResult | undefined,
): ImageMessages {
  const tr = t(lang);
  const errors = new Map<string, string>();
  const error = result?.error;
  if (error && isUploadTooLarge(error)) {
    errors.set(field, tr('storage.refused.requestTooLarge', { megabytes: megabytes(LARGEST_UPLOAD_BYTES) }));
    return { errors, formError: undefined, status: 413 };
  }
  if (error && isInputError(error)) {
    let formError: string | undefined;
    for (const issue of error.issues) {
      const name = issue.path.map(String).join('.');
      if (VISIBLE.has(name) && isKey(issue.message)) errors.set(name, tr(issue.message));
      else formError ??= tr('images.refused.badForm');
    }
    return { errors, formError, status: 400 };
  }
  if (error) return { errors, formError: tr('images.refused.badForm'), status: error.status };
  const data = result?.data;
  if (data && !data.ok) {
    const refusal = describeRefusal(tr, data, imageRefusals(field));
    if (refusal.field) errors.set(refusal.field, refusal.message);
    return { errors, formError: refusal.field ? undefined : refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}
