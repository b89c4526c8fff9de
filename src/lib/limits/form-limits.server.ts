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

/** The rules a post of `form` counts against (for a caller that takes them in a write of its own, as the booking batch does). */
export function formLimitRules(form: LimitedForm, context: PostContext, userId?: string): RateRule[] {
  return formLimitRulesFrom(
    form,
    { forwardedFor: context.request.headers.get('x-forwarded-for'), socketAddress: socketAddress(context) },
    userId,
  );
}

/** formLimitRules from the request's X-Forwarded-For and the address Astro would give as clientAddress. */
export function formLimitRulesFrom(
  form: LimitedForm,
  client: { forwardedFor: string | null; socketAddress: string | undefined },
  userId?: string,
): RateRule[] {
  const env = settings();
  const ip = clientIp(client.forwardedFor, client.socketAddress, env.TRUSTED_PROXY_HOPS);
  return formRateRules(form, { ip, userId }, env);
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
