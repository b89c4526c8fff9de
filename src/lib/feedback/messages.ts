// Turns a feedback console action's result into what its page shows: a
// message per field (input issues carry dictionary keys; a refusal names its
// field), one for the whole form, and the status the page answers with.
import { type ActionError, isInputError } from 'astro:actions';
import type { Lang } from '../i18n/locales.ts';
import { isMessageKey, t } from '../i18n/messages.ts';
import { describeRefusal, type RefusalRules, type Refused } from '../site/refusal.ts';

export interface FormMessages {
  /** By field name; the ErrorSummary links each to its field. */
  errors: Map<string, string>;
  formError: string | undefined;
  /** 400 for bad input, the refusal's 4xx; undefined when nothing failed. */
  status: number | undefined;
}

/** Hidden fields: a message about them belongs to the whole form. */
const FORM_FIELDS = new Set(['eventId', 'id', 'version', 'speakerId']);

export function formMessages<R extends Refused<string>>(
  lang: Lang,
  result: { data?: { ok: true } | R | undefined; error?: ActionError | undefined } | undefined,
  rules: RefusalRules<R>,
): FormMessages {
  const tr = t(lang);
  const errors = new Map<string, string>();
  const error = result?.error;
  if (error && isInputError(error)) {
    let formError: string | undefined;
    for (const issue of error.issues) {
      const field = issue.path.map(String).join('.') || 'form';
      const message = isMessageKey(issue.message) ? tr(issue.message) : tr('feedback.error.unavailable');
      if (FORM_FIELDS.has(field) || field === 'form') formError ??= message;
      else if (!errors.has(field)) errors.set(field, message);
    }
    return { errors, formError, status: 400 };
  }
  if (error) return { errors, formError: tr('feedback.error.unavailable'), status: error.status };
  const data = result?.data;
  if (data && !data.ok) {
    const refusal = describeRefusal(tr, data as R, rules);
    if (refusal.field) errors.set(refusal.field, refusal.message);
    return { errors, formError: refusal.field ? undefined : refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}

/** The text a posted form held for each field, to show it again after a refusal. */
export async function postedValues(request: Request): Promise<FormData | null> {
  return request.method === 'POST' ? request.formData().catch(() => null) : null;
}
