// Registration actions. The forms post here without JavaScript; invalid input
// is an input error (400) with a message key per field. A registration the
// database refuses comes back as data — `{ ok: false, code, attendee? }` —
// which the page puts into words and answers with a 4xx through
// REGISTER_REFUSALS / WAITLIST_REFUSALS (registration.ts). Nothing is written
// in either case.
import { defineAction } from 'astro:actions';
import { joinWaitlist, registerAttendees } from '../lib/registration/registration.server.ts';
import { joinWaitlistInput, registrationForm } from '../lib/registration/registration.ts';
import { NoPublicOriginError } from '../lib/site/origin.ts';
import { enforceFormLimit } from './form-limits.ts';
import { type Refused, refused } from '../lib/site/refusal.ts';

/** The site's public address is not set up, so no email link can be made: a refusal (503), not a crash. */
async function orUnavailable<T>(work: Promise<T>): Promise<T | Refused<'unavailable'>> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof NoPublicOriginError)) throw error;
    console.error(`samspil: ${error.message}`);
    return refused('unavailable');
  }
}

export const registration = {
  register: defineAction({
    accept: 'form',
    input: registrationForm,
    handler: async (input, context) => {
      await enforceFormLimit('registration', context);
      const { claims, lang } = context.locals;
      const outcome = await orUnavailable(registerAttendees({ claims, lang, url: context.url }, input));
      if ('ok' in outcome) return outcome;
      switch (outcome.kind) {
        // Neither the reference nor the count: both would tell whether an
        // attendee already had a ticket (that attendee is emailed instead).
        case 'registered':
          // Paid by invoice: the thanks page says "awaiting payment" (the event's terms, not this order's).
          return { ok: true, kind: 'registered', byInvoice: outcome.byInvoice === true } as const;
        case 'checkout':
          return { ok: true, kind: 'checkout', url: outcome.url } as const;
        case 'waitlisted':
          return { ok: true, kind: 'waitlisted' } as const;
        case 'payment_failed':
          return refused('payment_failed');
        case 'unanswered':
          return refused('answer_required', { attendee: outcome.attendee, question: outcome.question });
        case 'rejected':
          return outcome.attendee === undefined
            ? refused(outcome.code)
            : refused(outcome.code, { attendee: outcome.attendee });
      }
    },
  }),

  joinWaitlist: defineAction({
    accept: 'form',
    input: joinWaitlistInput,
    handler: async (input, context) => {
      await enforceFormLimit('waitlist', context);
      const { claims, lang } = context.locals;
      const outcome = await orUnavailable(joinWaitlist({ claims, lang, url: context.url }, input));
      if ('ok' in outcome) return outcome;
      if (outcome.kind === 'waitlisted') return { ok: true, kind: 'waitlisted' } as const;
      return refused(outcome.code);
    },
  }),
};
