import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import {
  byName,
  columnKeysOf,
  defaultColumnKeys,
  eventPlaceState,
  EXPORT_LIST_KEYS,
  exportLists,
  isUuid,
  parseExportForm,
  placesInLine,
  sessionPlaceState,
} from './lists.ts';

const now = new Date('2027-02-20T10:00:00Z');
const before = new Date('2027-02-20T09:00:00Z');
const after = new Date('2027-02-20T11:00:00Z');

describe('a place on a waitlist', () => {
  it('on the event waitlist: waiting, offered until the deadline, then expired; accepted is claimed', () => {
    expect(eventPlaceState({ status: 'waiting', offerExpiresAt: null }, now)).toBe('waiting');
    expect(eventPlaceState({ status: 'offered', offerExpiresAt: after }, now)).toBe('offered');
    expect(eventPlaceState({ status: 'offered', offerExpiresAt: before }, now)).toBe('expired');
    expect(eventPlaceState({ status: 'accepted', offerExpiresAt: before }, now)).toBe('claimed');
    expect(eventPlaceState({ status: 'expired', offerExpiresAt: before }, now)).toBe('expired');
    expect(eventPlaceState({ status: 'cancelled', offerExpiresAt: null }, now)).toBe('cancelled');
  });

  it('on a session: a lapsed offer is told from one the attendee turned down', () => {
    const booking = { offerExpiresAt: null, cancelledAt: null };
    expect(sessionPlaceState({ ...booking, status: 'waitlisted' }, now)).toBe('waiting');
    expect(sessionPlaceState({ ...booking, status: 'offered', offerExpiresAt: after }, now)).toBe('offered');
    expect(sessionPlaceState({ ...booking, status: 'offered', offerExpiresAt: before }, now)).toBe('expired');
    expect(sessionPlaceState({ ...booking, status: 'confirmed' }, now)).toBe('claimed');
    expect(sessionPlaceState({ status: 'cancelled', offerExpiresAt: before, cancelledAt: now }, now)).toBe('expired');
    expect(sessionPlaceState({ status: 'cancelled', offerExpiresAt: after, cancelledAt: now }, now)).toBe('cancelled');
    expect(sessionPlaceState({ ...booking, status: 'cancelled', cancelledAt: now }, now)).toBe('cancelled');
  });

  it('numbers only the waiting places, in the line’s order', () => {
    const states = ['offered', 'waiting', 'expired', 'waiting', 'claimed'] as const;
    expect(placesInLine(states, (s) => s)).toEqual([null, 1, null, 2, null]);
  });
});

describe('room lists', () => {
  it('sort names as a Danish reader expects', () => {
    const names = ['Åse', 'Øjvind', 'anders', 'Ærling', 'Zoe', 'Bent'].map((name) => ({ name }));
    expect(byName(names).map((p) => p.name)).toEqual(['anders', 'Bent', 'Zoe', 'Ærling', 'Øjvind', 'Åse']);
    expect(byName([{ name: 'B' }, { name: 'a' }], 'en-GB').map((p) => p.name)).toEqual(['a', 'B']);
  });

  it('take ids only as route parameters', () => {
    expect(isUuid('00000000-0000-4000-8000-0000000000aa')).toBe(true);
    expect(isUuid('keynote')).toBe(false);
  });
});

describe('the export lists', () => {
  const lists = exportLists(t('da'));

  it('each have headers in both languages and contact data marked', () => {
    for (const key of EXPORT_LIST_KEYS) {
      const list = lists[key];
      expect(list.key).toBe(key);
      for (const lang of ['da', 'en'] as const) {
        for (const column of list.columns) expect(t(lang)(column.header)).not.toBe(column.header);
      }
      const contact = list.columns.filter((c) => 'contact' in c && c.contact).map((c) => c.key);
      expect(contact.length).toBeGreaterThan(0);
      expect(contact.every((c) => /email|phone/i.test(c))).toBe(true);
    }
  });

  it('word codes in the organiser’s language', () => {
    const sector = lists.registrations.columns.find((c) => c.key === 'sector')!;
    const row = { sector: 'kommune', status: 'valid' } as never;
    expect(sector.value(row)).toBe('Kommune');
    expect(
      exportLists(t('en'))
        .registrations.columns.find((c) => c.key === 'status')!
        .value(row),
    ).toBe('Valid');
  });

  it('start with the default columns ticked', () => {
    expect(defaultColumnKeys('needs')).toEqual(['name', 'organisation', 'dietary', 'accessibility']);
    expect(columnKeysOf('needs')).toContain('email');
  });
});

describe('the export form', () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [key, value] of entries) data.append(key, value);
    return data;
  };

  it('reads list, format, known columns and "for a third party"', () => {
    expect(
      parseExportForm(
        form([
          ['list', 'needs'],
          ['format', 'csv'],
          ['columns', 'name'],
          ['columns', 'nope'],
          ['columns', 'dietary'],
          ['thirdParty', 'on'],
        ]),
      ),
    ).toEqual({ ok: true, choice: { list: 'needs', format: 'csv', columns: ['name', 'dietary'], thirdParty: true } });
  });

  it('names each field in error', () => {
    expect(parseExportForm(form([['format', 'pdf']]))).toEqual({
      ok: false,
      errors: [
        { field: 'list', message: 'lists.export.listRequired' },
        { field: 'format', message: 'lists.export.formatRequired' },
      ],
    });
    expect(
      parseExportForm(
        form([
          ['list', 'registrations'],
          ['format', 'xlsx'],
          ['columns', 'nope'],
        ]),
      ),
    ).toEqual({
      ok: false,
      errors: [{ field: 'columns', message: 'lists.export.columnsRequired' }],
    });
  });
});
