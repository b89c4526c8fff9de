// What the registration page shows, from the request alone: step 1 (ticket
// type, number of attendees, attending yourself) is a GET form; step 2 posts
// the attendee fieldsets to the action, and its "add" and "remove" buttons
// post the same form back to the page, which renders it again with one
// fieldset more or less and everything typed kept. No JavaScript needed.
import {
  ATTENDEE_FIELDS,
  type AttendeeField,
  attendeeFromForm,
  countFrom,
  MAX_ATTENDEES_PER_FORM,
  OFFER_TOKEN,
} from './registration.ts';

export type AttendeeValues = Record<AttendeeField, string | boolean | undefined>;

export interface DetailsState {
  ticketTypeId: string;
  buyerAttends: boolean;
  buyer: { name: string; email: string };
  attendees: AttendeeValues[];
  joinWaitlist: boolean;
  offer: string | null;
}

export type ChooseError = 'registration.field.ticketTypeRequired' | 'registration.field.countInvalid';

/** Step 1's answer, from the query string: `?billettype=<slug>&antal=<n>&deltager=ja|nej`. */
export function chooseFromQuery(
  params: URLSearchParams,
  ticketTypes: readonly { id: string; slug: string; selectable: boolean }[],
  maxPerOrder: number,
): { ticketTypeId: string | null; count: number | null; buyerAttends: boolean; errors: Map<string, ChooseError> } {
  const errors = new Map<string, ChooseError>();
  const slug = params.get('billettype');
  const type = ticketTypes.find((candidate) => candidate.slug === slug && candidate.selectable);
  if (!type) errors.set('billettype', 'registration.field.ticketTypeRequired');
  const raw = (params.get('antal') ?? '').trim();
  const count = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  const validCount = Number.isInteger(count) && count >= 1 && count <= Math.min(maxPerOrder, MAX_ATTENDEES_PER_FORM);
  if (!validCount) errors.set('antal', 'registration.field.countInvalid');
  return {
    ticketTypeId: type?.id ?? null,
    count: validCount ? count : null,
    buyerAttends: params.get('deltager') !== 'nej',
    errors,
  };
}

/** Whether step 1 was submitted at all (its fields are in the query). */
export function choseInQuery(params: URLSearchParams): boolean {
  return params.has('billettype') || params.has('antal');
}

function text(form: Pick<FormData, 'get'>, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, 2000) : '';
}

export function emptyAttendee(prefill: { name?: string; email?: string } = {}): AttendeeValues {
  const values = Object.fromEntries(ATTENDEE_FIELDS.map((field) => [field, undefined])) as AttendeeValues;
  values.name = prefill.name;
  values.email = prefill.email;
  values.consentShareContact = false;
  values.consentNewsletter = false;
  return values;
}

/** Step 2 as posted, to fill the form in again (after an error, or after "add"/"remove"). */
export function detailsFromForm(form: Pick<FormData, 'get'>): DetailsState {
  const count = countFrom(text(form, 'count'));
  const offer = text(form, 'offer');
  return {
    ticketTypeId: text(form, 'ticketTypeId'),
    buyerAttends: text(form, 'buyerAttends') !== 'false',
    buyer: { name: text(form, 'buyer.name'), email: text(form, 'buyer.email') },
    attendees: Array.from({ length: count }, (_, index) => attendeeFromForm(form, index)),
    joinWaitlist: ['on', 'true'].includes(text(form, 'joinWaitlist')),
    offer: OFFER_TOKEN.test(offer) ? offer : null,
  };
}

/** Applies an "add" or "remove:<index>" button to the posted state, within 1..max fieldsets. */
export function applyIntent(state: DetailsState, intent: string, maxPerOrder: number): DetailsState {
  const max = Math.min(maxPerOrder, MAX_ATTENDEES_PER_FORM);
  if (intent === 'add' && state.attendees.length < max) {
    return { ...state, attendees: [...state.attendees, emptyAttendee()] };
  }
  const remove = /^remove:(\d{1,3})$/.exec(intent);
  if (remove && state.attendees.length > 1) {
    const index = Number(remove[1]);
    if (index < state.attendees.length) {
      return { ...state, attendees: state.attendees.filter((_, position) => position !== index) };
    }
  }
  return state;
}
