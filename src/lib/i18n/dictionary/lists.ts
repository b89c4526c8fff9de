// Part of the one dictionary (src/lib/i18n/messages.ts): exports (CSV/XLSX),
// waitlists, room and gallery round lists, and the export page. Danish first.
import type { Message } from '../message-format.ts';

export const listsDa = {
  'exports.yes': 'Ja',
  'exports.no': 'Nej',
  'lists.list.registrations': 'Tilmeldinger',
  'lists.list.bookings': 'Bookinger pr. session',
  'lists.list.needs': 'Kost og tilgængelighed',
  'lists.list.solutions': 'Løsninger',
  'lists.list.checkins': 'Indtjekninger',
  'log.kind.exports': 'Eksporter',
  'log.export': {
    one: 'Listen «{list}»{detail} hentet som {format} ({count} kolonne)',
    other: 'Listen «{list}»{detail} hentet som {format} ({count} kolonner)',
  },
  'log.export.thirdParty': {
    one: 'Listen «{list}»{detail} hentet som {format} til tredjepart ({count} kolonne, kontaktdata kun med samtykke)',
    other:
      'Listen «{list}»{detail} hentet som {format} til tredjepart ({count} kolonner, kontaktdata kun med samtykke)',
  },
} as const satisfies Record<string, Message>;

export const listsEn: { readonly [K in keyof typeof listsDa]: Message } = {
  'exports.yes': 'Yes',
  'exports.no': 'No',
  'lists.list.registrations': 'Registrations',
  'lists.list.bookings': 'Bookings per session',
  'lists.list.needs': 'Dietary and accessibility needs',
  'lists.list.solutions': 'Solutions',
  'lists.list.checkins': 'Check-ins',
  'log.kind.exports': 'Exports',
  'log.export': {
    one: 'List “{list}”{detail} downloaded as {format} ({count} column)',
    other: 'List “{list}”{detail} downloaded as {format} ({count} columns)',
  },
  'log.export.thirdParty': {
    one: 'List “{list}”{detail} downloaded as {format} for a third party ({count} column, contact data only with consent)',
    other:
      'List “{list}”{detail} downloaded as {format} for a third party ({count} columns, contact data only with consent)',
  },
};
