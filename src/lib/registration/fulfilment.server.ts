// The one fulfilment of a paid Checkout Session, called by the Stripe webhook
// and by the success page (after it has re-read the session from Stripe; the
// page never decides on its own that an order is paid). Idempotent: the SQL
// function locks the order and answers from its state. A payment that came
// after its seats were released and sold again is refunded: the refund is
// recorded here and executed after the commit, and the buyer is told.
import type { Tx } from '../db/db.server.ts';
import type { CheckoutState } from '../payments/payments.ts';
import { queueCancellationNotice } from './notices.server.ts';
import { queueWaitlistOffers } from './waitlist.server.ts';

export type FulfilResult = 'fulfilled' | 'already_paid' | 'refund_required' | 'already_refunded' | 'unknown_order';

export interface Fulfilment {
  result: FulfilResult;
  refundRequestId: string | null;
}

/** `tx` runs as the service role. Queue the confirmation (kickConfirmations) after the commit on 'fulfilled'. */
export async function fulfilOrder(tx: Tx, session: CheckoutState, origin: string): Promise<Fulfilment> {
  if (!session.orderId || session.paymentStatus !== 'paid') return { result: 'unknown_order', refundRequestId: null };
  const [row] = await tx<{ result: FulfilResult; refund_request_id: string | null }[]>`
    select * from private.fulfil_order(${session.orderId}, ${session.id}, ${session.paymentIntentId},
                                       ${session.amountTotalOre}, ${session.currency ?? ''})`;
  const fulfilment = { result: row!.result, refundRequestId: row!.refund_request_id };
  if (fulfilment.result === 'refund_required') {
    await queueCancellationNotice(tx, {
      orderId: session.orderId,
      reason: 'payment-too-late',
      refundOre: session.amountTotalOre,
      cause: `late-payment/${session.orderId}`,
      origin,
    });
    // A mismatched payment cancels its pending order, whose seats may go to the waitlist.
    await queueWaitlistOffers(tx, origin);
  }
  return fulfilment;
}
