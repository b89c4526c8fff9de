// One error style at the action boundary. When a use case says no, the action
// answers with data — `{ ok: false, code, …details }` — never with an
// exception whose message packs a code ("already_registered:1"). Each feature
// keeps one table (`RefusalRules`) that gives every code its HTTP status and
// dictionary key, and the form field it belongs at when it belongs at one; a
// page puts any refusal into words with `describeRefusal` and answers with
// its status. Exceptions stay for what is not the domain's decision: invalid
// input (Astro's input error: 400, a dictionary key per field) and a caller
// who is not signed in (401, from `requireSignedIn`).
// Types only, so the browser modules that keep a feature's rules (the
// check-in app's) pay nothing for them.
import type { MessageParams } from '../i18n/message-format.ts';
import type { MessageKey, Translate } from '../i18n/messages.ts';

/** A refusal as data: the machine code, and what the message needs (which attendee, how long to wait). */
export type Refused<C extends string, D extends object = object> = { readonly ok: false; readonly code: C } & D;

export function refused<C extends string>(code: C): Refused<C>;
export function refused<C extends string, D extends object>(code: C, details: D): Refused<C, D>;
export function refused<C extends string, D extends object>(code: C, details?: D): Refused<C, D> {
  return { ...details, ok: false, code } as Refused<C, D>;
}

/** The 4xx/5xx statuses a refusal is answered with. */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

export interface RefusalWords {
  status: RefusalStatus;
  message: MessageKey;
  params?: MessageParams;
  /** The form field the message belongs at (`attendees.1.email`); otherwise it heads the form. */
  field?: string;
}

/** Every code of a feature, with its words: a fixed entry, or one that depends on the refusal's details. */
export type RefusalRules<R extends Refused<string>> = {
  readonly [C in R['code']]: RefusalWords | ((refusal: R) => RefusalWords);
};

export interface DescribedRefusal {
  status: RefusalStatus;
  /** The localised message. */
  message: string;
  field: string | undefined;
}

/** A refusal put into words (`tr` is the visitor's language), with the status the page answers with. */
export function describeRefusal<R extends Refused<string>>(
  tr: Translate,
  refusal: R,
  rules: RefusalRules<R>,
): DescribedRefusal {
  const rule: RefusalWords | ((refusal: R) => RefusalWords) = rules[refusal.code as R['code']];
  const words = typeof rule === 'function' ? rule(refusal) : rule;
  return { status: words.status, message: tr(words.message, words.params), field: words.field };
}
