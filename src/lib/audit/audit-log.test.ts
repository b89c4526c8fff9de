import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { type AuditEntry, describeEntry, filtersFromQuery, mentionedIds, queryFor } from './audit-log.ts';

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: '1',
  actorId: '00000000-0000-4000-8000-000000000001',
  at: new Date('2027-02-25T08:00:00Z'),
  table: 'sessions',
  rowKey: { id: '00000000-0000-4000-8000-0000000000aa' },
  label: 'Keynote',
  action: 'update',
  before: null,
  after: null,
  ...overrides,
});

const ROOM = '00000000-0000-4000-8000-0000000000bb';
const PERSON = '00000000-0000-4000-8000-0000000000cc';
const names = { things: new Map([[ROOM, 'Sal A']]), people: new Map([[PERSON, 'kollega@kommune.dk']]) };
const context = (lang: 'da' | 'en') => ({ tr: t(lang), lang, timeZone: 'Europe/Copenhagen', names });

describe('an audit entry in words', () => {
  it('says what changed, with times of one day as clock times', () => {
    const described = describeEntry(
      entry({ before: { starts_at: '2027-02-25T08:00:00+00:00' }, after: { starts_at: '2027-02-25T08:30:00+00:00' } }),
      context('en'),
    );
    expect(described.summary).toBe("Session 'Keynote' changed: starts 09:00 → 09:30");
    expect(described.changes).toEqual([{ field: 'starts', before: '09:00', after: '09:30' }]);
    expect(
      describeEntry(
        entry({
          before: { starts_at: '2027-02-25T08:00:00+00:00' },
          after: { starts_at: '2027-02-25T08:30:00+00:00' },
        }),
        context('da'),
      ).summary,
    ).toBe('Sessionen »Keynote« ændret: starter 09.00 → 09.30');
  });

  it('names rooms and counts the other fields', () => {
    const described = describeEntry(
      entry({ before: { room_id: null, capacity: 40 }, after: { room_id: ROOM, capacity: 60 } }),
      context('en'),
    );
    expect(described.summary).toBe("Session 'Keynote' changed: room (empty) → Sal A, and 1 more field");
    expect(described.changes[1]).toEqual({ field: 'capacity', before: '40', after: '60' });
  });

  it('shows a created row’s fields without its keys and bookkeeping', () => {
    const described = describeEntry(
      entry({
        table: 'rooms',
        label: 'Sal B',
        action: 'insert',
        after: { id: ROOM, event_id: ROOM, name: 'Sal B', capacity: 30, version: 1, floor: null },
      }),
      context('en'),
    );
    expect(described.summary).toBe("Room 'Sal B' created");
    expect(described.changes.map((c) => c.field)).toEqual(['name', 'capacity']);
  });

  it('tells team changes as sentences about people and roles', () => {
    const granted = entry({
      table: 'event_roles',
      label: 'organiser',
      action: 'insert',
      rowKey: { event_id: ROOM, user_id: PERSON, role: 'organiser' },
      after: { role: 'organiser', user_id: PERSON },
    });
    expect(describeEntry(granted, context('en')).summary).toBe('kollega@kommune.dk was given the role Organiser');
    expect(describeEntry({ ...granted, action: 'delete', after: null }, context('da')).summary).toBe(
      'kollega@kommune.dk mistede rollen Arrangør',
    );
    const invited = entry({
      table: 'team_invitations',
      label: 'ny@kommune.dk',
      action: 'insert',
      after: { email: 'ny@kommune.dk', role: 'reviewer' },
    });
    expect(describeEntry(invited, context('en')).summary).toBe('ny@kommune.dk invited as Solution reviewer');
    expect(
      describeEntry(
        { ...invited, action: 'update', before: { revoked_at: null }, after: { revoked_at: '2027-01-01T10:00:00Z' } },
        context('en'),
      ).summary,
    ).toBe('The invitation to ny@kommune.dk revoked');
    const unknownPerson = { ...granted, rowKey: { ...granted.rowKey, user_id: ROOM.replace('bb', 'dd') } };
    expect(describeEntry(unknownPerson, context('en')).summary).toBe('a deleted user was given the role Organiser');
  });

  it('tells who may create events for an organisation as team changes', () => {
    const granted = entry({
      table: 'organisation_roles',
      label: 'event_creator',
      action: 'insert',
      rowKey: { organisation_id: ROOM, user_id: PERSON, role: 'event_creator' },
      after: { role: 'event_creator', user_id: PERSON },
    });
    expect(describeEntry(granted, context('en')).summary).toBe('kollega@kommune.dk was given the role Event creator');
    expect(describeEntry({ ...granted, action: 'delete', after: null }, context('da')).summary).toBe(
      'kollega@kommune.dk mistede rollen Opretter af arrangementer',
    );
    const invited = entry({
      table: 'team_invitations',
      label: 'ny@kommune.dk',
      action: 'insert',
      after: { email: 'ny@kommune.dk', role: null, organisation_role: 'event_creator' },
    });
    expect(describeEntry(invited, context('da')).summary).toBe('ny@kommune.dk inviteret som Opretter af arrangementer');
  });

  it('tells a download of a list: which, in what format, for whom', () => {
    const download = entry({
      table: 'exports',
      rowKey: { list: 'needs' },
      label: 'needs',
      action: 'insert',
      after: { format: 'xlsx', columns: ['name', 'dietary'], third_party: true, detail: 'Frokost' },
    });
    expect(describeEntry(download, context('da'))).toEqual({
      summary:
        'Listen «Kost og tilgængelighed» – Frokost hentet som XLSX til tredjepart (2 kolonner, kontaktdata kun med samtykke)',
      changes: [],
    });
    const own = {
      ...download,
      label: 'registrations',
      after: { format: 'csv', columns: ['name'], third_party: false },
    };
    expect(describeEntry(own, context('en')).summary).toBe('List “Registrations” downloaded as CSV (1 column)');
  });

  it('finds the ids whose names it needs', () => {
    expect(
      mentionedIds(
        entry({ table: 'event_roles', rowKey: { user_id: PERSON }, before: { room_id: ROOM, event_id: PERSON } }),
      ),
    ).toEqual({ things: [ROOM], people: ['00000000-0000-4000-8000-000000000001', PERSON] });
  });
});

describe('the log filters', () => {
  it('read a query, drop what is malformed and report a bad date', () => {
    const { filters, badDates } = filtersFromQuery(
      new URLSearchParams({
        hvem: PERSON.toUpperCase(),
        hvad: 'team',
        fra: '2027-02-30',
        til: '2027-02-25',
        side: '2',
      }),
    );
    expect(filters).toEqual({ actor: PERSON, kind: 'team', from: null, to: '2027-02-25', page: 2 });
    expect(badDates).toEqual(['from']);
    expect(filtersFromQuery(new URLSearchParams({ hvad: 'x', side: '-1' })).filters).toEqual({
      actor: null,
      kind: null,
      from: null,
      to: null,
      page: 1,
    });
  });

  it('give each page its address', () => {
    const filters = { actor: null, kind: 'programme' as const, from: '2027-01-01', to: null, page: 1 };
    expect(queryFor(filters, 3)).toBe('?hvad=programme&fra=2027-01-01&side=3');
    expect(queryFor({ ...filters, kind: null, from: null }, 1)).toBe('');
  });
});
