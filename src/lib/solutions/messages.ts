// Turns a solution action's result into what the forms show: a message per
// field (the input issues carry dictionary keys), one for the whole form (a
// refusal, in SOLUTION_REFUSALS' words, or "sign in"), and the status the
// page answers with.
import type { AstroGlobal } from 'astro';
import { type ActionError, actions, isInputError } from 'astro:actions';
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

/**
 * Whichever solution action was posted to this page. Every solution page
 * answers any of them with its status (a decision posted to the exhibitor's
 * page is refused with its 404 too), not only the forms it shows.
 */
export function postedSolutionResult(astro: AstroGlobal): SolutionActionResult | undefined {
  const posted = [
    actions.solutions.submit,
    actions.solutions.edit,
    actions.solutions.withdraw,
    actions.solutions.invite,
    actions.solutions.decide,
    actions.solutions.assign,
    actions.solutions.unassign,
  ];
  for (const action of posted) {
    const result = astro.getActionResult(action);
    if (result) return result;
  }
  return undefined;
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
    // A required call question left empty: the message sits at each such field.
    for (const field of data.fields ?? []) errors.set(field, tr('callQuestions.field.required'));
    return { errors, formError: refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}
