// The booking's background work, run by every server process every few
// seconds (scripts/serve.ts and scripts/dev.ts start it; several servers may
// run it at once, the SQL takes its rows with `skip locked`): seat offers
// nobody claimed in time pass to the next in line, whose emails are queued;
// seat emails a transaction left behind are queued.
import { type Env, readEnv } from '../config.ts';
import { asService, type Sql, sql } from '../db/db.server.ts';
import { publicOrigin } from '../registration/links.ts';
import { passOnExpiredOffers, queueSeatNotices } from './booking.server.ts';

export interface BookingJobs {
  stop(): Promise<void>;
}

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
  const env = options.env ?? readEnv();
  const log = options.log ?? (() => {});
  const origin = publicOrigin({ siteUrl: env.SITE_URL, port: env.PORT, production: env.NODE_ENV === 'production' });
  if (!origin) {
    log('booking jobs are off: set SITE_URL, which links in emails are built from');
    return { stop: async () => {} };
  }
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = runBookingJobs({ origin, ...(options.db ? { db: options.db } : {}) })
      .catch((error: unknown) => log(`booking jobs failed, retrying: ${String(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 15_000).unref();
      });
  };
  let timer = setTimeout(tick, 1_500).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
