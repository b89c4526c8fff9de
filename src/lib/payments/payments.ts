// Payments, the pure part: the interface a payment provider implements (Stripe
// Checkout today, in stripe.server.ts), the provider-neutral shapes the
// use cases see, and small rules. Nothing here imports the Stripe SDK, so the
// domain never depends on its types.
import type { Lang } from '../i18n/locales.ts';

export interface CheckoutRequest {
  orderId: string;
  orderReference: string;
  eventId: string;
  /** The line item's name, e.g. "Velfærdens Innovationsdag 2027 – Offentligt ansat". */
  itemName: string;
  unitAmountOre: number;
  quantity: number;
  customerEmail: string;
  lang: Lang;
  /** When the order's seat hold ends; the session ends then too. */
  expiresAt: Date;
  /** Where the buyer returns after paying; the provider appends its session id. */
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  id: string;
  /** The hosted payment page to redirect the buyer to. */
  url: string;
}

/** A Checkout Session as the use cases need it: which order, and was it paid. */
export interface CheckoutState {
  id: string;
  /** Our order id, from the session's client_reference_id; null when it is not one of ours. */
  orderId: string | null;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  paymentIntentId: string | null;
  amountTotalOre: number | null;
  currency: string | null;
}

export interface RefundCommand {
  paymentIntentId: string;
  amountOre: number;
  /** Our refund request's id: the provider's idempotency key and a metadata tag. */
  refundRequestId: string;
  orderId: string;
}

/** A verified webhook event, reduced to what the handlers use. */
export type PaymentEvent =
  | {
      id: string;
      type:
        | 'checkout.session.completed'
        | 'checkout.session.async_payment_succeeded'
        | 'checkout.session.async_payment_failed'
        | 'checkout.session.expired';
      created: Date;
      livemode: boolean;
      session: CheckoutState;
    }
  | {
      id: string;
      type: 'charge.refunded';
      created: Date;
      livemode: boolean;
      charge: { paymentIntentId: string | null; amountRefundedOre: number };
    }
  | { id: string; type: 'ignored'; eventType: string; created: Date; livemode: boolean };

export type PaymentEventType = PaymentEvent['type'];

/** The signature was missing, wrong or too old: answer 400 and change nothing. */
export class WebhookSignatureError extends Error {}

/** The provider could not be reached or refused the request. */
export class PaymentProviderError extends Error {
  /** Worth trying again later (network, rate limit, provider outage). */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

export interface PaymentProvider {
  readonly name: 'stripe';
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  retrieveCheckout(sessionId: string): Promise<CheckoutState>;
  /** Ends an open session so it can no longer be paid; an already finished one is left as it is. */
  expireCheckout(sessionId: string): Promise<void>;
  /** Refunds once per refund request, however often it is called. */
  refund(command: RefundCommand): Promise<{ refundId: string }>;
  /** Verifies the signature over the raw body and parses the event. Throws WebhookSignatureError. */
  verifyWebhook(rawBody: string, signature: string | null): PaymentEvent;
}

/** The Checkout Session's end, in whole seconds, never after the seat hold's end. */
export function checkoutExpiry(holdEndsAt: Date): number {
  return Math.floor(holdEndsAt.getTime() / 1000);
}

/** Stripe's session ids: "cs_test_…" / "cs_live_…". Checked before a lookup ever reaches the API. */
export const CHECKOUT_SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{10,250}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Our order id from a session's client_reference_id, or null for anything else. */
export function orderIdFrom(value: unknown): string | null {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}
