// Contact exchange actions: ask (a scanned QR or a typed code), answer a
// request, remove a contact, a note, the card, a new code. Each needs a
// signed-in caller (401 otherwise); input is checked first (400 with field
// messages); a refusal is data (`{ ok: false, code }`) that the page words
// through CONTACT_REFUSALS (contacts.ts). All work without JavaScript.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import {
  answerContactRequest,
  removeContact,
  replaceContactCode,
  requestContact,
  saveContactNote,
  saveMyCard,
} from '../lib/contacts/contacts.server.ts';
import {
  answerInput,
  cardForm,
  codeFromScan,
  connectionInput,
  eventInput,
  noteInput,
  requestInput,
} from '../lib/contacts/contacts.ts';
import { refused } from '../lib/site/refusal.ts';

export const contacts = {
  request: defineAction({
    accept: 'form',
    input: requestInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      return requestContact(claims, input.event, codeFromScan(input.code));
    },
  }),

  answer: defineAction({
    accept: 'form',
    input: answerInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      return answerContactRequest(claims, input.connection, input.answer === 'accept');
    },
  }),

  remove: defineAction({
    accept: 'form',
    input: connectionInput,
    handler: async (input, context) => removeContact(requireSignedIn(context), input.connection),
  }),

  note: defineAction({
    accept: 'form',
    input: noteInput,
    handler: async (input, context) => saveContactNote(requireSignedIn(context), input.connection, input.body),
  }),

  card: defineAction({
    accept: 'form',
    input: cardForm,
    handler: async (input, context) => {
      await saveMyCard(requireSignedIn(context), input);
      return { ok: true } as const;
    },
  }),

  replaceCode: defineAction({
    accept: 'form',
    input: eventInput,
    handler: async (input, context) => {
      const code = await replaceContactCode(requireSignedIn(context), input.event);
      return code ? ({ ok: true } as const) : refused('not_found');
    },
  }),
};
