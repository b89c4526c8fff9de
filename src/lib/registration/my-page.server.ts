// My page (/min-side): the signed-in person's tickets and the orders they
// placed, their waitlist places, correcting attendee details, cancelling,
// a new QR code, all their personal data as JSON, and deleting the account.
// Every read and write runs as the user, under RLS: a ticket someone else
// holds is simply not there.
import { asUser, type SignedIn, withServiceRole } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import type { Sector } from '../events/events.ts';
import { firstMissingAnswer, type Question, type Questions } from '../settings/questions.ts';
import { paymentProvider } from '../payments/stripe.server.ts';
import { ticketQrSvg } from '../tickets/qr.ts';
import { issueTicketCodes } from '../tickets/tickets.server.ts';
import type { MyData } from './my-data.ts';
import { creditNotesFor } from '../invoice/checkout-mail.server.ts';
import { queueCancellationNotice } from './notices.server.ts';
import { executeDueRefunds } from './refunds.server.ts';
import { type AttendeeDetails, cancellationDeadline, canCancel, type OrderStatus } from './registration.ts';
import { queueWaitlistOffers } from './waitlist.server.ts';
import { type TicketStatus, ticketReference, ticketValidity } from '../tickets/tickets.ts';

interface TicketRow {
  id: string;
  order_id: string;
  position: number;
  status: TicketStatus;
  revision: number;
  price_ore: number;
  attendee_name: string | null;
  attendee_email: string | null;
  organisation_name: string | null;
  sector: Sector | null;
  job_title: string | null;
  municipality: string | null;
  dietary_needs: string | null;
  accessibility_needs: string | null;
  consent_share_contact: boolean;
  consent_newsletter: boolean;
  is_mine: boolean;
  reference: string;
  payment_method: 'card' | 'invoice';
  event_id: string;
  slug: string;
  event_name: string;
  event_name_en: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  venue_name: string;
  venue_address: string | null;
  cancellation_deadline: Date | null;
  question_sector: Questions['sector'];
  question_municipality: Questions['municipality'];
  question_dietary: Questions['dietary'];
  question_accessibility: Questions['accessibility'];
  type_name: string;
  type_name_en: string | null;
}

export interface MyTicket {
  id: string;
  orderId: string;
  reference: string;
  status: TicketStatus;
  revision: number;
  priceOre: number;
  holderName: string;
  holderEmail: string | null;
  details: AttendeeDetails;
  /** The signed-in person holds it (rather than having bought it for a colleague). */
  isMine: boolean;
  event: {
    id: string;
    slug: string;
    name: string;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    venueName: string;
    venueAddress: string | null;
    /** The event's registration questions: what the details form asks and requires. */
    questions: Questions;
  };
  ticketTypeName: string;
  cancellationDeadline: Date;
  canCancel: boolean;
  /** Its order is paid by invoice: cancelling credits the price instead of refunding a card. */
  paidByInvoice: boolean;
}

const TICKET_COLUMNS = (tx: Parameters<Parameters<typeof asUser>[1]>[0]) => tx`
  t.id, t.order_id, t.position, t.status, t.revision, t.price_ore, t.attendee_name, t.attendee_email,
  t.organisation_name, t.sector, t.job_title, t.municipality, t.dietary_needs, t.accessibility_needs,
  t.consent_share_contact, t.consent_newsletter,
  (t.holder_user_id = auth.uid() or t.attendee_email = private.current_email()) as is_mine,
  o.reference, o.payment_method, e.id as event_id, e.slug, e.name as event_name, e.name_en as event_name_en, e.starts_at, e.ends_at,
  e.timezone, e.venue_name, e.venue_address, e.cancellation_deadline,
  e.question_sector, e.question_municipality, e.question_dietary, e.question_accessibility,
  tt.name as type_name, tt.name_en as type_name_en`;

function toTicket(row: TicketRow, lang: Lang, now: Date): MyTicket {
  const event = { cancellationDeadline: row.cancellation_deadline, startsAt: row.starts_at };
  return {
    id: row.id,
    orderId: row.order_id,
    reference: ticketReference(row.reference, row.position),
    status: row.status,
    revision: row.revision,
    priceOre: row.price_ore,
    holderName: row.attendee_name ?? '—',
    holderEmail: row.attendee_email,
    details: {
      name: row.attendee_name ?? '',
      organisation: row.organisation_name,
      sector: row.sector,
      jobTitle: row.job_title,
      municipality: row.municipality,
      dietaryNeeds: row.dietary_needs,
      accessibilityNeeds: row.accessibility_needs,
      consentShareContact: row.consent_share_contact,
      consentNewsletter: row.consent_newsletter,
    },
    isMine: row.is_mine,
    event: {
      id: row.event_id,
      slug: row.slug,
      name: localized(lang, row.event_name, row.event_name_en),
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone: row.timezone,
      venueName: row.venue_name,
      venueAddress: row.venue_address,
      questions: {
        sector: row.question_sector,
        municipality: row.question_municipality,
        dietary: row.question_dietary,
        accessibility: row.question_accessibility,
      },
    },
    ticketTypeName: localized(lang, row.type_name, row.type_name_en),
    cancellationDeadline: cancellationDeadline(event),
    canCancel: canCancel(row, event, now),
    paidByInvoice: row.payment_method === 'invoice',
  };
}

export interface MyOrder {
  id: string;
  reference: string;
  status: OrderStatus;
  totalOre: number;
  refundedOre: number;
  /** An invoice order is 'paid' (confirmed) at once; its invoice carries whether money came. */
  paymentMethod: 'card' | 'invoice';
  eventName: string;
  eventSlug: string;
  tickets: { id: string; holderName: string; status: TicketStatus }[];
}

export interface MyWaitlistEntry {
  id: string;
  eventName: string;
  eventSlug: string;
  ticketTypeName: string;
  status: 'waiting' | 'offered' | 'accepted' | 'expired' | 'cancelled';
  offerExpiresAt: Date | null;
}

export interface MyPage {
  tickets: MyTicket[];
  orders: MyOrder[];
  waitlist: MyWaitlistEntry[];
}

export async function loadMyPage(claims: SignedIn, lang: Lang, now = new Date()): Promise<MyPage> {
  return asUser(claims, async (tx) => {
    const tickets = await tx<TicketRow[]>`
      select ${TICKET_COLUMNS(tx)}
      from public.tickets t
      join public.orders o on o.id = t.order_id
      join public.events e on e.id = t.event_id
      join public.ticket_types tt on tt.id = t.ticket_type_id
      where (t.holder_user_id = auth.uid() or t.attendee_email = private.current_email())
      order by e.starts_at desc, o.created_at desc, t.position`;
    const orders = await tx<
      {
        id: string;
        reference: string;
        status: OrderStatus;
        total_ore: number;
        refunded_ore: number;
        payment_method: 'card' | 'invoice';
        slug: string;
        name: string;
        name_en: string | null;
        tickets: { id: string; name: string | null; status: TicketStatus }[];
      }[]
    >`
      select o.id, o.reference, o.status, o.total_ore, o.refunded_ore, o.payment_method, e.slug, e.name, e.name_en,
             coalesce((select json_agg(json_build_object('id', t.id, 'name', t.attendee_name, 'status', t.status)
                                       order by t.position)
                       from public.tickets t where t.order_id = o.id), '[]') as tickets
      from public.orders o join public.events e on e.id = o.event_id
      where o.buyer_user_id = auth.uid() or o.buyer_email = private.current_email()
      order by o.created_at desc`;
    const waitlist = await tx<
      {
        id: string;
        status: MyWaitlistEntry['status'];
        offer_expires_at: Date | null;
        slug: string;
        name: string;
        name_en: string | null;
        type_name: string;
        type_name_en: string | null;
      }[]
    >`
      select w.id, w.status, w.offer_expires_at, e.slug, e.name, e.name_en, tt.name as type_name, tt.name_en as type_name_en
      from public.waitlist_entries w
      join public.events e on e.id = w.event_id
      join public.ticket_types tt on tt.id = w.ticket_type_id
      where w.status in ('waiting', 'offered')
        and (w.user_id = auth.uid() or w.email = private.current_email())
      order by w.created_at`;
    return {
      tickets: tickets.map((row) => toTicket(row, lang, now)),
      orders: orders.map((row) => ({
        id: row.id,
        reference: row.reference,
        status: row.status,
        totalOre: row.total_ore,
        refundedOre: row.refunded_ore,
        paymentMethod: row.payment_method,
        eventName: localized(lang, row.name, row.name_en),
        eventSlug: row.slug,
        tickets: row.tickets.map((ticket) => ({
          id: ticket.id,
          holderName: ticket.name ?? '—',
          status: ticket.status,
        })),
      })),
      waitlist: waitlist.map((row) => ({
        id: row.id,
        eventName: localized(lang, row.name, row.name_en),
        eventSlug: row.slug,
        ticketTypeName: localized(lang, row.type_name, row.type_name_en),
        status: row.status,
        offerExpiresAt: row.offer_expires_at,
      })),
    };
  });
}

export interface MyTicketPage {
  ticket: MyTicket;
  /** The QR code as SVG, while the ticket is valid. */
  qrSvg: string | null;
}

/** One ticket the caller holds or bought, with its QR code; null for anything else. */
export async function loadMyTicket(
  claims: SignedIn,
  lang: Lang,
  ticketId: string,
  qrLabel: (reference: string) => string,
  now = new Date(),
): Promise<MyTicketPage | null> {
  return asUser(claims, async (tx) => {
    const [row] = await tx<TicketRow[]>`
      select ${TICKET_COLUMNS(tx)}
      from public.tickets t
      join public.orders o on o.id = t.order_id
      join public.events e on e.id = t.event_id
      join public.ticket_types tt on tt.id = t.ticket_type_id
      where t.id = ${ticketId}`;
    if (!row) return null;
    const ticket = toTicket(row, lang, now);
    if (ticket.status !== 'valid') return { ticket, qrSvg: null };
    // Signing needs the event's private key, which only the service role reads;
    // the row above proves the caller may see this ticket.
    const { validFrom, validUntil } = ticketValidity(ticket.event);
    const [code] = await withServiceRole(tx, () =>
      issueTicketCodes(tx, ticket.event.id, [
        { ticketId: ticket.id, revision: ticket.revision, validFrom, validUntil },
      ]),
    );
    return { ticket, qrSvg: await ticketQrSvg(code!, { label: qrLabel(ticket.reference) }) };
  });
}

/**
 * Corrects the attendee details of an active ticket the caller holds or
 * bought, as the event's registration questions allow: a required answer
 * cannot be emptied, and an answer to a question the event does not ask (the
 * form does not show it) is left as it is.
 */
export async function updateAttendeeDetails(
  claims: SignedIn,
  ticketId: string,
  details: AttendeeDetails,
): Promise<'ok' | 'not_found' | { missing: Question }> {
  return asUser(claims, async (tx) => {
    const [event] = await tx<
      {
        question_sector: Questions['sector'];
        question_municipality: Questions['municipality'];
        question_dietary: Questions['dietary'];
        question_accessibility: Questions['accessibility'];
      }[]
    >`
      select e.question_sector, e.question_municipality, e.question_dietary, e.question_accessibility
        from public.tickets t join public.events e on e.id = t.event_id
       where t.id = ${ticketId}`;
    if (!event) return 'not_found';
    const questions: Questions = {
      sector: event.question_sector,
      municipality: event.question_municipality,
      dietary: event.question_dietary,
      accessibility: event.question_accessibility,
    };
    const missing = firstMissingAnswer(questions, details);
    if (missing) return { missing };
    const asked = (question: Question) => questions[question] !== 'hidden';
    const result = await tx`
      update public.tickets t set
        attendee_name = ${details.name},
        organisation_name = ${details.organisation},
        sector = case when ${asked('sector')} then ${details.sector}::public.sector else t.sector end,
        job_title = ${details.jobTitle},
        municipality = case when ${asked('municipality')} then ${details.municipality} else t.municipality end,
        dietary_needs = case when ${asked('dietary')} then ${details.dietaryNeeds} else t.dietary_needs end,
        accessibility_needs =
          case when ${asked('accessibility')} then ${details.accessibilityNeeds} else t.accessibility_needs end,
        -- Only the attendee gives or withdraws the consent to share with exhibitors (the database insists).
        consent_share_contact = case when t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email())
                                     then ${details.consentShareContact} else t.consent_share_contact end,
        consent_newsletter = ${details.consentNewsletter}
      where t.id = ${ticketId}`;
    return result.count === 1 ? 'ok' : 'not_found';
  });
}

export type CancelResult = 'ok' | 'not_found' | 'not_cancellable' | 'deadline_passed';

/**
 * Cancels a ticket: the seat goes to the waitlist (whose offer email is queued
 * in the same transaction), a paid ticket's refund is recorded, the attendee
 * and the buyer are emailed; then, after the commit, the refund is executed.
 */
export async function cancelMyTicket(
  claims: SignedIn,
  ticketId: string,
  origin: string,
): Promise<{ result: CancelResult; refundOre: number | null; creditedOre: number }> {
  const outcome = await asUser(claims, async (tx) => {
    const [row] = await tx<{ result: CancelResult; refund_request_id: string | null; refund_ore: number | null }[]>`
      select * from private.cancel_ticket(${ticketId})`;
    if (row!.result !== 'ok') return { result: row!.result, refundOre: null, creditedOre: 0 };
    const [ticket] = await tx<{ order_id: string }[]>`select order_id from public.tickets where id = ${ticketId}`;
    await queueCancellationNotice(tx, {
      orderId: ticket!.order_id,
      ticketIds: [ticketId],
      reason: 'by-attendee',
      refundOre: row!.refund_ore,
      cause: `ticket/${ticketId}`,
      origin,
    });
    await queueWaitlistOffers(tx, origin);
    // An invoice order's ticket is credited by a credit note (private.cancel_valid_ticket) instead.
    const { creditedOre } = await creditNotesFor(tx, [ticketId]);
    return { result: 'ok' as const, refundOre: row!.refund_ore, creditedOre };
  });
  if (outcome.refundOre) await executeRefundsNow();
  return outcome;
}

async function executeRefundsNow(): Promise<void> {
  const provider = paymentProvider();
  if (!provider) return;
  await executeDueRefunds(provider).catch((error: unknown) =>
    console.error('samspil: refunds after a cancellation failed; the job retries them;', error),
  );
}

/** A new QR code for a valid ticket; returns the new revision or null. */
export async function reissueMyTicket(claims: SignedIn, ticketId: string): Promise<number | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ revision: number | null }[]>`select private.reissue_ticket(${ticketId}) as revision`,
  );
  return row?.revision ?? null;
}

/**
 * Everything held about the caller, wherever it lives (the GDPR access right):
 * one security-definer function reads only the caller's rows, including those
 * no API role may read (emails sent, sessions, sign-in codes).
 */
export async function exportMyData(claims: SignedIn): Promise<MyData> {
  const [row] = await asUser(claims, (tx) => tx<{ data: MyData }[]>`select private.export_my_data() as data`);
  return row!.data;
}

export interface Erasure {
  cancelledTickets: number;
  anonymisedTickets: number;
  anonymisedOrders: number;
  removedWaitlistEntries: number;
  userDeleted: boolean;
}

/**
 * Deletes the account: cancels what the caller holds for coming events (their
 * seats go to the waitlist, whose offers are queued in the same transaction),
 * erases their personal data, then executes the refunds after the commit.
 */
export async function eraseMyAccount(claims: SignedIn, origin: string): Promise<Erasure> {
  const erasure = await asUser(claims, async (tx) => {
    const [row] = await tx<
      {
        cancelled_tickets: number;
        refund_request_ids: string[];
        anonymised_tickets: number;
        anonymised_orders: number;
        removed_waitlist_entries: number;
        user_deleted: boolean;
      }[]
    >`select * from private.erase_my_personal_data()`;
    await queueWaitlistOffers(tx, origin);
    return row!;
  });
  if (erasure.refund_request_ids.length > 0) await executeRefundsNow();
  return {
    cancelledTickets: erasure.cancelled_tickets,
    anonymisedTickets: erasure.anonymised_tickets,
    anonymisedOrders: erasure.anonymised_orders,
    removedWaitlistEntries: erasure.removed_waitlist_entries,
    userDeleted: erasure.user_deleted,
  };
}
