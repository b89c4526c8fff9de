// What a settings page shows after a post: the status to answer with, the
// message at each field, and a message for the form as a whole. Input errors
// carry a dictionary key per field; refusals are worded by their rules. Pure.
import { isMessageKey, type Translate } from '../i18n/messages.ts';
import { describeRefusal, type Refused, type RefusalRules, type RefusalStatus } from '../site/refusal.ts';

export interface FormAnswer {
  status: RefusalStatus | 400 | undefined;
  fieldErrors: Map<string, string>;
  formError: string | undefined;
}

/**
 * `inputFields`: the input error's fields (key → message keys), when the post
 * was invalid input; `refusal`: the action's refusal, when it said no;
 * `otherFailure`: any other failure (a body that is not this form).
 */
export function formAnswer<R extends Refused<string>>(
  tr: Translate,
  options: {
    inputFields?: Record<string, string[] | undefined> | undefined;
    refusal?: R | undefined;
    otherFailure?: boolean;
    rules: RefusalRules<R>;
  },
): FormAnswer {
  const fieldErrors = new Map<string, string>();
  let formError: string | undefined;
  let status: FormAnswer['status'];
  if (options.inputFields) {
    status = 400;
    for (const [field, keys] of Object.entries(options.inputFields)) {
      const key = keys?.[0];
      if (key && isMessageKey(key) && key !== 'settings.badForm') fieldErrors.set(field, tr(key));
      else formError = tr('settings.badForm');
    }
    if (fieldErrors.size === 0) formError ??= tr('settings.badForm');
  } else if (options.refusal) {
    const described = describeRefusal(tr, options.refusal, options.rules);
    status = described.status;
    if (described.field) fieldErrors.set(described.field, described.message);
    else formError = described.message;
  } else if (options.otherFailure) {
    status = 400;
    formError = tr('settings.badForm');
  }
  return { status, fieldErrors, formError };
}

/** The error summary's list: each field's message, in the form's order. */
export function errorList(fieldErrors: Map<string, string>, order: readonly string[]) {
  return [...fieldErrors]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([field, message]) => ({ field, message }));
}
