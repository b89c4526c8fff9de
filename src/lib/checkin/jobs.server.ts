// Check-in's background work, run by every server process (scripts/serve.ts
// and scripts/dev.ts start it): the no-show release. Several servers may run
// it at once; the SQL takes each session with `skip locked` and marks it
// released, so every booking is released once.
import { type Env, readEnv } from '../config.ts';
import type { Sql } from '../db/db.server.ts';
import { type RepeatingJob, repeatEvery, STOPPED } from '../jobs/repeat.server.ts';
import { releaseNoShows } from './no-show.server.ts';
import { jobOrigin } from '../site/origin.ts';

export type CheckInJobs = RepeatingJob;

export function startCheckInJobs(
  options: { intervalMs?: number; env?: Env; db?: Sql; log?: (line: string) => void } = {},
): CheckInJobs {
  const log = options.log ?? (() => {});
  const origin = jobOrigin(options.env ?? readEnv(), 'check-in jobs', log);
  if (!origin) return STOPPED;
  return repeatEvery({
    name: 'check-in jobs',
    firstAfterMs: 2_000,
    // A minute's granularity is what the setting promises.
    intervalMs: options.intervalMs ?? 30_000,
    log,
    run: async () => {
      const { released } = await releaseNoShows({ origin, ...(options.db ? { db: options.db } : {}) });
      if (released > 0) log(`released ${released} no-show seat(s) to waitlists`);
    },
  });
}
