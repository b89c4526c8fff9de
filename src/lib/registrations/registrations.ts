// The organisers' registrations table and one attendee's page: the query
// string as the table's state (a GET form that works without JavaScript), the
// filters, sorts and pages, the actions' input and their refusals. Pure: no I/O.
import { z } from 'zod';
import { emailSchema } from '../auth/auth.ts';
import { CHANGED_ELSEWHERE } from '../console/concurrency.ts';
import { SECTORS, type Sector } from '../events/events.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';

export const TICKET_STATUSES = ['valid', 'reserved', 'cancelled', 'expired'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const YES_NO = ['ja', 'nej'] as const;
export type YesNo = (typeof YES_NO)[number];

export const CONSENTS = ['kontakt', 'nyhedsbrev', 'ingen'] as const;
export type Consent = (typeof CONSENTS)[number];

/** Sorts by column; `-` first is descending. 'relevans' only with a search. */
export const SORTS = [
  'navn',
  '-navn',
  'organisation',
  '-organisation',
  'oprettet',
  '-oprettet',
  'type',
  'relevans',
] as const;
export type Sort = (typeof SORTS)[number];

/**
 * Rows a page. Offset pages, not keyset: an event holds at most some tens of
 * thousands of tickets, the filtered set is sorted in memory in milliseconds
 * whichever page is asked for, and organisers need page numbers and links
 * to any page from a GET form; a keyset cursor gives neither, and would need
 * an index per sortable column for a gain the measurements do not show.
 */
export const PAGE_SIZE = 50;
export const MAX_QUERY_LENGTH = 100;

export interface RegistrationQuery {
  search: string;
  type: string | null;
  status: TicketStatus | null;
  sector: Sector | null;
  municipality: string | null;
  checkedIn: YesNo | null;
  dietary: YesNo | null;
  accessibility: YesNo | null;
  consent: Consent | null;
  sort: Sort;
  page: number;
}

/** The filters that have counts, and their query-string names. */
export const FACETS = {
  type: 'type',
  status: 'status',
  sector: 'sektor',
  municipality: 'kommune',
  checkedIn: 'tjekket-ind',
  dietary: 'kost',
  accessibility: 'tilgaengelighed',
  consent: 'samtykke',
} as const;
export type Facet = keyof typeof FACETS;
export const FACET_NAMES = Object.keys(FACETS) as Facet[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** The table's state from the page's query string; anything malformed is ignored, never a 500. */
export function queryFromParams(params: URLSearchParams): RegistrationQuery {
  const get = (name: string) => {
    const value = params.get(name);
    return value === null ? null : value.trim();
  };
  const search = (get('q') ?? '').replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
  const type = get(FACETS.type);
  const municipality = get(FACETS.municipality);
  const page = Number(get('side') ?? '1');
  const sort = oneOf(SORTS, get('sorter')) ?? (search ? 'relevans' : 'navn');
  return {
    search,
    type: type && UUID.test(type) ? type.toLowerCase() : null,
    status: oneOf(TICKET_STATUSES, get(FACETS.status)),
    sector: oneOf(SECTORS, get(FACETS.sector)),
    municipality: municipality ? municipality.slice(0, 100) : null,
    checkedIn: oneOf(YES_NO, get(FACETS.checkedIn)),
    dietary: oneOf(YES_NO, get(FACETS.dietary)),
    accessibility: oneOf(YES_NO, get(FACETS.accessibility)),
    consent: oneOf(CONSENTS, get(FACETS.consent)),
    sort: sort === 'relevans' && !search ? 'navn' : sort,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The query string of a state (with another page, sort or filter), default values left out. */
export function queryString(query: RegistrationQuery, changes: Partial<RegistrationQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.search) params.set('q', next.search);
  for (const facet of FACET_NAMES) {
    const value = next[facet];
    if (value !== null) params.set(FACETS[facet], value);
  }
  const defaultSort = next.search ? 'relevans' : 'navn';
  if (next.sort !== defaultSort) params.set('sorter', next.sort);
  if (next.page > 1) params.set('side', String(next.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Order references are eight Crockford base32 characters, a ticket's adds "-n". */
export function referencePrefix(search: string): string | null {
  const text = search.trim().toUpperCase();
  const match = /^([0-9A-HJKMNP-TV-Z]{4,8})(-\d{1,3})?$/.exec(text);
  return match ? match[1]! : null;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/** The pages to link: first, last and two either side of the current one; null is a gap. */
export function pageLinks(current: number, pages: number): (number | null)[] {
  const wanted = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
  const sorted = [...wanted].filter((page) => page >= 1 && page <= pages).sort((a, b) => a - b);
  const links: (number | null)[] = [];
  for (const [index, page] of sorted.entries()) {
    if (index > 0 && page - sorted[index - 1]! > 1) links.push(null);
    links.push(page);
  }
  return links;
}

// ── One attendee: actions ──────────────────────────────────────────────────

const uuid = z.string({ error: 'registrations.error.badForm' }).regex(UUID, { error: 'registrations.error.badForm' });
const version = z.coerce
  .number({ error: 'registrations.error.badForm' })
  .int({ error: 'registrations.error.badForm' })
  .min(1, { error: 'registrations.error.badForm' })
  .max(2_147_483_647, { error: 'registrations.error.badForm' });
const personName = z
  .string({ error: 'registrations.field.nameRequired' })
  .trim()
  .min(1, { error: 'registrations.field.nameRequired' })
  .max(200, { error: 'registrations.field.nameTooLong' });
const organisation = z
  .string()
  .nullish()
  .transform((value) => (value ?? '').trim())
  .pipe(z.string().max(200, { error: 'registrations.field.organisationTooLong' }));

const ticketForm = { event: uuid, ticket: uuid };

export const correctInput = z.object({ ...ticketForm, version, name: personName, organisation });
// Other names than the correction's: both forms are on one page, and a field's id is its name.
export const transferInput = z.object({
  ...ticketForm,
  version,
  newName: personName,
  newEmail: emailSchema,
  newOrganisation: organisation,
});
export const cancelInput = z.object({
  ...ticketForm,
  version,
  refund: z.enum(['ja', 'nej'], { error: 'registrations.field.refundRequired' }),
});
export const resendInput = z.object({
  ...ticketForm,
  // Chosen when the page was drawn: the same form posted twice sends once.
  nonce: uuid,
});
export const noteInput = z.object({
  ...ticketForm,
  body: z
    .string({ error: 'registrations.field.noteRequired' })
    .trim()
    .min(1, { error: 'registrations.field.noteRequired' })
    .max(2000, { error: 'registrations.field.noteTooLong' }),
});

export type AttendeeRefusal =
  | Refused<'not_found'>
  | Refused<'changed_elsewhere'>
  | Refused<'not_active'>
  | Refused<'not_transferable'>
  | Refused<'checked_in'>
  | Refused<'same_holder'>
  | Refused<'already_has_ticket'>
  | Refused<'not_cancellable'>;

export type AttendeeOutcome<T> = { ok: true; value: T } | AttendeeRefusal;

export const ATTENDEE_REFUSALS: RefusalRules<AttendeeRefusal> = {
  not_found: { status: 404, message: 'registrations.refusal.notFound' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_active: { status: 409, message: 'registrations.refusal.notActive' },
  not_transferable: { status: 409, message: 'registrations.refusal.notTransferable' },
  checked_in: { status: 409, message: 'registrations.refusal.checkedIn' },
  same_holder: { status: 422, message: 'registrations.refusal.sameHolder', field: 'newEmail' },
  already_has_ticket: { status: 409, message: 'registrations.refusal.alreadyHasTicket', field: 'newEmail' },
  not_cancellable: { status: 409, message: 'registrations.refusal.notCancellable' },
};

const CODES = new Set(Object.keys(ATTENDEE_REFUSALS));

/** A database function's code as a refusal (an unknown code is a bug, not a refusal). */
export function attendeeRefusal(code: string): AttendeeRefusal {
  if (!CODES.has(code)) throw new Error(`unknown attendee action code ${code}`);
  return { ok: false, code } as AttendeeRefusal;
}

/** The dictionary key of an email template's name on the attendee's page. */
export function templateLabel(template: string): MessageKey {
  switch (template) {
    case 'order-confirmation':
      return 'registrations.email.order-confirmation';
    case 'cancellation':
      return 'registrations.email.cancellation';
    case 'ticket-transferred':
      return 'registrations.email.ticket-transferred';
    case 'booking-seat':
      return 'registrations.email.booking-seat';
    case 'waitlist-offer':
      return 'registrations.email.waitlist-offer';
    case 'schedule-change':
      return 'registrations.email.schedule-change';
    default:
      return 'registrations.email.other';
  }
}
