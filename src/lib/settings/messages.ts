// What a settings page (tickets, registration, booking, gallery) needs from
// one of its posts: the answer (status, messages at the fields and for the
// form, worded by SETTINGS_REFUSALS) and the text that was typed, shown
// again after a refusal. The pages stay a list of fields.
import { type ActionError, isInputError } from 'astro:actions';
import type { Translate } from '../i18n/messages.ts';
import { type FormAnswer, formAnswer } from './form-answer.ts';
import { SETTINGS_REFUSALS, type SettingsRefusal } from './settings.ts';

/** What a settings action answered, as Astro hands it to the page. */
export interface SettingsActionResult {
  data?: { ok: true } | SettingsRefusal | undefined;
  error?: ActionError | undefined;
}

export function settingsAnswer(tr: Translate, result: SettingsActionResult | undefined): FormAnswer {
  const error = result?.error;
  return formAnswer(tr, {
    inputFields: error && isInputError(error) ? error.fields : undefined,
    refusal: result?.data && !result.data.ok ? result.data : undefined,
    otherFailure: Boolean(error && !isInputError(error)),
    rules: SETTINGS_REFUSALS,
  });
}

/** A field's text as typed, cut at `max`; '' when nothing was posted. */
export type Typed = (name: string, max?: number) => string;

/** The posted form when the page answers a post (null otherwise), and a reader of its text fields. */
export async function postedForm(request: Request, posted: boolean, defaultMax = 200) {
  const form = posted && request.method === 'POST' ? await request.formData().catch(() => null) : null;
  const typed: Typed = (name, max = defaultMax) => {
    const value = form?.get(name);
    return typeof value === 'string' ? value.slice(0, max) : '';
  };
  return { form, typed };
}
