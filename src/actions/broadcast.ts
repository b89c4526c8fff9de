// Email to attendees: save a draft, delete it, send a test to oneself, send
// it, retry the failed, set the reminder the day before — and, without
// signing in, the unsubscribe link's "yes, unsubscribe me". Each checks its
// input (400 with field messages), the console's need a signed-in organiser
// (401; the database checks the event), and the answers are data, refusals
// worded through BROADCAST_REFUSALS.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import {
  deleteDraft,
  retryFailed,
  saveDraft,
  sendBroadcast,
  sendTest,
  unsubscribe,
} from '../lib/broadcast/broadcast.server.ts';
import {
  broadcastActionInput,
  composeInput,
  deleteDraftInput,
  reminderInput,
  unsubscribeInput,
} from '../lib/broadcast/broadcast.ts';
import { saveReminderSetting } from '../lib/broadcast/reminder.server.ts';
import { requestOrigin } from '../lib/site/origin.ts';

export const broadcast = {
  saveDraft: defineAction({
    accept: 'form',
    input: composeInput,
    handler: async (input, context) => saveDraft(requireSignedIn(context), input),
  }),

  deleteDraft: defineAction({
    accept: 'form',
    input: deleteDraftInput,
    handler: async (input, context) =>
      deleteDraft(requireSignedIn(context), input.event, input.broadcast, input.version),
  }),

  sendTest: defineAction({
    accept: 'form',
    input: broadcastActionInput,
    handler: async (input, context) => sendTest(requireSignedIn(context), input.event, input.broadcast),
  }),

  send: defineAction({
    accept: 'form',
    input: broadcastActionInput,
    handler: async (input, context) =>
      sendBroadcast(requireSignedIn(context), input.event, input.broadcast, requestOrigin(context.url)),
  }),

  retryFailed: defineAction({
    accept: 'form',
    input: broadcastActionInput,
    handler: async (input, context) =>
      retryFailed(requireSignedIn(context), input.event, input.broadcast, requestOrigin(context.url)),
  }),

  saveReminder: defineAction({
    accept: 'form',
    input: reminderInput,
    handler: async (input, context) => saveReminderSetting(requireSignedIn(context), input),
  }),

  unsubscribe: defineAction({
    accept: 'form',
    input: unsubscribeInput,
    handler: async (input, context) => unsubscribe(context.locals.claims, input.token, true, context.locals.lang),
  }),
};
