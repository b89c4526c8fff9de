// Part of the one dictionary (src/lib/i18n/messages.ts): the console's
// smaller pieces — a published session's new time prepared through the
// schedule, the call's questions and review scores, event images and speaker
// photos, inviting event creators. Danish first.
import type { Message } from '../message-format.ts';

export const consoleFixesDa = {
  'programmeEditor.session.movePrepared':
    'Den nye tid eller det nye lokale er forberedt i skemaet. Deltagerne får besked, når du udgiver ændringerne.',
  'programmeEditor.session.preparedNotice':
    'Forberedt i skemaet, ikke udgivet endnu: {time}, {room}. Deltagerne får besked, når ændringerne udgives.',
  'programmeEditor.session.preparedCancel': 'Forberedt i skemaet, ikke udgivet endnu: sessionen aflyses.',
  'programmeEditor.session.preparedNoRoom': 'intet lokale',
  'programmeEditor.session.toSchedule': 'Gå til skemaet for at udgive',
  'programmeEditor.session.publishedTimeHint':
    'Begivenheden er udgivet: en ny tid eller et nyt lokale forberedes i skemaet og når deltagerne, når du udgiver.',
  'programmeEditor.error.session_cancelled': 'Sessionen er aflyst og kan ikke flyttes.',
  'images.field.altRequired': 'Skriv en kort beskrivelse af billedet til dem, der ikke kan se det.',
  'images.field.altTooLong': 'Beskrivelsen må højst være 300 tegn.',
  'images.refused.notFound': 'Vi kan ikke finde det, du vil ændre.',
  'images.refused.badForm': 'Formularen kunne ikke læses. Genindlæs siden, og prøv igen.',
  'images.event.heading': 'Billede',
  'images.event.intro': 'Billedet vises øverst på begivenhedens side.',
  'images.event.current': 'Det nuværende billede',
  'images.event.none': 'Begivenheden har intet billede endnu.',
  'images.event.file': 'Nyt billede',
  'images.event.alt': 'Beskrivelse af billedet (alt-tekst)',
  'images.event.altHint': 'Hvad viser billedet? Læses op for dem, der ikke kan se det.',
  'images.event.altEn': 'Beskrivelse på engelsk',
  'images.event.remove': 'Fjern billedet',
  'images.event.save': 'Gem billede',
  'images.event.saved': 'Billedet er gemt.',
  'images.speaker.heading': 'Foto',
  'images.speaker.current': 'Det nuværende foto af {name}',
  'images.speaker.none': 'Taleren har intet foto endnu.',
  'images.speaker.file': 'Nyt foto',
  'images.speaker.remove': 'Fjern fotoet',
  'images.speaker.save': 'Gem foto',
  'images.speaker.saved': 'Fotoet er gemt.',
  'images.speaker.alt': 'Foto af {name}',
} as const satisfies Record<string, Message>;

export type ConsoleFixesMessageKey = keyof typeof consoleFixesDa;

export const consoleFixesEn: { readonly [K in ConsoleFixesMessageKey]: Message } = {
  'programmeEditor.session.movePrepared':
    'The new time or room is prepared in the schedule. Attendees are told when you publish the changes.',
  'programmeEditor.session.preparedNotice':
    'Prepared in the schedule, not yet published: {time}, {room}. Attendees are told when the changes are published.',
  'programmeEditor.session.preparedCancel': 'Prepared in the schedule, not yet published: the session is cancelled.',
  'programmeEditor.session.preparedNoRoom': 'no room',
  'programmeEditor.session.toSchedule': 'Go to the schedule to publish',
  'programmeEditor.session.publishedTimeHint':
    'The event is published: a new time or room is prepared in the schedule and reaches attendees when you publish.',
  'programmeEditor.error.session_cancelled': 'The session is cancelled and cannot be moved.',
  'images.field.altRequired': 'Write a short description of the picture for those who cannot see it.',
  'images.field.altTooLong': 'The description may be at most 300 characters.',
  'images.refused.notFound': 'We cannot find what you want to change.',
  'images.refused.badForm': 'The form could not be read. Reload the page and try again.',
  'images.event.heading': 'Image',
  'images.event.intro': 'The image is shown at the top of the event’s page.',
  'images.event.current': 'The current image',
  'images.event.none': 'The event has no image yet.',
  'images.event.file': 'New image',
  'images.event.alt': 'Description of the image (alt text)',
  'images.event.altHint': 'What does the image show? Read aloud to those who cannot see it.',
  'images.event.altEn': 'Description in English',
  'images.event.remove': 'Remove the image',
  'images.event.save': 'Save image',
  'images.event.saved': 'The image is saved.',
  'images.speaker.heading': 'Photo',
  'images.speaker.current': 'The current photo of {name}',
  'images.speaker.none': 'The speaker has no photo yet.',
  'images.speaker.file': 'New photo',
  'images.speaker.remove': 'Remove the photo',
  'images.speaker.save': 'Save photo',
  'images.speaker.saved': 'The photo is saved.',
  'images.speaker.alt': 'Photo of {name}',
};
