// Sign-in actions. Forms post here without JavaScript; a failure is an
// ActionError whose message is a machine code the page puts into words, and
// whose status (400, 429, 503) the page responds with.
import { ActionError, defineAction } from 'astro:actions';
import {
  AuthUnavailableError,
  encodeAuthError,
  linkParamsFrom,
  requestSignInInput,
  verifyCodeInput,
  verifyLinkInput,
} from '../lib/auth/auth.ts';
import { requestSignIn, signOut, verifyCode, verifyLink } from '../lib/auth/auth.server.ts';

function unavailable(error: unknown): never {
  if (error instanceof AuthUnavailableError) {
    console.error(`samspil: ${error.message}`);
    throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: encodeAuthError('unavailable') });
  }
  throw error;
}

export const auth = {
  requestSignIn: defineAction({
    accept: 'form',
    input: requestSignInInput,
    handler: async (input, context) => {
      const result = await requestSignIn(context, input).catch(unavailable);
      if (!result.ok) {
        throw new ActionError({
          code: 'TOO_MANY_REQUESTS',
          message: encodeAuthError('rate_limited', result.retryAfterSeconds),
        });
      }
      return { email: input.email, next: input.next };
    },
  }),

  verifyCode: defineAction({
    accept: 'form',
    input: verifyCodeInput,
    handler: async (input, context) => {
      const result = await verifyCode(context, input).catch(unavailable);
      if (!result.ok) throw new ActionError({ code: 'BAD_REQUEST', message: encodeAuthError(result.reason) });
      return { next: input.next };
    },
  }),

  verifyLink: defineAction({
    accept: 'form',
    input: verifyLinkInput,
    handler: async (input, context) => {
      const params = linkParamsFrom({ token: input.token, code: input.code, tokenHash: input.token_hash });
      const result = await verifyLink(context, params).catch(unavailable);
      if (!result.ok) throw new ActionError({ code: 'BAD_REQUEST', message: encodeAuthError(result.reason) });
      return { next: input.next };
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
