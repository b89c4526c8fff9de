// Part of the one dictionary (src/lib/i18n/messages.ts): retention of
// attendees' personal data after the day — the organiser's setting and the
// line on the registration form — Danish first.
import type { Message } from '../message-format.ts';

export const privacyDa = {
  'privacy.title': 'Persondata og sletning',
  'privacy.event': 'Arrangement: {event}',
  'privacy.intro':
    'Efter dagen gemmer Samspil deltagernes navne, e-mailadresser, organisationer, stillinger og behov i det antal måneder, du vælger her. Derefter anonymiseres de automatisk, og det kan ikke fortrydes.',
  'privacy.keeps':
    'Det, der bliver stående, er tallene: billetter pr. billettype, sektor og kommune, indtjekninger, tilmeldinger til sessioner og anonyme evalueringer. Ventelister, kalenderabonnementer, deltager- og udstillerroller og løsningernes kontaktpersoner slettes.',
  'privacy.state.kept': 'Persondata gemmes indtil {date}. Derefter anonymiseres de.',
  'privacy.state.anonymised': 'Persondata blev anonymiseret {date}.',
  'privacy.state.tickets': {
    one: 'Lige nu har {count} billet navn og e-mailadresse.',
    other: 'Lige nu har {count} billetter navn og e-mailadresse.',
  },
  'privacy.months.label': 'Måneder efter dagen',
  'privacy.months.hint': 'Et helt tal fra 1 til 120. Standard er 12 måneder.',
  'privacy.months.invalid': 'Skriv et helt antal måneder fra 1 til 120.',
  'privacy.badForm': 'Formularen kunne ikke læses. Prøv igen.',
  'privacy.errorTitle': 'Der er et problem',
  'privacy.save': 'Gem',
  'privacy.saved': 'Indstillingen er gemt.',
  'privacy.registration': {
    one: 'Navn, e-mail og behov slettes {count} måned efter dagen; tallene bliver stående uden navne.',
    other: 'Navn, e-mail og behov slettes {count} måneder efter dagen; tallene bliver stående uden navne.',
  },
} as const satisfies Record<string, Message>;

export const privacyEn: { readonly [K in keyof typeof privacyDa]: Message } = {
  'privacy.title': 'Personal data and deletion',
  'privacy.event': 'Event: {event}',
  'privacy.intro':
    'After the day, Samspil keeps attendees’ names, email addresses, organisations, job titles and needs for the number of months you choose here. Then they are anonymised automatically, which cannot be undone.',
  'privacy.keeps':
    'What stays are the numbers: tickets by ticket type, sector and municipality, check-ins, session bookings and anonymous feedback. Waitlists, calendar subscriptions, attendee and exhibitor roles and the solutions’ contact people are deleted.',
  'privacy.state.kept': 'Personal data is kept until {date}. Then it is anonymised.',
  'privacy.state.anonymised': 'Personal data was anonymised on {date}.',
  'privacy.state.tickets': {
    one: 'Right now {count} ticket holds a name and an email address.',
    other: 'Right now {count} tickets hold a name and an email address.',
  },
  'privacy.months.label': 'Months after the day',
  'privacy.months.hint': 'A whole number from 1 to 120. The default is 12 months.',
  'privacy.months.invalid': 'Enter a whole number of months from 1 to 120.',
  'privacy.badForm': 'The form could not be read. Please try again.',
  'privacy.errorTitle': 'There is a problem',
  'privacy.save': 'Save',
  'privacy.saved': 'The setting has been saved.',
  'privacy.registration': {
    one: 'Name, email and needs are deleted {count} month after the day; the numbers stay, without names.',
    other: 'Name, email and needs are deleted {count} months after the day; the numbers stay, without names.',
  },
};
