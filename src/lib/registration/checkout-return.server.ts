// The buyer is back from Stripe Checkout on the success page. The page shows
// what the payment's state is, and if Stripe says the session is paid it runs
// the same idempotent fulfilment the webhook runs — so the tickets go out even
// if the webhook is late, and never twice. The page never trusts the URL: the
// session is read from Stripe.
import { asService } from '../db/db.server.ts';
import { CHECKOUT_SESSION_ID, type PaymentProvider, PaymentProviderError } from '../payments/payments.ts';
import { kickConfirmations } from './confirmations.server.ts';
import { fulfilOrder } from './fulfilment.server.ts';
import { executeDueRefunds } from './refunds.server.ts';

export type CheckoutReturn = 'paid' | 'pending' | 'refunded' | 'unknown';

export async function settleCheckoutReturn(
  provider: PaymentProvider | null,
  sessionId: string | null,
  origin: string,
): Promise<CheckoutReturn> {
  if (!provider || !sessionId || !CHECKOUT_SESSION_ID.test(sessionId)) return 'unknown';
  let session;
  try {
    session = await provider.retrieveCheckout(sessionId);
  } catch (error) {
    if (error instanceof PaymentProviderError && !error.retryable) return 'unknown';
    throw error;
  }
  if (!session.orderId) return 'unknown';
  if (session.paymentStatus !== 'paid') return session.status === 'expired' ? 'unknown' : 'pending';
  const { result } = await asService((tx) => fulfilOrder(tx, session, origin));
  switch (result) {
    case 'fulfilled':
      kickConfirmations(origin);
      return 'paid';
    case 'already_paid':
      return 'paid';
    case 'refund_required':
      await executeDueRefunds(provider).catch((error: unknown) =>
        console.error('samspil: refunds after a late payment failed; the job retries them;', error),
      );
      return 'refunded';
    case 'already_refunded':
      return 'refunded';
    case 'unknown_order':
      return 'unknown';
  }
}
