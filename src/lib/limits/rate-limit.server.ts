// Rate limits kept in Postgres, so every server instance counts the same hits.
import type { Tx } from '../db/db.server.ts';
import type { RateRule } from '../auth/auth.ts';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; bucket: string };

/** Checks every rule and records the hit only when all pass, in one atomic call. */
export async function takeRateLimits(tx: Tx, rules: readonly RateRule[]): Promise<RateDecision> {
  const [row] = await tx<{ allowed: boolean; retry_after_seconds: number; denied_bucket: string | null }[]>`
    select allowed, retry_after_seconds, denied_bucket
    from private.take_rate_limits(
      ${rules.map((rule) => rule.bucket)}::text[],
      ${rules.map((rule) => rule.limit)}::int[],
      ${rules.map((rule) => rule.windowSeconds)}::int[]
    )`;
  if (!row) throw new Error('take_rate_limits returned no row');
  return row.allowed
    ? { allowed: true }
    : { allowed: false, retryAfterSeconds: row.retry_after_seconds, bucket: row.denied_bucket ?? '' };
}
