// Executes recorded refunds after the transactions that recorded them have
// committed: claim (a short transaction), call the provider with the request's
// id as its idempotency key, record the outcome. A crash after the provider
// refunded but before the outcome was recorded is retried under the same key,
// which the provider answers with the same refund: the money goes back once.
// Retries back off from 30 seconds to an hour; ten attempts end within about
// three hours, well inside Stripe's 24-hour idempotency window.
import { asService, type Sql, sql } from '../db/db.server.ts';
import { type PaymentProvider, PaymentProviderError } from '../payments/payments.ts';

interface ClaimedRefund {
  id: string;
  order_id: string;
  payment_intent_id: string;
  amount_ore: number;
  attempts: number;
  max_attempts: number;
  lease_token: string;
}

export interface RefundRunResult {
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
}

export function refundRetryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

export async function executeDueRefunds(
  provider: PaymentProvider,
  options: { db?: Sql; limit?: number; log?: (line: string) => void } = {},
): Promise<RefundRunResult> {
  const db = options.db ?? sql();
  const claimed = await asService(
    (tx) => tx<ClaimedRefund[]>`
      select id, order_id, payment_intent_id, amount_ore, attempts, max_attempts, lease_token
      from private.claim_refund_requests(${options.limit ?? 20}, interval '5 minutes')`,
    db,
  );
  const result: RefundRunResult = { claimed: claimed.length, succeeded: 0, retrying: 0, failed: 0 };
  for (const request of claimed) {
    try {
      const { refundId } = await provider.refund({
        paymentIntentId: request.payment_intent_id,
        amountOre: request.amount_ore,
        refundRequestId: request.id,
        orderId: request.order_id,
      });
      await asService((tx) => tx`select private.complete_refund_request(${request.id}, ${refundId})`, db);
      result.succeeded += 1;
    } catch (error) {
      const retryable = !(error instanceof PaymentProviderError) || error.retryable;
      const message = error instanceof Error ? error.message : String(error);
      const retryIn = retryable ? refundRetryDelayMs(request.attempts) : null;
      const [row] = await asService(
        (tx) => tx<{ status: string | null }[]>`
          select private.record_refund_failure(${request.id}, ${request.lease_token}, ${message},
            ${retryIn}::integer * interval '1 millisecond') as status`,
        db,
      );
      if (row?.status === 'failed') {
        result.failed += 1;
        options.log?.(`refunds: gave up on refund ${request.id} of order ${request.order_id}: ${message}`);
      } else result.retrying += 1;
    }
  }
  return result;
}
