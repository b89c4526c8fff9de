// Turns a solution action's result into what the forms show: a message per
// field (the input issues carry dictionary keys), one for the whole form (a
// refusal, in SOLUTION_REFUSALS' words, or "sign in"), and the status the
// page answers with.
import { type ActionError, isInputError } from 'astro:actions';
import type { Lang } from '../i18n/locales.ts';
import { keysOf, type MessageKey, t } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import { fieldErrors, SOLUTION_REFUSALS, type SolutionRefusal } from './solutions.ts';

const KNOWN = new Set(keysOf('da'));
const isKey = (value: string): value is MessageKey => KNOWN.has(value);

/** What a solution action answered, as Astro hands it to the page. */
export interface SolutionActionResult {
  data?: { ok: true } | SolutionRefusal | undefined;
  error?: ActionError | undefined;
}

export interface SolutionMessages {
  errors: Map<string, string>;
  formError: string | undefined;
  /** The page's status: 400 for bad input, the refusal's 4xx; undefined when nothing failed. */
  status: number | undefined;
}

export function solutionMessages(lang: Lang, result: SolutionActionResult | undefined): SolutionMessages {
  const tr = t(lang);
  const errors = new Map<string, string>();
  const error = result?.error;
  if (error && isInputError(error)) {
    let formError: string | undefined;
    for (const [field, key] of fieldErrors(error.issues)) {
      const text = isKey(key) ? tr(key) : tr('solutions.field.invalidText');
      if (field === 'event' || field === 'solutionId' || field === 'form') formError ??= text;
      else errors.set(field, text);
    }
    return { errors, formError, status: 400 };
  }
  // Not signed in (401), or a request Astro could not read.
  if (error) return { errors, formError: tr('solutions.error.not_found'), status: error.status };
  const data = result?.data;
  if (data && !data.ok) {
    const refusal = describeRefusal(tr, data, SOLUTION_REFUSALS);
    return { errors, formError: refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}
