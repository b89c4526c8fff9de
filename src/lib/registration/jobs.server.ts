// The registration's background work, run by every server process every few
// seconds (scripts/serve.ts starts it; several servers may run it at once, the
// SQL takes its rows with `skip locked`):
//   - pending payments whose 30-minute hold ran out release their seats;
//   - waitlist offers nobody took pass to the next person;
//   - new waitlist offers are emailed;
//   - paid orders get their confirmation emails (with QR codes) queued;
//   - recorded refunds are executed with Stripe, with retries;
//   - the webhook's deduplication log forgets events older than 30 days
//     (Stripe retries an event for three days at most).
import { type Env, readEnv } from '../config.ts';
import { asService, type Sql, sql } from '../db/db.server.ts';
import type { PaymentProvider } from '../payments/payments.ts';
import { paymentProvider } from '../payments/stripe.server.ts';
import { queueDueConfirmations } from './confirmations.server.ts';
import { type RepeatingJob, repeatEvery, STOPPED } from '../jobs/repeat.server.ts';
import { executeDueRefunds, type RefundRunResult } from './refunds.server.ts';
import { queueWaitlistOffers } from './waitlist.server.ts';
import { jobOrigin } from '../site/origin.ts';

const CONFIRMATION_BATCH = 50;

export interface RegistrationJobRun {
  releasedHolds: number;
  expiredOffers: number;
  offerEmails: number;
  confirmations: number;
  refunds: RefundRunResult | null;
  forgottenWebhookEvents: number;
}

export async function runRegistrationJobs(options: {
  origin: string;
  provider: PaymentProvider | null;
  db?: Sql;
  log?: (line: string) => void;
}): Promise<RegistrationJobRun> {
  const db = options.db ?? sql();
  const freed = await asService(async (tx) => {
    const [row] = await tx<{ released: number; expired: number }[]>`
      select private.release_expired_holds() as released, private.expire_waitlist_offers() as expired`;
    const offerEmails = await queueWaitlistOffers(tx, options.origin);
    const forgotten = await tx`
      delete from private.stripe_webhook_events
      where id in (select id from private.stripe_webhook_events
                   where received_at < now() - interval '30 days' limit 1000)`;
    return { releasedHolds: row!.released, expiredOffers: row!.expired, offerEmails, forgotten: forgotten.count };
  }, db);
  // A full batch may have left more behind (a rush another instance took in): carry on until one is not full.
  let confirmations = 0;
  for (;;) {
    const batch = await queueDueConfirmations({ origin: options.origin, db, limit: CONFIRMATION_BATCH });
    confirmations += batch;
    if (batch < CONFIRMATION_BATCH) break;
  }
  const refunds = options.provider
    ? await executeDueRefunds(options.provider, { db, ...(options.log ? { log: options.log } : {}) })
    : null;
  return {
    releasedHolds: freed.releasedHolds,
    expiredOffers: freed.expiredOffers,
    offerEmails: freed.offerEmails,
    confirmations,
    refunds,
    forgottenWebhookEvents: freed.forgotten,
  };
}

export type RegistrationJobs = RepeatingJob;

export function startRegistrationJobs(
  options: { intervalMs?: number; env?: Env; db?: Sql; log?: (line: string) => void } = {},
): RegistrationJobs {
  const log = options.log ?? (() => {});
  const origin = jobOrigin(options.env ?? readEnv(), 'registration jobs', log);
  if (!origin) return STOPPED;
  return repeatEvery({
    name: 'registration jobs',
    firstAfterMs: 1_000,
    intervalMs: options.intervalMs ?? 10_000,
    log,
    run: () =>
      runRegistrationJobs({
        origin,
        provider: paymentProvider(),
        ...(options.db ? { db: options.db } : {}),
        log,
      }),
  });
}
