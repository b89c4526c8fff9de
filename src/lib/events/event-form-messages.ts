// What an event form's page says after a post: the messages at the fields
// (zod's dictionary keys, or a database refusal that belongs at a field),
// the message above the form, and the status the page answers with.
import { type ActionError, isInputError } from 'astro:actions';
import { keysOf, type MessageKey, type Translate } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import { EVENT_REFUSALS, type EventRefusal } from './event-editor.ts';

const KNOWN = new Set(keysOf('da'));
const isKey = (value: string): value is MessageKey => KNOWN.has(value);

/** Fields whose problem is the form itself (a hidden field), not something the organiser typed. */
const HIDDEN = new Set(['event', 'version', 'source', 'status']);

export interface EventFormMessages {
  errors: Map<string, string>;
  formError: string | undefined;
  status: number | undefined;
}

export function eventFormMessages(
  tr: Translate,
  result: { data?: { ok: true } | EventRefusal | undefined; error?: ActionError | undefined } | undefined,
): EventFormMessages {
  const errors = new Map<string, string>();
  const error = result?.error;
  if (error && isInputError(error)) {
    let formError: string | undefined;
    for (const issue of error.issues) {
      const field = String(issue.path[0] ?? 'form');
      const text = isKey(issue.message) ? tr(issue.message) : tr('eventEditor.badForm');
      if (HIDDEN.has(field) || field === 'form') formError ??= tr('eventEditor.badForm');
      else if (!errors.has(field)) errors.set(field, text);
    }
    return { errors, formError, status: 400 };
  }
  if (error) return { errors, formError: tr('eventEditor.badForm'), status: error.status };
  const data = result?.data;
  if (data && !data.ok) {
    const refusal = describeRefusal(tr, data, EVENT_REFUSALS);
    if (refusal.field) errors.set(refusal.field, refusal.message);
    return { errors, formError: refusal.field ? undefined : refusal.message, status: refusal.status };
  }
  return { errors, formError: undefined, status: undefined };
}
