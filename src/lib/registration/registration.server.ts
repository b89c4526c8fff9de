// Registration use cases: the registration page's data, registering one or
// more attendees (private.register does the capacity work in one round trip),
// the waitlist, and starting a Stripe Checkout for a paid order.
//
// Orders are linked to people by email (see the registration_settings
// migration): an anonymous visitor registers, and signing in later with the
// same address shows them their tickets. Nobody's account is created here.
import postgres from 'postgres';
import { asService, asUser, asUserInOneTrip, type Claims, type Sql, type Tx } from '../db/db.server.ts';
import { selectEvent } from '../events/events.server.ts';
import { toEventView, type EventView } from '../events/events.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import type { PaymentProvider } from '../payments/payments.ts';
import { paymentProvider } from '../payments/stripe.server.ts';
import { kickConfirmations } from './confirmations.server.ts';
import { offerTokenHash } from './offer-token.ts';
import {
  type Availability,
  availabilityOf,
  type JoinWaitlistInput,
  type OrderStatus,
  type RegisterRejection,
  type RegistrationInput,
  type TicketAudience,
} from './registration.ts';
import { queueAlreadyRegisteredNotice, queueWaitlistPlaceNotice } from './registration-notices.server.ts';
import { queueWaitlistOffers } from './waitlist.server.ts';
import { firstMissingAnswer, type Question, type Questions, withoutHiddenAnswers } from '../settings/questions.ts';
import { requestOrigin } from '../site/origin.ts';
import type { InvoiceBuyerInput } from '../invoice/checkout.ts';
import { invoiceTerms, registerByInvoiceStatement } from '../invoice/checkout.server.ts';
import { pathsFor } from '../site/paths.ts';

export interface RegistrationEvent extends EventView {
  cancellationDeadline: Date | null;
  waitlistOfferHours: number;
  /** The order limit in force: 1 with team orders off. */
  maxTicketsPerOrder: number;
  /** Which questions the form asks and requires. */
  questions: Questions;
  /** Months after the day before attendees' personal data is anonymised. */
  retentionMonths: number;
}

export interface TicketTypeView {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  audience: TicketAudience;
  priceOre: number;
  vatPercent: number;
  capacity: number;
  sold: number;
  /** The most attendees one order of this type may hold (the event's limit included). */
  maxPerOrder: number;
  availability: Availability;
}

export interface RegistrationPage {
  event: RegistrationEvent;
  ticketTypes: TicketTypeView[];
  onlinePayment: boolean;
  /** The event takes payment by invoice, with these days to pay; null when it does not. */
  invoiceTerms: { dueDays: number } | null;
  /** The access code the page was opened with, when it opened a ticket type; null otherwise. */
  accessCode: string | null;
}

interface SettingsRow {
  cancellation_deadline: Date | null;
  waitlist_offer_hours: number;
  max_tickets_per_order: number;
  team_orders: boolean;
  question_sector: Questions['sector'];
  question_municipality: Questions['municipality'];
  question_dietary: Questions['dietary'];
  question_accessibility: Questions['accessibility'];
  retention_months: number;
}

interface TicketTypeRow {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  description: string | null;
  description_en: string | null;
  audience: TicketAudience;
  price_ore: number;
  vat_percent: number;
  capacity: number;
  sold: number;
  sales_start: Date | null;
  sales_end: Date | null;
  max_per_order: number | null;
  opened_by_code: boolean;
}

/** What an access code may look like (the column's check); anything else opens nothing. */
const ACCESS_CODE = /^[A-Za-z0-9-]{4,40}$/;

/**
 * The event's public face plus its registration settings and ticket types, as
 * the caller may see them: types shown only by link are left out unless
 * `accessCode` opens them.
 */
export async function loadRegistration(
  claims: Claims,
  slug: string,
  lang: Lang,
  now = new Date(),
  accessCode: string | null = null,
): Promise<RegistrationPage | null> {
  const code = accessCode && ACCESS_CODE.test(accessCode.trim()) ? accessCode.trim() : null;
  const onlinePayment = paymentProvider() !== null;
  return asUser(claims, async (tx) => {
    const [row] = await selectEvent(tx, slug);
    if (!row) return null;
    const [settings] = await tx<SettingsRow[]>`
      select cancellation_deadline, waitlist_offer_hours, max_tickets_per_order, retention_months, team_orders,
             question_sector, question_municipality, question_dietary, question_accessibility
        from public.events where id = ${row.id}`;
    const types = await tx<TicketTypeRow[]>`
      select tt.id, tt.slug, tt.name, tt.name_en, tt.description, tt.description_en, tt.audience, tt.price_ore,
             tt.vat_percent, tt.capacity, tt.sold, tt.sales_start, tt.sales_end, tt.max_per_order,
             tt.id in (select private.ticket_types_for_code(${row.id}, ${code ?? ''})) as opened_by_code
        from public.ticket_types tt
       where tt.event_id = ${row.id}
         and (tt.id not in (select private.unlisted_ticket_types(${row.id}))
              or tt.id in (select private.ticket_types_for_code(${row.id}, ${code ?? ''})))
       order by tt.position, tt.name`;
    const terms = await invoiceTerms(tx, row.id);
    // A paid type can be bought when either way to pay is open.
    const canPay = onlinePayment || terms !== null;
    const maxTicketsPerOrder = settings!.team_orders ? settings!.max_tickets_per_order : 1;
    const event: RegistrationEvent = {
      ...toEventView(row, lang),
      cancellationDeadline: settings!.cancellation_deadline,
      waitlistOfferHours: settings!.waitlist_offer_hours,
      maxTicketsPerOrder,
      questions: {
        sector: settings!.question_sector,
        municipality: settings!.question_municipality,
        dietary: settings!.question_dietary,
        accessibility: settings!.question_accessibility,
      },
      retentionMonths: settings!.retention_months,
    };
    return {
      event,
      onlinePayment,
      invoiceTerms: terms,
      accessCode: types.some((type) => type.opened_by_code) ? code : null,
      ticketTypes: types.map((type) => ({
        id: type.id,
        slug: type.slug,
        name: localized(lang, type.name, type.name_en),
        description: localized(lang, type.description, type.description_en),
        audience: type.audience,
        priceOre: type.price_ore,
        vatPercent: type.vat_percent,
        capacity: type.capacity,
        sold: type.sold,
        maxPerOrder: Math.min(maxTicketsPerOrder, type.max_per_order ?? maxTicketsPerOrder),
        availability: availabilityOf(
          {
            priceOre: type.price_ore,
            capacity: type.capacity,
            sold: type.sold,
            salesStart: type.sales_start,
            salesEnd: type.sales_end,
          },
          now,
          row.starts_at,
          canPay,
        ),
      })),
    };
  });
}

export interface RegisterRow {
  /** 'replayed': the form's key had made this order already (private.register_once). */
  result: 'ok' | 'replayed' | RegisterRejection;
  order_id: string | null;
  order_reference: string | null;
  order_status: OrderStatus | null;
  total_ore: number | null;
  expires_at: Date | null;
  ticket_ids: string[] | null;
  detail: string | null;
}

type RegisterOptions = {
  lang: Lang;
  onlinePayment: boolean;
  offerTokenHash?: Buffer | null;
  accessCode?: string | null;
  submissionKey?: string | null | undefined;
  /** Pay by invoice, with these details: private.register_by_invoice confirms the order and issues the invoice. */
  invoice?: InvoiceBuyerInput | undefined;
};

/**
 * The one statement of a registration, unsent: private.register — through
 * private.register_once when the form carried its idempotency key, which
 * answers a copy of a submit with the order the first one made, or
 * private.register_by_invoice for an order paid by invoice.
 */
function registerStatement(
  tx: Sql | Tx,
  input: Pick<RegistrationInput, 'ticketTypeId' | 'buyer' | 'attendees'>,
  options: RegisterOptions,
): postgres.PendingQuery<RegisterRow[]> {
  const attendees = input.attendees.map((attendee) => ({
    name: attendee.name,
    email: attendee.email,
    organisation: attendee.organisation,
    sector: attendee.sector,
    jobTitle: attendee.jobTitle,
    municipality: attendee.municipality,
    dietaryNeeds: attendee.dietaryNeeds,
    accessibilityNeeds: attendee.accessibilityNeeds,
    consentShareContact: attendee.consentShareContact,
    consentNewsletter: attendee.consentNewsletter,
  }));
  if (options.invoice) {
    return registerByInvoiceStatement(tx, { ...input, attendees }, { ...options, invoice: options.invoice });
  }
  return options.submissionKey
    ? tx<RegisterRow[]>`
        select * from private.register_once(
          ${options.submissionKey}, ${input.ticketTypeId}, ${input.buyer.name}, ${input.buyer.email}, ${options.lang},
          ${tx.json(attendees)}, ${options.onlinePayment}, ${options.offerTokenHash ?? null}, ${options.accessCode ?? null})`
    : tx<RegisterRow[]>`
        select * from private.register(
          ${input.ticketTypeId}, ${input.buyer.name}, ${input.buyer.email}, ${options.lang},
          ${tx.json(attendees)}, ${options.onlinePayment}, ${options.offerTokenHash ?? null}, ${options.accessCode ?? null})`;
}

/** One call of private.register (or register_once, register_by_invoice) in the caller's transaction. */
export async function callRegister(
  tx: Tx,
  input: Pick<RegistrationInput, 'ticketTypeId' | 'buyer' | 'attendees'>,
  options: RegisterOptions,
): Promise<RegisterRow> {
  const [row] = await registerStatement(tx, input, options);
  return row!;
}

/**
 * A registration in a transaction of its own that travels in one write
 * (asUserInOneTrip): the ticket type's row, which every registration of the
 * type takes for its seats, is held until the server reaches the COMMIT
 * already waiting behind the call — never across a turn of this process's
 * event loop, busy with the rest of a rush. Whatever the answer, the
 * transaction commits: a refusal has written nothing but expired holds
 * released on the way, which stand.
 */
async function registerInOneTrip(
  claims: Claims,
  input: Pick<RegistrationInput, 'ticketTypeId' | 'buyer' | 'attendees'>,
  options: RegisterOptions,
): Promise<RegisterRow> {
  const [row] = await retryOnDeadlock(() => asUserInOneTrip(claims, (tx) => registerStatement(tx, input, options)));
  return row!;
}

/**
 * What a registration came to. `registered` and `waitlisted` are what the
 * visitor is told, the same whether or not an address already held a ticket
 * or a place (those addresses are emailed instead): `reference` is null and
 * `tickets` 0 when every attendee already had a ticket.
 */
export type RegisterOutcome =
  | { kind: 'registered'; eventSlug: string; reference: string | null; tickets: number; byInvoice?: true }
  | { kind: 'checkout'; url: string }
  | { kind: 'waitlisted' }
  | { kind: 'rejected'; code: RegisterRejection; attendee?: number }
  | { kind: 'unanswered'; attendee: number; question: Question }
  | { kind: 'payment_failed' };

export interface RequestContext {
  claims: Claims;
  lang: Lang;
  url: URL;
}

interface TypeFacts {
  event_id: string;
  question_sector: Questions['sector'];
  question_municipality: Questions['municipality'];
  question_dietary: Questions['dietary'];
  question_accessibility: Questions['accessibility'];
  slug: string;
  event_name: string;
  event_name_en: string | null;
  type_name: string;
  type_name_en: string | null;
  price_ore: number;
}

/**
 * Registers the attendees in one order. Free: the order is paid at once and
 * the confirmations are queued right after the commit. Paid: the seats are
 * held, and the buyer goes to Stripe Checkout, opened after the commit (never
 * inside a transaction); if that fails the hold is released at once.
 */
export async function registerAttendees(ctx: RequestContext, input: RegistrationInput): Promise<RegisterOutcome> {
  const origin = requestOrigin(ctx.url);
  const payments = paymentProvider();
  const outcome = await (async () => {
    // One round trip (the pool's connections are what a rush queues for).
    const [facts] = await asUserInOneTrip(
      ctx.claims,
      (tx) => tx<TypeFacts[]>`
        select e.id as event_id, e.slug, e.name as event_name, e.name_en as event_name_en,
               e.question_sector, e.question_municipality, e.question_dietary, e.question_accessibility,
               tt.name as type_name, tt.name_en as type_name_en, tt.price_ore
        from public.ticket_types tt join public.events e on e.id = tt.event_id
        where tt.id = ${input.ticketTypeId}`,
    );
    if (!facts) return { kind: 'rejected', code: 'not_found' } as const;
    // The event's questions: a required one unanswered is refused at its
    // field; answers to questions it does not ask are not kept.
    const questions: Questions = {
      sector: facts.question_sector,
      municipality: facts.question_municipality,
      dietary: facts.question_dietary,
      accessibility: facts.question_accessibility,
    };
    for (const [index, candidate] of input.attendees.entries()) {
      const question = firstMissingAnswer(questions, candidate);
      if (question) return { kind: 'unanswered', attendee: index, question } as const;
    }
    // An attendee who already holds a ticket is left out of the order and
    // told by email; the rest are registered. private.register names one
    // such address per call and writes nothing then, so ask again without it.
    let attendees = input.attendees.map((candidate) => withoutHiddenAnswers(questions, candidate));
    let row: RegisterRow;
    for (;;) {
      row = await registerInOneTrip(
        ctx.claims,
        { ...input, attendees },
        {
          lang: ctx.lang,
          onlinePayment: payments !== null,
          offerTokenHash: input.offer ? offerTokenHash(input.offer) : null,
          accessCode: input.accessCode ?? null,
          submissionKey: input.submissionKey,
          invoice: input.invoice,
        },
      );
      // A copy of a submit that already made its order: the same answer, nothing written.
      if (row.result === 'replayed') {
        return { kind: 'ok', row, facts, tickets: row.ticket_ids?.length ?? 0, replayed: true } as const;
      }
      const holder = row.result === 'already_registered' ? row.detail : null;
      if (!holder || !attendees.some((attendee) => attendee.email === holder)) break;
      await asUser(ctx.claims, (tx) =>
        queueAlreadyRegisteredNotice(tx, { eventId: facts.event_id, email: holder, origin }),
      );
      attendees = attendees.filter((attendee) => attendee.email !== holder);
      if (attendees.length === 0) {
        // Answer as a newcomer would be answered: thanks while there are
        // seats for the whole form, otherwise sold out (or the waitlist).
        const [type] = await asUser(
          ctx.claims,
          (tx) => tx<{ seats_left: number }[]>`
            select capacity - sold as seats_left from public.ticket_types where id = ${input.ticketTypeId}`,
        );
        if (input.offer || (type?.seats_left ?? 0) >= input.attendees.length) {
          return { kind: 'everyone_registered', facts } as const;
        }
        row = { ...row, result: 'sold_out', detail: null };
        break;
      }
    }
    if (row.result !== 'ok' && row.result !== 'replayed') {
      if (row.result === 'sold_out' && input.joinWaitlist && !input.offer) {
        const waitlisted = await retryOnDeadlock(() =>
          asUser(ctx.claims, async (tx) => {
            const joined = await callJoinWaitlist(tx, {
              ticketTypeId: input.ticketTypeId,
              name: input.buyer.name,
              email: input.buyer.email,
              lang: ctx.lang,
              accessCode: input.accessCode ?? null,
            });
            return answerWaitlist(tx, joined, { eventId: facts.event_id, email: input.buyer.email, origin });
          }),
        );
        if (waitlisted) return { kind: 'waitlisted' } as const;
      }
      const attendee =
        row.detail === null ? undefined : input.attendees.findIndex((candidate) => candidate.email === row.detail);
      return {
        kind: 'rejected',
        code: row.result,
        ...(attendee !== undefined && attendee >= 0 ? { attendee } : {}),
      } as const;
    }
    return { kind: 'ok', row, facts, tickets: attendees.length, replayed: false } as const;
  })();

  const byInvoice = input.invoice ? ({ byInvoice: true } as const) : {};
  if (outcome.kind === 'everyone_registered') {
    return { kind: 'registered', eventSlug: outcome.facts.slug, reference: null, tickets: 0, ...byInvoice };
  }
  if (outcome.kind !== 'ok') return outcome;
  const { row, facts, tickets, replayed } = outcome;
  if (row.order_status === 'paid') {
    if (!replayed) kickConfirmations(origin);
    return { kind: 'registered', eventSlug: facts.slug, reference: row.order_reference!, tickets, ...byInvoice };
  }
  return startCheckout(payments!, {
    origin,
    lang: ctx.lang,
    orderId: row.order_id!,
    orderReference: row.order_reference!,
    eventId: facts.event_id,
    eventSlug: facts.slug,
    itemName: `${localized(ctx.lang, facts.event_name, facts.event_name_en)} – ${localized(ctx.lang, facts.type_name, facts.type_name_en)}`,
    unitAmountOre: facts.price_ore,
    quantity: tickets,
    customerEmail: input.buyer.email,
    expiresAt: row.expires_at!,
    replayed,
  });
}

async function startCheckout(
  payments: PaymentProvider,
  order: {
    origin: string;
    lang: Lang;
    orderId: string;
    orderReference: string;
    eventId: string;
    eventSlug: string;
    itemName: string;
    unitAmountOre: number;
    quantity: number;
    customerEmail: string;
    expiresAt: Date;
    /** A copy of the submit that opened this checkout: the same session again, never a release of the hold. */
    replayed: boolean;
  },
): Promise<RegisterOutcome> {
  const paths = pathsFor(order.lang);
  const open = () =>
    payments.createCheckout({
      orderId: order.orderId,
      orderReference: order.orderReference,
      eventId: order.eventId,
      itemName: order.itemName,
      unitAmountOre: order.unitAmountOre,
      quantity: order.quantity,
      customerEmail: order.customerEmail,
      lang: order.lang,
      expiresAt: order.expiresAt,
      successUrl: order.origin + paths.paid(order.eventSlug),
      cancelUrl: order.origin + paths.paymentCancelled(order.eventSlug),
    });
  if (order.replayed) return reopenCheckout(open, order.orderReference);
  try {
    const session = await open();
    // Payment bookkeeping is the provider adapter's, not the visitor's: the service role writes it.
    await asService((tx) => tx`select private.attach_checkout_session(${order.orderId}, ${session.id})`);
    return { kind: 'checkout', url: session.url };
  } catch (error) {
    console.error(`samspil: could not open a checkout for order ${order.orderReference};`, error);
    await asService(async (tx) => {
      await tx`select private.cancel_pending_order(${order.orderId})`;
      await queueWaitlistOffers(tx, order.origin);
    }).catch((release: unknown) =>
      console.error(`samspil: the hold of order ${order.orderReference} expires by itself;`, release),
    );
    return { kind: 'payment_failed' };
  }
}

/**
 * The checkout a copy of the submit answers with: the provider's idempotency
 * key (checkout-<order id>) gives back the session the first submit opened.
 * The first may be opening it at this very moment, which the provider answers
 * with a conflict, so a failure is tried again shortly; the hold is the
 * first submit's to release, never this copy's.
 */
async function reopenCheckout(open: () => Promise<{ url: string }>, reference: string): Promise<RegisterOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { kind: 'checkout', url: (await open()).url };
    } catch (error) {
      if (attempt >= 4) {
        console.error(`samspil: could not reopen the checkout of order ${reference};`, error);
        return { kind: 'payment_failed' };
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/**
 * Runs a registration again when Postgres broke a deadlock by aborting it —
 * possible, if rare, when two team orders race for the same people. Nothing
 * of an aborted attempt was written.
 */
async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const retryable = error instanceof postgres.PostgresError && (error.code === '40P01' || error.code === '40001');
      if (!retryable || attempt >= attempts) throw error;
    }
  }
}

interface JoinRow {
  result: 'ok' | 'already_waiting' | 'not_found' | 'event_started' | 'seats_available' | 'already_registered';
  entry_id: string | null;
  place: number | null;
}

async function callJoinWaitlist(
  tx: Tx,
  input: { ticketTypeId: string; name: string; email: string; lang: Lang; accessCode?: string | null | undefined },
): Promise<JoinRow> {
  const [row] = await tx<JoinRow[]>`
    select * from private.join_waitlist(${input.ticketTypeId}, ${input.name}, ${input.email}, ${input.lang},
                                        ${input.accessCode || null})`;
  return row!;
}

/**
 * The neutral answer to a waitlist join: a new place, a place already held and
 * a ticket already held all read "we have emailed you", and the email says
 * which. False for the answers that reveal nothing about the address.
 */
async function answerWaitlist(
  tx: Tx,
  joined: JoinRow,
  address: { eventId: string; email: string; origin: string },
): Promise<boolean> {
  switch (joined.result) {
    case 'ok':
    case 'already_waiting':
      await queueWaitlistPlaceNotice(tx, {
        entryId: joined.entry_id!,
        place: joined.place ?? 1,
        already: joined.result === 'already_waiting',
        origin: address.origin,
      });
      return true;
    case 'already_registered':
      await queueAlreadyRegisteredNotice(tx, address);
      return true;
    default:
      return false;
  }
}

export type JoinWaitlistOutcome =
  { kind: 'waitlisted' } | { kind: 'rejected'; code: 'not_found' | 'event_started' | 'seats_available' };

export async function joinWaitlist(ctx: RequestContext, input: JoinWaitlistInput): Promise<JoinWaitlistOutcome> {
  const origin = requestOrigin(ctx.url);
  return asUser(ctx.claims, async (tx) => {
    const row = await callJoinWaitlist(tx, { ...input, lang: ctx.lang });
    if (row.result === 'not_found' || row.result === 'event_started' || row.result === 'seats_available') {
      return { kind: 'rejected', code: row.result } as const;
    }
    const [type] = await tx<{ event_id: string }[]>`
      select event_id from public.ticket_types where id = ${input.ticketTypeId}`;
    await answerWaitlist(tx, row, { eventId: type!.event_id, email: input.email, origin });
    return { kind: 'waitlisted' } as const;
  });
}

export interface WaitlistOffer {
  entryId: string;
  eventId: string;
  ticketTypeId: string;
  name: string;
  email: string;
  expiresAt: Date;
}

/** The offer behind a waitlist email's link, while it can still be taken. */
export async function findWaitlistOffer(claims: Claims, token: string): Promise<WaitlistOffer | null> {
  const [row] = await asUser(
    claims,
    (tx) =>
      tx<
        {
          entry_id: string;
          event_id: string;
          ticket_type_id: string;
          name: string;
          email: string;
          offer_expires_at: Date;
        }[]
      >`select * from private.find_waitlist_offer(${offerTokenHash(token)})`,
  );
  return row
    ? {
        entryId: row.entry_id,
        eventId: row.event_id,
        ticketTypeId: row.ticket_type_id,
        name: row.name,
        email: row.email,
        expiresAt: row.offer_expires_at,
      }
    : null;
}
