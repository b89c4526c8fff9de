// The job queue's pure rules: what a claimed job looks like, what running it
// may answer, and the retry schedule. The SQL (private.jobs and its functions)
// holds the state; src/lib/jobs/queue.server.ts runs jobs against it.

/** What every kind's claim returns beside its own columns. */
export interface ClaimedJob {
  id: string;
  attempts: number;
  max_attempts: number;
  lease_token: string;
}

/** A claimed job of a kind that keeps its data in the job's payload. */
export interface PayloadJob extends ClaimedJob {
  queue: string;
  idempotency_key: string;
  payload: Record<string, unknown>;
  batch_id: string | null;
}

export interface JobRunResult {
  claimed: number;
  done: number;
  /** Failed this time; scheduled again with backoff. */
  retrying: number;
  /** Failed for good: a permanent error or no attempts left. */
  dead: number;
  /** Another worker had taken the job over, or it was already finished. */
  superseded: number;
}

/**
 * Exponential backoff with jitter: after failed attempt `attempt` (1-based),
 * wait between half and all of base·2^(attempt−1), capped. The jitter keeps
 * workers on several servers from retrying in step after an outage.
 */
export function backoffMs(
  attempt: number,
  schedule: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type FailureOutcome = { kind: 'retry'; inMs: number } | { kind: 'dead' };

/** After a failed attempt: retry a passing error while attempts remain, otherwise give up. */
export function afterFailure(
  failure: { attempts: number; maxAttempts: number; retryable: boolean },
  delayMs: (attempts: number) => number,
): FailureOutcome {
  if (!failure.retryable || failure.attempts >= failure.maxAttempts) return { kind: 'dead' };
  return { kind: 'retry', inMs: delayMs(failure.attempts) };
}

/** Keeps an error message within what private.jobs stores. */
export function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}
