// The rate limit at the action boundary: a post over its allowance is refused
// before the use case runs, with 429 and the wait in the message
// ("rate_limited:42"), which the form's page puts into words.
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { encodeRateLimited, type LimitedForm } from '../lib/limits/form-limits.ts';
import { takeFormLimit } from '../lib/limits/form-limits.server.ts';

export async function enforceFormLimit(form: LimitedForm, context: ActionAPIContext): Promise<void> {
  const claims = context.locals.claims;
  const decision = await takeFormLimit(form, context, claims.role === 'authenticated' ? claims.sub : undefined);
  if (!decision.allowed) {
    throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: encodeRateLimited(decision.retryAfterSeconds) });
  }
}
