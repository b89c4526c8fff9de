// Turns an action's error into what the solution forms show: a message per
// field (the issues carry dictionary keys) and one for the whole form (a
// refusal's machine code, or "sign in").
import { isInputError } from 'astro:actions';
import type { Lang } from '../i18n/locales.ts';
import { keysOf, type MessageKey, t } from '../i18n/messages.ts';
import { fieldErrors, isSolutionErrorCode } from './solutions.ts';

const KNOWN = new Set(keysOf('da'));
const isKey = (value: string): value is MessageKey => KNOWN.has(value);

interface ActionFailure {
  message: string;
}

export function solutionMessages(
  lang: Lang,
  error: ActionFailure | undefined,
): { errors: Map<string, string>; formError: string | undefined } {
  const tr = t(lang);
  const errors = new Map<string, string>();
  if (!error) return { errors, formError: undefined };
  if (isInputError(error)) {
    let formError: string | undefined;
    for (const [field, key] of fieldErrors(error.issues)) {
      const text = isKey(key) ? tr(key) : tr('solutions.field.invalidText');
      if (field === 'event' || field === 'solutionId' || field === 'form') formError ??= text;
      else errors.set(field, text);
    }
    return { errors, formError };
  }
  const code = error.message;
  return {
    errors,
    formError: isSolutionErrorCode(code) ? tr(`solutions.error.${code}`) : tr('solutions.error.not_found'),
  };
}
