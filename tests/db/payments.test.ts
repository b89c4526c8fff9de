// Payments against a real Postgres and the real Stripe SDK, pointed at a local
// stub of the Stripe API: Checkout opened with the hold's expiry, the webhook
// deduplicating, refusing forged and stale deliveries and ignoring stale
// states, the success page fulfilling through the same function, late
// payments refunded exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asService, asUser, closePool } from '../../src/lib/db/db.server.ts';
import { stripeProvider } from '../../src/lib/payments/stripe.server.ts';
import { settleCheckoutReturn } from '../../src/lib/registration/checkout-return.server.ts';
import { confirmationsIdle, queueDueConfirmations } from '../../src/lib/registration/confirmations.server.ts';
import { handleStripeWebhook } from '../../src/lib/registration/payment-webhook.server.ts';
import { executeDueRefunds } from '../../src/lib/registration/refunds.server.ts';
import { callRegister, registerAttendees } from '../../src/lib/registration/registration.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, order } from '../fixtures/registration-world.ts';
import { fingerprint } from '../fixtures/sql.ts';
import { startStripeStub, TEST_STRIPE_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../fixtures/stripe-stub.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
const stub = await startStripeStub();
// The use cases open their own pool from the environment, like the server does.
Object.assign(process.env, { DATABASE_URL: url, ...stub.env() });
const provider = stripeProvider({
  secretKey: TEST_STRIPE_SECRET_KEY,
  webhookSecret: TEST_WEBHOOK_SECRET,
  paymentMethods: ['card', 'mobilepay'],
  apiBase: stub.baseUrl,
});
const ORIGIN = 'http://localhost:4321';

afterAll(async () => {
  await confirmationsIdle();
  await closePool();
  await stub.stop();
});

let world: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'betaling-test', status: 'published' });
});

const deliver = (type: string, object: object, options: Parameters<typeof stub.signedEvent>[2] = {}) => {
  const event = stub.signedEvent(type, object, options);
  return handleStripeWebhook(event.body, event.signature, { provider, origin: ORIGIN, db: sql }).then((outcome) => ({
    ...outcome,
    eventId: event.id,
    body: event.body,
    signature: event.signature,
  }));
};

const orderOf = async (id: string) =>
  (
    await sql<
      { status: string; refunded_ore: number; payment_intent_id: string | null; checkout_session_id: string | null }[]
    >`
      select status, refunded_ore, payment_intent_id, checkout_session_id from public.orders where id = ${id}`
  )[0]!;
const ticketStatuses = async (orderId: string) =>
  (
    await sql<{ status: string }[]>`select status from public.tickets where order_id = ${orderId} order by position`
  ).map((row) => row.status);
const soldOf = async (typeId: string) =>
  (await sql<{ sold: number }[]>`select sold from public.ticket_types where id = ${typeId}`)[0]!.sold;

/** A paid registration through the real use case, up to the Stripe redirect. */
async function checkout(typeId: string, emails: string[]) {
  const outcome = await registerAttendees(
    { claims: ANON, lang: 'da', url: new URL(`${ORIGIN}/betaling-test/tilmelding`) },
    {
      ...order(
        typeId,
        emails.map((email) => attendee(email)),
      ),
      buyerAttends: true,
      joinWaitlist: false,
      offer: null,
    },
  );
  if (outcome.kind !== 'checkout') throw new Error(`expected a checkout, got ${JSON.stringify(outcome)}`);
  const sessionId = outcome.url.split('/pay/')[1]!;
  const session = stub.sessions.get(sessionId)!;
  return { url: outcome.url, session, orderId: session.client_reference_id! };
}

describe('opening Stripe Checkout', () => {
  it('holds the seats and sends the buyer to a DKK session that ends when the hold does', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'aabn',
      capacity: 10,
      priceOre: 149500,
    });
    const { url: payUrl, session, orderId } = await checkout(typeId, ['k1@example.org', 'k2@example.org']);
    expect(payUrl).toBe(`${stub.baseUrl}/pay/${session.id}`);
    const [row] = await sql<{ expires_at: Date; checkout_session_id: string; status: string }[]>`
      select expires_at, checkout_session_id, status from public.orders where id = ${orderId}`;
    expect(row).toMatchObject({ status: 'pending', checkout_session_id: session.id });
    expect(session).toMatchObject({
      amount_total: 299000,
      currency: 'dkk',
      client_reference_id: orderId,
      expires_at: Math.floor(row!.expires_at.getTime() / 1000),
      allowed_payment_method_types: ['card', 'mobilepay'],
      locale: 'da',
    });
    expect(session.success_url).toBe(`${ORIGIN}/betaling-test/tilmelding/betalt?session_id=${session.id}`);
    const request = stub.requests.find((candidate) => candidate.path === '/v1/checkout/sessions')!;
    expect(request.idempotencyKey).toBe(`checkout-${orderId}`);
    expect(await soldOf(typeId)).toBe(2);
  });

  it('releases the seats at once when Stripe cannot be reached', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'nede', capacity: 10, priceOre: 10000 });
    stub.failNext('/v1/checkout/sessions', 3);
    const outcome = await registerAttendees(
      { claims: ANON, lang: 'da', url: new URL(`${ORIGIN}/x`) },
      { ...order(typeId, [attendee('nede@example.org')]), buyerAttends: true, joinWaitlist: false, offer: null },
    );
    expect(outcome).toEqual({ kind: 'payment_failed' });
    expect(await soldOf(typeId)).toBe(0);
    const [row] = await sql`select o.status from public.orders o join public.tickets t on t.order_id = o.id
                            where t.attendee_email = 'nede@example.org'`;
    expect(row!.status).toBe('cancelled');
  });
});

describe('the webhook', () => {
  it('fulfils a completed checkout once; a redelivery changes nothing', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'betalt',
      capacity: 10,
      priceOre: 49500,
    });
    const { session, orderId } = await checkout(typeId, ['p1@example.org', 'p2@example.org']);
    const paid = stub.pay(session.id);
    const first = await deliver('checkout.session.completed', paid);
    expect(first).toMatchObject({ status: 200, reason: 'handled' });
    expect(await orderOf(orderId)).toMatchObject({ status: 'paid', payment_intent_id: paid.payment_intent });
    expect(await ticketStatuses(orderId)).toEqual(['valid', 'valid']);

    await confirmationsIdle();
    await queueDueConfirmations({ origin: ORIGIN, db: sql });
    const mails = await sql<
      { recipient: string; template_data: { tickets: { qrPngBase64?: string }[]; payment: string } }[]
    >`
      select recipient, template_data from private.outbox_emails
      where idempotency_key like ${`order-confirmation/${orderId}%`} order by recipient`;
    expect(
      mails.map((mail) => [mail.recipient, mail.template_data.tickets.length, mail.template_data.payment]),
    ).toEqual([
      ['p1@example.org', 2, 'card'],
      ['p2@example.org', 1, 'card'],
    ]);
    expect(
      mails.every((mail) => mail.template_data.tickets.every((ticket) => (ticket.qrPngBase64 ?? '').length > 100)),
    ).toBe(true);

    const before = {
      orders: await fingerprint(sql, 'public.orders'),
      tickets: await fingerprint(sql, 'public.tickets'),
      outbox: await fingerprint(sql, 'private.outbox_emails'),
    };
    const again = await handleStripeWebhook(first.body, first.signature, { provider, origin: ORIGIN, db: sql });
    expect(again).toEqual({ status: 200, reason: 'duplicate' });
    // The same payment reported again under another event id: fulfilment is idempotent.
    expect((await deliver('checkout.session.async_payment_succeeded', paid)).reason).toBe('handled');
    await queueDueConfirmations({ origin: ORIGIN, db: sql });
    expect({
      orders: await fingerprint(sql, 'public.orders'),
      tickets: await fingerprint(sql, 'public.tickets'),
      outbox: await fingerprint(sql, 'private.outbox_emails'),
    }).toEqual(before);
  });

  it('refuses forged, tampered, unsigned and stale deliveries and records none of them', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'falsk',
      capacity: 10,
      priceOre: 49500,
    });
    const { session, orderId } = await checkout(typeId, ['f@example.org']);
    const paid = stub.pay(session.id);
    const events = await fingerprint(sql, 'private.stripe_webhook_events');

    expect(
      await deliver('checkout.session.completed', paid, { secret: 'whsec_someoneelse000000000000' }),
    ).toMatchObject({
      status: 400,
      reason: 'invalid_signature',
    });
    const honest = stub.signedEvent('checkout.session.completed', paid);
    const tampered = honest.body.replace('"amount_total": 49500', '"amount_total": 1');
    expect(tampered).not.toBe(honest.body);
    expect(await handleStripeWebhook(tampered, honest.signature, { provider, origin: ORIGIN, db: sql })).toMatchObject({
      status: 400,
    });
    expect(await handleStripeWebhook(honest.body, null, { provider, origin: ORIGIN, db: sql })).toMatchObject({
      status: 400,
    });
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect(await deliver('checkout.session.completed', paid, { timestamp: tenMinutesAgo })).toMatchObject({
      status: 400,
    });

    expect(await fingerprint(sql, 'private.stripe_webhook_events')).toEqual(events);
    expect(await orderOf(orderId)).toMatchObject({ status: 'pending' });
  });

  it('lets a stale "expired" that arrives after the payment change nothing', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'orden',
      capacity: 10,
      priceOre: 49500,
    });
    const { session, orderId } = await checkout(typeId, ['o@example.org']);
    const paid = stub.pay(session.id);
    await deliver('checkout.session.completed', paid);
    expect((await deliver('checkout.session.expired', { ...paid, status: 'expired' })).reason).toBe('handled');
    expect((await deliver('checkout.session.async_payment_failed', paid)).reason).toBe('handled');
    expect(await orderOf(orderId)).toMatchObject({ status: 'paid' });
    expect(await ticketStatuses(orderId)).toEqual(['valid']);
    expect(await soldOf(typeId)).toBe(1);
  });

  it('expires an abandoned checkout and cancels a failed delayed payment, releasing the seats', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'opgivet',
      capacity: 10,
      priceOre: 49500,
    });
    const abandoned = await checkout(typeId, ['opgivet@example.org']);
    const failed = await checkout(typeId, ['fejl@example.org']);
    expect(await soldOf(typeId)).toBe(2);
    await deliver('checkout.session.expired', { ...abandoned.session, status: 'expired' });
    await deliver('checkout.session.async_payment_failed', { ...failed.session, status: 'complete' });
    expect(await orderOf(abandoned.orderId)).toMatchObject({ status: 'expired' });
    expect(await orderOf(failed.orderId)).toMatchObject({ status: 'cancelled' });
    expect(await soldOf(typeId)).toBe(0);
  });

  it('takes the seats again for a payment that came after the hold ran out, while they are free', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'sent-ledig',
      capacity: 1,
      priceOre: 49500,
    });
    const { session, orderId } = await checkout(typeId, ['sent@example.org']);
    await sql`update public.orders set expires_at = now() - interval '1 second' where id = ${orderId}`;
    await asService((tx) => tx`select private.release_expired_holds()`, sql);
    expect(await soldOf(typeId)).toBe(0);
    expect((await deliver('checkout.session.completed', stub.pay(session.id))).reason).toBe('handled');
    expect(await orderOf(orderId)).toMatchObject({ status: 'paid' });
    expect(await ticketStatuses(orderId)).toEqual(['valid']);
    expect(await soldOf(typeId)).toBe(1);
  });

  it('refunds, exactly once, a payment whose seats were sold meanwhile, and tells the buyer', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'sent-solgt',
      capacity: 1,
      priceOre: 49500,
    });
    const { session, orderId } = await checkout(typeId, ['for-sent@example.org']);
    await sql`update public.orders set expires_at = now() - interval '1 second' where id = ${orderId}`;
    const other = await asUser(
      ANON,
      (tx) => callRegister(tx, order(typeId, [attendee('hurtig@example.org')]), { lang: 'da', onlinePayment: true }),
      sql,
    );
    expect(other.result).toBe('ok');

    const paid = stub.pay(session.id);
    const delivery = await deliver('checkout.session.completed', paid);
    expect(delivery.reason).toBe('handled');
    expect(await orderOf(orderId)).toMatchObject({ status: 'refunded', refunded_ore: 49500 });
    expect(await ticketStatuses(orderId)).toEqual(['expired']);
    expect(stub.refunds.filter((refund) => refund.payment_intent === paid.payment_intent)).toEqual([
      expect.objectContaining({ amount: 49500, status: 'succeeded' }),
    ]);
    const [mail] = await sql<{ recipient: string; template_data: { reason: string; refund: { amountOre: number } } }[]>`
      select recipient, template_data from private.outbox_emails where idempotency_key = ${`cancellation/late-payment/${orderId}/buyer`}`;
    expect(mail).toMatchObject({
      recipient: 'for-sent@example.org',
      template_data: { reason: 'payment-too-late', refund: { amountOre: 49500 } },
    });

    // The same event again, the success page, and the refund job: still one refund.
    await handleStripeWebhook(delivery.body, delivery.signature, { provider, origin: ORIGIN, db: sql });
    expect(await settleCheckoutReturn(provider, session.id, ORIGIN)).toBe('refunded');
    await executeDueRefunds(provider, { db: sql });
    expect(stub.refunds.filter((refund) => refund.payment_intent === paid.payment_intent)).toHaveLength(1);
    expect(await soldOf(typeId)).toBe(1);
  });

  it('cancels an order refunded in full from the Stripe Dashboard and frees its seats', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'dashboard',
      capacity: 5,
      priceOre: 49500,
    });
    const { session, orderId } = await checkout(typeId, ['d1@example.org', 'd2@example.org']);
    const paid = stub.pay(session.id);
    await deliver('checkout.session.completed', paid);
    await deliver('charge.refunded', {
      id: 'ch_test_1',
      object: 'charge',
      payment_intent: paid.payment_intent,
      amount_refunded: 50000,
    });
    expect(await orderOf(orderId)).toMatchObject({ status: 'paid', refunded_ore: 50000 });
    await deliver('charge.refunded', {
      id: 'ch_test_1',
      object: 'charge',
      payment_intent: paid.payment_intent,
      amount_refunded: 99000,
    });
    expect(await orderOf(orderId)).toMatchObject({ status: 'refunded', refunded_ore: 99000 });
    expect(await ticketStatuses(orderId)).toEqual(['cancelled', 'cancelled']);
    expect(await soldOf(typeId)).toBe(0);
  });

  it('acknowledges event types it does not handle', async () => {
    expect(await deliver('customer.created', { id: 'cus_1', object: 'customer' })).toMatchObject({
      status: 200,
      reason: 'ignored',
    });
  });
});

describe('the success page', () => {
  it('fulfils a paid session itself when the webhook is late, and the webhook then changes nothing', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'retur', capacity: 5, priceOre: 49500 });
    const { session, orderId } = await checkout(typeId, ['retur@example.org']);
    expect(await settleCheckoutReturn(provider, session.id, ORIGIN)).toBe('pending');
    const paid = stub.pay(session.id);
    expect(await settleCheckoutReturn(provider, session.id, ORIGIN)).toBe('paid');
    expect(await orderOf(orderId)).toMatchObject({ status: 'paid' });
    const tickets = await fingerprint(sql, 'public.tickets');
    expect((await deliver('checkout.session.completed', paid)).reason).toBe('handled');
    expect(await fingerprint(sql, 'public.tickets')).toEqual(tickets);
  });

  it('trusts nothing in the URL: unknown and malformed session ids are unknown', async () => {
    expect(await settleCheckoutReturn(provider, 'cs_test_doesnotexist000000000000', ORIGIN)).toBe('unknown');
    expect(await settleCheckoutReturn(provider, "cs_test_'; drop table orders; --", ORIGIN)).toBe('unknown');
    expect(await settleCheckoutReturn(provider, null, ORIGIN)).toBe('unknown');
    expect(await settleCheckoutReturn(null, 'cs_test_abcdefghijklmnop', ORIGIN)).toBe('unknown');
  });
});

describe('refunds', () => {
  it('go back once even when Stripe fails first, and when a crash came after Stripe accepted', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'refusion',
      capacity: 5,
      priceOre: 49500,
    });
    const { session, orderId } = await checkout(typeId, ['r1@example.org', 'r2@example.org']);
    const paid = stub.pay(session.id);
    await deliver('checkout.session.completed', paid);
    const tickets = await sql<
      { id: string }[]
    >`select id from public.tickets where order_id = ${orderId} order by position`;

    const [first, second] = await asService(async (tx) => {
      const a = await tx<{ id: string }[]>`select private.cancel_valid_ticket(${tickets[0]!.id}, true) as id`;
      const b = await tx<{ id: string }[]>`select private.cancel_valid_ticket(${tickets[1]!.id}, true) as id`;
      return [a[0]!.id, b[0]!.id];
    }, sql);
    // Stripe is down for the first: it is retried later.
    stub.failNext('/v1/refunds', 3);
    const run = await executeDueRefunds(provider, { db: sql });
    expect(run.retrying).toBeGreaterThanOrEqual(1);
    // The second: Stripe accepted it, then the server crashed before recording the outcome.
    await provider.refund({
      paymentIntentId: paid.payment_intent!,
      amountOre: 49500,
      refundRequestId: second!,
      orderId,
    });
    await sql`update private.jobs set due_at = now() where id in (${first!}, ${second!}) and status = 'pending'`;
    await executeDueRefunds(provider, { db: sql });
    const refunds = stub.refunds.filter((refund) => refund.payment_intent === paid.payment_intent);
    expect(refunds.map((refund) => refund.metadata['refund_request_id']).sort()).toEqual([first, second].sort());
    expect(await orderOf(orderId)).toMatchObject({ status: 'refunded', refunded_ore: 99000 });
    const statuses = await sql`select status from private.refund_request_states where order_id = ${orderId}`;
    expect(statuses.map((row) => row.status)).toEqual(['succeeded', 'succeeded']);
  });
});
