import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { contactsCsv, contactsVcard } from './contact-files.ts';
import type { MyContact } from './contacts.ts';

const lene: MyContact = {
  connectionId: '6f1c1b52-4f0e-4c39-9d0e-0b9c1c1f0a01',
  eventName: 'Velfærdens Innovationsdag',
  status: 'accepted',
  incoming: false,
  requestedAt: new Date('2027-02-25T09:00:00Z'),
  answeredAt: new Date('2027-02-25T09:01:00Z'),
  card: {
    name: 'Lene Holm Æbelø',
    organisation: 'Frederiksberg Kommune, Borgerservice',
    title: 'Innovationskonsulent',
    email: 'lene@example.org',
    phone: '+45 12 34 56 78',
    linkedin: 'https://linkedin.com/in/lene-holm',
  },
  note: 'Ring om borgerservice-to-go; efter jul,\nhun ved mere',
};
const pending: MyContact = { ...lene, connectionId: 'x', status: 'pending', card: null, note: null };
const onlyOrganisation: MyContact = {
  ...lene,
  connectionId: '6f1c1b52-4f0e-4c39-9d0e-0b9c1c1f0a02',
  card: { name: null, organisation: '=HYPERLINK("x")', title: null, email: null, phone: null, linkedin: null },
  note: null,
};

/** The properties of each vCard in a file, parsed by ical.js (RFC 6350 and 2426). */
function parseVcards(text: string): Record<string, unknown>[] {
  const parsed = ICAL.parse(text) as unknown[];
  // One card parses as ['vcard', …], several as a list of them.
  const cards = (typeof parsed[0] === 'string' ? [parsed] : parsed) as [string, unknown[][]][];
  return cards.map(([, properties]) => Object.fromEntries(properties.map((property) => [property[0], property[3]])));
}

describe('contactsVcard', () => {
  it('writes one card per accepted contact, which a vCard parser reads back field by field', () => {
    const text = contactsVcard([lene, pending, onlyOrganisation], 'Kontakt fra Samspil');
    expect(text).toMatch(/^BEGIN:VCARD\r\n/);
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 150)).toBe(true);
    const cards = parseVcards(text);
    expect(cards).toHaveLength(2);
    expect(cards[0]).toMatchObject({
      fn: 'Lene Holm Æbelø',
      org: 'Frederiksberg Kommune, Borgerservice',
      title: 'Innovationskonsulent',
      email: 'lene@example.org',
      tel: '+45 12 34 56 78',
      url: 'https://linkedin.com/in/lene-holm',
      note: 'Ring om borgerservice-to-go; efter jul,\nhun ved mere',
      uid: lene.connectionId,
    });
    expect(cards[1]).toMatchObject({ fn: 'Kontakt fra Samspil', org: '=HYPERLINK("x")' });
  });

  it('is empty without accepted contacts', () => {
    expect(contactsVcard([pending], 'x')).toBe('');
  });
});

describe('contactsCsv', () => {
  it('writes a header and a row per accepted contact, in Danish Excel’s dialect, formulas neutralised', () => {
    const csv = contactsCsv([lene, pending, onlyOrganisation], t('da'), { lang: 'da', timeZone: 'Europe/Copenhagen' });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Navn;Organisation;Titel;E-mail;Telefon;LinkedIn;Mødt ved;Forbundet;Min note');
    expect(lines[1]).toContain('Lene Holm Æbelø;Frederiksberg Kommune, Borgerservice;Innovationskonsulent');
    expect(csv).toContain('"Ring om borgerservice-to-go; efter jul,\nhun ved mere"');
    expect(lines[1]).toContain('2027-02-25 10:01');
    expect(csv).toContain(`;"'=HYPERLINK(""x"")";`);
    expect(csv.match(/Velfærdens Innovationsdag/g)).toHaveLength(2);
  });
});
