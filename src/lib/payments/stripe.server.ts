// Stripe Checkout behind the PaymentProvider interface, on the official SDK.
// DKK only; the payment methods Checkout offers are filtered to
// STRIPE_PAYMENT_METHODS (card and MobilePay by default) among those the
// Stripe account has enabled in its Dashboard.
//
// STRIPE_API_BASE points the SDK at another host (a local stub in tests), so
// tests run the real SDK code path without reaching Stripe.
import Stripe from 'stripe';
import { readEnv } from '../config.ts';
import {
  type CheckoutRequest,
  type CheckoutSession,
  type CheckoutState,
  checkoutExpiry,
  orderIdFrom,
  type PaymentEvent,
  type PaymentProvider,
  PaymentProviderError,
  type RefundCommand,
  WebhookSignatureError,
} from './payments.ts';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  paymentMethods: readonly string[];
  /** e.g. http://127.0.0.1:12111 for a stub; unset → api.stripe.com. */
  apiBase?: string | undefined;
}

type AllowedPaymentMethod = Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType;

function connectionOptions(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  return {
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}

function providerError(error: unknown): PaymentProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    const retryable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeRateLimitError ||
      error instanceof Stripe.errors.StripeAPIError ||
      (error.statusCode !== undefined && (error.statusCode >= 500 || error.statusCode === 409));
    return new PaymentProviderError(`stripe: ${error.type}: ${error.message}`, retryable);
  }
  return new PaymentProviderError(`stripe: ${error instanceof Error ? error.message : String(error)}`, true);
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function stateOf(session: Stripe.Checkout.Session): CheckoutState {
  const status: CheckoutState['status'] =
    session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open';
  const paymentStatus: CheckoutState['paymentStatus'] =
    session.payment_status === 'paid'
      ? 'paid'
      : session.payment_status === 'no_payment_required'
        ? 'no_payment_required'
        : 'unpaid';
  return {
    id: session.id,
    orderId: orderIdFrom(session.client_reference_id),
    status,
    paymentStatus,
    paymentIntentId: idOf(session.payment_intent),
    amountTotalOre: session.amount_total,
    currency: session.currency,
  };
}

export function stripeProvider(settings: StripeSettings): PaymentProvider {
  const stripe = new Stripe(settings.secretKey, {
    ...connectionOptions(settings.apiBase),
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Samspil', url: 'https://github.com/samspil' },
  });

  return {
    name: 'stripe',

    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const metadata = {
        order_id: request.orderId,
        order_reference: request.orderReference,
        event_id: request.eventId,
      };
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            currency: 'dkk',
            client_reference_id: request.orderId,
            customer_email: request.customerEmail,
            line_items: [
              {
                quantity: request.quantity,
                price_data: {
                  currency: 'dkk',
                  unit_amount: request.unitAmountOre,
                  product_data: { name: request.itemName },
                },
              },
            ],
            allowed_payment_method_types: settings.paymentMethods as AllowedPaymentMethod[],
            metadata,
            payment_intent_data: { metadata, description: `Samspil ${request.orderReference}` },
            expires_at: checkoutExpiry(request.expiresAt),
            locale: request.lang === 'da' ? 'da' : 'en',
            success_url: `${request.successUrl}${request.successUrl.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
            cancel_url: request.cancelUrl,
          },
          // One session per order, even when the request is retried.
          { idempotencyKey: `checkout-${request.orderId}` },
        );
        if (!session.url) throw new PaymentProviderError('stripe: the session has no payment page URL', false);
        return { id: session.id, url: session.url };
      } catch (error) {
        throw error instanceof PaymentProviderError ? error : providerError(error);
      }
    },

    async retrieveCheckout(sessionId: string): Promise<CheckoutState> {
      try {
        return stateOf(await stripe.checkout.sessions.retrieve(sessionId));
      } catch (error) {
        throw providerError(error);
      }
    },

    async expireCheckout(sessionId: string): Promise<void> {
      try {
        const session = await stripe.checkout.sessions.retrieve(sessionId);
        if (session.status === 'open') await stripe.checkout.sessions.expire(sessionId);
      } catch (error) {
        throw providerError(error);
      }
    },

    async refund(command: RefundCommand): Promise<{ refundId: string }> {
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: command.paymentIntentId,
            amount: command.amountOre,
            reason: 'requested_by_customer',
            metadata: { refund_request_id: command.refundRequestId, order_id: command.orderId },
          },
          { idempotencyKey: `refund-${command.refundRequestId}` },
        );
        return { refundId: refund.id };
      } catch (error) {
        throw providerError(error);
      }
    },

    verifyWebhook(rawBody: string, signature: string | null): PaymentEvent {
      if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, settings.webhookSecret);
      } catch (error) {
        throw new WebhookSignatureError(error instanceof Error ? error.message : 'invalid signature');
      }
      const common = { id: event.id, created: new Date(event.created * 1000), livemode: event.livemode };
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded':
        case 'checkout.session.async_payment_failed':
        case 'checkout.session.expired':
          return { ...common, type: event.type, session: stateOf(event.data.object) };
        case 'charge.refunded':
          return {
            ...common,
            type: 'charge.refunded',
            charge: {
              paymentIntentId: idOf(event.data.object.payment_intent),
              amountRefundedOre: event.data.object.amount_refunded,
            },
          };
        default:
          return { ...common, type: 'ignored', eventType: event.type };
      }
    },
  };
}

/**
 * Where a registration form is sent on to pay: Stripe Checkout's origin (the
 * stub's in tests). The registration page adds it to its CSP's form-action,
 * which browsers also apply to the redirect that follows the form's post.
 */
export function checkoutOrigin(): string {
  const base = readEnv().STRIPE_API_BASE;
  return base ? new URL(base).origin : 'https://checkout.stripe.com';
}

let cached: { key: string; provider: PaymentProvider | null } | undefined;

/** Stripe when STRIPE_SECRET_KEY is set, else null: paid tickets are then not for sale online. */
export function paymentProvider(): PaymentProvider | null {
  const env = readEnv();
  const key = `${env.STRIPE_SECRET_KEY ?? ''}|${env.STRIPE_WEBHOOK_SECRET ?? ''}|${env.STRIPE_API_BASE ?? ''}`;
  if (cached?.key !== key) {
    cached = {
      key,
      provider:
        env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
          ? stripeProvider({
              secretKey: env.STRIPE_SECRET_KEY,
              webhookSecret: env.STRIPE_WEBHOOK_SECRET,
              paymentMethods: env.STRIPE_PAYMENT_METHODS,
              apiBase: env.STRIPE_API_BASE,
            })
          : null,
    };
  }
  return cached.provider;
}
