// The Stripe webhook: verify the signature over the raw body, record the
// event's id (a redelivery finds it and changes nothing), hand the event to
// the one function for its type — all in one transaction, so an event whose
// handling fails is handled again when Stripe retries. Refunds recorded by a
// handler are executed after the commit, never inside it.
//
// Every handler is safe against replays and any order of arrival: the SQL it
// calls moves an order only forward (pending → paid, never paid → expired),
// so a stale "expired" after a "completed" changes nothing.
import { asService, type Sql, sql, type Tx } from '../db/db.server.ts';
import { type PaymentEvent, type PaymentProvider, WebhookSignatureError } from '../payments/payments.ts';
import { kickConfirmations } from './confirmations.server.ts';
import { fulfilOrder } from './fulfilment.server.ts';
import { queueCancellationNotice } from './notices.server.ts';
import { executeDueRefunds } from './refunds.server.ts';
import { queueWaitlistOffers } from './waitlist.server.ts';

export type WebhookOutcome =
  { status: 400; reason: 'invalid_signature' } | { status: 200; reason: 'duplicate' | 'handled' | 'ignored' };

interface HandlerContext {
  tx: Tx;
  origin: string;
  /** Set by a handler whose change needs the order confirmation queued after the commit. */
  confirmationsDue: boolean;
}

type SessionEvent = Extract<PaymentEvent, { session: unknown }>;
type RefundEvent = Extract<PaymentEvent, { type: 'charge.refunded' }>;

async function onCheckoutCompleted(ctx: HandlerContext, event: SessionEvent): Promise<void> {
  // Card and MobilePay are paid at completion; a delayed method reports later.
  if (event.session.paymentStatus !== 'paid') return;
  const { result } = await fulfilOrder(ctx.tx, event.session, ctx.origin);
  if (result === 'fulfilled') ctx.confirmationsDue = true;
}

async function onAsyncPaymentSucceeded(ctx: HandlerContext, event: SessionEvent): Promise<void> {
  const { result } = await fulfilOrder(ctx.tx, event.session, ctx.origin);
  if (result === 'fulfilled') ctx.confirmationsDue = true;
}

async function onAsyncPaymentFailed(ctx: HandlerContext, event: SessionEvent): Promise<void> {
  if (!event.session.orderId) return;
  await ctx.tx`select private.cancel_pending_order(${event.session.orderId})`;
  await queueWaitlistOffers(ctx.tx, ctx.origin);
}

async function onCheckoutExpired(ctx: HandlerContext, event: SessionEvent): Promise<void> {
  if (!event.session.orderId) return;
  await ctx.tx`select private.expire_pending_order(${event.session.orderId})`;
  await queueWaitlistOffers(ctx.tx, ctx.origin);
}

async function onChargeRefunded(ctx: HandlerContext, event: RefundEvent): Promise<void> {
  const { paymentIntentId, amountRefundedOre } = event.charge;
  if (!paymentIntentId) return;
  const [row] = await ctx.tx<{ result: string; order_id: string | null }[]>`
    select private.record_charge_refund(${paymentIntentId}, ${amountRefundedOre}) as result,
           (select id from public.orders where payment_intent_id = ${paymentIntentId}) as order_id`;
  if (row?.result === 'order_refunded' && row.order_id) {
    // Refunded in full from the Stripe Dashboard: the organiser cancelled the order.
    await queueCancellationNotice(ctx.tx, {
      orderId: row.order_id,
      reason: 'by-organiser',
      refundOre: amountRefundedOre,
      cause: `charge-refunded/${row.order_id}`,
      origin: ctx.origin,
    });
    await queueWaitlistOffers(ctx.tx, ctx.origin);
  }
}

async function dispatch(ctx: HandlerContext, event: PaymentEvent): Promise<void> {
  switch (event.type) {
    case 'checkout.session.completed':
      return onCheckoutCompleted(ctx, event);
    case 'checkout.session.async_payment_succeeded':
      return onAsyncPaymentSucceeded(ctx, event);
    case 'checkout.session.async_payment_failed':
      return onAsyncPaymentFailed(ctx, event);
    case 'checkout.session.expired':
      return onCheckoutExpired(ctx, event);
    case 'charge.refunded':
      return onChargeRefunded(ctx, event);
    case 'ignored':
      return;
  }
}

export async function handleStripeWebhook(
  rawBody: string,
  signature: string | null,
  options: { provider: PaymentProvider; origin: string; db?: Sql },
): Promise<WebhookOutcome> {
  let event: PaymentEvent;
  try {
    event = options.provider.verifyWebhook(rawBody, signature);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return { status: 400, reason: 'invalid_signature' };
    throw error;
  }
  const db = options.db ?? sql();
  const outcome = await asService(async (tx) => {
    const recorded = await tx`
      insert into private.stripe_webhook_events (id, type, livemode, stripe_created_at)
      values (${event.id}, ${event.type === 'ignored' ? event.eventType : event.type}, ${event.livemode}, ${event.created})
      on conflict (id) do nothing
      returning id`;
    if (recorded.length === 0) return { reason: 'duplicate' as const, confirmationsDue: false };
    const ctx: HandlerContext = { tx, origin: options.origin, confirmationsDue: false };
    await dispatch(ctx, event);
    return {
      reason: event.type === 'ignored' ? ('ignored' as const) : ('handled' as const),
      confirmationsDue: ctx.confirmationsDue,
    };
  }, db);
  if (outcome.confirmationsDue) kickConfirmations(options.origin);
  if (outcome.reason === 'handled') {
    await executeDueRefunds(options.provider, { db }).catch((error: unknown) =>
      console.error('samspil: refunds after a webhook failed; the job retries them;', error),
    );
  }
  return { status: 200, reason: outcome.reason };
}
