// Order confirmations: the buyer's email with every ticket of the order, and
// each colleague's email with their own ticket, each ticket with its signed QR
// code and the event as an .ics.
//
// An order's QR images, signatures and email rows take milliseconds, too long
// for the registration's request (and never while the seats' row is locked). So a
// paid order carries `confirmation_queued_at IS NULL` from the transaction
// that made it paid, and this job turns that marker into outbox emails in the
// same transaction (a batch of orders at a time, `queueOrderConfirmations`):
// the emails are queued exactly when the marker is set,
// a crash in between redoes both, and nothing is ever sent twice (the outbox's
// idempotency keys). The registration kicks the job right after its commit
// (held back while a rush's registrations keep coming, at most 4 s) and the
// kicked run goes on until no order is left; the job loop also runs it every
// few seconds (for orders another instance left, or a failed run).
import { asService, type Sql, sql, type Tx, withServiceRole } from '../db/db.server.ts';
import { isLang, type Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail, enqueueEmails } from '../mail/outbox.server.ts';
import type { EmailRequest } from '../mail/mail.ts';
import { queueInvoiceEmail } from '../invoice/checkout-mail.server.ts';
import { CONFIRMATION_HOLD_BACK, holdBackDelay } from '../jobs/hold-back.ts';
import { forwardKick } from '../jobs/kicks.ts';
import { ticketQrPng } from '../tickets/qr.ts';
import { type TicketCodeIssuer, ticketCodeIssuer } from '../tickets/tickets.server.ts';
import { pathsFor } from '../site/paths.ts';
import { ticketReference, ticketValidity } from '../tickets/tickets.ts';
import { buildCalendar, eventUid } from '../calendar/calendar.ts';

/** Pixels per QR module in email: 5 makes a ticket code 245 px, shown at 180 px. */
const EMAIL_QR_SCALE = 5;

interface OrderRow {
  id: string;
  reference: string;
  language: string;
  buyer_name: string | null;
  buyer_email: string | null;
  total_ore: number;
  event_id: string;
  slug: string;
  name: string;
  name_en: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  venue_name: string;
  venue_address: string | null;
  payment_method: 'card' | 'invoice';
  /** An invoice order's invoice, and its due date (YYYY-MM-DD). */
  invoice_id: string | null;
  invoice_due_date: string | null;
}

interface TicketRow {
  id: string;
  position: number;
  revision: number;
  attendee_name: string | null;
  attendee_email: string | null;
  price_ore: number;
  type_name: string;
  type_name_en: string | null;
}

const ORDER_COLUMNS = (tx: Tx) => tx`
  o.id, o.reference, o.language, o.buyer_name, o.buyer_email, o.total_ore, o.payment_method,
  e.id as event_id, e.slug, e.name, e.name_en, e.starts_at, e.ends_at, e.timezone, e.venue_name, e.venue_address,
  (select i.id from public.invoices i where i.order_id = o.id and i.kind = 'invoice') as invoice_id,
  (select i.due_date::text from public.invoices i where i.order_id = o.id and i.kind = 'invoice') as invoice_due_date`;

const TICKET_COLUMNS = (tx: Tx) => tx`
  t.id, t.position, t.revision, t.attendee_name, t.attendee_email, t.price_ore,
  tt.name as type_name, tt.name_en as type_name_en`;

/** An order's valid tickets as one JSON array (TicketRow each, by position), read with the order. */
const TICKETS_JSON = (tx: Tx) => tx`
  coalesce((select jsonb_agg(jsonb_build_object(
                      'id', t.id, 'position', t.position, 'revision', t.revision,
                      'attendee_name', t.attendee_name, 'attendee_email', t.attendee_email, 'price_ore', t.price_ore,
                      'type_name', tt.name, 'type_name_en', tt.name_en) order by t.position)
              from public.tickets t join public.ticket_types tt on tt.id = t.ticket_type_id
             where t.order_id = o.id and t.status = 'valid'), '[]'::jsonb) as tickets`;

/**
 * The event as an .ics, the same for every order of an event in a language:
 * built once per distinct entry (the `ics` package validates each build,
 * milliseconds a time) and kept for the next orders of a rush. Keyed by
 * everything it shows, so a changed event builds anew; only a few are kept.
 */
const calendars = new Map<string, string>();

function eventCalendar(entry: Parameters<typeof buildCalendar>[0][number] & { title: string }): string {
  const key = JSON.stringify(entry);
  let ics = calendars.get(key);
  if (ics === undefined) {
    ics = buildCalendar([entry], { name: entry.title });
    if (calendars.size >= 16) calendars.delete(calendars.keys().next().value!);
    calendars.set(key, ics);
  }
  return ics;
}

/** What every confirmation of an order says, and one line (with its signed QR code) per ticket. */
async function confirmationParts(issue: TicketCodeIssuer, order: OrderRow, tickets: TicketRow[], origin: string) {
  const lang: Lang = isLang(order.language) ? order.language : 'da';
  const paths = pathsFor(lang);
  const event = { startsAt: order.starts_at, endsAt: order.ends_at };
  const eventName = localized(lang, order.name, order.name_en);
  const eventUrl = origin + paths.event(order.slug);
  const { validFrom, validUntil } = ticketValidity(event);
  const codes = await issue(
    order.event_id,
    tickets.map((ticket) => ({ ticketId: ticket.id, revision: ticket.revision, validFrom, validUntil })),
  );
  const images = await Promise.all(codes.map((code) => ticketQrPng(code, { scale: EMAIL_QR_SCALE })));
  const lines = tickets.map((ticket, index) => ({
    reference: ticketReference(order.reference, ticket.position),
    holderName: ticket.attendee_name ?? order.buyer_name ?? order.reference,
    ticketTypeName: localized(lang, ticket.type_name, ticket.type_name_en),
    priceOre: ticket.price_ore,
    ticketUrl: origin + paths.ticket(ticket.id),
    qrPngBase64: images[index]!.toString('base64'),
  }));
  const common = {
    orderReference: order.reference,
    event: {
      name: eventName,
      startsAt: order.starts_at.toISOString(),
      endsAt: order.ends_at.toISOString(),
      timeZone: order.timezone,
      venueName: order.venue_name,
      ...(order.venue_address ? { venueAddress: order.venue_address } : {}),
      url: eventUrl,
    },
    payment:
      order.payment_method === 'invoice'
        ? ('invoice' as const)
        : order.total_ore > 0
          ? ('card' as const)
          : ('free' as const),
    ...(order.invoice_due_date ? { invoice: { dueDate: order.invoice_due_date } } : {}),
    myPageUrl: origin + paths.myPage(),
    calendarIcs: eventCalendar({
      uid: eventUid(order.event_id),
      title: eventName,
      startsAt: order.starts_at,
      endsAt: order.ends_at,
      location: [order.venue_name, order.venue_address].filter(Boolean).join(', '),
      url: eventUrl,
      sequence: 0,
    }),
  };
  return { lang, common, lines };
}

/**
 * Takes the given paid orders whose confirmation is still due (or, with a
 * limit, the oldest due ones), skipping any another worker holds, and queues
 * their confirmations in one go: one statement reads the orders with their
 * tickets, one the event's key, one writes every email, one marks the orders.
 * (A dozen statements an order before: most of a confirmation's cost in
 * Postgres and in postgres.js.) `tx` runs as the service role. Returns the
 * ids of the orders confirmed.
 */
export async function queueOrderConfirmations(
  tx: Tx,
  which: { orderIds: readonly string[] } | { due: number },
  origin: string,
): Promise<string[]> {
  const orders =
    'orderIds' in which
      ? await tx<(OrderRow & { tickets: TicketRow[] })[]>`
          select ${ORDER_COLUMNS(tx)}, ${TICKETS_JSON(tx)}
          from public.orders o join public.events e on e.id = o.event_id
          where o.id = any (${which.orderIds as string[]}::uuid[]) and o.status = 'paid' and o.confirmation_queued_at is null
          order by o.paid_at
          for update of o skip locked`
      : await tx<(OrderRow & { tickets: TicketRow[] })[]>`
          with due as (
            select id from public.orders
             where status = 'paid' and confirmation_queued_at is null
             order by paid_at
             limit ${which.due}
               for update skip locked)
          select ${ORDER_COLUMNS(tx)}, ${TICKETS_JSON(tx)}
          from due join public.orders o on o.id = due.id join public.events e on e.id = o.event_id
          order by o.paid_at`;
  if (orders.length === 0) return [];
  const issue = ticketCodeIssuer(tx);
  const emails: EmailRequest[] = [];
  for (const order of orders) {
    const { tickets } = order;
    const { lang, common, lines } = await confirmationParts(issue, order, tickets, origin);
    if (lines.length > 0 && order.buyer_email && order.buyer_name) {
      emails.push({
        idempotencyKey: `order-confirmation/${order.id}`,
        to: order.buyer_email,
        lang,
        template: 'order-confirmation',
        data: { ...common, recipientName: order.buyer_name, tickets: lines, totalOre: order.total_ore },
      });
    }
    for (const [index, ticket] of tickets.entries()) {
      if (!ticket.attendee_email || !ticket.attendee_name || ticket.attendee_email === order.buyer_email) continue;
      emails.push({
        idempotencyKey: `order-confirmation/${order.id}/${ticket.id}`,
        to: ticket.attendee_email,
        lang,
        template: 'order-confirmation',
        data: {
          ...common,
          recipientName: ticket.attendee_name,
          ...(order.buyer_name ? { registeredBy: order.buyer_name } : {}),
          exhibitorConsentUrl: origin + pathsFor(lang).myExhibitorConsent(),
          tickets: [lines[index]!],
        },
      });
    }
  }
  await enqueueEmails(tx, emails);
  // An invoice order's invoice goes to the buyer's invoice address with the confirmations.
  for (const order of orders) if (order.invoice_id) await queueInvoiceEmail(tx, order.invoice_id, origin);
  const ids = orders.map((order) => order.id);
  await tx`update public.orders set confirmation_queued_at = now() where id = any (${ids}::uuid[])`;
  return ids;
}

/** Queues the confirmation of one paid order, if it is still due. `tx` runs as the service role. */
export async function queueOrderConfirmation(tx: Tx, orderId: string, origin: string): Promise<boolean> {
  return (await queueOrderConfirmations(tx, { orderIds: [orderId] }, origin)).length > 0;
}

/**
 * Queues one valid ticket's confirmation to its holder, with a code for the
 * ticket's current revision: the organisers' "send again", and the new
 * holder's ticket after a transfer. Any role's transaction (it reads as the
 * service role); the caller has checked that it may. Returns whether a ticket
 * was found (valid, with a holder's address).
 */
export async function queueTicketConfirmation(
  tx: Tx,
  options: { ticketId: string; idempotencyKey: string; origin: string },
): Promise<boolean> {
  return withServiceRole(tx, async () => {
    const [order] = await tx<OrderRow[]>`
      select ${ORDER_COLUMNS(tx)}
      from public.tickets t join public.orders o on o.id = t.order_id join public.events e on e.id = o.event_id
      where t.id = ${options.ticketId}`;
    const [ticket] = await tx<TicketRow[]>`
      select ${TICKET_COLUMNS(tx)}
      from public.tickets t join public.ticket_types tt on tt.id = t.ticket_type_id
      where t.id = ${options.ticketId} and t.status = 'valid'`;
    if (!order || !ticket?.attendee_email || !ticket.attendee_name) return false;
    const { lang, common, lines } = await confirmationParts(ticketCodeIssuer(tx), order, [ticket], options.origin);
    await enqueueEmail(tx, {
      idempotencyKey: options.idempotencyKey,
      to: ticket.attendee_email,
      lang,
      template: 'order-confirmation',
      data: {
        ...common,
        recipientName: ticket.attendee_name,
        ...(order.buyer_name && order.buyer_email !== ticket.attendee_email
          ? {
              registeredBy: order.buyer_name,
              exhibitorConsentUrl: options.origin + pathsFor(lang).myExhibitorConsent(),
            }
          : {}),
        tickets: lines,
      },
    });
    return true;
  });
}

/**
 * How the job spreads its work: each of a few workers takes up to a batch of
 * due orders in one transaction (`skip locked`, so workers and server
 * instances never take the same order) and queues their confirmations with a
 * handful of set-based statements for the whole batch. Measured on the 2-core
 * test machine: one order per transaction spent most of its ~50 ms waiting on
 * a dozen round trips; a dozen statements an order, even pipelined, cost the
 * rush about a millisecond of Postgres and postgres.js each. Two workers leave
 * the rest of the pool (10 by default) to the requests of the rush that caused the work.
 */
const CONFIRMATION_WORKERS = 2;
const CONFIRMATION_BATCH = 20;

/** Queues the confirmations that are due, in batches, a few at once; returns how many (at most about `limit`). */
export async function queueDueConfirmations(options: {
  origin: string;
  limit?: number;
  db?: Sql;
  workers?: number;
}): Promise<number> {
  const db = options.db ?? sql();
  const limit = options.limit ?? 50;
  let queued = 0;
  let taken = 0;
  let empty = false;
  const worker = async () => {
    while (!empty && taken < limit) {
      const batch = Math.min(CONFIRMATION_BATCH, limit - taken);
      taken += batch;
      const done = await asService((tx) => queueOrderConfirmations(tx, { due: batch }, options.origin), db);
      if (done.length < batch) empty = true;
      queued += done.length;
      // Rendering holds this process's event loop for a moment; let waiting requests go first.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers ?? CONFIRMATION_WORKERS) }, worker));
  return queued;
}

/** The least time from one kicked run's start to the next's while kicks keep coming. */
const KICKED_RUN_SPACING_MS = 100;

let running: Promise<unknown> | undefined;
let again = false;

// A rush's registrations go first: kicks that keep coming (a registration
// every few milliseconds) hold the work back until they pause, or until the
// oldest waiting kick has waited the longest it may (CONFIRMATION_HOLD_BACK).
// Work done during a rush came out of the rush's own rate, whatever its
// priority: 7-19 % on two cores (#16).
let waiting: { since: number; origin: string; timer: ReturnType<typeof setTimeout> } | undefined;

/**
 * Starts queueing due confirmations in the background, right after a
 * registration or payment committed (held back while a rush goes on, above).
 * Calls while a run is going coalesce into one more run, and a run that
 * queued anything is followed by another until one finds nothing left, so a
 * rush's backlog drains at once instead of 50 orders per tick of the job
 * loop; errors are logged (the job loop retries).
 */
export function kickConfirmations(origin: string): void {
  // A server's requests leave the work to its jobs process (src/lib/jobs/kicks.ts).
  if (forwardKick({ job: 'confirmations', origin })) return;
  const now = performance.now();
  const since = waiting?.since ?? now;
  if (waiting) clearTimeout(waiting.timer);
  const delay = holdBackDelay(CONFIRMATION_HOLD_BACK, since, now);
  waiting = { since, origin, timer: setTimeout(flushWaiting, delay) };
}

function flushWaiting(): void {
  const current = waiting;
  if (!current) return;
  clearTimeout(current.timer);
  waiting = undefined;
  runConfirmations(current.origin);
}

function runConfirmations(origin: string): void {
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    for (;;) {
      const began = performance.now();
      again = false;
      const queued = await queueDueConfirmations({ origin });
      if (!again && queued === 0) break;
      // More came meanwhile: let them gather for a moment into a fuller batch. A run right after
      // each kick took one or two orders a transaction — in a rush of 300 a second, hundreds of
      // transactions a second, most finding nothing (#16).
      const rest = KICKED_RUN_SPACING_MS - (performance.now() - began);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  })()
    .catch((error: unknown) => console.error('samspil: queueing order confirmations failed;', error))
    .finally(() => {
      running = undefined;
    });
}

/** Runs what is held back at once, and resolves when no background run is going (tests; a graceful shutdown). */
export async function confirmationsIdle(): Promise<void> {
  flushWaiting();
  while (running) await running;
}
