// Executes recorded refunds after the transactions that recorded them have
// committed. A refund is a job in the one Postgres queue (queue 'refund',
// src/lib/jobs/queue.server.ts) whose details live in private.refund_requests:
// claim (a short transaction), call the provider with the request's id as its
// idempotency key, record the outcome. A crash after the provider refunded but
// before the outcome was recorded is retried under the same key, which the
// provider answers with the same refund: the money goes back once.
// Retries back off from 30 seconds to an hour; ten attempts end within about
// three hours, well inside Stripe's 24-hour idempotency window.
import type { Sql } from '../db/db.server.ts';
import { type JobKind, runDueJobs } from '../jobs/queue.server.ts';
import type { ClaimedJob } from '../jobs/queue.ts';
import { type PaymentProvider, PaymentProviderError } from '../payments/payments.ts';

interface ClaimedRefund extends ClaimedJob {
  order_id: string;
  payment_intent_id: string;
  amount_ore: number;
}

export interface RefundRunResult {
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
  /** Another worker had taken the refund over, or finished it. */
  superseded: number;
}

export function refundRetryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/** Refunds as a kind of job: claimed with their details, made through `provider`. */
export function refundJobs(provider: PaymentProvider): JobKind<ClaimedRefund> {
  return {
    queue: 'refund',
    claim: (tx, limit, leaseMs) => tx<ClaimedRefund[]>`
      select id, order_id, payment_intent_id, amount_ore, attempts, max_attempts, lease_token
      from private.claim_refund_requests(${limit}, ${Math.round(leaseMs)}::integer * interval '1 millisecond')`,
    async perform(request) {
      try {
        const { refundId } = await provider.refund({
          paymentIntentId: request.payment_intent_id,
          amountOre: request.amount_ore,
          refundRequestId: request.id,
          orderId: request.order_id,
        });
        return {
          ok: true,
          complete: async (tx) => {
            const [row] = await tx<{ done: boolean }[]>`
              select private.complete_refund_request(${request.id}, ${refundId}) as done`;
            return row!.done;
          },
        };
      } catch (error) {
        return {
          ok: false,
          retryable: !(error instanceof PaymentProviderError) || error.retryable,
          error: error instanceof Error ? error.message : String(error),
        };
      }
    },
    retryDelayMs: refundRetryDelayMs,
    describe: (request) => `refund ${request.id} of order ${request.order_id}`,
  };
}

export async function executeDueRefunds(
  provider: PaymentProvider,
  options: { db?: Sql; limit?: number; log?: (line: string) => void } = {},
): Promise<RefundRunResult> {
  const run = await runDueJobs(refundJobs(provider), {
    limit: options.limit ?? 20,
    leaseMs: 5 * 60_000,
    ...(options.db ? { db: options.db } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    claimed: run.claimed,
    succeeded: run.done,
    retrying: run.retrying,
    failed: run.dead,
    superseded: run.superseded,
  };
}
