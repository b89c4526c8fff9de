// My contacts as files: vCard 3.0 (one card per contact, one file; written by
// vcards-js, which escapes, folds long lines and ends lines with CRLF as the
// standard wants — address books on phones, Outlook and macOS import it) and
// CSV through the shared export columns (Danish Excel's dialect, formulas
// neutralised). Pure: the page hands in the contacts.
import vCardFactory from 'vcards-js';
import { CSV_BOM, csvLines } from '../exports/csv.ts';
import { csvCell, defineList, type ExportOptions, headersOf, rowValues } from '../exports/exports.ts';
import type { Translate } from '../i18n/messages.ts';
import type { MyContact } from './contacts.ts';

/** A name split for vCard's N field: the last word is the family name. */
function nameParts(name: string): { first: string; last: string } {
  const words = name.trim().split(/\s+/);
  return words.length < 2
    ? { first: name.trim(), last: '' }
    : { first: words.slice(0, -1).join(' '), last: words.at(-1)! };
}

/** One vCard per accepted contact with the fields they share, my note as NOTE. */
export function contactsVcard(contacts: readonly MyContact[], fallbackName: string): string {
  return contacts
    .filter((contact) => contact.status === 'accepted' && contact.card)
    .map((contact) => {
      const card = contact.card!;
      const vcard = vCardFactory();
      vcard.uid = contact.connectionId;
      const name = card.name ?? card.email ?? fallbackName;
      const { first, last } = nameParts(name);
      vcard.firstName = first;
      vcard.lastName = last;
      vcard.formattedName = name;
      if (card.organisation) vcard.organization = card.organisation;
      if (card.title) vcard.title = card.title;
      if (card.email) vcard.workEmail = card.email;
      if (card.phone) vcard.workPhone = card.phone;
      if (card.linkedin) {
        vcard.url = card.linkedin;
        vcard.socialUrls.linkedIn = card.linkedin;
      }
      if (contact.note) vcard.note = contact.note;
      return vcard.getFormattedString();
    })
    .join('');
}

export const myContactsList = defineList<MyContact>({
  key: 'contacts',
  columns: [
    { key: 'name', header: 'contacts.col.name', type: 'text', value: (c) => c.card?.name },
    { key: 'organisation', header: 'contacts.col.organisation', type: 'text', value: (c) => c.card?.organisation },
    { key: 'title', header: 'contacts.col.title', type: 'text', value: (c) => c.card?.title },
    { key: 'email', header: 'contacts.col.email', type: 'text', value: (c) => c.card?.email },
    { key: 'phone', header: 'contacts.col.phone', type: 'text', value: (c) => c.card?.phone },
    { key: 'linkedin', header: 'contacts.col.linkedin', type: 'text', value: (c) => c.card?.linkedin },
    { key: 'event', header: 'contacts.col.event', type: 'text', value: (c) => c.eventName },
    { key: 'connectedAt', header: 'contacts.col.connectedAt', type: 'datetime', value: (c) => c.answeredAt },
    { key: 'note', header: 'contacts.col.note', type: 'text', value: (c) => c.note },
  ],
});

/** The accepted contacts as one CSV file (with its byte-order mark). */
export function contactsCsv(
  contacts: readonly MyContact[],
  tr: Translate,
  options: Omit<ExportOptions, 'thirdParty'>,
): string {
  const columns = myContactsList.columns;
  const accepted = contacts.filter((contact) => contact.status === 'accepted');
  const rows = accepted.map((contact) =>
    rowValues(myContactsList, columns, contact, { thirdParty: false }).map((value, i) =>
      csvCell(columns[i]!.type, value, { ...options, thirdParty: false }, tr),
    ),
  );
  return CSV_BOM + csvLines([headersOf(columns, tr), ...rows]);
}
