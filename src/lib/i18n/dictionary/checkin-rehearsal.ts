// Part of the one dictionary (src/lib/i18n/messages.ts): rehearsal at the door
// ("Øvelsestilstand") on the phone and in the console, and the refusals that
// say when a ticket opens or closed. Danish first.
import type { Message } from '../message-format.ts';

export const checkinRehearsalDa = {
  'checkinRehearsal.banner': 'ØVELSE',
  'checkinRehearsal.bannerText':
    'Øvelsestilstand er slået til: scanninger er øvelse og registreres ikke som indtjekninger.',
  'checkinRehearsal.verdict': 'ØVELSE – ikke registreret',
  'checkinRehearsal.notYetValidFrom': 'Billetten gælder ikke endnu – den gælder fra {when}.',
  'checkinRehearsal.expiredAt': 'Arrangementet er slut – billetten gjaldt til {when}.',
  'checkinRehearsal.heading': 'Øvelsestilstand',
  'checkinRehearsal.intro':
    'Øv indtjekningen med jeres frivillige før dagen, fx med de trykte navneskilte. Mens øvelsestilstand er slået til, viser telefonerne ”ØVELSE” i lilla, billetter kan scannes uanset tidspunkt, og intet bliver registreret: ingen indtjekninger, ingen fremmøde ved sessioner. Annullerede og erstattede billetter afvises som på dagen.',
  'checkinRehearsal.devices':
    'Telefonerne skifter, når de henter billetlisten næste gang (højst et minut) eller med det samme med ”Synkronisér nu”. Scanninger foretaget som øvelse forbliver øvelse, også hvis de sendes senere.',
  'checkinRehearsal.on': 'Øvelsestilstand er slået til siden {time}.',
  'checkinRehearsal.off': 'Øvelsestilstand er slået fra: scanninger er rigtige indtjekninger.',
  'checkinRehearsal.endsBy': 'Øvelsestilstand slutter af sig selv, når arrangementet begynder: {time}.',
  'checkinRehearsal.started':
    'Arrangementet er begyndt, så øvelsestilstand kan ikke slås til. Scanninger er rigtige indtjekninger.',
  'checkinRehearsal.turnOn': 'Slå øvelsestilstand til',
  'checkinRehearsal.turnOff': 'Slå øvelsestilstand fra',
  'checkinRehearsal.savedOn': 'Øvelsestilstand er slået til. Husk at slå den fra før dørene åbner.',
  'checkinRehearsal.savedOff': 'Øvelsestilstand er slået fra. Scanninger er nu rigtige indtjekninger.',
} as const satisfies Record<string, Message>;

export type CheckinRehearsalMessageKey = keyof typeof checkinRehearsalDa;

export const checkinRehearsalEn: { readonly [K in CheckinRehearsalMessageKey]: Message } = {
  'checkinRehearsal.banner': 'REHEARSAL',
  'checkinRehearsal.bannerText': 'Rehearsal mode is on: scans are practice and are not recorded as check-ins.',
  'checkinRehearsal.verdict': 'REHEARSAL – not recorded',
  'checkinRehearsal.notYetValidFrom': 'The ticket is not valid yet – it is valid from {when}.',
  'checkinRehearsal.expiredAt': 'The event is over – the ticket was valid until {when}.',
  'checkinRehearsal.heading': 'Rehearsal mode',
  'checkinRehearsal.intro':
    'Rehearse check-in with your volunteers before the day, for example with the printed badges. While rehearsal mode is on, the phones show “REHEARSAL” in purple, tickets can be scanned at any time, and nothing is recorded: no check-ins, no session attendance. Cancelled and replaced tickets are refused as on the day.',
  'checkinRehearsal.devices':
    'The phones switch when they next fetch the ticket list (within a minute) or at once with “Sync now”. Scans made as practice stay practice, even if they are sent later.',
  'checkinRehearsal.on': 'Rehearsal mode has been on since {time}.',
  'checkinRehearsal.off': 'Rehearsal mode is off: scans are real check-ins.',
  'checkinRehearsal.endsBy': 'Rehearsal mode ends by itself when the event begins: {time}.',
  'checkinRehearsal.started': 'The event has begun, so rehearsal mode cannot be turned on. Scans are real check-ins.',
  'checkinRehearsal.turnOn': 'Turn rehearsal mode on',
  'checkinRehearsal.turnOff': 'Turn rehearsal mode off',
  'checkinRehearsal.savedOn': 'Rehearsal mode is on. Remember to turn it off before the doors open.',
  'checkinRehearsal.savedOff': 'Rehearsal mode is off. Scans are real check-ins now.',
};

/** The check-in app's keys from this part, handed to the island with the app's own. */
export const CHECKIN_REHEARSAL_KEYS: CheckinRehearsalMessageKey[] = [
  'checkinRehearsal.banner',
  'checkinRehearsal.bannerText',
  'checkinRehearsal.verdict',
  'checkinRehearsal.notYetValidFrom',
  'checkinRehearsal.expiredAt',
];
