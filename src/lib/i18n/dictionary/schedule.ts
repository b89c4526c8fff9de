// Part of the one dictionary (src/lib/i18n/messages.ts): the organisers'
// schedule grid (rooms × time), moving, resizing and cancelling a session,
// and publishing prepared changes; and "cancelled" on the public pages.
// Danish first.
import type { Message } from '../message-format.ts';

export const scheduleDa = {
  'console.tool.schedule': 'Skema',
  'console.tool.scheduleText':
    'Dagen som lokaler × tid. Flyt, forlæng eller aflys sessioner, og udgiv ændringerne samlet, så deltagerne får besked.',

  'schedule.title': 'Skema',
  'schedule.intro':
    'Dagen som lokaler × tid. Vælg en session for at flytte, forlænge, forkorte eller aflyse den, eller åbn den i programredigeringen.',
  'schedule.introDraft':
    'Arrangementet er en kladde: ændringer træder i kraft med det samme, og ingen får besked, før det er udgivet.',
  'schedule.introPublished':
    'Arrangementet er udgivet: ændringer forberedes først og vises kun her. Når du udgiver dem samlet, træder de i kraft, og hver berørt deltager får én e-mail med alt, der er ændret for dem.',
  'schedule.day': 'Skema for {date}',
  'schedule.time': 'Tid',
  'schedule.gridRegion': 'Tabel over lokaler og tider, {date}',
  'schedule.noRooms': 'Arrangementet har ingen lokaler endnu. Opret dem i programredigeringen.',
  'schedule.empty': 'Der er ingen sessioner endnu.',
  'schedule.move': 'Flyt eller aflys',
  'schedule.moveNamed': 'Flyt eller aflys: {title}',
  'schedule.edit': 'Redigér',
  'schedule.editNamed': 'Redigér session: {title}',
  'schedule.prepared': 'Forberedt, ikke udgivet',
  'schedule.cancelledBadge': 'Aflyst',
  'schedule.toBeCancelled': 'Aflyses ved udgivelse',
  'schedule.seats': {
    one: '{taken} af {count} plads taget',
    other: '{taken} af {count} pladser taget',
  },
  'schedule.list.heading': 'Alle sessioner i tidsorden',
  'schedule.list.intro': 'Den samme dag som liste.',
  'schedule.list.noRoom': 'Intet lokale',
  'schedule.unplaced.heading': 'Sessioner uden lokale',
  'schedule.cancelled.heading': 'Aflyste sessioner',
  'schedule.when': '{date}, {start}–{end}',
  'schedule.whereWhen': '{time} · {room}',

  'schedule.pending.heading': 'Forberedte ændringer',
  'schedule.pending.count': {
    one: '{count} ændring venter på at blive udgivet.',
    other: '{count} ændringer venter på at blive udgivet.',
  },
  'schedule.pending.none': 'Ingen forberedte ændringer.',
  'schedule.pending.was': 'Før: {time}',
  'schedule.publish': 'Udgiv og giv deltagerne besked',
  'schedule.discardAll': 'Kassér alle forberedte ændringer',

  'schedule.done.applied': 'Ændringen er gemt.',
  'schedule.done.staged': 'Ændringen er forberedt. Den træder i kraft, når du udgiver ændringerne.',
  'schedule.done.unchanged': 'Intet er ændret: sessionen ligger allerede sådan.',
  'schedule.done.discarded': 'De forberedte ændringer er kasseret.',
  'schedule.done.cancelled': 'Sessionen er aflyst.',
  'schedule.done.published': {
    one: 'Ændringen er udgivet, og de berørte deltagere får besked på e-mail.',
    other: '{count} ændringer er udgivet, og de berørte deltagere får besked på e-mail.',
  },

  'schedule.session.title': 'Flyt eller aflys: {title}',
  'schedule.session.now': 'Nu',
  'schedule.session.preparedNow': 'Forberedt (ikke udgivet)',
  'schedule.session.bookings': 'Bookinger',
  'schedule.session.back': 'Tilbage til skemaet',
  'schedule.move.heading': 'Flyt eller ændr længden',
  'schedule.move.hint': 'Tiderne er lokal tid ({zone}).',
  'schedule.field.dateLabel': 'Dato',
  'schedule.field.startLabel': 'Starttid',
  'schedule.field.endLabel': 'Sluttid',
  'schedule.field.roomLabel': 'Lokale',
  'schedule.field.noRoom': 'Intet lokale',
  'schedule.field.date': 'Skriv en dato som åååå-mm-dd.',
  'schedule.field.start': 'Skriv starttiden som tt:mm, fx 10:30.',
  'schedule.field.end': 'Skriv sluttiden som tt:mm, fx 11:15.',
  'schedule.field.room': 'Vælg et lokale fra listen.',
  'schedule.move.submitPrepare': 'Forbered ændringen',
  'schedule.move.submitApply': 'Gem ændringen',
  'schedule.discardOne': 'Kassér den forberedte ændring',
  'schedule.cancel.heading': 'Aflys sessionen',
  'schedule.cancel.intro':
    'Alle bookinger og pladser på venteliste annulleres, og ingen kan booke sessionen igen. Det kan ikke fortrydes.',
  'schedule.cancel.confirm': 'Ja, aflys sessionen',
  'schedule.cancel.confirmRequired': 'Sæt flueben for at bekræfte, at sessionen skal aflyses.',
  'schedule.cancel.submit': 'Aflys sessionen',
  'schedule.cancel.alreadyCancelled': 'Sessionen er aflyst.',
  'schedule.errorTitle': 'Ændringen blev ikke gemt',
  'schedule.badForm': 'Formularen kunne ikke læses. Genindlæs siden, og prøv igen.',

  'schedule.refused.notFound': 'Sessionen eller lokalet findes ikke i dette arrangement.',
  'schedule.refused.alreadyCancelled': 'Sessionen er aflyst og kan ikke ændres.',
  'schedule.refused.endBeforeStart': 'Sluttiden skal ligge efter starttiden.',
  'schedule.refused.nothingToPublish': 'Der er ingen forberedte ændringer at udgive.',
  'schedule.refused.roomTaken':
    'Lokalet er optaget på det tidspunkt af »{other}«. Vælg et andet lokale eller tidspunkt.',
  'schedule.refused.roomTakenPublish':
    'Ændringerne kan ikke udgives: to sessioner ville være i samme lokale på samme tid. Ret de forberedte ændringer.',
  'schedule.refused.stalePrepared':
    '»{other}« er ændret af en anden, efter ændringen blev forberedt. Intet er udgivet. Se sessionen igen, og forbered ændringen på ny.',

  'schedule.island.help':
    'Træk en session til et andet lokale eller tidspunkt. Med tastaturet: vælg en session, flyt den med piletasterne (op/ned: et kvarter, venstre/højre: lokale), ændr længden med Skift+op/ned, gem med Enter, fortryd med Escape.',
  'schedule.island.moving': '{title}: {time} i {room}. Enter gemmer, Escape fortryder.',
  'schedule.island.saving': 'Gemmer …',
  'schedule.island.label': 'Flyt sessioner med træk eller tastatur, {date}',

  'programme.cancelled': 'Aflyst',
  'programme.cancelledSession': 'Denne session er aflyst.',
  'myProgramme.sessionCancelled': 'Sessionen er aflyst, og din booking er annulleret.',
} as const satisfies Record<string, Message>;

export type ScheduleMessageKey = keyof typeof scheduleDa;

export const scheduleEn: { readonly [K in ScheduleMessageKey]: Message } = {
  'console.tool.schedule': 'Schedule',
  'console.tool.scheduleText':
    'The day as rooms × time. Move, lengthen or cancel sessions, and publish the changes together so attendees are told.',

  'schedule.title': 'Schedule',
  'schedule.intro':
    'The day as rooms × time. Choose a session to move, lengthen, shorten or cancel it, or open it in the programme editor.',
  'schedule.introDraft': 'The event is a draft: changes take effect at once, and nobody is told until it is published.',
  'schedule.introPublished':
    'The event is published: changes are prepared first and shown only here. When you publish them together they take effect, and each affected attendee gets one email with everything that changed for them.',
  'schedule.day': 'Schedule for {date}',
  'schedule.time': 'Time',
  'schedule.gridRegion': 'Table of rooms and times, {date}',
  'schedule.noRooms': 'The event has no rooms yet. Create them in the programme editor.',
  'schedule.empty': 'There are no sessions yet.',
  'schedule.move': 'Move or cancel',
  'schedule.moveNamed': 'Move or cancel: {title}',
  'schedule.edit': 'Edit',
  'schedule.editNamed': 'Edit session: {title}',
  'schedule.prepared': 'Prepared, not published',
  'schedule.cancelledBadge': 'Cancelled',
  'schedule.toBeCancelled': 'Cancelled when published',
  'schedule.seats': {
    one: '{taken} of {count} seat taken',
    other: '{taken} of {count} seats taken',
  },
  'schedule.list.heading': 'All sessions in time order',
  'schedule.list.intro': 'The same day as a list.',
  'schedule.list.noRoom': 'No room',
  'schedule.unplaced.heading': 'Sessions without a room',
  'schedule.cancelled.heading': 'Cancelled sessions',
  'schedule.when': '{date}, {start}–{end}',
  'schedule.whereWhen': '{time} · {room}',

  'schedule.pending.heading': 'Prepared changes',
  'schedule.pending.count': {
    one: '{count} change is waiting to be published.',
    other: '{count} changes are waiting to be published.',
  },
  'schedule.pending.none': 'No prepared changes.',
  'schedule.pending.was': 'Before: {time}',
  'schedule.publish': 'Publish and tell attendees',
  'schedule.discardAll': 'Discard all prepared changes',

  'schedule.done.applied': 'The change is saved.',
  'schedule.done.staged': 'The change is prepared. It takes effect when you publish the changes.',
  'schedule.done.unchanged': 'Nothing changed: the session is already there.',
  'schedule.done.discarded': 'The prepared changes are discarded.',
  'schedule.done.cancelled': 'The session is cancelled.',
  'schedule.done.published': {
    one: 'The change is published, and the affected attendees are told by email.',
    other: '{count} changes are published, and the affected attendees are told by email.',
  },

  'schedule.session.title': 'Move or cancel: {title}',
  'schedule.session.now': 'Now',
  'schedule.session.preparedNow': 'Prepared (not published)',
  'schedule.session.bookings': 'Bookings',
  'schedule.session.back': 'Back to the schedule',
  'schedule.move.heading': 'Move or change the length',
  'schedule.move.hint': 'Times are local time ({zone}).',
  'schedule.field.dateLabel': 'Date',
  'schedule.field.startLabel': 'Start time',
  'schedule.field.endLabel': 'End time',
  'schedule.field.roomLabel': 'Room',
  'schedule.field.noRoom': 'No room',
  'schedule.field.date': 'Enter a date as yyyy-mm-dd.',
  'schedule.field.start': 'Enter the start time as hh:mm, e.g. 10:30.',
  'schedule.field.end': 'Enter the end time as hh:mm, e.g. 11:15.',
  'schedule.field.room': 'Choose a room from the list.',
  'schedule.move.submitPrepare': 'Prepare the change',
  'schedule.move.submitApply': 'Save the change',
  'schedule.discardOne': 'Discard the prepared change',
  'schedule.cancel.heading': 'Cancel the session',
  'schedule.cancel.intro':
    'Every booking and waitlist place is cancelled, and nobody can book the session again. This cannot be undone.',
  'schedule.cancel.confirm': 'Yes, cancel the session',
  'schedule.cancel.confirmRequired': 'Tick the box to confirm that the session is to be cancelled.',
  'schedule.cancel.submit': 'Cancel the session',
  'schedule.cancel.alreadyCancelled': 'The session is cancelled.',
  'schedule.errorTitle': 'The change was not saved',
  'schedule.badForm': 'The form could not be read. Reload the page and try again.',

  'schedule.refused.notFound': 'The session or room does not exist in this event.',
  'schedule.refused.alreadyCancelled': 'The session is cancelled and cannot be changed.',
  'schedule.refused.endBeforeStart': 'The end time must be after the start time.',
  'schedule.refused.nothingToPublish': 'There are no prepared changes to publish.',
  'schedule.refused.roomTaken': 'The room is taken at that time by “{other}”. Choose another room or time.',
  'schedule.refused.roomTakenPublish':
    'The changes cannot be published: two sessions would be in the same room at the same time. Correct the prepared changes.',
  'schedule.refused.stalePrepared':
    '“{other}” was changed by someone else after the change was prepared. Nothing is published. Look at the session again and prepare the change anew.',

  'schedule.island.help':
    'Drag a session to another room or time. With the keyboard: choose a session, move it with the arrow keys (up/down: a quarter of an hour, left/right: room), change its length with Shift+up/down, save with Enter, undo with Escape.',
  'schedule.island.moving': '{title}: {time} in {room}. Enter saves, Escape undoes.',
  'schedule.island.saving': 'Saving …',
  'schedule.island.label': 'Move sessions by drag or keyboard, {date}',

  'programme.cancelled': 'Cancelled',
  'programme.cancelledSession': 'This session is cancelled.',
  'myProgramme.sessionCancelled': 'The session is cancelled, and your booking has been cancelled.',
};
