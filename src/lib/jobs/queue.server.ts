// Runs jobs of the one Postgres queue (private.jobs). A kind of job says how to
// claim its due jobs (with its own columns), how to perform one, and how long
// to wait before a retry; `runDueJobs` does the rest the same way for every
// kind: claim in a short transaction of its own, perform each job after that
// claim has committed (never inside a transaction), and record the outcome.
//
// Crash safety: a crash before the claim commits leaves the job pending; a
// crash after it leaves it running under a lease that runs out, after which any
// worker takes it again. A crash after the work was done but before it was
// recorded repeats the work under the same idempotency key, which the
// provider (Resend, Stripe) answers with the first result.
import type postgres from 'postgres';
import { asService, type Sql, sql, type Tx, withServiceRole } from '../db/db.server.ts';
import { afterFailure, type ClaimedJob, describeError, type JobRunResult, type PayloadJob } from './queue.ts';

/**
 * What running a job answered. `complete` records a result (a provider's id)
 * in the transaction that marks the job done and says whether the job was
 * still open; without it the job is marked done with private.complete_job.
 */
export type JobOutcome =
  { ok: true; complete?: (tx: Tx) => Promise<boolean> } | { ok: false; error: string; retryable: boolean };

export interface JobKind<J extends ClaimedJob> {
  /** The queue's name in private.jobs ('email', 'refund'). */
  queue: string;
  /** Claims up to `limit` due jobs for `leaseMs`; defaults to private.claim_jobs. */
  claim?: (tx: Tx, limit: number, leaseMs: number) => Promise<J[]>;
  perform(job: J): Promise<JobOutcome>;
  /** How long to wait after failed attempt `attempts` (1-based). */
  retryDelayMs(attempts: number, random: () => number): number;
  /** Names a job in the log line when it is given up. */
  describe?(job: J): string;
}

export interface RunOptions {
  db?: Sql;
  /** Jobs claimed (and then performed one after another) per round. */
  limit?: number;
  /** How long a claim lasts before another worker may take the job over. */
  leaseMs?: number;
  random?: () => number;
  log?: (line: string) => void;
}

/** The claim of a kind that keeps its data in the job's payload. */
export function claimPayloadJobs(queue: string) {
  return (tx: Tx, limit: number, leaseMs: number) =>
    tx<PayloadJob[]>`
      select id, queue, idempotency_key, payload, batch_id, attempts, max_attempts, lease_token
      from private.claim_jobs(${queue}, ${limit}, ${Math.round(leaseMs)}::integer * interval '1 millisecond')`;
}

/** One round: claims due jobs of one kind and performs each once. */
export async function runDueJobs<J extends ClaimedJob>(
  kind: JobKind<J>,
  options: RunOptions = {},
): Promise<JobRunResult> {
  const db = options.db ?? sql();
  const limit = options.limit ?? 10;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const claim = kind.claim ?? (claimPayloadJobs(kind.queue) as unknown as NonNullable<JobKind<J>['claim']>);
  const claimed = await asService((tx) => claim(tx, limit, leaseMs), db);
  const result: JobRunResult = { claimed: claimed.length, done: 0, retrying: 0, dead: 0, superseded: 0 };
  for (const job of claimed) {
    let outcome: JobOutcome;
    try {
      outcome = await kind.perform(job);
    } catch (error) {
      // An unexpected throw is treated as passing trouble; the attempts bound it.
      outcome = { ok: false, error: describeError(error), retryable: true };
    }
    if (outcome.ok) {
      const complete = outcome.complete;
      const marked = await asService(async (tx) => {
        if (complete) return complete(tx);
        const [row] = await tx<{ done: boolean }[]>`select private.complete_job(${job.id}) as done`;
        return row!.done;
      }, db);
      if (marked) result.done += 1;
      else result.superseded += 1;
      continue;
    }
    const next = afterFailure(
      { attempts: job.attempts, maxAttempts: job.max_attempts, retryable: outcome.retryable },
      (attempts) => kind.retryDelayMs(attempts, options.random ?? Math.random),
    );
    const retryIn = next.kind === 'retry' ? next.inMs : null;
    const [recorded] = await asService(
      (tx) => tx<{ status: string | null }[]>`
        select private.fail_job(${job.id}, ${job.lease_token}, ${outcome.error},
          ${retryIn}::integer * interval '1 millisecond') as status`,
      db,
    );
    if (recorded!.status === 'pending') result.retrying += 1;
    else if (recorded!.status === 'dead') {
      result.dead += 1;
      options.log?.(
        `${kind.queue}: gave up on ${kind.describe?.(job) ?? `job ${job.id}`} after ${job.attempts} attempt(s): ${outcome.error}`,
      );
    } else result.superseded += 1;
  }
  return result;
}

export interface EnqueueJob {
  queue: string;
  idempotencyKey: string;
  payload?: Record<string, unknown>;
  /** Not before this time (scheduled work); now when absent. */
  runAt?: Date;
  maxAttempts?: number;
  /** Groups jobs for `jobBatchProgress`. */
  batchId?: string;
  /** Claimed before due jobs of a higher number in the same queue: 0 first; 1 when absent. */
  priority?: number;
}

/**
 * Enqueues a job in the caller's transaction: it exists exactly when that
 * transaction commits. The same queue and key again (a retried request) is
 * the same job, returned with `created: false`.
 */
export async function enqueueJob(tx: Tx, job: EnqueueJob): Promise<{ id: string; created: boolean }> {
  // The caller may run as anon or authenticated; the queue belongs to the service role.
  const [row] = await withServiceRole(
    tx,
    () => tx<{ id: string; created: boolean }[]>`
      select id, created from private.enqueue_job(
        ${job.queue}, ${job.idempotencyKey}, ${tx.json((job.payload ?? {}) as postgres.JSONValue)},
        ${job.runAt ?? null}::timestamptz, ${job.maxAttempts ?? 8}, ${job.batchId ?? null}::uuid,
        ${job.priority ?? 1}::smallint)`,
  );
  return row!;
}

export interface BatchProgress {
  total: number;
  pending: number;
  running: number;
  done: number;
  dead: number;
}

/** How many of a batch's jobs are finished: one indexed count. */
export async function jobBatchProgress(batchId: string, db: Sql = sql()): Promise<BatchProgress> {
  const [row] = await asService((tx) => tx<BatchProgress[]>`select * from private.job_batch_progress(${batchId})`, db);
  return row!;
}

/** Deletes a queue's finished jobs once nobody needs them (with their kind's rows). */
export async function purgeFinishedJobs(
  queue: string,
  options: { doneDays: number; deadDays: number; db?: Sql },
): Promise<number> {
  const [row] = await asService(
    (tx) => tx<{ purged: number }[]>`
      select private.purge_finished_jobs(${queue},
        ${options.doneDays}::integer * interval '1 day', ${options.deadDays}::integer * interval '1 day') as purged`,
    options.db ?? sql(),
  );
  return row!.purged;
}
