// The attendee page's actions: correct the holder, send the confirmation
// again, transfer the ticket, cancel it, note something. Input is checked
// here (400 with a key per field); a signed-in organiser is required (401),
// and the database decides the rest, answering refusals as data
// (ATTENDEE_REFUSALS).
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import {
  addNote,
  cancelTicket,
  correctHolder,
  resendConfirmation,
  transferTicket,
} from '../lib/registrations/registrations.server.ts';
import {
  cancelInput,
  correctInput,
  noteInput,
  resendInput,
  transferInput,
} from '../lib/registrations/registrations.ts';
import { requestOrigin } from '../lib/site/origin.ts';

export const registrations = {
  correct: defineAction({
    accept: 'form',
    input: correctInput,
    handler: async (input, context) => correctHolder(requireSignedIn(context), input),
  }),

  resend: defineAction({
    accept: 'form',
    input: resendInput,
    handler: async (input, context) =>
      resendConfirmation(requireSignedIn(context), input, { origin: requestOrigin(context.url) }),
  }),

  transfer: defineAction({
    accept: 'form',
    input: transferInput,
    handler: async (input, context) =>
      transferTicket(
        requireSignedIn(context),
        {
          event: input.event,
          ticket: input.ticket,
          version: input.version,
          name: input.newName,
          email: input.newEmail,
          organisation: input.newOrganisation,
        },
        { origin: requestOrigin(context.url) },
      ),
  }),

  cancel: defineAction({
    accept: 'form',
    input: cancelInput,
    handler: async (input, context) =>
      cancelTicket(
        requireSignedIn(context),
        { event: input.event, ticket: input.ticket, version: input.version, refund: input.refund === 'ja' },
        { origin: requestOrigin(context.url) },
      ),
  }),

  note: defineAction({
    accept: 'form',
    input: noteInput,
    handler: async (input, context) => addNote(requireSignedIn(context), input),
  }),
};
