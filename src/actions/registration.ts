// Registration actions. The forms post here without JavaScript; invalid input
// is an input error (400) with a message key per field, and a registration the
// database refuses is an ActionError whose message is a machine code the page
// puts into words ("sold_out", "duplicate_attendee:1" for attendee 2), with a
// 4xx status. Nothing is written in either case.
import { ActionError, defineAction } from 'astro:actions';
import type { ActionErrorCode } from 'astro:actions';
import { joinWaitlist, registerAttendees } from '../lib/registration/registration.server.ts';
import {
  encodeRegisterError,
  joinWaitlistInput,
  type RegisterRejection,
  registrationForm,
} from '../lib/registration/registration.ts';
import { NoPublicOriginError } from '../lib/site/origin.ts';
import { enforceFormLimit } from './form-limits.ts';

const STATUS: Record<RegisterRejection, ActionErrorCode> = {
  not_found: 'NOT_FOUND',
  event_started: 'CONFLICT',
  not_on_sale: 'CONFLICT',
  too_many: 'BAD_REQUEST',
  payment_unavailable: 'CONFLICT',
  duplicate_attendee: 'BAD_REQUEST',
  already_registered: 'CONFLICT',
  sold_out: 'CONFLICT',
  offer_invalid: 'GONE',
};

function unavailable(error: unknown): never {
  if (error instanceof NoPublicOriginError) {
    console.error(`samspil: ${error.message}`);
    throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: encodeRegisterError('unavailable') });
  }
  throw error;
}

export const registration = {
  register: defineAction({
    accept: 'form',
    input: registrationForm,
    handler: async (input, context) => {
      await enforceFormLimit('registration', context);
      const { claims, lang } = context.locals;
      const outcome = await registerAttendees({ claims, lang, url: context.url }, input).catch(unavailable);
      switch (outcome.kind) {
        // Neither the reference nor the count: both would tell whether an
        // attendee already had a ticket (that attendee is emailed instead).
        case 'registered':
          return { kind: 'registered' } as const;
        case 'checkout':
          return { kind: 'checkout', url: outcome.url } as const;
        case 'waitlisted':
          return { kind: 'waitlisted' } as const;
        case 'payment_failed':
          throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: encodeRegisterError('payment_failed') });
        case 'rejected':
          throw new ActionError({
            code: STATUS[outcome.code],
            message: encodeRegisterError(outcome.code, outcome.attendee),
          });
      }
    },
  }),

  joinWaitlist: defineAction({
    accept: 'form',
    input: joinWaitlistInput,
    handler: async (input, context) => {
      await enforceFormLimit('waitlist', context);
      const { claims, lang } = context.locals;
      const outcome = await joinWaitlist({ claims, lang, url: context.url }, input).catch(unavailable);
      if (outcome.kind === 'waitlisted') return outcome;
      throw new ActionError({
        code: outcome.code === 'not_found' ? 'NOT_FOUND' : 'CONFLICT',
        message: `waitlist_${outcome.code}`,
      });
    },
  }),
};
