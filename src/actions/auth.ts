// Sign-in actions. Forms post here without JavaScript. A step the auth
// service refuses comes back as data — `{ ok: false, code, retryAfterSeconds? }` —
// which the page puts into words and answers with its status (400, 429, 503)
// through AUTH_REFUSALS (auth.ts); invalid input is Astro's input error (400).
import { defineAction } from 'astro:actions';
import {
  AuthUnavailableError,
  linkParamsFrom,
  requestSignInInput,
  verifyCodeInput,
  verifyLinkInput,
} from '../lib/auth/auth.ts';
import { requestSignIn, signOut, verifyCode, verifyLink } from '../lib/auth/auth.server.ts';
import { type Refused, refused } from '../lib/site/refusal.ts';

/** The auth service cannot be reached or is not set up: a refusal (503), not a crash. */
async function orUnavailable<T>(work: Promise<T>): Promise<T | Refused<'unavailable'>> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof AuthUnavailableError)) throw error;
    console.error(`samspil: ${error.message}`);
    return refused('unavailable');
  }
}

export const auth = {
  requestSignIn: defineAction({
    accept: 'form',
    input: requestSignInInput,
    handler: async (input, context) => {
      const result = await orUnavailable(requestSignIn(context, input));
      if ('code' in result) return result;
      if (!result.ok) {
        return refused(result.reason, { retryAfterSeconds: result.retryAfterSeconds, scope: result.scope });
      }
      return { ok: true, email: input.email, next: input.next } as const;
    },
  }),

  verifyCode: defineAction({
    accept: 'form',
    input: verifyCodeInput,
    handler: async (input, context) => {
      const result = await orUnavailable(verifyCode(context, input));
      if ('code' in result) return result;
      if (!result.ok) return refused(result.reason);
      return { ok: true, next: input.next } as const;
    },
  }),

  verifyLink: defineAction({
    accept: 'form',
    input: verifyLinkInput,
    handler: async (input, context) => {
      const params = linkParamsFrom({ token: input.token, code: input.code, tokenHash: input.token_hash });
      const result = await orUnavailable(verifyLink(context, params));
      if ('code' in result) return result;
      if (!result.ok) return refused(result.reason);
      return { ok: true, next: input.next } as const;
    },
  }),

  signOut: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      await signOut(context);
      return { signedOut: true };
    },
  }),
};
