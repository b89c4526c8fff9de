// Check-in's background work, run by every server process (scripts/serve.ts
// and scripts/dev.ts start it): the no-show release. Several servers may run
// it at once; the SQL takes each session with `skip locked` and marks it
// released, so every booking is released once.
import { type Env, readEnv } from '../config.ts';
import type { Sql } from '../db/db.server.ts';
import { publicOrigin } from '../registration/links.ts';
import { releaseNoShows } from './no-show.server.ts';

export interface CheckInJobs {
  stop(): Promise<void>;
}

export function startCheckInJobs(
  options: { intervalMs?: number; env?: Env; db?: Sql; log?: (line: string) => void } = {},
): CheckInJobs {
  const env = options.env ?? readEnv();
  const log = options.log ?? (() => {});
  const origin = publicOrigin({ siteUrl: env.SITE_URL, port: env.PORT, production: env.NODE_ENV === 'production' });
  if (!origin) {
    log('check-in jobs are off: set SITE_URL, which links in emails are built from');
    return { stop: async () => {} };
  }
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = releaseNoShows({ origin, ...(options.db ? { db: options.db } : {}) })
      .then(({ released }) => {
        if (released > 0) log(`released ${released} no-show seat(s) to waitlists`);
      })
      .catch((error: unknown) => log(`check-in jobs failed, retrying: ${String(error)}`))
      .finally(() => {
        // A minute's granularity is what the setting promises.
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 30_000).unref();
      });
  };
  let timer = setTimeout(tick, 2_000).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
