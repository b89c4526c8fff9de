// Organisers' lists of one event, the pure half: the state of a place on a
// waitlist (waiting, offered until …, expired, claimed), room lists in a
// Danish order, and the five lists the export page offers with their columns.
// No I/O: lists.server.ts reads the rows under RLS.
import { chooseColumns, defineList, type ExportColumn, type ExportList, isExportFormat } from '../exports/exports.ts';
import type { ExportFormat } from '../exports/exports.ts';
import type { MessageKey, Translate } from '../i18n/messages.ts';

// Waitlists ---------------------------------------------------------------------

/**
 * Where a place on a waitlist stands. `waiting` has a place in line;
 * `offered` a seat held until a deadline; `expired` an offer left to lapse
 * (the job may not have passed it on yet); `claimed` a seat taken from the
 * line; `cancelled` left the line.
 */
export type PlaceState = 'waiting' | 'offered' | 'expired' | 'claimed' | 'cancelled';

export interface EventWaitlistEntry {
  status: 'waiting' | 'offered' | 'accepted' | 'expired' | 'cancelled';
  offerExpiresAt: Date | null;
}

export function eventPlaceState(entry: EventWaitlistEntry, now: Date): PlaceState {
  switch (entry.status) {
    case 'waiting':
      return 'waiting';
    case 'offered':
      return entry.offerExpiresAt && entry.offerExpiresAt <= now ? 'expired' : 'offered';
    case 'accepted':
      return 'claimed';
    case 'expired':
      return 'expired';
    case 'cancelled':
      return 'cancelled';
  }
}

export interface SessionWaitlistBooking {
  status: 'confirmed' | 'waitlisted' | 'offered' | 'cancelled';
  offerExpiresAt: Date | null;
  cancelledAt: Date | null;
}

/**
 * A session booking that came through the waitlist (it has a number). A
 * claimed offer drops its deadline; a lapsed one is cancelled by the job at
 * or after its deadline, which is how it is told from one the attendee
 * cancelled while it was still open.
 */
export function sessionPlaceState(booking: SessionWaitlistBooking, now: Date): PlaceState {
  switch (booking.status) {
    case 'waitlisted':
      return 'waiting';
    case 'offered':
      return booking.offerExpiresAt && booking.offerExpiresAt <= now ? 'expired' : 'offered';
    case 'confirmed':
      return 'claimed';
    case 'cancelled':
      return booking.offerExpiresAt && booking.cancelledAt && booking.cancelledAt >= booking.offerExpiresAt
        ? 'expired'
        : 'cancelled';
  }
}

/** Numbers the waiting places 1, 2, 3 … in the order given (the line's order); others get null. */
export function placesInLine<T>(entries: readonly T[], state: (entry: T) => PlaceState): (number | null)[] {
  let place = 0;
  return entries.map((entry) => (state(entry) === 'waiting' ? ++place : null));
}

// Room lists --------------------------------------------------------------------

const collators = new Map<string, Intl.Collator>();

/** Sorts people by name as a Danish reader expects (æ, ø, å last; case and accents second). */
export function byName<T extends { name: string | null }>(people: readonly T[], locale = 'da-DK'): T[] {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, collator);
  }
  return [...people].sort((a, b) => collator.compare(a.name ?? '', b.name ?? ''));
}

// Exports -----------------------------------------------------------------------

export const EXPORT_LIST_KEYS = ['registrations', 'bookings', 'needs', 'solutions', 'checkins'] as const;
export type ExportListKey = (typeof EXPORT_LIST_KEYS)[number];

export function isExportListKey(value: unknown): value is ExportListKey {
  return typeof value === 'string' && (EXPORT_LIST_KEYS as readonly string[]).includes(value);
}

/** Lists meant for a caterer or a venue: their form starts as "for a third party". */
export const THIRD_PARTY_LISTS: readonly ExportListKey[] = ['needs'];

/** A ticket with its order, as the registrations, needs and check-in lists read it. */
export interface TicketRow {
  reference: string;
  attendee_name: string | null;
  attendee_email: string | null;
  organisation_name: string | null;
  job_title: string | null;
  sector: string;
  municipality: string | null;
  ticket_type: string;
  status: string;
  price_ore: number;
  registered_at: Date;
  dietary_needs: string | null;
  accessibility_needs: string | null;
  consent_share_contact: boolean;
  consent_newsletter: boolean;
  checked_in_at: Date | null;
  [column: string]: unknown;
}

export interface BookingRow {
  session_title: string;
  session_starts_at: Date;
  room_name: string | null;
  status: string;
  waitlist_place: number | null;
  attendee_name: string | null;
  attendee_email: string | null;
  organisation_name: string | null;
  booked_at: Date;
  consent_share_contact: boolean;
  [column: string]: unknown;
}

export interface SolutionRow {
  title: string;
  status: string;
  organisations: string | null;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  award_nominee: boolean;
  rounds: string | null;
  theme_tags: string | null;
  submitted_at: Date;
  [column: string]: unknown;
}

export interface CheckinRow {
  attendee_name: string | null;
  attendee_email: string | null;
  organisation_name: string | null;
  ticket_type: string;
  scanned_at: Date;
  device: string;
  consent_share_contact: boolean;
  [column: string]: unknown;
}

const word = (tr: Translate, prefix: string, value: string) => {
  const key = `${prefix}${value}`;
  return tr(key as MessageKey);
};

/** The five lists of the export page, their headers and values in the organiser's language. */
export function exportLists(tr: Translate) {
  const registrations = defineList<TicketRow>({
    key: 'registrations',
    columns: [
      { key: 'reference', header: 'lists.col.reference', type: 'text', value: (r) => r.reference, width: 12 },
      { key: 'name', header: 'lists.col.name', type: 'text', value: (r) => r.attendee_name, width: 28 },
      {
        key: 'email',
        header: 'lists.col.email',
        type: 'text',
        value: (r) => r.attendee_email,
        contact: true,
        width: 30,
      },
      {
        key: 'organisation',
        header: 'lists.col.organisation',
        type: 'text',
        value: (r) => r.organisation_name,
        width: 30,
      },
      { key: 'jobTitle', header: 'lists.col.jobTitle', type: 'text', value: (r) => r.job_title, byDefault: false },
      { key: 'sector', header: 'lists.col.sector', type: 'text', value: (r) => word(tr, 'sector.', r.sector) },
      {
        key: 'municipality',
        header: 'lists.col.municipality',
        type: 'text',
        value: (r) => r.municipality,
        byDefault: false,
      },
      { key: 'ticketType', header: 'lists.col.ticketType', type: 'text', value: (r) => r.ticket_type },
      {
        key: 'status',
        header: 'lists.col.status',
        type: 'text',
        value: (r) => word(tr, 'lists.ticketStatus.', r.status),
      },
      { key: 'price', header: 'lists.col.price', type: 'dkk', value: (r) => r.price_ore },
      { key: 'registeredAt', header: 'lists.col.registeredAt', type: 'datetime', value: (r) => r.registered_at },
      { key: 'dietary', header: 'lists.col.dietary', type: 'text', value: (r) => r.dietary_needs, byDefault: false },
      {
        key: 'accessibility',
        header: 'lists.col.accessibility',
        type: 'text',
        value: (r) => r.accessibility_needs,
        byDefault: false,
      },
      {
        key: 'consentShare',
        header: 'lists.col.consentShare',
        type: 'boolean',
        value: (r) => r.consent_share_contact,
        byDefault: false,
      },
      {
        key: 'consentNewsletter',
        header: 'lists.col.consentNewsletter',
        type: 'boolean',
        value: (r) => r.consent_newsletter,
        byDefault: false,
      },
      { key: 'checkedIn', header: 'lists.col.checkedIn', type: 'datetime', value: (r) => r.checked_in_at },
    ],
    consented: (r) => r.consent_share_contact,
  });

  const bookings = defineList<BookingRow>({
    key: 'bookings',
    columns: [
      { key: 'session', header: 'lists.col.session', type: 'text', value: (r) => r.session_title, width: 32 },
      { key: 'startsAt', header: 'lists.col.startsAt', type: 'datetime', value: (r) => r.session_starts_at },
      { key: 'room', header: 'lists.col.room', type: 'text', value: (r) => r.room_name, width: 16 },
      {
        key: 'status',
        header: 'lists.col.bookingStatus',
        type: 'text',
        value: (r) => word(tr, 'lists.bookingStatus.', r.status),
      },
      { key: 'place', header: 'lists.col.place', type: 'number', value: (r) => r.waitlist_place },
      { key: 'name', header: 'lists.col.name', type: 'text', value: (r) => r.attendee_name, width: 28 },
      {
        key: 'organisation',
        header: 'lists.col.organisation',
        type: 'text',
        value: (r) => r.organisation_name,
        width: 30,
      },
      {
        key: 'email',
        header: 'lists.col.email',
        type: 'text',
        value: (r) => r.attendee_email,
        contact: true,
        byDefault: false,
        width: 30,
      },
      { key: 'bookedAt', header: 'lists.col.bookedAt', type: 'datetime', value: (r) => r.booked_at, byDefault: false },
    ],
    consented: (r) => r.consent_share_contact,
  });

  const needs = defineList<TicketRow>({
    key: 'needs',
    columns: [
      { key: 'name', header: 'lists.col.name', type: 'text', value: (r) => r.attendee_name, width: 28 },
      {
        key: 'organisation',
        header: 'lists.col.organisation',
        type: 'text',
        value: (r) => r.organisation_name,
        width: 30,
      },
      {
        key: 'ticketType',
        header: 'lists.col.ticketType',
        type: 'text',
        value: (r) => r.ticket_type,
        byDefault: false,
      },
      { key: 'dietary', header: 'lists.col.dietary', type: 'text', value: (r) => r.dietary_needs, width: 40 },
      {
        key: 'accessibility',
        header: 'lists.col.accessibility',
        type: 'text',
        value: (r) => r.accessibility_needs,
        width: 40,
      },
      {
        key: 'email',
        header: 'lists.col.email',
        type: 'text',
        value: (r) => r.attendee_email,
        contact: true,
        byDefault: false,
        width: 30,
      },
    ],
    consented: (r) => r.consent_share_contact,
  });

  const solutions = defineList<SolutionRow>({
    key: 'solutions',
    columns: [
      { key: 'title', header: 'lists.col.title', type: 'text', value: (r) => r.title, width: 36 },
      {
        key: 'status',
        header: 'lists.col.status',
        type: 'text',
        value: (r) => word(tr, 'lists.solutionStatus.', r.status),
      },
      {
        key: 'organisations',
        header: 'lists.col.organisations',
        type: 'text',
        value: (r) => r.organisations,
        width: 36,
      },
      { key: 'rounds', header: 'lists.col.rounds', type: 'text', value: (r) => r.rounds, width: 30 },
      { key: 'nominee', header: 'lists.col.nominee', type: 'boolean', value: (r) => r.award_nominee, byDefault: false },
      { key: 'tags', header: 'lists.col.tags', type: 'text', value: (r) => r.theme_tags, byDefault: false },
      { key: 'contactName', header: 'lists.col.contactName', type: 'text', value: (r) => r.contact_name, width: 28 },
      {
        key: 'contactEmail',
        header: 'lists.col.contactEmail',
        type: 'text',
        value: (r) => r.contact_email,
        contact: true,
        width: 30,
      },
      {
        key: 'contactPhone',
        header: 'lists.col.contactPhone',
        type: 'text',
        value: (r) => r.contact_phone,
        contact: true,
        width: 16,
      },
      {
        key: 'submittedAt',
        header: 'lists.col.submittedAt',
        type: 'datetime',
        value: (r) => r.submitted_at,
        byDefault: false,
      },
    ],
    // A call for solutions asks for no consent to pass the contact on: a third party never gets it.
  });

  const checkins = defineList<CheckinRow>({
    key: 'checkins',
    columns: [
      { key: 'scannedAt', header: 'lists.col.scannedAt', type: 'datetime', value: (r) => r.scanned_at },
      { key: 'name', header: 'lists.col.name', type: 'text', value: (r) => r.attendee_name, width: 28 },
      {
        key: 'organisation',
        header: 'lists.col.organisation',
        type: 'text',
        value: (r) => r.organisation_name,
        width: 30,
      },
      { key: 'ticketType', header: 'lists.col.ticketType', type: 'text', value: (r) => r.ticket_type },
      { key: 'device', header: 'lists.col.device', type: 'text', value: (r) => r.device, byDefault: false },
      {
        key: 'email',
        header: 'lists.col.email',
        type: 'text',
        value: (r) => r.attendee_email,
        contact: true,
        byDefault: false,
        width: 30,
      },
    ],
    consented: (r) => r.consent_share_contact,
  });

  return { registrations, bookings, needs, solutions, checkins } satisfies Record<ExportListKey, ExportList<never>>;
}

export type ExportLists = ReturnType<typeof exportLists>;

export interface ExportChoice {
  list: ExportListKey;
  format: ExportFormat;
  columns: string[];
  thirdParty: boolean;
}

export type ExportFormError = { field: 'list' | 'format' | 'columns'; message: MessageKey };

/**
 * The export form's answer: list, format, columns (at least one of the
 * list's own) and "for a third party". Unknown column keys are dropped.
 */
export function parseExportForm(
  form: FormData,
): { ok: true; choice: ExportChoice } | { ok: false; errors: ExportFormError[] } {
  const list = form.get('list');
  const format = form.get('format');
  const errors: ExportFormError[] = [];
  if (!isExportListKey(list)) errors.push({ field: 'list', message: 'lists.export.listRequired' });
  if (!isExportFormat(format)) errors.push({ field: 'format', message: 'lists.export.formatRequired' });
  const wanted = form.getAll('columns').filter((value): value is string => typeof value === 'string');
  let columns: string[] = [];
  if (isExportListKey(list)) {
    const known = new Set(columnKeysOf(list));
    columns = wanted.filter((key) => known.has(key));
    if (columns.length === 0) errors.push({ field: 'columns', message: 'lists.export.columnsRequired' });
  }
  if (errors.length > 0 || !isExportListKey(list) || !isExportFormat(format)) return { ok: false, errors };
  return { ok: true, choice: { list, format, columns, thirdParty: form.get('thirdParty') === 'on' } };
}

const keysOfList = exportLists((key) => key);

/** The column keys of a list, in order (the form's checkboxes). */
export function columnKeysOf(list: ExportListKey): string[] {
  return keysOfList[list].columns.map((column) => column.key);
}

/** The columns to tick when the form first shows: the list's defaults. */
export function defaultColumnKeys(list: ExportListKey): string[] {
  return (chooseColumns(keysOfList[list] as ExportList<unknown>, []) as ExportColumn<unknown>[]).map((c) => c.key);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a route parameter can be an id (anything else is a 404 without a query). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
