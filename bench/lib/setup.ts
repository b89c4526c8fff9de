// What every benchmark prints before its figures, so a figure can be read:
// the machine (cores, load average — several people may share it), how many
// clients run at once, the pool each side uses, and whether Postgres flushes
// its commits to disk (fsync). `BENCH_FSYNC=on` runs a bench's throwaway
// Postgres with fsync on, as production's commits are not free.
import os from 'node:os';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';

/** Whether this run's throwaway Postgres flushes commits (`BENCH_FSYNC=on`). */
export const BENCH_FSYNC = process.env.BENCH_FSYNC === 'on';

/** The load average now, for a line printed beside figures measured at that moment. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/**
 * Prints the run's setup; `db` is the Postgres measured (a pool or its URL; its
 * settings are read, not assumed), null for a bench without one.
 */
export async function printSetup(
  db: Sql | string | null,
  setup: { concurrency: number | string; pool: number | string; note?: string },
): Promise<void> {
  let postgres = 'no Postgres';
  if (typeof db === 'string') {
    const once = connect(db, { max: 1 });
    try {
      return await printSetup(once, setup);
    } finally {
      await once.end();
    }
  }
  if (db) {
    const [row] = await db<{ fsync: string; synchronous_commit: string; version: string }[]>`
      select current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit,
             current_setting('server_version') as version`;
    postgres = `Postgres ${row!.version} fsync=${row!.fsync} synchronous_commit=${row!.synchronous_commit}`;
  }
  console.log(
    `setup: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${loadAverage()}, ` +
      `concurrency ${setup.concurrency}, pool ${setup.pool}, ${postgres}, Node ${process.version}` +
      (setup.note ? `; ${setup.note}` : ''),
  );
}
