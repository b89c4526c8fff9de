// The outbox worker a server process runs, on the one loop of background jobs
// (src/lib/jobs/repeat.server.ts): it drains the email queue every few
// seconds, at once when Postgres notifies that an email job was committed
// (LISTEN, where the connection allows it; never through a transaction-mode
// pooler), and whenever kicked. Several servers may run one each; the claim's
// `skip locked` keeps them apart. Correctness never depends on the
// notification or the kick: polling alone sends everything.
import { type Env, readEnv } from '../config.ts';
import { type Sql, sql } from '../db/db.server.ts';
import { createDevMailboxTransport } from './dev-mailbox-transport.server.ts';
import { DEV_MAIL_FROM, mailDelivery } from './mail.ts';
import { forwardKick } from '../jobs/kicks.ts';
import { repeatEvery, RUN_AGAIN } from '../jobs/repeat.server.ts';
import { drainOutbox, EMAIL_QUEUE, purgeFinishedEmails } from './outbox.server.ts';
import { createResendTransport } from './resend-transport.server.ts';
import type { MailTransport } from './transport.ts';

/** private.enqueue_job notifies this channel with the queue's name when due work commits. */
export const JOBS_CHANNEL = 'samspil_jobs';

export interface OutboxWorker {
  /** 'resend', 'dev-mailbox', or null when email delivery is off. */
  readonly transport: string | null;
  /** Drain now (after a commit that queued email); harmless when nothing is due. */
  kick(): void;
  /** Stops polling and listening, and waits for a round in progress. */
  stop(): Promise<void>;
}

export interface OutboxWorkerOptions {
  intervalMs?: number;
  limit?: number;
  env?: Env;
  db?: Sql;
  /** Overrides the transport the configuration picks (tests). */
  transport?: MailTransport;
  /** Sends a second across all servers; MAIL_SENDS_PER_SECOND, else 2 for Resend (its default limit), else unpaced. */
  sendsPerSecond?: number;
  /** LISTEN for commits; off by default behind a transaction-mode pooler, which cannot LISTEN. */
  listen?: boolean;
  log?: (line: string) => void;
}

/** The transport this configuration uses, or null when email delivery is off. */
export function transportFor(env: Env, db?: Sql): MailTransport | null {
  switch (mailDelivery(env)) {
    case 'resend':
      return createResendTransport({ apiKey: env.RESEND_API_KEY!, from: env.MAIL_FROM! });
    case 'dev-mailbox':
      return createDevMailboxTransport({ from: env.MAIL_FROM ?? DEV_MAIL_FROM, ...(db ? { db } : {}) });
    case 'off':
      return null;
  }
}

// Pages are bundled into dist/ and load their own copy of this module, apart
// from the one scripts/serve.ts starts the worker with; a global registry lets
// a page's kick reach the worker all the same.
const REGISTRY = Symbol.for('samspil.outboxWorkers');
function registry(): Set<OutboxWorker> {
  const scope = globalThis as typeof globalThis & { [REGISTRY]?: Set<OutboxWorker> };
  scope[REGISTRY] ??= new Set();
  return scope[REGISTRY];
}

/** Asks the workers in this process to drain now, or the jobs process's (src/lib/jobs/kicks.ts). */
export function kickOutboxWorker(): void {
  const workers = registry();
  if (workers.size === 0) forwardKick({ job: 'outbox' });
  for (const worker of workers) worker.kick();
}

const PURGE_EVERY_MS = 60 * 60_000;

export function startOutboxWorker(options: OutboxWorkerOptions = {}): OutboxWorker {
  const env = options.env ?? readEnv();
  const db = options.db ?? sql();
  const log = options.log ?? (() => {});
  const limit = options.limit ?? 10;
  const intervalMs = options.intervalMs ?? 5_000;
  const transport = options.transport ?? transportFor(env, db);

  if (!transport) {
    log('email delivery is off: set RESEND_API_KEY and MAIL_FROM; queued emails wait in the outbox until then');
    return { transport: null, kick() {}, stop: async () => {} };
  }

  const sendsPerSecond =
    options.sendsPerSecond ?? env.MAIL_SENDS_PER_SECOND ?? (transport.name === 'resend' ? 2 : undefined);
  // Paced, a round claims about a second's worth of sends: a sign-in code queued while a broadcast
  // goes out is claimed first (private.claim_jobs takes priority before age) in the next round, so it
  // waits behind at most the round in progress, not behind ten sends at two a second.
  const batch = sendsPerSecond ? Math.max(1, Math.min(limit, sendsPerSecond)) : limit;
  let lastPurge = 0;
  const loop = repeatEvery({
    name: 'outbox',
    firstAfterMs: 0,
    intervalMs,
    log,
    run: async () => {
      const result = await drainOutbox({
        transport,
        limit: batch,
        db,
        log,
        ...(sendsPerSecond ? { sendsPerSecond } : {}),
      });
      if (Date.now() - lastPurge > PURGE_EVERY_MS) {
        lastPurge = Date.now();
        await purgeFinishedEmails({ db });
      }
      // A full batch: more may be due right now.
      return result.claimed === batch ? RUN_AGAIN : undefined;
    },
  });

  const worker: OutboxWorker = {
    transport: transport.name,
    kick: () => loop.kick(),
    async stop() {
      registry().delete(worker);
      const stopping = loop.stop();
      await (await listening)?.unlisten().catch(() => {});
      await stopping;
    },
  };

  const listening =
    (options.listen ?? !env.DATABASE_POOLER)
      ? db
          .listen(JOBS_CHANNEL, (queue) => {
            if (queue === EMAIL_QUEUE) worker.kick();
          })
          .catch((error: unknown) => {
            log(`outbox: not listening for new email, polling only (${(error as Error).message})`);
            return null;
          })
      : Promise.resolve(null);
  registry().add(worker);
  log(
    `outbox worker started: delivery by ${transport.name}, every ${intervalMs} ms` +
      (sendsPerSecond ? `, at most ${sendsPerSecond} a second across all servers` : ''),
  );
  return worker;
}
