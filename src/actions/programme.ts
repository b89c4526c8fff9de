// The programme editor's actions: sessions, tracks, rooms and speakers are
// created, saved (at the version the form showed) and deleted. Each checks
// its input (400 with a dictionary key per field), needs a signed-in caller
// (401), and answers with the use case's outcome as data: `{ ok: true, … }`,
// or a refusal `{ ok: false, code, … }` that the page words through
// programmeRefusals. The database checks the organiser role again in each.
import { defineAction } from 'astro:actions';
import {
  createRoomForm,
  createSpeakerForm,
  createTrackForm,
  deleteItemForm,
  updateRoomForm,
  updateSpeakerForm,
  updateTrackForm,
} from '../lib/programme-editor/catalogue-forms.ts';
import {
  createRoom,
  createSpeaker,
  createTrack,
  deleteCatalogueItem,
  updateRoom,
  updateSpeaker,
  updateTrack,
} from '../lib/programme-editor/catalogue.server.ts';
import { createSessionForm, deleteSessionForm, updateSessionForm } from '../lib/programme-editor/session-form.ts';
import { createSession, deleteSession, updateSession } from '../lib/programme-editor/sessions.server.ts';
import { requireSignedIn } from './boundary.ts';

export const programme = {
  createSession: defineAction({
    accept: 'form',
    input: createSessionForm,
    handler: (input, context) => createSession(requireSignedIn(context), input.event, input.session),
  }),

  updateSession: defineAction({
    accept: 'form',
    input: updateSessionForm,
    handler: (input, context) => {
      const { when, ...rest } = splitWhen(input.session);
      return updateSession(
        requireSignedIn(context),
        {
          id: input.id,
          version: input.version,
          speakersVersion: input.speakersVersion,
          ...(input.draftVersion === undefined ? {} : { draftVersion: input.draftVersion }),
        },
        { ...rest, when },
      );
    },
  }),

  deleteSession: defineAction({
    accept: 'form',
    input: deleteSessionForm,
    handler: (input, context) => deleteSession(requireSignedIn(context), input),
  }),

  createTrack: defineAction({
    accept: 'form',
    input: createTrackForm,
    handler: (input, context) => createTrack(requireSignedIn(context), input.event, input.item),
  }),

  updateTrack: defineAction({
    accept: 'form',
    input: updateTrackForm,
    handler: (input, context) => updateTrack(requireSignedIn(context), input, input.item),
  }),

  deleteTrack: defineAction({
    accept: 'form',
    input: deleteItemForm,
    handler: (input, context) => deleteCatalogueItem(requireSignedIn(context), 'tracks', input),
  }),

  createRoom: defineAction({
    accept: 'form',
    input: createRoomForm,
    handler: (input, context) => createRoom(requireSignedIn(context), input.event, input.item),
  }),

  updateRoom: defineAction({
    accept: 'form',
    input: updateRoomForm,
    handler: (input, context) => updateRoom(requireSignedIn(context), input, input.item),
  }),

  deleteRoom: defineAction({
    accept: 'form',
    input: deleteItemForm,
    handler: (input, context) => deleteCatalogueItem(requireSignedIn(context), 'rooms', input),
  }),

  createSpeaker: defineAction({
    accept: 'form',
    input: createSpeakerForm,
    handler: (input, context) => createSpeaker(requireSignedIn(context), input.event, input.item),
  }),

  updateSpeaker: defineAction({
    accept: 'form',
    input: updateSpeakerForm,
    handler: (input, context) => updateSpeaker(requireSignedIn(context), input, input.item),
  }),

  deleteSpeaker: defineAction({
    accept: 'form',
    input: deleteItemForm,
    handler: (input, context) => deleteCatalogueItem(requireSignedIn(context), 'speakers', input),
  }),
};

/** A whole form's session as changes: its date and times travel together. */
function splitWhen<T extends { date: string; startTime: string; endTime: string }>(session: T) {
  const { date, startTime, endTime, ...rest } = session;
  return { ...rest, when: { date, startTime, endTime } };
}
