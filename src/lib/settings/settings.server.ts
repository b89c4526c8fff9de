// Ticket, registration and booking settings: read and written as the signed-in
// organiser (asUser), so RLS decides — the policies of
// 20261203110400_ticket_and_registration_settings.sql let only the organisers
// of the row's own event change it — and the audit trigger knows who did it.
// Each save is one statement guarded by the version the form showed; a
// constraint the database refuses comes back as a refusal at its field, and
// nothing is written.
import postgres from 'postgres';
import { asUser, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { fromWallClock } from '../i18n/wall-clock.ts';
import { refused } from '../site/refusal.ts';
import {
  askFieldName,
  CALL_FIELDS,
  type CallFields,
  callFieldsFrom,
  storedCallFields,
} from '../solutions/call-fields.ts';
import {
  type BookingSettingsInput,
  type CallSettingsInput,
  type GalleryLayoutInput,
  type Questions,
  type RegistrationSettingsInput,
  rubricCriteria,
  type SettingsRefusal,
  type TicketAudienceChoice,
  type TicketTypeInput,
  ticketSlug,
} from './settings.ts';

export type Saved = { ok: true; id: string };

// ── Shared steps ────────────────────────────────────────────────────────────

interface EventFacts {
  id: string;
  timezone: string;
  starts_at: Date;
  ends_at: Date;
  version: number;
}

/** The event, if the caller organises it (RLS and the role check agree). */
async function organisedEvent(tx: Tx, eventId: string): Promise<EventFacts | null> {
  const [row] = await tx<EventFacts[]>`
    select id, timezone, starts_at, ends_at, version from public.events
     where id = ${eventId} and private.has_event_role(id, 'organiser')`;
  return row ?? null;
}

class Refusal extends Error {
  readonly refusal: SettingsRefusal;
  constructor(refusal: SettingsRefusal) {
    super(refusal.code);
    this.refusal = refusal;
  }
}

/** A wall-clock time read in the event's zone; a time the zone never shows is refused at its field. */
function moment(value: string | null, timeZone: string, field: string): Date | null {
  if (value === null) return null;
  const date = fromWallClock(value, timeZone);
  if (!date) throw new Refusal(refused('invalid_time', { field }));
  return date;
}

/** What a constraint the database enforced means to the form, or undefined for a real fault. */
function refusalFor(error: unknown): SettingsRefusal | undefined {
  if (!(error instanceof postgres.PostgresError)) return undefined;
  const constraint = error.constraint_name ?? '';
  switch (constraint) {
    case 'ticket_types_sold_within_capacity':
      return refused('capacity_below_sold');
    case 'ticket_types_access_code_idx':
      return refused('code_taken');
    case 'ticket_types_sales_window':
      return refused('window_out_of_order', { field: 'salesEnd' });
    case 'events_cancellation_before_end':
      return refused('deadline_after_event');
    case 'events_booking_window_in_order':
      return refused('window_out_of_order', { field: 'bookingClosesAt' });
    case 'events_call_window':
      return refused('call_window_incomplete');
    case 'sessions_room_not_double_booked':
      return refused('room_taken');
  }
  // Any other check (a range the form already checks): refused, never a 500.
  return error.code === '23514' ? refused('rejected') : undefined;
}

/**
 * Runs one write in a savepoint, so a refused statement leaves the
 * transaction usable and nothing half-written; answers refusals as data.
 */
async function guarded<T>(tx: Tx, work: (sp: postgres.TransactionSql) => Promise<T>): Promise<T | SettingsRefusal> {
  try {
    return (await tx.savepoint(work)) as T;
  } catch (error) {
    if (error instanceof Refusal) return error.refusal;
    const refusal = refusalFor(error);
    if (refusal) return refusal;
    throw error;
  }
}

/** No row matched the id and version: someone saved first, or the row is not the caller's. */
async function missed(tx: Tx, table: 'events' | 'ticket_types', id: string): Promise<SettingsRefusal> {
  const [row] =
    table === 'events'
      ? await tx`select 1 from public.events where id = ${id} and private.has_event_role(id, 'organiser')`
      : await tx`select 1 from public.ticket_types where id = ${id} and private.has_event_role(event_id, 'organiser')`;
  return row ? refused('changed_elsewhere') : refused('not_found');
}

// ── Ticket types ────────────────────────────────────────────────────────────

export interface TicketTypeSetting {
  id: string;
  slug: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  audience: TicketAudienceChoice;
  priceOre: number;
  vatPercent: number;
  capacity: number;
  sold: number;
  salesStart: Date | null;
  salesEnd: Date | null;
  accessCode: string | null;
  maxPerOrder: number | null;
  version: number;
}

interface TicketTypeRow {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  description: string | null;
  description_en: string | null;
  audience: TicketAudienceChoice;
  price_ore: number;
  vat_percent: number;
  capacity: number;
  sold: number;
  sales_start: Date | null;
  sales_end: Date | null;
  access_code: string | null;
  max_per_order: number | null;
  version: number;
}

/** The event's ticket types with their access codes, for its organisers; [] for anyone else. */
export async function loadTicketTypes(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<TicketTypeSetting[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<TicketTypeRow[]>`
      select tt.id, tt.slug, tt.name, tt.name_en, tt.description, tt.description_en, tt.audience,
             tt.price_ore, tt.vat_percent, tt.capacity, tt.sold, tt.sales_start, tt.sales_end,
             c.access_code, tt.max_per_order, tt.version
        from public.ticket_types tt
        left join private.ticket_type_access_codes(${eventId}) c on c.ticket_type_id = tt.id
       where tt.event_id = ${eventId} and private.has_event_role(tt.event_id, 'organiser')
       order by tt.position, tt.name`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    nameEn: row.name_en,
    description: row.description,
    descriptionEn: row.description_en,
    audience: row.audience,
    priceOre: row.price_ore,
    vatPercent: row.vat_percent,
    capacity: row.capacity,
    sold: row.sold,
    salesStart: row.sales_start,
    salesEnd: row.sales_end,
    accessCode: row.access_code,
    maxPerOrder: row.max_per_order,
    version: row.version,
  }));
}

/** Adds a ticket type (no id) or changes one at the version the form showed. */
export async function saveTicketType(
  claims: SignedIn,
  input: TicketTypeInput,
  db: Sql = sql(),
): Promise<Saved | SettingsRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const event = await organisedEvent(tx, input.event);
      if (!event) return refused('not_found');
      const answer = await guarded(tx, async (sp) => {
        const fields = {
          name: input.name,
          name_en: input.nameEn,
          description: input.description,
          description_en: input.descriptionEn,
          audience: input.audience,
          price_ore: input.price,
          capacity: input.capacity,
          sales_start: moment(input.salesStart, event.timezone, 'salesStart'),
          sales_end: moment(input.salesEnd, event.timezone, 'salesEnd'),
          access_code: input.accessCode,
          max_per_order: input.maxPerOrder,
        };
        if (input.ticketType) {
          const [row] = await sp<{ id: string }[]>`
          update public.ticket_types set ${sp(fields)}
           where id = ${input.ticketType} and event_id = ${event.id} and version = ${input.version!}
          returning id`;
          return row ? row.id : null;
        }
        // The slug is the name's; a second type of the same name gets "-2".
        const taken = (
          await sp<{ slug: string }[]>`select slug from public.ticket_types where event_id = ${event.id}`
        ).map((row) => row.slug);
        let n = 1;
        while (taken.includes(ticketSlug(input.name, n))) n += 1;
        const [row] = await sp<{ id: string }[]>`
        insert into public.ticket_types ${sp({
          ...fields,
          event_id: event.id,
          slug: ticketSlug(input.name, n),
          position: taken.length,
        })}
        returning id`;
        return row!.id;
      });
      if (answer === null) return missed(tx, 'ticket_types', input.ticketType!);
      if (typeof answer !== 'string') return answer;
      return { ok: true, id: answer } as const;
    },
    db,
  );
}

// ── Event settings ──────────────────────────────────────────────────────────

export interface EventSettings {
  id: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  version: number;
  questions: Questions;
  cancellationDeadline: Date | null;
  waitlistOfferHours: number;
  teamOrders: boolean;
  maxTicketsPerOrder: number;
  bookingOpensAt: Date | null;
  bookingClosesAt: Date | null;
  maxGalleryRounds: number | null;
  waitlistMode: 'auto_promote' | 'offer';
  offerMinutes: number;
  noShowMinutes: number | null;
  callOpensAt: Date | null;
  callClosesAt: Date | null;
  reviewRubric: string | null;
  reviewRubricEn: string | null;
  slotsPerRound: number;
  /** Which optional fields the call for solutions asks, and which it requires. */
  callFields: CallFields;
  /** The event's gallery rounds now. */
  galleryRounds: number;
}

interface EventSettingsRow {
  id: string;
  timezone: string;
  starts_at: Date;
  ends_at: Date;
  version: number;
  question_sector: Questions['sector'];
  question_municipality: Questions['municipality'];
  question_dietary: Questions['dietary'];
  question_accessibility: Questions['accessibility'];
  cancellation_deadline: Date | null;
  waitlist_offer_hours: number;
  team_orders: boolean;
  max_tickets_per_order: number;
  booking_opens_at: Date | null;
  booking_closes_at: Date | null;
  max_gallery_rounds_per_attendee: number | null;
  booking_waitlist_mode: 'auto_promote' | 'offer';
  booking_offer_minutes: number;
  no_show_release_minutes: number | null;
  call_opens_at: Date | null;
  call_closes_at: Date | null;
  review_rubric: string | null;
  review_rubric_en: string | null;
  gallery_slots_per_round: number;
  call_fields: unknown;
  gallery_rounds: number;
}

/** The event's registration and booking settings, for its organisers; null for anyone else. */
export async function loadEventSettings(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<EventSettings | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<EventSettingsRow[]>`
      select id, timezone, starts_at, ends_at, version,
             question_sector, question_municipality, question_dietary, question_accessibility,
             cancellation_deadline, waitlist_offer_hours, team_orders, max_tickets_per_order,
             booking_opens_at, booking_closes_at, max_gallery_rounds_per_attendee, booking_waitlist_mode,
             booking_offer_minutes, no_show_release_minutes, call_opens_at, call_closes_at,
             review_rubric, review_rubric_en, gallery_slots_per_round, call_fields,
             (select count(*)::int from public.sessions s
               where s.event_id = events.id and s.kind = 'gallery_round') as gallery_rounds
        from public.events
       where id = ${eventId} and private.has_event_role(id, 'organiser')`,
    db,
  );
  if (!row) return null;
  return {
    id: row.id,
    timeZone: row.timezone,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    version: row.version,
    questions: {
      sector: row.question_sector,
      municipality: row.question_municipality,
      dietary: row.question_dietary,
      accessibility: row.question_accessibility,
    },
    cancellationDeadline: row.cancellation_deadline,
    waitlistOfferHours: row.waitlist_offer_hours,
    teamOrders: row.team_orders,
    maxTicketsPerOrder: row.max_tickets_per_order,
    bookingOpensAt: row.booking_opens_at,
    bookingClosesAt: row.booking_closes_at,
    maxGalleryRounds: row.max_gallery_rounds_per_attendee,
    waitlistMode: row.booking_waitlist_mode,
    offerMinutes: row.booking_offer_minutes,
    noShowMinutes: row.no_show_release_minutes,
    callOpensAt: row.call_opens_at,
    callClosesAt: row.call_closes_at,
    reviewRubric: row.review_rubric,
    reviewRubricEn: row.review_rubric_en,
    slotsPerRound: row.gallery_slots_per_round,
    callFields: callFieldsFrom(row.call_fields),
    galleryRounds: row.gallery_rounds,
  };
}

/** Changes columns of the event at the version the form showed, in one statement. */
async function updateEvent(
  claims: SignedIn,
  eventId: string,
  version: number,
  columns: (event: EventFacts) => Record<string, unknown>,
  db: Sql,
): Promise<Saved | SettingsRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const event = await organisedEvent(tx, eventId);
      if (!event) return refused('not_found');
      const answer = await guarded(tx, async (sp) => {
        const [row] = await sp<{ id: string }[]>`
        update public.events set ${sp(columns(event))}
         where id = ${event.id} and version = ${version}
        returning id`;
        return row ? row.id : null;
      });
      if (answer === null) return missed(tx, 'events', eventId);
      if (typeof answer !== 'string') return answer;
      return { ok: true, id: answer } as const;
    },
    db,
  );
}

export function saveRegistrationSettings(
  claims: SignedIn,
  input: RegistrationSettingsInput,
  db: Sql = sql(),
): Promise<Saved | SettingsRefusal> {
  return updateEvent(
    claims,
    input.event,
    input.version,
    (event) => ({
      question_sector: input.questionSector,
      question_municipality: input.questionMunicipality,
      question_dietary: input.questionDietary,
      question_accessibility: input.questionAccessibility,
      cancellation_deadline: moment(input.cancellationDeadline, event.timezone, 'cancellationDeadline'),
      waitlist_offer_hours: input.waitlistOfferHours,
      team_orders: input.teamOrders,
      max_tickets_per_order: input.maxTicketsPerOrder,
    }),
    db,
  );
}

export function saveBookingSettings(
  claims: SignedIn,
  input: BookingSettingsInput,
  db: Sql = sql(),
): Promise<Saved | SettingsRefusal> {
  return updateEvent(
    claims,
    input.event,
    input.version,
    (event) => ({
      booking_opens_at: moment(input.bookingOpensAt, event.timezone, 'bookingOpensAt'),
      booking_closes_at: moment(input.bookingClosesAt, event.timezone, 'bookingClosesAt'),
      max_gallery_rounds_per_attendee: input.maxGalleryRounds,
      booking_waitlist_mode: input.waitlistMode,
      booking_offer_minutes: input.offerMinutes,
      no_show_release_minutes: input.noShowMinutes,
    }),
    db,
  );
}

/** The call's questions as stored (only what differs from the default), when the form sent them. */
function callFieldsColumn(input: CallSettingsInput): { call_fields?: postgres.JSONValue } {
  const sent = CALL_FIELDS.filter((field) => input[askFieldName(field) as keyof CallSettingsInput] !== undefined);
  if (sent.length === 0) return {};
  const fields = Object.fromEntries(
    CALL_FIELDS.map((field) => [field, input[askFieldName(field) as keyof CallSettingsInput] ?? 'optional']),
  ) as CallFields;
  // An object: postgres.js serialises it for the column's jsonb.
  return { call_fields: storedCallFields(fields) as postgres.JSONValue };
}

export function saveCallSettings(
  claims: SignedIn,
  input: CallSettingsInput,
  db: Sql = sql(),
): Promise<Saved | SettingsRefusal> {
  return updateEvent(
    claims,
    input.event,
    input.version,
    (event) => ({
      call_opens_at: moment(input.callOpensAt, event.timezone, 'callOpensAt'),
      call_closes_at: moment(input.callClosesAt, event.timezone, 'callClosesAt'),
      review_rubric: input.reviewRubric,
      review_rubric_en: input.reviewRubricEn,
      gallery_slots_per_round: input.slotsPerRound,
      ...callFieldsColumn(input),
    }),
    db,
  );
}

/**
 * Makes the gallery-round sessions of the layout (private.generate_gallery_rounds):
 * all of them or, when a gallery's room is taken at a round's time, none.
 */
export async function generateGalleryRounds(
  claims: SignedIn,
  input: GalleryLayoutInput,
  db: Sql = sql(),
): Promise<{ ok: true; made: number } | SettingsRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const event = await organisedEvent(tx, input.event);
      if (!event) return refused('not_found');
      const answer = await guarded(tx, async (sp) => {
        const first = moment(input.firstStart, event.timezone, 'firstStart');
        const [row] = await sp<{ result: { code: 'ok' | 'not_authorised' | 'invalid'; made?: number } }[]>`
          select private.generate_gallery_rounds(${event.id}, ${input.galleries}, ${input.rounds}, ${first},
                 ${input.minutes}, ${input.gap}, ${input.seats}) as result`;
        return row!.result;
      });
      if ('ok' in answer) return answer;
      if (answer.code === 'not_authorised') return refused('not_found');
      if (answer.code === 'invalid') return refused('layout_outside_event');
      return { ok: true, made: answer.made ?? 0 } as const;
    },
    db,
  );
}

/** The review criteria of an event, in the reader's language, for its organisers; [] when none or not theirs. */
export async function loadReviewRubric(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<string[]> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ review_rubric: string | null; review_rubric_en: string | null }[]>`
      select review_rubric, review_rubric_en from public.events
       where id = ${eventId} and private.has_event_role(id, 'organiser')`,
    db,
  );
  return row ? rubricCriteria(localized(lang, row.review_rubric, row.review_rubric_en)) : [];
}
