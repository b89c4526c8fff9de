// Reminders for overdue invoices, run through the job queue (private.jobs):
// every server enqueues the day's job 'invoice-reminders/<date>' (the same
// key twice is one job), due at 09:00 in Copenhagen, and runs the queue's due
// jobs of that kind; the queue gives the job to one of them. The job queues
// every reminder that is due (private.queue_due_invoice_reminders), each step
// of each invoice at most once — Postgres holds that, so a job that runs twice
// after a crash, or an organiser's "send reminders now" meanwhile, sends
// nothing twice.
import { z } from 'zod';
import { type Env, readEnv } from '../config.ts';
import { asService, type Sql, sql } from '../db/db.server.ts';
import { fromWallClock } from '../i18n/wall-clock.ts';
import { backoffMs, type JobRunResult, type PayloadJob } from '../jobs/queue.ts';
import { type JobKind, runDueJobs } from '../jobs/queue.server.ts';
import { type RepeatingJob, repeatEvery, STOPPED } from '../jobs/repeat.server.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { jobOrigin } from '../site/origin.ts';
import { copenhagenToday } from './console.server.ts';

export const INVOICE_REMINDER_QUEUE = 'invoice-reminders';
/** When the day's reminders go out, in Copenhagen: office hours, not midnight. */
const SEND_AT = '09:00';

const payload = z.object({ origin: z.string().regex(/^https?:\/\/[^/\s]+$/) });

/** Enqueues the job of `now`'s day in Copenhagen (a no-op when it exists). */
export async function enqueueDailyReminderJob(options: { origin: string; now?: Date; db?: Sql }): Promise<void> {
  const day = copenhagenToday(options.now);
  const runAt = fromWallClock(`${day}T${SEND_AT}`, 'Europe/Copenhagen');
  await asService(
    (tx) => tx`
      select * from private.enqueue_job(${INVOICE_REMINDER_QUEUE}, ${`invoice-reminders/${day}`},
                                        ${tx.json({ origin: options.origin })}, ${runAt}, 5)`,
    options.db ?? sql(),
  );
}

export function invoiceReminderKind(options: { now?: () => Date; db?: Sql } = {}): JobKind<PayloadJob> {
  return {
    queue: INVOICE_REMINDER_QUEUE,
    async perform(job) {
      const parsed = payload.safeParse(job.payload);
      if (!parsed.success) return { ok: false, error: 'not an invoice reminder job', retryable: false };
      const now = options.now?.() ?? new Date();
      const [row] = await asService(
        (tx) => tx<{ sent: number }[]>`
          select private.queue_due_invoice_reminders(null, ${now}, ${parsed.data.origin}) as sent`,
        options.db ?? sql(),
      );
      if (row!.sent > 0) kickOutboxWorker();
      return { ok: true };
    },
    retryDelayMs: (attempts, random) => backoffMs(attempts, { baseMs: 60_000, capMs: 60 * 60_000 }, random),
    describe: (job) => `invoice reminders ${job.idempotency_key}`,
  };
}

/** One round: today's job enqueued, then whatever is due of the queue run. */
export async function runInvoiceReminderJobs(options: {
  origin: string;
  now?: () => Date;
  db?: Sql;
  log?: (line: string) => void;
}): Promise<JobRunResult> {
  const now = options.now?.() ?? new Date();
  await enqueueDailyReminderJob({ origin: options.origin, now, ...(options.db ? { db: options.db } : {}) });
  return runDueJobs(
    invoiceReminderKind({ ...(options.now ? { now: options.now } : {}), ...(options.db ? { db: options.db } : {}) }),
    {
      limit: 5,
      ...(options.db ? { db: options.db } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
  );
}

export function startInvoiceReminderJobs(
  options: { intervalMs?: number; env?: Env; log?: (line: string) => void } = {},
): RepeatingJob {
  const log = options.log ?? (() => {});
  const origin = jobOrigin(options.env ?? readEnv(), 'invoice reminders', log);
  if (!origin) return STOPPED;
  return repeatEvery({
    name: 'invoice reminders',
    firstAfterMs: 7_000,
    intervalMs: options.intervalMs ?? 10 * 60_000,
    log,
    run: async () => {
      const result = await runInvoiceReminderJobs({ origin, log });
      if (result.done > 0) log(`invoice reminders: ${result.done} run(s) done`);
    },
  });
}
