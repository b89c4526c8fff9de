// Part of the one dictionary (src/lib/i18n/messages.ts): what an organiser
// setting up a new day from blank is told where the whole-day walk-through
// (tests/e2e/whole-day.spec.ts) found them stuck: what a draft still lacks
// (console start page), paid tickets without online payment, and a way on to
// the next session from the one just saved. Danish first.
import type { Message } from '../message-format.ts';

export const setupDa = {
  'setup.tickets.paymentsOff':
    'Online betaling er ikke sat op på denne installation. De betalte billettyper vises på tilmeldingen, men kan ikke købes; gratis billetter virker. Bed den, der driver Samspil, om at forbinde Stripe (se docs/DEPLOY.md).',
  'setup.steps.heading': 'Før I udgiver dagen',
  'setup.steps.intro':
    'Dagen er en kladde: kun arrangører kan se den. Her er det, en ny dag skal have, i den rækkefølge de fleste tager det. Alt kan ændres, også efter udgivelsen.',
  'setup.steps.done': 'Klar',
  'setup.steps.missing': 'Mangler',
  'setup.steps.optionalMissing': 'Valgfrit, ikke sat op',
  'setup.step.rooms': 'Lokaler',
  'setup.step.rooms.count': { one: '{count} lokale', other: '{count} lokaler' },
  'setup.step.tracks': 'Temaspor',
  'setup.step.tracks.count': { one: '{count} temaspor', other: '{count} temaspor' },
  'setup.step.sessions': 'Sessioner',
  'setup.step.sessions.count': { one: '{count} session', other: '{count} sessioner' },
  'setup.step.galleryRounds': 'Gallerirunder',
  'setup.step.galleryRounds.count': { one: '{count} gallerirunde', other: '{count} gallerirunder' },
  'setup.step.ticketTypes': 'Billettyper',
  'setup.step.ticketTypes.count': { one: '{count} billettype', other: '{count} billettyper' },
  'setup.step.ticketTypes.why': 'Uden billettyper kan ingen tilmelde sig.',
  'setup.step.call': 'Indkaldelse af løsninger',
  'setup.step.call.count': 'Åben {from} – {until}',
  'setup.step.publish': 'Udgiv dagen under »Arrangementet«, når den er klar.',
  'setup.session.another': 'Opret en session mere',
} as const satisfies Record<string, Message>;

export type SetupMessageKey = keyof typeof setupDa;

export const setupEn: { readonly [K in SetupMessageKey]: Message } = {
  'setup.tickets.paymentsOff':
    'Online payment is not set up on this installation. The paid ticket types are shown on the registration page but cannot be bought; free tickets work. Ask whoever runs Samspil to connect Stripe (see docs/DEPLOY.md).',
  'setup.steps.heading': 'Before you publish the day',
  'setup.steps.intro':
    'The day is a draft: only organisers can see it. This is what a new day needs, in the order most people take it. Everything can be changed, after publishing too.',
  'setup.steps.done': 'Ready',
  'setup.steps.missing': 'Missing',
  'setup.steps.optionalMissing': 'Optional, not set up',
  'setup.step.rooms': 'Rooms',
  'setup.step.rooms.count': { one: '{count} room', other: '{count} rooms' },
  'setup.step.tracks': 'Themed tracks',
  'setup.step.tracks.count': { one: '{count} track', other: '{count} tracks' },
  'setup.step.sessions': 'Sessions',
  'setup.step.sessions.count': { one: '{count} session', other: '{count} sessions' },
  'setup.step.galleryRounds': 'Gallery rounds',
  'setup.step.galleryRounds.count': { one: '{count} gallery round', other: '{count} gallery rounds' },
  'setup.step.ticketTypes': 'Ticket types',
  'setup.step.ticketTypes.count': { one: '{count} ticket type', other: '{count} ticket types' },
  'setup.step.ticketTypes.why': 'Without ticket types nobody can register.',
  'setup.step.call': 'Call for solutions',
  'setup.step.call.count': 'Open {from} – {until}',
  'setup.step.publish': 'Publish the day under “The event” when it is ready.',
  'setup.session.another': 'Create another session',
};
