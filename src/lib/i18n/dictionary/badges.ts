// Part of the one dictionary (src/lib/i18n/messages.ts): name badges printed
// from the organisers' console, Danish first.
import type { Message } from '../message-format.ts';

export const badgesDa = {
  'badges.title': 'Navneskilte – {event}',
  'badges.intro':
    'Navneskilte til alle deltagere med en gyldig billet, sorteret efter navn. Udskriv dem alle på én gang før dagen, eller søg én deltager frem og udskriv ved skranken.',
  'badges.printHint':
    'Udskriv med Ctrl+P (Cmd+P på Mac) eller knappen. Vælg det papir, formatet angiver, skalering 100 % (faktisk størrelse) og ingen sidehoved eller sidefod.',
  'badges.filters': 'Vælg format og deltagere',
  'badges.format': 'Format',
  'badges.format.a6': 'A6 – ét navneskilt pr. side (105 × 148 mm)',
  'badges.format.ark': 'A4-etiketark – 2 × 4 etiketter à 105 × 74 mm',
  'badges.search': 'Billetreference eller navn',
  'badges.searchHint': 'Tomt felt: alle deltagere. Fx 7K3M9QXA-2 eller Anna Holm.',
  'badges.apply': 'Vis',
  'badges.showAll': 'Vis alle navneskilte',
  'badges.print': 'Udskriv',
  'badges.count': { one: '{count} navneskilt', other: '{count} navneskilte' },
  'badges.pages': { one: 'på {count} side', other: 'på {count} sider' },
  'badges.limited': 'Kun de første {count} vises. Søg for at finde en bestemt deltager.',
  'badges.none': 'Ingen gyldige billetter passer til søgningen.',
  'badges.preview': 'Navneskilte til udskrift',
  'badges.qrLabel': 'QR-kode til billet {reference}',
} as const satisfies Record<string, Message>;

export type BadgesMessageKey = keyof typeof badgesDa;

export const badgesEn: { readonly [K in BadgesMessageKey]: Message } = {
  'badges.title': 'Name badges – {event}',
  'badges.intro':
    'Name badges for every attendee with a valid ticket, sorted by name. Print them all at once before the day, or find one attendee and print at the desk.',
  'badges.printHint':
    'Print with Ctrl+P (Cmd+P on a Mac) or the button. Choose the paper the format names, scale 100% (actual size) and no headers or footers.',
  'badges.filters': 'Choose format and attendees',
  'badges.format': 'Format',
  'badges.format.a6': 'A6 – one badge per page (105 × 148 mm)',
  'badges.format.ark': 'A4 label sheet – 2 × 4 labels of 105 × 74 mm',
  'badges.search': 'Ticket reference or name',
  'badges.searchHint': 'Empty: all attendees. E.g. 7K3M9QXA-2 or Anna Holm.',
  'badges.apply': 'Show',
  'badges.showAll': 'Show all badges',
  'badges.print': 'Print',
  'badges.count': { one: '{count} badge', other: '{count} badges' },
  'badges.pages': { one: 'on {count} page', other: 'on {count} pages' },
  'badges.limited': 'Only the first {count} are shown. Search to find a particular attendee.',
  'badges.none': 'No valid tickets match the search.',
  'badges.preview': 'Name badges for printing',
  'badges.qrLabel': 'QR code for ticket {reference}',
};
