// Schedule grid actions: move or resize a session, cancel one, discard
// prepared changes, publish them. Forms post here without JavaScript (the
// grid's island posts the same move form). Postgres checks the organiser role
// again in each (private.change_session, private.publish_schedule, …); a
// refusal is data worded by SCHEDULE_REFUSALS, bad input Astro's 400.
import { defineAction } from 'astro:actions';
import { cancelSessionForm, discardDraftForm, moveSessionForm, publishScheduleForm } from '../lib/schedule/schedule.ts';
import { cancelSession, discardDrafts, moveSession, publishSchedule } from '../lib/schedule/schedule.server.ts';
import { requestOrigin } from '../lib/site/origin.ts';
import { requireSignedIn } from './boundary.ts';

export const schedule = {
  move: defineAction({
    accept: 'form',
    input: moveSessionForm,
    handler: (input, context) => moveSession(requireSignedIn(context), input, context.locals.lang),
  }),

  cancel: defineAction({
    accept: 'form',
    input: cancelSessionForm,
    handler: (input, context) => cancelSession(requireSignedIn(context), input, context.locals.lang),
  }),

  discard: defineAction({
    accept: 'form',
    input: discardDraftForm,
    handler: (input, context) => discardDrafts(requireSignedIn(context), input, context.locals.lang),
  }),

  publish: defineAction({
    accept: 'form',
    input: publishScheduleForm,
    handler: (input, context) =>
      publishSchedule(requireSignedIn(context), input.event, context.locals.lang, {
        origin: requestOrigin(context.url),
      }),
  }),
};
