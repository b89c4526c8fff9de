// Pictures on public pages: an event's image and a speaker's photo, from the
// console. Input checked (400 per field), signed-in caller (401), then one use
// case whose refusals are data (images/images.ts). The request was bounded
// before the action ran; readUploadedFile checks the image limit first.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { saveEventImage, saveSpeakerPhoto } from '../lib/images/images.server.ts';
import { eventImageForm, speakerPhotoForm } from '../lib/images/images.ts';

export const images = {
  eventImage: defineAction({
    accept: 'form',
    input: eventImageForm,
    handler: (input, context) =>
      saveEventImage(
        requireSignedIn(context),
        { eventId: input.event, version: input.version },
        { file: input.image, alt: input.imageAlt, altEn: input.imageAltEn, remove: input.remove },
      ),
  }),

  speakerPhoto: defineAction({
    accept: 'form',
    input: speakerPhotoForm,
    handler: (input, context) =>
      saveSpeakerPhoto(
        requireSignedIn(context),
        { id: input.id, version: input.version },
        { file: input.photo, remove: input.remove },
      ),
  }),
};
