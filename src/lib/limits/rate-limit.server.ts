// Rate limits kept in Postgres, so every server instance counts the same hits.
import type postgres from 'postgres';
import { asService, type Sql, sql, type Tx } from '../db/db.server.ts';
import type { RateRule } from '../auth/auth.ts';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; bucket: string };

type RateRow = { allowed: boolean; retry_after_seconds: number; denied_bucket: string | null };

/** The one statement that checks every rule and records the hit only when all pass. */
export function rateLimitsStatement(tx: Sql | Tx, rules: readonly RateRule[]): postgres.PendingQuery<RateRow[]> {
  return tx<RateRow[]>`
    select allowed, retry_after_seconds, denied_bucket
    from private.take_rate_limits(
      ${rules.map((rule) => rule.bucket)}::text[],
      ${rules.map((rule) => rule.limit)}::int[],
      ${rules.map((rule) => rule.windowSeconds)}::int[]
    )`;
}

export function rateDecision(rows: readonly RateRow[]): RateDecision {
  const [row] = rows;
  if (!row) throw new Error('take_rate_limits returned no row');
  return row.allowed
    ? { allowed: true }
    : { allowed: false, retryAfterSeconds: row.retry_after_seconds, bucket: row.denied_bucket ?? '' };
}

/**
 * Deletes the hits older than the longest window (a day): the retention job's, so a quiet
 * server keeps no log either. The rows hold keyed hashes of the buckets' names, never an
 * address or IP in clear (20261204150100_rate_limit_keyed_buckets.sql).
 */
export async function purgeOldRateLimitHits(db: Sql = sql()): Promise<number> {
  const [row] = await asService((tx) => tx<{ purged: number }[]>`select private.purge_rate_limit_hits() as purged`, db);
  return row?.purged ?? 0;
}

/** Checks every rule and records the hit only when all pass, in one atomic call. */
export async function takeRateLimits(tx: Tx, rules: readonly RateRule[]): Promise<RateDecision> {
  return rateDecision(await rateLimitsStatement(tx, rules));
}
