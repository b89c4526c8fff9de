// The operations page's retries (/konsol/<event>/drift): one failed email,
// every failed email, one failed refund. Plain forms that work without
// JavaScript; Postgres checks the organiser role of that event in each
// (private.retry_failed_email / _emails / _refund) and records the retry in
// the audit log. A refusal is data, worded by RETRY_REFUSALS.
import { defineAction } from 'astro:actions';
import { retryAllForm, retryEmailForm, retryRefundForm } from '../lib/operations/operations.ts';
import { retryFailedEmail, retryFailedEmails, retryFailedRefund } from '../lib/operations/operations.server.ts';
import { requireSignedIn } from './boundary.ts';

export const operations = {
  retryEmail: defineAction({
    accept: 'form',
    input: retryEmailForm,
    handler: (input, context) => retryFailedEmail(requireSignedIn(context), input.event, input.email),
  }),

  retryAllEmails: defineAction({
    accept: 'form',
    input: retryAllForm,
    handler: async (input, context) => {
      const count = await retryFailedEmails(requireSignedIn(context), input.event);
      return { ok: true, count } as const;
    },
  }),

  retryRefund: defineAction({
    accept: 'form',
    input: retryRefundForm,
    handler: (input, context) => retryFailedRefund(requireSignedIn(context), input.event, input.refund),
  }),
};
