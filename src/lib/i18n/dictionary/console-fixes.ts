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
};
