// The organisers' registrations: the table (search, filters, counts, sort,
// pages) and one attendee's page with its actions. Reads run as the organiser
// under RLS (a reviewer, check-in staff or another event's organiser sees no
// row); writes are the security definer functions of
// 20261203120100_registrations.sql, which check the role, lock the ticket and
// compare its version, so the audit log names the organiser. Emails go through
// the outbox in the same transaction.
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { asUser, type SignedIn, type Sql, sql, type Tx, withServiceRole } from '../db/db.server.ts';
import { isLang, type Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { queueTicketConfirmation } from '../registration/confirmations.server.ts';
import { creditNotesFor } from '../invoice/checkout-mail.server.ts';
import { queueCancellationNotice } from '../registration/notices.server.ts';
import { pathsFor } from '../site/paths.ts';
import { refused } from '../site/refusal.ts';
import { ticketReference } from '../tickets/tickets.ts';
import {
  type AttendeeOutcome,
  attendeeRefusal,
  FACET_NAMES,
  type Facet,
  PAGE_SIZE,
  type RegistrationQuery,
  referencePrefix,
} from './registrations.ts';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** How close a misspelt word must be (pg_trgm word similarity, 0–1); the default 0.6 misses "Jensn". */
const WORD_SIMILARITY = 0.4;

export interface RegistrationRow {
  ticketId: string;
  orderId: string;
  reference: string;
  name: string | null;
  email: string | null;
  organisation: string | null;
  typeName: string;
  status: string;
  sector: string | null;
  municipality: string | null;
  checkedIn: boolean;
  createdAt: Date;
}

export interface RegistrationTable {
  rows: RegistrationRow[];
  total: number;
  /** Per filter, the count of each value among the rows matching the search and every other filter. */
  counts: Record<Facet, Map<string, number>>;
  types: { id: string; name: string }[];
}

/** Each filter as a condition on the `matched` rows (true when the filter is not set). */
function facetConditions(tx: Tx, query: RegistrationQuery): Record<Facet, Fragment> {
  const yesNo = (value: 'ja' | 'nej' | null, column: Fragment): Fragment =>
    value === null ? tx`true` : value === 'ja' ? column : tx`not ${column}`;
  return {
    type: query.type ? tx`ticket_type_id = ${query.type}` : tx`true`,
    status: query.status ? tx`status = ${query.status}::public.ticket_status` : tx`true`,
    sector: query.sector ? tx`sector = ${query.sector}::public.sector` : tx`true`,
    municipality: query.municipality ? tx`municipality = ${query.municipality}` : tx`true`,
    checkedIn: yesNo(query.checkedIn, tx`checked_in`),
    dietary: yesNo(query.dietary, tx`has_dietary`),
    accessibility: yesNo(query.accessibility, tx`has_accessibility`),
    consent:
      query.consent === null
        ? tx`true`
        : query.consent === 'kontakt'
          ? tx`consent_share_contact`
          : query.consent === 'nyhedsbrev'
            ? tx`consent_newsletter`
            : tx`not consent_share_contact and not consent_newsletter`,
  };
}

/** Each row's value for a filter's counts, as text. */
const FACET_VALUES: Record<Facet, string> = {
  type: 'ticket_type_id::text',
  status: 'status::text',
  sector: 'sector::text',
  municipality: 'municipality',
  checkedIn: "case when checked_in then 'ja' else 'nej' end",
  dietary: "case when has_dietary then 'ja' else 'nej' end",
  accessibility: "case when has_accessibility then 'ja' else 'nej' end",
  consent:
    "unnest(case when consent_share_contact or consent_newsletter then array_remove(array[case when consent_share_contact then 'kontakt' end, case when consent_newsletter then 'nyhedsbrev' end], null) else array['ingen'] end)",
};

function orderBy(tx: Tx, query: RegistrationQuery): Fragment {
  switch (query.sort) {
    case 'relevans':
      return tx`m.similarity desc nulls last, m.attendee_name collate "da-DK-x-icu", m.id`;
    case '-navn':
      return tx`m.attendee_name collate "da-DK-x-icu" desc nulls last, m.id`;
    case 'organisation':
      return tx`m.organisation_name collate "da-DK-x-icu" nulls last, m.attendee_name collate "da-DK-x-icu", m.id`;
    case '-organisation':
      return tx`m.organisation_name collate "da-DK-x-icu" desc nulls last, m.attendee_name collate "da-DK-x-icu", m.id`;
    case 'oprettet':
      return tx`m.created_at, m.id`;
    case '-oprettet':
      return tx`m.created_at desc, m.id`;
    case 'type':
      return tx`m.type_position, m.attendee_name collate "da-DK-x-icu", m.id`;
    default:
      return tx`m.attendee_name collate "da-DK-x-icu" nulls last, m.id`;
  }
}

/** One page of the event's tickets, with the total and the counts per filter. */
export async function listRegistrations(
  claims: SignedIn,
  eventId: string,
  query: RegistrationQuery,
  lang: Lang,
  db: Sql = sql(),
): Promise<RegistrationTable> {
  return asUser(
    claims,
    async (tx) => {
      await tx`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`;
      const conditions = facetConditions(tx, query);
      // The search once, then every filter as a flag: the page and each
      // filter's counts (all other filters applied) read the same rows.
      const matched = tx`
        flagged as materialized (
          select * from private.registration_rows(${eventId}, ${query.search}, ${referencePrefix(query.search)})
        )`;
      const allMatch = FACET_NAMES.reduce((acc, facet) => tx`${acc} and ${conditions[facet]}`, tx`true`);
      const countParts = FACET_NAMES.map((facet) => {
        const others = FACET_NAMES.filter((other) => other !== facet).reduce(
          (acc, other) => tx`${acc} and ${conditions[other]}`,
          tx`true`,
        );
        return tx`select ${facet}::text as facet, value, count(*)::int as count
                    from (select ${tx.unsafe(FACET_VALUES[facet])} as value from flagged where ${others}) v
                   group by value`;
      });
      const unionCounts = countParts.reduce((acc, part) => tx`${acc} union all ${part}`);
      interface PageRow {
        id: string;
        order_id: string;
        reference: string;
        position: number;
        attendee_name: string | null;
        attendee_email: string | null;
        organisation_name: string | null;
        type_name: string;
        type_name_en: string | null;
        status: string;
        sector: string | null;
        municipality: string | null;
        checked_in: boolean;
        created_at: string;
      }
      // One statement, so the rows are found once for the counts and the page.
      const [result] = await tx<
        { counts: { facet: Facet | 'total'; value: string | null; count: number }[]; rows: PageRow[] }[]
      >`
        with ${matched},
        counts as (
          ${unionCounts}
          union all select 'total', null, count(*)::int from flagged where ${allMatch}
        ),
        page as (
          select m.id, m.order_id, m.reference, m.position, m.attendee_name, m.attendee_email, m.organisation_name,
                 m.type_name, m.type_name_en, m.status::text as status, m.sector::text as sector,
                 m.municipality, m.checked_in, m.created_at,
                 row_number() over (order by ${orderBy(tx, query)}) as ord
            from flagged m
           where ${allMatch}
           order by ord
           limit ${PAGE_SIZE} offset ${(query.page - 1) * PAGE_SIZE}
        )
        select (select coalesce(json_agg(c), '[]') from counts c) as counts,
               (select coalesce(json_agg(p order by p.ord), '[]') from page p) as rows`;
      const { counts, rows } = result!;
      const types = await tx<{ id: string; name: string; name_en: string | null }[]>`
        select id, name, name_en from public.ticket_types where event_id = ${eventId} order by position, name`;

      const byFacet = Object.fromEntries(FACET_NAMES.map((facet) => [facet, new Map<string, number>()])) as Record<
        Facet,
        Map<string, number>
      >;
      let total = 0;
      for (const row of counts) {
        if (row.facet === 'total') total = row.count;
        else if (row.value !== null) byFacet[row.facet].set(row.value, row.count);
      }
      return {
        rows: rows.map((row) => ({
          ticketId: row.id,
          orderId: row.order_id,
          reference: ticketReference(row.reference, row.position),
          name: row.attendee_name,
          email: row.attendee_email,
          organisation: row.organisation_name,
          typeName: localized(lang, row.type_name, row.type_name_en),
          status: row.status,
          sector: row.sector,
          municipality: row.municipality,
          checkedIn: row.checked_in,
          createdAt: new Date(row.created_at),
        })),
        total,
        counts: byFacet,
        types: types.map((type) => ({ id: type.id, name: localized(lang, type.name, type.name_en) })),
      };
    },
    db,
  );
}

// ── One attendee ───────────────────────────────────────────────────────────

export interface AttendeeDetails {
  ticket: {
    id: string;
    version: number;
    reference: string;
    status: string;
    revision: number;
    name: string | null;
    email: string | null;
    organisation: string | null;
    jobTitle: string | null;
    sector: string | null;
    municipality: string | null;
    dietaryNeeds: string | null;
    accessibilityNeeds: string | null;
    consentShareContact: boolean;
    consentNewsletter: boolean;
    typeName: string;
    typeNameEn: string | null;
    priceOre: number;
    createdAt: Date;
    cancelledAt: Date | null;
  };
  order: {
    id: string;
    reference: string;
    status: string;
    buyerName: string | null;
    buyerEmail: string | null;
    totalOre: number;
    refundedOre: number;
    paidByCard: boolean;
    /** Paid by invoice: cancelling with the money back issues a credit note. */
    paidByInvoice: boolean;
    createdAt: Date;
    otherTickets: { id: string; reference: string; name: string | null; status: string }[];
  };
  bookings: { sessionTitle: string; sessionTitleEn: string | null; startsAt: Date; status: string }[];
  waitlist: { typeName: string; status: string; createdAt: Date }[];
  checkIns: { at: Date; result: string; undone: boolean; gate: string | null }[];
  sessionCheckIns: { sessionTitle: string; sessionTitleEn: string | null; at: Date }[];
  emails: { template: string; status: string; createdAt: Date; sentAt: Date | null; recipient: string }[];
  notes: { id: string; body: string; author: string | null; createdAt: Date }[];
}

/** One ticket of the event with everything about its holder; null when there is none the organiser may see. */
export async function loadAttendee(
  claims: SignedIn,
  eventId: string,
  ticketId: string,
  db: Sql = sql(),
): Promise<AttendeeDetails | null> {
  return asUser(
    claims,
    async (tx) => {
      const [ticket] = await tx<
        {
          id: string;
          version: number;
          order_id: string;
          position: number;
          status: string;
          revision: number;
          attendee_name: string | null;
          attendee_email: string | null;
          organisation_name: string | null;
          job_title: string | null;
          sector: string | null;
          municipality: string | null;
          dietary_needs: string | null;
          accessibility_needs: string | null;
          consent_share_contact: boolean;
          consent_newsletter: boolean;
          type_name: string;
          type_name_en: string | null;
          price_ore: number;
          created_at: Date;
          cancelled_at: Date | null;
          reference: string;
          order_status: string;
          buyer_name: string | null;
          buyer_email: string | null;
          total_ore: number;
          refunded_ore: number;
          payment_intent_id: string | null;
          payment_method: 'card' | 'invoice';
          order_created_at: Date;
        }[]
      >`
        select t.id, t.version, t.order_id, t.position, t.status::text, t.revision, t.attendee_name, t.attendee_email,
               t.organisation_name, t.job_title, t.sector::text, t.municipality, t.dietary_needs,
               t.accessibility_needs, t.consent_share_contact, t.consent_newsletter, tt.name as type_name,
               tt.name_en as type_name_en, t.price_ore, t.created_at, t.cancelled_at, o.reference,
               o.status::text as order_status, o.buyer_name, o.buyer_email, o.total_ore, o.refunded_ore,
               o.payment_intent_id, o.payment_method, o.created_at as order_created_at
          from public.tickets t
          join public.orders o on o.id = t.order_id
          join public.ticket_types tt on tt.id = t.ticket_type_id
         where t.id = ${ticketId} and t.event_id = ${eventId} and private.has_event_role(t.event_id, 'organiser')`;
      if (!ticket) return null;
      const [others, bookings, waitlist, checkIns, sessionCheckIns, emails, notes] = await Promise.all([
        tx<{ id: string; position: number; attendee_name: string | null; status: string }[]>`
          select id, position, attendee_name, status::text from public.tickets
           where order_id = ${ticket.order_id} and id <> ${ticketId} order by position`,
        tx<{ title: string; title_en: string | null; starts_at: Date; status: string }[]>`
          select s.title, s.title_en, s.starts_at, b.status::text
            from public.bookings b join public.sessions s on s.id = b.session_id
           where b.ticket_id = ${ticketId} order by s.starts_at`,
        ticket.attendee_email
          ? tx<{ name: string; status: string; created_at: Date }[]>`
              select tt.name, w.status::text, w.created_at
                from public.waitlist_entries w join public.ticket_types tt on tt.id = w.ticket_type_id
               where w.event_id = ${eventId} and w.email = ${ticket.attendee_email}
               order by w.created_at`
          : Promise.resolve([]),
        tx<{ recorded_at: Date; result: string; undone_at: Date | null; gate: string | null }[]>`
          select c.recorded_at, c.result::text, c.undone_at, g.name as gate
            from public.check_ins c left join public.checkin_gates g on g.id = c.gate_id
           where c.ticket_id = ${ticketId} order by c.recorded_at`,
        tx<{ title: string; title_en: string | null; at: Date }[]>`
          select s.title, s.title_en, c.recorded_at as at
            from public.session_check_ins c join public.sessions s on s.id = c.session_id
           where c.ticket_id = ${ticketId} order by c.recorded_at`,
        tx<{ template: string; status: string; created_at: Date; sent_at: Date | null; recipient: string }[]>`
          select template, status, created_at, sent_at, recipient from private.attendee_emails(${ticketId})`,
        tx<{ id: string; body: string; author: string | null; created_at: Date }[]>`
          select n.id, n.body, u.email as author, n.created_at
            from public.attendee_notes n
            left join private.event_people(${eventId}, array(select a.author_id from public.attendee_notes a
                                                             where a.ticket_id = ${ticketId})) u
              on u.user_id = n.author_id
           where n.ticket_id = ${ticketId} order by n.created_at desc`,
      ]);
      return {
        ticket: {
          id: ticket.id,
          version: ticket.version,
          reference: ticketReference(ticket.reference, ticket.position),
          status: ticket.status,
          revision: ticket.revision,
          name: ticket.attendee_name,
          email: ticket.attendee_email,
          organisation: ticket.organisation_name,
          jobTitle: ticket.job_title,
          sector: ticket.sector,
          municipality: ticket.municipality,
          dietaryNeeds: ticket.dietary_needs,
          accessibilityNeeds: ticket.accessibility_needs,
          consentShareContact: ticket.consent_share_contact,
          consentNewsletter: ticket.consent_newsletter,
          typeName: ticket.type_name,
          typeNameEn: ticket.type_name_en,
          priceOre: ticket.price_ore,
          createdAt: ticket.created_at,
          cancelledAt: ticket.cancelled_at,
        },
        order: {
          id: ticket.order_id,
          reference: ticket.reference,
          status: ticket.order_status,
          buyerName: ticket.buyer_name,
          buyerEmail: ticket.buyer_email,
          totalOre: ticket.total_ore,
          refundedOre: ticket.refunded_ore,
          paidByCard: ticket.payment_intent_id !== null,
          paidByInvoice: ticket.payment_method === 'invoice',
          createdAt: ticket.order_created_at,
          otherTickets: others.map((other) => ({
            id: other.id,
            reference: ticketReference(ticket.reference, other.position),
            name: other.attendee_name,
            status: other.status,
          })),
        },
        bookings: bookings.map((row) => ({
          sessionTitle: row.title,
          sessionTitleEn: row.title_en,
          startsAt: row.starts_at,
          status: row.status,
        })),
        waitlist: waitlist.map((row) => ({ typeName: row.name, status: row.status, createdAt: row.created_at })),
        checkIns: checkIns.map((row) => ({
          at: row.recorded_at,
          result: row.result,
          undone: row.undone_at !== null,
          gate: row.gate,
        })),
        sessionCheckIns: sessionCheckIns.map((row) => ({
          sessionTitle: row.title,
          sessionTitleEn: row.title_en,
          at: row.at,
        })),
        emails: emails.map((row) => ({
          template: row.template,
          status: row.status,
          createdAt: row.created_at,
          sentAt: row.sent_at,
          recipient: row.recipient,
        })),
        notes: notes.map((row) => ({ id: row.id, body: row.body, author: row.author, createdAt: row.created_at })),
      };
    },
    db,
  );
}

// ── Actions ────────────────────────────────────────────────────────────────

interface TicketInput {
  event: string;
  ticket: string;
}

/** The ticket must be of the event the form names (the database checks the role). */
async function ticketOfEvent(tx: Tx, input: TicketInput): Promise<boolean> {
  const [row] = await tx<{ ok: boolean }[]>`
    select exists (select 1 from public.tickets where id = ${input.ticket} and event_id = ${input.event}) as ok`;
  return row!.ok;
}

export async function correctHolder(
  claims: SignedIn,
  input: TicketInput & { version: number; name: string; organisation: string },
  db: Sql = sql(),
): Promise<AttendeeOutcome<{ version: number }>> {
  return asUser<AttendeeOutcome<{ version: number }>>(
    claims,
    async (tx) => {
      if (!(await ticketOfEvent(tx, input))) return refused('not_found');
      const [row] = await tx<{ code: string; version: number | null }[]>`
        select code, version from private.correct_ticket_holder(${input.ticket}, ${input.version}, ${input.name},
                                                                 ${input.organisation})`;
      return row!.code === 'ok' ? { ok: true, value: { version: row!.version! } } : attendeeRefusal(row!.code);
    },
    db,
  );
}

interface EventMailRow {
  slug: string;
  name: string;
  name_en: string | null;
  starts_at: Date;
  timezone: string;
  language: string;
  reference: string;
  position: number;
}

/**
 * Transfers the ticket to a colleague and tells both: the new holder gets the
 * confirmation with a code of the new revision, the former holder that the
 * ticket is no longer theirs. One transaction: the emails exist exactly when
 * the transfer does.
 */
export async function transferTicket(
  claims: SignedIn,
  input: TicketInput & { version: number; name: string; email: string; organisation: string },
  options: { origin: string },
  db: Sql = sql(),
): Promise<AttendeeOutcome<{ version: number }>> {
  const outcome = await asUser<AttendeeOutcome<{ version: number }>>(
    claims,
    async (tx) => {
      if (!(await ticketOfEvent(tx, input))) return refused('not_found');
      const [row] = await tx<
        { code: string; version: number | null; previous_name: string | null; previous_email: string | null }[]
      >`
        select code, version, previous_name, previous_email
          from private.transfer_ticket(${input.ticket}, ${input.version}, ${input.name}, ${input.email},
                                       ${input.organisation})`;
      if (row!.code !== 'ok') return attendeeRefusal(row!.code);
      const [transfer] = await tx<
        { revision: number }[]
      >`select revision from public.tickets where id = ${input.ticket}`;
      await queueTicketConfirmation(tx, {
        ticketId: input.ticket,
        idempotencyKey: `ticket-transfer/${input.ticket}/${transfer!.revision}/new`,
        origin: options.origin,
      });
      if (row!.previous_email && row!.previous_name) {
        const event = await eventForMail(tx, input.ticket);
        const lang: Lang = isLang(event.language) ? event.language : 'da';
        await enqueueEmail(tx, {
          idempotencyKey: `ticket-transfer/${input.ticket}/${transfer!.revision}/old`,
          to: row!.previous_email,
          lang,
          template: 'ticket-transferred',
          data: {
            recipientName: row!.previous_name,
            eventName: localized(lang, event.name, event.name_en),
            eventStartsAt: event.starts_at.toISOString(),
            timeZone: event.timezone,
            eventUrl: options.origin + pathsFor(lang).event(event.slug),
            ticketReference: ticketReference(event.reference, event.position),
          },
        });
      }
      return { ok: true, value: { version: row!.version! } };
    },
    db,
  );
  // The emails were queued in the committed transaction; send them now rather than at the next round.
  if (outcome.ok) kickOutboxWorker();
  return outcome;
}

async function eventForMail(tx: Tx, ticketId: string): Promise<EventMailRow> {
  const [row] = await withServiceRole(
    tx,
    () => tx<EventMailRow[]>`
      select e.slug, e.name, e.name_en, e.starts_at, e.timezone, o.language, o.reference, t.position
        from public.tickets t join public.orders o on o.id = t.order_id join public.events e on e.id = t.event_id
       where t.id = ${ticketId}`,
  );
  return row!;
}

/**
 * Cancels the ticket, with or without giving its price back (the one refund
 * path: a refund job the worker executes after commit), and tells the holder
 * and the buyer through the outbox.
 */
export async function cancelTicket(
  claims: SignedIn,
  input: TicketInput & { version: number; refund: boolean },
  options: { origin: string },
  db: Sql = sql(),
): Promise<AttendeeOutcome<{ refundOre: number | null; creditedOre: number }>> {
  const outcome = await asUser<AttendeeOutcome<{ refundOre: number | null; creditedOre: number }>>(
    claims,
    async (tx) => {
      if (!(await ticketOfEvent(tx, input))) return refused('not_found');
      const [row] = await tx<{ code: string; order_id: string | null; refund_ore: number | null }[]>`
        select code, order_id, refund_ore
          from private.organiser_cancel_ticket(${input.ticket}, ${input.version}, ${input.refund})`;
      if (row!.code !== 'ok') return attendeeRefusal(row!.code);
      await queueCancellationNotice(tx, {
        orderId: row!.order_id!,
        ticketIds: [input.ticket],
        reason: 'by-organiser',
        refundOre: row!.refund_ore,
        cause: `organiser-cancel/${input.ticket}`,
        origin: options.origin,
      });
      // An invoice order's ticket was credited by a credit note instead of a card refund.
      const { creditedOre } = await creditNotesFor(tx, [input.ticket]);
      return { ok: true, value: { refundOre: row!.refund_ore, creditedOre } };
    },
    db,
  );
  // The emails were queued in the committed transaction; send them now rather than at the next round.
  if (outcome.ok) kickOutboxWorker();
  return outcome;
}

/** Sends the holder their confirmation (with a code of the ticket's current revision) again. */
export async function resendConfirmation(
  claims: SignedIn,
  input: TicketInput & { nonce: string },
  options: { origin: string },
  db: Sql = sql(),
): Promise<AttendeeOutcome<null>> {
  const outcome = await asUser<AttendeeOutcome<null>>(
    claims,
    async (tx) => {
      if (!(await ticketOfEvent(tx, input))) return refused('not_found');
      const [ticket] = await tx<{ attendee_email: string | null }[]>`
        select attendee_email from public.tickets where id = ${input.ticket}`;
      const [row] = await tx<{ code: string }[]>`
        select private.record_confirmation_resend(${input.ticket}, ${ticket?.attendee_email ?? ''}) as code`;
      if (row!.code !== 'ok') return attendeeRefusal(row!.code);
      await queueTicketConfirmation(tx, {
        ticketId: input.ticket,
        idempotencyKey: `order-confirmation-again/${input.ticket}/${input.nonce}`,
        origin: options.origin,
      });
      return { ok: true, value: null };
    },
    db,
  );
  // The emails were queued in the committed transaction; send them now rather than at the next round.
  if (outcome.ok) kickOutboxWorker();
  return outcome;
}

/** An internal note about the attendee, seen by the event's organisers only. */
export async function addNote(
  claims: SignedIn,
  input: TicketInput & { body: string },
  db: Sql = sql(),
): Promise<AttendeeOutcome<null>> {
  return asUser<AttendeeOutcome<null>>(
    claims,
    async (tx) => {
      if (!(await ticketOfEvent(tx, input))) return refused('not_found');
      const inserted = await tx`
        insert into public.attendee_notes (event_id, ticket_id, body)
        select t.event_id, t.id, ${input.body} from public.tickets t
         where t.id = ${input.ticket} and t.anonymised_at is null
           and private.has_event_role(t.event_id, 'organiser')
        returning id`;
      return inserted.length === 1 ? { ok: true, value: null } : refused('not_found');
    },
    db,
  );
}

/** A fresh nonce for a "send again" form. */
export function newNonce(): string {
  return randomUUID();
}
