// The server's background jobs in a process of their own (scripts/serve-jobs.ts),
// forked by scripts/serve.ts in either mode (one process, or HTTP workers).
//
// Why apart: a rush's requests and the work it causes (a confirmation email per
// registration, its QR codes, its delivery) would share one event loop, and on
// saturated cores every millisecond of that work comes out of the rush. In a
// process of its own, at a lower CPU priority (JOBS_NICE, default 10), the work
// gets what the requests leave and catches up in the gaps (#16,
// docs/ARCHITECTURE.md "Background work in its own process").
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Kick } from '../src/lib/jobs/kicks.ts';

export interface Job {
  stop(): Promise<void>;
}

/**
 * The background loops every instance runs. Loading them (mail templates, QR
 * codes, PDFs) is most of the jobs process's start.
 */
export async function loadJobs(): Promise<(log: (line: string) => void) => Job[]> {
  const [mail, registration, booking, checkIn, storage, retention, afterDay, reminder, invoiceReminders] =
    await Promise.all([
      import('../src/lib/mail/worker.server.ts'),
      import('../src/lib/registration/jobs.server.ts'),
      import('../src/lib/booking/jobs.server.ts'),
      import('../src/lib/checkin/jobs.server.ts'),
      import('../src/lib/storage/jobs.server.ts'),
      import('../src/lib/privacy/retention.server.ts'),
      import('../src/lib/after-day/thank-you.server.ts'),
      import('../src/lib/broadcast/reminder.server.ts'),
      import('../src/lib/invoice/reminders.server.ts'),
    ]);
  return (log) => [
    // Sends what requests wrote to the outbox, after their commits; every instance runs one.
    mail.startOutboxWorker({ log }),
    // Releases expired seat holds, passes waitlist offers on, queues order confirmations, executes refunds.
    registration.startRegistrationJobs({ log }),
    booking.startBookingJobs({ log }),
    checkIn.startCheckInJobs({ log }),
    // Deletes stored files whose rows are gone (materials removed, events deleted).
    storage.startStorageJobs({ log }),
    // Anonymises attendees of events whose retention period has run out.
    retention.startRetentionJob({ log }),
    // The thank-you email the morning after an event.
    afterDay.startAfterDayJobs({ log }),
    reminder.startReminderJobs({ log }),
    // Reminders for overdue invoices, once a day through the job queue.
    invoiceReminders.startInvoiceReminderJobs({ log }),
  ];
}

export interface JobsProcess {
  /** Hands a kick to the jobs (dropped while the process is being replaced: the jobs poll). */
  send(kick: Kick): void;
  /** The process now running the jobs. */
  pid(): number | undefined;
  /** Stops the jobs (a round in progress finishes) and waits for the process to exit. */
  stop(): Promise<void>;
}

/** How long a stopping jobs process may take before it is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * Forks the jobs process, and replaces it when it dies. Its environment is
 * this process's (DATABASE_URL set by the start); it lowers its own priority.
 */
export function startJobsProcess(options: { log: (line: string) => void }): JobsProcess {
  let child: ChildProcess | undefined;
  let stopping = false;
  const start = () => {
    const started = fork(fileURLToPath(new URL('./serve-jobs.ts', import.meta.url)), [], {
      execArgv: process.execArgv,
      stdio: 'inherit',
    });
    child = started;
    started.on('exit', (code, signal) => {
      if (stopping) return;
      options.log(`the jobs process exited (${signal ?? code}); starting another`);
      // A jobs process that cannot start (a broken build) is retried, not spun on.
      setTimeout(() => !stopping && start(), 1_000).unref();
    });
    // An IPC error (the process gone mid-send) is its exit's business.
    started.on('error', () => {});
  };
  start();
  return {
    send(kick) {
      if (child?.connected) child.send(kick, () => {});
    },
    pid: () => child?.pid,
    async stop() {
      stopping = true;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => current.kill('SIGKILL'), STOP_GRACE_MS);
        current.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        current.kill('SIGTERM');
      });
    },
  };
}
