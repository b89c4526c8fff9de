// My page actions: correct attendee details, cancel a ticket, make a new QR
// code, delete the account. Each needs a signed-in caller (401 otherwise) and
// acts only on what RLS lets that caller see; input is checked first (400
// with field messages), and a refusal is data (`{ ok: false, code }`) that the
// page words through MY_TICKET_REFUSALS / CANCEL_REFUSALS (my-page.ts).
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { deleteAuthUser, signOut } from '../lib/auth/auth.server.ts';
import {
  cancelMyTicket,
  eraseMyAccount,
  reissueMyTicket,
  updateAttendeeDetails,
} from '../lib/registration/my-page.server.ts';
import { attendeeDetailsForm, ticketIdInput, deleteAccountInput } from '../lib/registration/my-page.ts';
import { requestOrigin } from '../lib/site/origin.ts';
import { refused } from '../lib/site/refusal.ts';

export const myPage = {
  updateDetails: defineAction({
    accept: 'form',
    input: attendeeDetailsForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const result = await updateAttendeeDetails(claims, input.ticketId, input.attendees[0]);
      if (result === 'ok') return { ok: true } as const;
      return result === 'not_found' ? refused('not_found') : refused('answer_required', { question: result.missing });
    },
  }),

  cancelTicket: defineAction({
    accept: 'form',
    input: ticketIdInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const outcome = await cancelMyTicket(claims, input.ticketId, requestOrigin(context.url));
      if (outcome.result !== 'ok') return refused(outcome.result);
      return { ok: true, refundOre: outcome.refundOre, creditedOre: outcome.creditedOre } as const;
    },
  }),

  reissueTicket: defineAction({
    accept: 'form',
    input: ticketIdInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const revision = await reissueMyTicket(claims, input.ticketId);
      return revision === null ? refused('not_found') : ({ ok: true, revision } as const);
    },
  }),

  deleteAccount: defineAction({
    accept: 'form',
    input: deleteAccountInput,
    handler: async (_input, context) => {
      const claims = requireSignedIn(context);
      const erasure = await eraseMyAccount(claims, requestOrigin(context.url));
      // Every device: where the user row could not be deleted (hosted Supabase
      // may refuse it), the sessions must still end.
      await signOut(context, { everywhere: true });
      // Hosted Supabase: the row in auth.users (the address) goes through the Auth admin API.
      if (!erasure.userDeleted) await deleteAuthUser(context, claims.sub);
      return { deleted: true, cancelledTickets: erasure.cancelledTickets };
    },
  }),
};
