// The organiser's event forms: create a blank event, copy one, save its
// public fields, publish or archive it. Each posts here without JavaScript;
// bad input is Astro's input error (400, a dictionary key per field), a
// refusal is data worded by EVENT_REFUSALS. Postgres checks the roles again
// (event_creator for creating, organiser for the rest).
import { defineAction } from 'astro:actions';
import { copyEvent, createEvent, setEventStatus, updateEvent } from '../lib/events/event-editor.server.ts';
import { copyEventForm, createEventForm, editEventForm, eventStatusForm } from '../lib/events/event-editor.ts';
import { requireSignedIn } from './boundary.ts';

export const events = {
  create: defineAction({
    accept: 'form',
    input: createEventForm,
    handler: (input, context) => createEvent(requireSignedIn(context), input),
  }),

  copy: defineAction({
    accept: 'form',
    input: copyEventForm,
    handler: (input, context) => copyEvent(requireSignedIn(context), input),
  }),

  update: defineAction({
    accept: 'form',
    input: editEventForm,
    handler: (input, context) => updateEvent(requireSignedIn(context), input),
  }),

  setStatus: defineAction({
    accept: 'form',
    input: eventStatusForm,
    handler: (input, context) => setEventStatus(requireSignedIn(context), input),
  }),
};
