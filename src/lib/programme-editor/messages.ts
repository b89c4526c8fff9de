// Turns a programme-editor action's result into what its page shows: a
// message per field (input issues carry dictionary keys; a refusal names its
// field), one for the whole form, and the status the page answers with.
import { type ActionError, isInputError } from 'astro:actions';
import type { Lang } from '../i18n/locales.ts';
import { isMessageKey, t } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import { fieldErrors, type ProgrammeRefusal, programmeRefusals } from './programme-editor.ts';

/** What a programme action answered, as Astro hands it to the page. */
export interface ProgrammeActionResult {
  data?: { ok: true } | ProgrammeRefusal | undefined;
  error?: ActionError | undefined;
}

export interface ProgrammeMessages {
  /** By field name (`title`, `speakers`); the ErrorSummary links each to its field. */
  errors: Map<string, string>;
  formError: string | undefined;
  /** 400 for bad input, the refusal's 4xx; undefined when nothing failed. */
  status: number | undefined;
}

/** Fields whose message belongs to the form as a whole (hidden fields). */
const FORM_FIELDS = new Set(['form', 'event', 'id', 'version', 'speakersVersion']);

/** A speaker row's message shows at the speakers' fieldset. */
const fieldOf = (name: string) => (name.startsWith('speakers') ? 'speakers' : name);

export function programmeMessages(lang: Lang, result: ProgrammeActionResult | undefined): ProgrammeMessages {
  const tr = t(lang);
  const errors = new Map<string, string>();
  const error = result?.error;
  if (error && isInputError(error)) {
    let formError: string | undefined;
    for (const [field, key] of fieldErrors(error.issues)) {
      const message = isMessageKey(key) ? tr(key) : tr('programmeEditor.field.invalidText');
      if (FORM_FIELDS.has(field)) formError ??= message;
      else if (!errors.has(fieldOf(field))) errors.set(fieldOf(field), message);
    }
    return { errors, formError, status: 400 };
  }
  // Not signed in (401), or a request Astro could not read.
  if (error) return { errors, formError: tr('programmeEditor.error.badForm'), status: error.status };
  const data = result?.data;
  if (data && !data.ok) {
    const refusal = describeRefusal(tr, data, programmeRefusals(lang));
    if (refusal.field) {
      errors.set(fieldOf(refusal.field), refusal.message);
      return { errors, formError: undefined, status: refusal.status };
    }
    return { errors, formError: refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}

/** The text a posted form held for each field, to show it again after a refusal. */
export async function postedValues(request: Request): Promise<FormData | null> {
  return request.method === 'POST' ? request.formData().catch(() => null) : null;
}
