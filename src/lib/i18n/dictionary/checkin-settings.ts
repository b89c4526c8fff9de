// Part of the one dictionary (src/lib/i18n/messages.ts): the organiser's
// check-in settings (the no-show release), Danish first.
import type { Message } from '../message-format.ts';

export const checkinSettingsDa = {
  'checkinSettings.title': 'Indstillinger for indtjekning',
  'checkinSettings.event': 'Arrangement: {event}',
  'checkinSettings.noShow.heading': 'Frigiv pladser fra deltagere, der udebliver',
  'checkinSettings.noShow.intro':
    'I sessioner og gallerirunder med tilmelding kan pladserne fra deltagere, der ikke er scannet ind ved døren, gå videre til ventelisten et antal minutter efter, at sessionen er begyndt.',
  'checkinSettings.noShow.onlyScanned':
    'Det sker kun i sessioner, hvor jeres personale scanner deltagere ind ved døren (mindst én scanning). Sessioner, hvor ingen scanner, bliver ikke rørt.',
  'checkinSettings.noShow.waitlist':
    'De frigivne pladser går til ventelisten i rækkefølge, som når nogen afmelder sig, og de nye deltagere får besked på e-mail. Den, der udeblev, får også besked på e-mail og kan se på Min side, at pladsen er frigivet. Hver session frigives kun én gang, så dem, der får pladserne, beholder dem.',
  'checkinSettings.current.off': 'Lige nu er frigivelse slået fra.',
  'checkinSettings.current.on': {
    one: 'Lige nu frigives pladserne {count} minut efter sessionens start.',
    other: 'Lige nu frigives pladserne {count} minutter efter sessionens start.',
  },
  'checkinSettings.minutes.label': 'Minutter efter sessionens start',
  'checkinSettings.minutes.hint': 'Et helt tal fra 1 til 120. Lad feltet stå tomt for at slå frigivelse fra.',
  'checkinSettings.minutes.invalid': 'Skriv et helt antal minutter fra 1 til 120, eller lad feltet stå tomt.',
  'checkinSettings.badForm': 'Formularen kunne ikke læses. Prøv igen.',
  'checkinSettings.errorTitle': 'Der er et problem',
  'checkinSettings.save': 'Gem indstilling',
  'checkinSettings.saved': 'Indstillingen er gemt.',
} as const satisfies Record<string, Message>;

export type CheckinSettingsMessageKey = keyof typeof checkinSettingsDa;

export const checkinSettingsEn: { readonly [K in CheckinSettingsMessageKey]: Message } = {
  'checkinSettings.title': 'Check-in settings',
  'checkinSettings.event': 'Event: {event}',
  'checkinSettings.noShow.heading': 'Release the seats of no-shows',
  'checkinSettings.noShow.intro':
    'In sessions and gallery rounds that need booking, the seats of attendees who have not been scanned in at the door can pass to the waitlist a number of minutes after the session has started.',
  'checkinSettings.noShow.onlyScanned':
    'This only happens in sessions where your staff scan attendees in at the door (at least one scan). Sessions where nobody scans are left alone.',
  'checkinSettings.noShow.waitlist':
    'The released seats go to the waitlist in order, as when someone cancels, and the new attendees are told by email. Whoever did not turn up is told by email too and can see on My page that the seat was released. Each session is released only once, so those who get the seats keep them.',
  'checkinSettings.current.off': 'Release is currently off.',
  'checkinSettings.current.on': {
    one: 'Seats are currently released {count} minute after a session starts.',
    other: 'Seats are currently released {count} minutes after a session starts.',
  },
  'checkinSettings.minutes.label': 'Minutes after the session starts',
  'checkinSettings.minutes.hint': 'A whole number from 1 to 120. Leave the field empty to turn release off.',
  'checkinSettings.minutes.invalid': 'Enter a whole number of minutes from 1 to 120, or leave the field empty.',
  'checkinSettings.badForm': 'The form could not be read. Please try again.',
  'checkinSettings.errorTitle': 'There is a problem',
  'checkinSettings.save': 'Save setting',
  'checkinSettings.saved': 'The setting has been saved.',
};
