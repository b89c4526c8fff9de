// Takes one post of a limited form from the shared counts in Postgres, in a
// short transaction of its own before the use case (one write, one round
// trip): the use case's own transaction never waits on a busy address's counter.
import { clientIp } from '../auth/auth.ts';
import { type Env, readEnv } from '../config.ts';
import { asServiceInOneTrip } from '../db/db.server.ts';
import { formRateRules, type LimitedForm } from './form-limits.ts';
import type { RateRule } from '../auth/auth.ts';
import { rateDecision, rateLimitsStatement } from './rate-limit.server.ts';

let env: Env | undefined;
const settings = () => (env ??= readEnv());

export type FormLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface PostContext {
  request: Request;
  clientAddress: string;
}

function socketAddress(context: PostContext): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    return undefined;
  }
}

export async function takeFormLimit(
  form: LimitedForm,
  context: PostContext,
  userId?: string,
): Promise<FormLimitDecision> {
  const env = settings();
  const ip = clientIp(context.request.headers.get('x-forwarded-for'), socketAddress(context), env.TRUSTED_PROXY_HOPS);
  const rules = formRateRules(form, { ip, userId }, env);
  const decision = rateDecision(await asServiceInOneTrip((tx) => rateLimitsStatement(tx, rules)));
  return decision.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
}

/**
 * takeFormLimit for a caller whose session the middleware has not yet
 * confirmed live (readClaimsUnconfirmed): the liveness check rides in the
 * same one-write transaction as the limit, so the request makes one round
 * trip here instead of two. A session that is no longer live (signed out,
 * user deleted) answers `live: false`; its hit is counted, as any post is.
 */
export async function takeFormLimitConfirmingSession(
  form: LimitedForm,
  context: PostContext,
  session: { sessionId: string; userId: string },
): Promise<{ live: boolean; decision: FormLimitDecision }> {
  const env = settings();
  const ip = clientIp(context.request.headers.get('x-forwarded-for'), socketAddress(context), env.TRUSTED_PROXY_HOPS);
  const rules: RateRule[] = formRateRules(form, { ip, userId: session.userId }, env);
  const [row] = await asServiceInOneTrip(
    (tx) => tx<{ live: boolean; allowed: boolean; retry_after_seconds: number; denied_bucket: string | null }[]>`
      select private.auth_session_is_live(${session.sessionId}, ${session.userId}, null::interval) as live,
             r.allowed, r.retry_after_seconds, r.denied_bucket
        from private.take_rate_limits(
          ${rules.map((rule) => rule.bucket)}::text[],
          ${rules.map((rule) => rule.limit)}::int[],
          ${rules.map((rule) => rule.windowSeconds)}::int[]
        ) r`,
  );
  const decision = rateDecision(row ? [row] : []);
  return {
    live: row?.live === true,
    decision: decision.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds },
  };
}
