// The jobs process of a server (forked by scripts/jobs-process.ts): every
// background loop of scripts/jobs-process.ts's loadJobs, at a lower CPU
// priority than the requests (JOBS_NICE), and the kicks the HTTP processes
// hand over after their commits (src/lib/jobs/kicks.ts). Its environment
// (DATABASE_URL, …) is the server's, set up before the fork.
import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { readEnv } from '../src/lib/config.ts';
import { closePool, setPoolApplicationName, sql } from '../src/lib/db/db.server.ts';
import { isKick, type Kick } from '../src/lib/jobs/kicks.ts';
import { loadJobs } from './jobs-process.ts';

const log = (line: string) => console.log(`samspil: ${line}`);
const env = readEnv();

// Kicks that arrive while the jobs load wait for them (the first rounds run at once anyway).
const early: Kick[] = [];
let handle = (kick: Kick) => void early.push(kick);
process.on('message', (message: unknown) => {
  if (isKick(message)) handle(message);
});

// Its connections name themselves, so Postgres (pg_stat_activity) tells them from the requests'.
const APPLICATION_NAME = 'samspil-jobs';
setPoolApplicationName(APPLICATION_NAME);

let lowered = false;
if (env.JOBS_NICE > 0) {
  try {
    setPriority(Math.min(19, getPriority() + env.JOBS_NICE));
    lowered = true;
  } catch (error) {
    log(`jobs run at the requests' priority (could not lower it: ${(error as Error).message})`);
  }
}

/**
 * With the database on this machine (the embedded default), the jobs' own
 * Postgres processes get the same lower priority: their share of a
 * confirmation (the email rows, their delivery) is half its cost. Checked
 * every second, as the pool opens connections; a connection Postgres ends
 * takes its process with it. Not through a pooler (its server connections
 * serve requests too), and a database elsewhere runs on its own cores.
 */
function databaseOnThisMachine(): boolean {
  if (env.DATABASE_POOLER || !env.DATABASE_URL) return false;
  return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(env.DATABASE_URL).hostname);
}

/** Whether a process of this machine is a Postgres server process (so never anything else by chance). */
function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres:');
  } catch {
    return false;
  }
}

const BACKEND_CHECK_MS = 1_000;
function lowerBackendPriority(): () => void {
  const done = new Set<number>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async () => {
    try {
      const rows = await sql()<{ pid: number }[]>`
        select pid from pg_stat_activity where application_name = ${APPLICATION_NAME}`;
      const seen = new Set(rows.map((row) => row.pid));
      for (const pid of seen) {
        if (done.has(pid)) continue;
        done.add(pid);
        if (!isPostgresProcess(pid)) continue;
        try {
          setPriority(pid, Math.min(19, getPriority(pid) + env.JOBS_NICE));
        } catch {
          // Not ours to change (another user's Postgres): it keeps its priority.
        }
      }
      for (const pid of done) if (!seen.has(pid)) done.delete(pid);
    } catch {
      // The database is away for a moment; the next check tries again.
    }
    if (!stopped) timer = setTimeout(() => void check(), BACKEND_CHECK_MS).unref();
  };
  void check();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

const [start, { confirmationsIdle, kickConfirmations }, { kickOutboxWorker }] = await Promise.all([
  loadJobs(),
  import('../src/lib/registration/confirmations.server.ts'),
  import('../src/lib/mail/worker.server.ts'),
]);
const jobs = start(log);
const stopLowering = lowered && databaseOnThisMachine() ? lowerBackendPriority() : () => {};
handle = (kick) => {
  if (kick.job === 'confirmations') kickConfirmations(kick.origin);
  else kickOutboxWorker();
};
for (const kick of early.splice(0)) handle(kick);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  stopLowering();
  for (const job of jobs) await job.stop().catch(() => {});
  // A kicked run in progress finishes (its orders' emails are written in its transaction either way).
  await confirmationsIdle().catch(() => {});
  await closePool().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
// The server went away without stopping this process (killed): stop with it.
process.on('disconnect', () => void shutdown());
