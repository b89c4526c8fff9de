// The transactional outbox: an email is a job in the one Postgres queue
// (queue 'email', src/lib/jobs/queue.server.ts) whose message lives in
// private.outbox_emails. `enqueueEmail` runs inside the caller's transaction
// and only writes rows, so the email exists exactly when the change it
// reports commits. `drainOutbox` is one round of the queue's runner for email:
// claim, send after the claim has committed, record. Nothing is ever sent from
// inside a transaction, and the idempotency key is the same on every attempt,
// so a send repeated after a crash is answered with the first delivery.
import type postgres from 'postgres';
import { asService, type Sql, sql, type Tx, withServiceRole } from '../db/db.server.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { purgeFinishedJobs, runDueJobs, type JobKind, type JobOutcome } from '../jobs/queue.server.ts';
import type { ClaimedJob } from '../jobs/queue.ts';
import { describeError } from '../jobs/queue.ts';
import type { Lang } from '../i18n/locales.ts';
import { composeMessage, type EmailRequest, prepareEmail, retryDelayMs, type TemplateName } from './mail.ts';
import type { MailTransport } from './transport.ts';

export const EMAIL_QUEUE = 'email';

/**
 * Queues an email in the caller's transaction; it is sent after that
 * transaction commits, and never if it rolls back. Enqueueing an idempotency
 * key that is already queued (a retried request) changes nothing and returns
 * the existing row with `created: false`. `runAt` sends it later (a thank-you
 * the morning after); `batchId` groups a broadcast for its progress read.
 * Throws a ZodError for bad data.
 */
export async function enqueueEmail(
  tx: Tx,
  request: EmailRequest,
  schedule: { runAt?: Date; batchId?: string } = {},
): Promise<{ id: string; created: boolean }> {
  const email = prepareEmail(request);
  // The caller's transaction may run as anon or authenticated (a registration
  // under RLS); the outbox belongs to the service role.
  const [row] = await withServiceRole(
    tx,
    () => tx<{ id: string; created: boolean }[]>`
      select id, created from private.enqueue_email(
        ${email.idempotencyKey}, ${email.to}, ${email.lang}, ${email.template},
        ${tx.json(email.data as postgres.JSONValue)}, ${email.sensitive},
        ${schedule.runAt ?? null}::timestamptz, ${schedule.batchId ?? null}::uuid)`,
  );
  return row!;
}

/**
 * Queues several emails in the caller's transaction in one statement, as
 * `enqueueEmail` does each (the same function per row, so the same
 * idempotency): a batch of order confirmations costs one round trip and one
 * statement instead of one per email. Results in input order.
 */
export async function enqueueEmails(
  tx: Tx,
  requests: readonly EmailRequest[],
): Promise<{ id: string; created: boolean }[]> {
  if (requests.length === 0) return [];
  const rows = requests.map((request) => {
    const email = prepareEmail(request);
    return {
      key: email.idempotencyKey,
      recipient: email.to,
      lang: email.lang,
      template: email.template,
      data: email.data,
      sensitive: email.sensitive,
    };
  });
  return withServiceRole(
    tx,
    () => tx<{ id: string; created: boolean }[]>`
      select q.id, q.created
        from jsonb_array_elements(${tx.json(rows as unknown as postgres.JSONValue)}) with ordinality as r(email, n)
        cross join lateral private.enqueue_email(
          r.email->>'key', r.email->>'recipient', r.email->>'lang', r.email->>'template', r.email->'data',
          (r.email->>'sensitive')::boolean) q
       order by r.n`,
  );
}

export interface DrainOptions {
  transport: MailTransport;
  /** Messages claimed (and then sent one after another) per round. */
  limit?: number;
  /** How long a claim lasts before another worker may take the message over. */
  leaseMs?: number;
  db?: Sql;
  random?: () => number;
  log?: (line: string) => void;
  /** At most this many sends a second across every server (the provider's rate limit); unpaced when absent. */
  sendsPerSecond?: number;
}

export interface DrainResult {
  claimed: number;
  sent: number;
  /** Failed this time; scheduled again with backoff. */
  retrying: number;
  /** Failed for good: a permanent error or no attempts left. */
  dead: number;
  /** Another worker had taken the message over, or it was already finished. */
  superseded: number;
}

interface ClaimedEmail extends ClaimedJob {
  idempotency_key: string;
  recipient: string;
  language: Lang;
  template: TemplateName;
  template_data: unknown;
}

/** Time for one send, with room to spare; the lease covers a whole batch of them. */
const SEND_BUDGET_MS = 30_000;

/**
 * Waits for a send slot under a rate shared by every server instance: a
 * Postgres rate limit (one-second sliding window), so a broadcast to
 * thousands goes out at the provider's rate however many instances drain it,
 * rather than meeting its 429s and backing off.
 */
export function sendPacer(perSecond: number, db: Sql): () => Promise<void> {
  const rule = [{ bucket: 'email-send', limit: perSecond, windowSeconds: 1 }];
  const pause = Math.max(50, Math.floor(1000 / perSecond));
  return async () => {
    for (;;) {
      const decision = await asService((tx) => takeRateLimits(tx, rule), db);
      if (decision.allowed) return;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
}

/** Email as a kind of job: claimed with its message, sent through `transport` (after `pace`, when given). */
export function emailJobs(transport: MailTransport, pace?: () => Promise<void>): JobKind<ClaimedEmail> {
  return {
    queue: EMAIL_QUEUE,
    claim: (tx, limit, leaseMs) => tx<ClaimedEmail[]>`
      select id, idempotency_key, recipient, language, template, template_data, attempts, max_attempts, lease_token
      from private.claim_outbox_emails(${limit}, ${Math.round(leaseMs)}::integer * interval '1 millisecond')`,
    perform: async (row) => {
      await pace?.();
      return deliver(row, transport);
    },
    retryDelayMs: retryDelayMs,
    describe: (row) => `email ${row.id} (${row.template})`,
  };
}

export async function drainOutbox(options: DrainOptions): Promise<DrainResult> {
  const limit = options.limit ?? 10;
  const pace = options.sendsPerSecond ? sendPacer(options.sendsPerSecond, options.db ?? sql()) : undefined;
  const result = await runDueJobs(emailJobs(options.transport, pace), {
    limit,
    leaseMs: options.leaseMs ?? limit * SEND_BUDGET_MS + 60_000,
    ...(options.db ? { db: options.db } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { done, ...rest } = result;
  return { ...rest, sent: done };
}

async function deliver(row: ClaimedEmail, transport: MailTransport): Promise<JobOutcome> {
  let message;
  try {
    message = composeMessage({
      to: row.recipient,
      lang: row.language,
      template: row.template,
      data: row.template_data,
    });
  } catch (error) {
    // The stored data no longer fits its template: no retry will fix that.
    return { ok: false, retryable: false, error: `cannot render ${row.template}: ${describeError(error)}` };
  }
  let sent;
  try {
    sent = await transport.send(message, { idempotencyKey: row.idempotency_key });
  } catch (error) {
    return { ok: false, retryable: true, error: `${transport.name}: ${describeError(error)}` };
  }
  if (!sent.ok) return sent;
  return {
    ok: true,
    complete: async (tx) => {
      const [marked] = await tx<{ done: boolean }[]>`
        select private.mark_outbox_email_sent(${row.id}, ${sent.providerMessageId}) as done`;
      return marked!.done;
    },
  };
}

/** Deletes finished messages: they hold personal data and are kept only for support. */
export async function purgeFinishedEmails(
  options: { sentDays?: number; deadDays?: number; db?: Sql } = {},
): Promise<number> {
  return purgeFinishedJobs(EMAIL_QUEUE, {
    doneDays: options.sentDays ?? 30,
    deadDays: options.deadDays ?? 90,
    ...(options.db ? { db: options.db } : {}),
  });
}
