// The transactional outbox. `enqueueEmail` runs inside the caller's
// transaction and only writes a row, so the email exists exactly when the
// change it reports commits. `drainOutbox` claims due rows in a short
// transaction of its own, sends each after that claim has committed, and
// records the outcome. Nothing is ever sent from inside a transaction.
//
// Crash safety: a crash before the claim commits leaves the row pending; a
// crash after it leaves the row 'sending' under a lease that runs out, after
// which any worker takes it again. A crash after the provider accepted but
// before the outcome was recorded is covered by the idempotency key, which is
// the same on every attempt.
import type postgres from 'postgres';
import { asService, type Sql, sql, type Tx, withServiceRole } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { afterFailure, composeMessage, type EmailRequest, prepareEmail, type TemplateName } from './mail.ts';
import type { MailTransport, SendResult } from './transport.ts';

/**
 * Queues an email in the caller's transaction; it is sent after that
 * transaction commits, and never if it rolls back. Enqueueing an idempotency
 * key that is already queued (a retried request) changes nothing and returns
 * the existing row with `created: false`. Throws a ZodError for bad data.
 */
export async function enqueueEmail(tx: Tx, request: EmailRequest): Promise<{ id: string; created: boolean }> {
  const email = prepareEmail(request);
  // The caller's transaction may run as anon or authenticated (a registration
  // under RLS); the outbox belongs to the service role.
  const [row] = await withServiceRole(
    tx,
    () => tx<{ id: string; created: boolean }[]>`
      select id, created from private.enqueue_email(
        ${email.idempotencyKey}, ${email.to}, ${email.lang}, ${email.template},
        ${tx.json(email.data as postgres.JSONValue)}, ${email.sensitive})`,
  );
  return row!;
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

interface ClaimedRow {
  id: string;
  idempotency_key: string;
  recipient: string;
  language: Lang;
  template: TemplateName;
  template_data: unknown;
  attempts: number;
  max_attempts: number;
  lease_token: string;
}

/** Time for one send, with room to spare; the lease covers a whole batch of them. */
const SEND_BUDGET_MS = 30_000;

export async function drainOutbox(options: DrainOptions): Promise<DrainResult> {
  const db = options.db ?? sql();
  const limit = options.limit ?? 10;
  const leaseMs = options.leaseMs ?? limit * SEND_BUDGET_MS + 60_000;
  const claimed = await asService(
    (tx) => tx<ClaimedRow[]>`
      select id, idempotency_key, recipient, language, template, template_data, attempts, max_attempts, lease_token
      from private.claim_outbox_emails(${limit}, ${Math.round(leaseMs)}::integer * interval '1 millisecond')`,
    db,
  );
  const result: DrainResult = { claimed: claimed.length, sent: 0, retrying: 0, dead: 0, superseded: 0 };
  for (const row of claimed) {
    const outcome = await deliver(row, options.transport);
    if (outcome.ok) {
      const [marked] = await asService(
        (tx) => tx<{ done: boolean }[]>`
          select private.mark_outbox_email_sent(${row.id}, ${outcome.providerMessageId}) as done`,
        db,
      );
      if (marked!.done) result.sent += 1;
      else result.superseded += 1;
      continue;
    }
    const next = afterFailure(
      { attempts: row.attempts, maxAttempts: row.max_attempts, retryable: outcome.retryable },
      options.random,
    );
    const retryIn = next.kind === 'retry' ? next.inMs : null;
    const [recorded] = await asService(
      (tx) => tx<{ status: string | null }[]>`
        select private.record_outbox_email_failure(
          ${row.id}, ${row.lease_token}, ${outcome.error},
          ${retryIn}::integer * interval '1 millisecond') as status`,
      db,
    );
    if (recorded!.status === 'pending') result.retrying += 1;
    else if (recorded!.status === 'dead') {
      result.dead += 1;
      options.log?.(
        `outbox: gave up on email ${row.id} (${row.template}) after ${row.attempts} attempt(s): ${outcome.error}`,
      );
    } else result.superseded += 1;
  }
  return result;
}

async function deliver(row: ClaimedRow, transport: MailTransport): Promise<SendResult> {
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
    return { ok: false, retryable: false, error: `cannot render ${row.template}: ${describe(error)}` };
  }
  try {
    return await transport.send(message, { idempotencyKey: row.idempotency_key });
  } catch (error) {
    return { ok: false, retryable: true, error: `${transport.name}: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/** Deletes finished messages: they hold personal data and are kept only for support. */
export async function purgeFinishedEmails(
  options: { sentDays?: number; deadDays?: number; db?: Sql } = {},
): Promise<number> {
  const [row] = await asService(
    (tx) => tx<{ purged: number }[]>`
      select private.purge_finished_outbox_emails(
        ${options.sentDays ?? 30}::integer * interval '1 day', ${options.deadDays ?? 90}::integer * interval '1 day') as purged`,
    options.db ?? sql(),
  );
  return row!.purged;
}
