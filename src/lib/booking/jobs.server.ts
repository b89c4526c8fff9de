// The booking's background work, run by every server process every few
// seconds (scripts/serve.ts and scripts/dev.ts start it; several servers may
// run it at once, the SQL takes its rows with `skip locked`): seat offers
// nobody claimed in time pass to the next in line, whose emails are queued;
// seat emails a transaction left behind are queued.
import { type Env, readEnv } from '../config.ts';
import { asService, type Sql, sql } from '../db/db.server.ts';
import { type RepeatingJob, repeatEvery, STOPPED } from '../jobs/repeat.server.ts';
import { passOnExpiredOffers, queueSeatNotices } from './booking.server.ts';
import { jobOrigin } from '../site/origin.ts';

export type BookingJobs = RepeatingJob;

/** One round: lapsed offers pass on; any seat email still due is queued. */
export async function runBookingJobs(options: {
  origin: string;
  db?: Sql;
}): Promise<{ lapsed: number; notices: number }> {
  const db = options.db ?? sql();
  const lapsed = await passOnExpiredOffers({ origin: options.origin, db });
  const notices = await asService((tx) => queueSeatNotices(tx, options.origin), db);
  return { lapsed, notices };
}

export function startBookingJobs(
  options: { intervalMs?: number; env?: Env; db?: Sql; log?: (line: string) => void } = {},
): BookingJobs {
  const log = options.log ?? (() => {});
  const origin = jobOrigin(options.env ?? readEnv(), 'booking jobs', log);
  if (!origin) return STOPPED;
  return repeatEvery({
    name: 'booking jobs',
    firstAfterMs: 1_500,
    intervalMs: options.intervalMs ?? 15_000,
    log,
    run: () => runBookingJobs({ origin, ...(options.db ? { db: options.db } : {}) }),
  });
}
