// The device's own verdicts from its offline pack: what staff see at the door
// when the hall's Wi-Fi is gone. Real Ed25519 codes, signed here.
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeTicketCode, type TicketSigner } from '../tickets/ticket-code.ts';
import {
  looksLikeReference,
  ticketByReference,
  copenhagenDay,
  foldForSearch,
  indexPack,
  type LocalCheckIns,
  offlineDoorVerdict,
  offlineManualVerdict,
  offlineSessionVerdict,
  type OfflinePack,
  type PackIndex,
  searchPack,
  sessionKey,
  packIsExpired,
} from './offline.ts';
import { localCheckIns, type QueuedScan } from './device/store.ts';

const EVENT = '0b6f1c1e-8f43-4c3e-9d4a-3f1f2b7f0a01';
const OTHER_EVENT = '7d0c4a8e-2b1f-4e57-8a6c-9e3d5f1b2c03';
const NOW = new Date('2027-02-25T08:30:00+01:00');
const T = {
  anne: '11111111-1111-4111-8111-111111111111',
  bo: '22222222-2222-4222-8222-222222222222',
  cancelled: '33333333-3333-4333-8333-333333333333',
  reissued: '44444444-4444-4444-8444-444444444444',
  unpaid: '55555555-5555-4555-8555-555555555555',
  late: '66666666-6666-4666-8666-666666666666',
  search: '77777777-7777-4777-8777-777777777777',
};
const ROUND = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const YESTERDAY = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

let sign: TicketSigner;
let index: PackIndex;

const code = (ticketId: string, options: { revision?: number; eventId?: string } = {}) =>
  encodeTicketCode(
    {
      eventId: options.eventId ?? EVENT,
      ticketId,
      keyId: 1,
      revision: options.revision ?? 1,
      notBefore: new Date('2027-02-24T00:00:00Z'),
      notAfter: new Date('2027-02-26T00:00:00Z'),
    },
    sign,
  );

const ticket = (id: string, name: string, extra: Partial<OfflinePack['tickets'][number]> = {}) => ({
  id,
  name,
  organisation: 'Testrup Kommune',
  reference: `R${id.slice(0, 4).toUpperCase()}-1`,
  status: 'valid' as const,
  revision: 1,
  checkedIn: false,
  checkedInAt: null,
  gate: null,
  ...extra,
});

beforeAll(async () => {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  sign = async (message) =>
    new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new Uint8Array(message)));
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  index = indexPack({
    eventId: EVENT,
    generatedAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 86_400_000).toISOString(),
    keys: [{ keyId: 1, publicKey: Buffer.from(raw).toString('base64url') }],
    revocations: { [T.cancelled]: 'revoked', [T.reissued]: 2 },
    unpaid: [T.unpaid],
    tickets: [
      ticket(T.anne, 'Anne Ærø'),
      ticket(T.bo, 'Bo Søndergaard', {
        checkedIn: true,
        checkedInAt: '2027-02-25T07:55:00.000Z',
        gate: 'Nord',
      }),
      ticket(T.cancelled, 'Carl Annulleret', { status: 'cancelled' }),
      ticket(T.reissued, 'Dorte Ny', { revision: 2 }),
      ticket(T.unpaid, 'Erik Ubetalt', { status: 'reserved' }),
      ticket(T.search, 'Åse Østergård', { organisation: 'Region Hovedstaden' }),
    ],
    sessions: [
      {
        id: ROUND,
        kind: 'gallery_round',
        title: 'Galleri: Nærhed, runde 1',
        titleEn: 'Gallery: Closeness, round 1',
        startsAt: '2027-02-25T09:00:00.000Z',
        endsAt: '2027-02-25T10:00:00.000Z',
        room: 'Sal A',
        capacity: 30,
        bookingRequired: true,
        booked: [T.anne],
      },
      {
        id: YESTERDAY,
        kind: 'workshop',
        title: 'Aftenen før',
        titleEn: null,
        startsAt: '2027-02-24T17:00:00.000Z',
        endsAt: '2027-02-24T18:00:00.000Z',
        room: null,
        capacity: null,
        bookingRequired: false,
        booked: [T.anne],
      },
    ],
  });
});

describe('at the door, offline', () => {
  it('lets a good ticket in with its name, organisation and today’s bookings only', async () => {
    const verdict = await offlineDoorVerdict(index, await code(T.anne), undefined, NOW);
    expect(verdict).toMatchObject({
      code: 'ok',
      colour: 'green',
      ticketId: T.anne,
      name: 'Anne Ærø',
      organisation: 'Testrup Kommune',
    });
    expect(verdict.bookings.map((booking) => booking.sessionId)).toEqual([ROUND]);
  });

  it('reads a code typed by hand: lower case, spaces, O for 0', async () => {
    const typed = (await code(T.anne))
      .toLowerCase()
      .replace(/0/g, 'o')
      .replace(/(.{20})/g, '$1 ');
    expect((await offlineDoorVerdict(index, typed, undefined, NOW)).code).toBe('ok');
  });

  it('is amber for a ticket checked in before the pack was made, with when and where', async () => {
    const verdict = await offlineDoorVerdict(index, await code(T.bo), undefined, NOW);
    expect(verdict).toMatchObject({ code: 'already_checked_in', colour: 'amber', name: 'Bo Søndergaard' });
    expect(verdict.first).toMatchObject({ scannedAt: '2027-02-25T07:55:00.000Z', gate: 'Nord' });
  });

  it('is amber for a ticket this device let in itself since', async () => {
    const local: LocalCheckIns = {
      door: new Map([[T.anne, { at: '2027-02-25T07:20:00.000Z', gate: 'Syd', device: 'telefon-2' }]]),
      sessions: new Set(),
    };
    const verdict = await offlineDoorVerdict(index, await code(T.anne), local, NOW);
    expect(verdict.code).toBe('already_checked_in');
    expect(verdict.first).toMatchObject({ gate: 'Syd', device: 'telefon-2' });
  });

  it('refuses cancelled, replaced and unpaid tickets with their reasons', async () => {
    expect(await offlineDoorVerdict(index, await code(T.cancelled), undefined, NOW)).toMatchObject({
      code: 'cancelled',
      colour: 'red',
      name: 'Carl Annulleret',
    });
    expect((await offlineDoorVerdict(index, await code(T.reissued), undefined, NOW)).code).toBe('revoked');
    expect((await offlineDoorVerdict(index, await code(T.reissued, { revision: 2 }), undefined, NOW)).code).toBe('ok');
    expect((await offlineDoorVerdict(index, await code(T.unpaid), undefined, NOW)).code).toBe('unpaid');
  });

  it('refuses another event’s ticket, an altered code, another system’s QR code and a code outside its dates', async () => {
    expect((await offlineDoorVerdict(index, await code(T.anne, { eventId: OTHER_EVENT }), undefined, NOW)).code).toBe(
      'wrong_event',
    );
    const good = await code(T.anne);
    const altered = good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41);
    expect((await offlineDoorVerdict(index, altered, undefined, NOW)).code).toBe('bad_signature');
    expect((await offlineDoorVerdict(index, good.slice(0, 100), undefined, NOW)).code).toBe('malformed');
    expect((await offlineDoorVerdict(index, 'https://example.org/billet/123', undefined, NOW)).code).toBe('malformed');
    expect((await offlineDoorVerdict(index, good, undefined, new Date('2027-03-01T00:00:00Z'))).code).toBe('expired');
  });

  it('lets in a genuine ticket issued after the pack was made, name unknown until the sync', async () => {
    const verdict = await offlineDoorVerdict(index, await code(T.late), undefined, NOW);
    expect(verdict).toMatchObject({ code: 'ok', ticketId: T.late, name: null });
  });
});

describe('every refusal its own true reason, offline', () => {
  const DAY_BEFORE = new Date('2027-02-23T12:00:00Z');
  const AFTER = new Date('2027-03-01T00:00:00Z');

  it('names a cancelled, replaced or unpaid ticket as such, whenever it is scanned', async () => {
    for (const when of [DAY_BEFORE, NOW, AFTER]) {
      expect((await offlineDoorVerdict(index, await code(T.cancelled), undefined, when)).code).toBe('cancelled');
      expect((await offlineDoorVerdict(index, await code(T.reissued), undefined, when)).code).toBe('revoked');
      expect((await offlineDoorVerdict(index, await code(T.unpaid), undefined, when)).code).toBe('unpaid');
    }
  });

  it('says when a good ticket opens, and when it closed', async () => {
    expect(await offlineDoorVerdict(index, await code(T.anne), undefined, DAY_BEFORE)).toMatchObject({
      code: 'not_yet_valid',
      name: 'Anne Ærø',
      validFrom: '2027-02-24T00:00:00.000Z',
      practice: false,
    });
    expect(await offlineDoorVerdict(index, await code(T.anne), undefined, AFTER)).toMatchObject({
      code: 'expired',
      validUntil: '2027-02-26T00:00:00.000Z',
    });
  });

  it('tells another event’s ticket from a forged one, before any time window', async () => {
    const other = await code(T.anne, { eventId: OTHER_EVENT });
    expect((await offlineDoorVerdict(index, other, undefined, DAY_BEFORE)).code).toBe('wrong_event');
    const good = await code(T.anne);
    const forged = good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41);
    expect((await offlineDoorVerdict(index, forged, undefined, DAY_BEFORE)).code).toBe('bad_signature');
  });
});

describe('a ticket found by reference, offline', () => {
  const WINDOW = { validFrom: '2027-02-24T00:00:00.000Z', validUntil: '2027-02-26T00:00:00.000Z' };

  it('obeys the window the pack carries, as a code does: not valid yet, expired, then in', () => {
    const windowed = indexPack({ ...index.pack, ...WINDOW });
    const manual = { ticketId: T.anne, revision: 1 };
    expect(offlineManualVerdict(windowed, manual, undefined, new Date('2026-12-01T12:00:00Z'))).toMatchObject({
      code: 'not_yet_valid',
      validFrom: WINDOW.validFrom,
      name: 'Anne Ærø',
    });
    expect(offlineManualVerdict(windowed, manual, undefined, new Date('2027-03-01T00:00:00Z'))).toMatchObject({
      code: 'expired',
      validUntil: WINDOW.validUntil,
    });
    expect(offlineManualVerdict(windowed, manual, undefined, NOW).code).toBe('ok');
  });

  it('ignores the window in rehearsal: practice, as a scan', () => {
    const practising = indexPack({ ...index.pack, ...WINDOW, rehearsal: true });
    expect(
      offlineManualVerdict(practising, { ticketId: T.anne, revision: 1 }, undefined, new Date('2026-12-01T12:00:00Z')),
    ).toMatchObject({ code: 'ok', practice: true });
  });
});

describe('in rehearsal, offline', () => {
  const DAY_BEFORE = new Date('2027-02-23T12:00:00Z');
  let rehearsal: PackIndex;
  beforeAll(() => {
    rehearsal = indexPack({ ...index.pack, rehearsal: true });
  });

  it('judges a ticket the day before as practice, the ticket’s state still counting', async () => {
    expect(await offlineDoorVerdict(rehearsal, await code(T.anne), undefined, DAY_BEFORE)).toMatchObject({
      code: 'ok',
      colour: 'green',
      name: 'Anne Ærø',
      practice: true,
    });
    expect(await offlineDoorVerdict(rehearsal, await code(T.cancelled), undefined, DAY_BEFORE)).toMatchObject({
      code: 'cancelled',
      practice: true,
    });
    expect((await offlineDoorVerdict(rehearsal, await code(T.reissued), undefined, DAY_BEFORE)).code).toBe('revoked');
    expect(offlineManualVerdict(rehearsal, { ticketId: T.anne, revision: 1 }, undefined, DAY_BEFORE)).toMatchObject({
      code: 'ok',
      practice: true,
    });
  });

  it('is amber only for what this device practised, never for real check-ins, and real ones ignore practice', async () => {
    // Bo is really checked in: a rehearsal does not practise on real check-ins.
    expect((await offlineDoorVerdict(rehearsal, await code(T.bo), undefined, DAY_BEFORE)).code).toBe('ok');
    const practised: LocalCheckIns = {
      door: new Map(),
      sessions: new Set(),
      practice: {
        door: new Map([[T.anne, { at: DAY_BEFORE.toISOString(), gate: 'Øvelse', device: 'Nord' }]]),
        sessions: new Set([sessionKey(ROUND, T.anne)]),
      },
    };
    expect(await offlineDoorVerdict(rehearsal, await code(T.anne), practised, DAY_BEFORE)).toMatchObject({
      code: 'already_checked_in',
      colour: 'amber',
      practice: true,
    });
    expect((await offlineSessionVerdict(rehearsal, ROUND, await code(T.anne), practised, DAY_BEFORE)).code).toBe(
      'already_checked_in',
    );
    // Out of rehearsal, the practice does not count.
    expect((await offlineDoorVerdict(index, await code(T.anne), practised, NOW)).code).toBe('ok');
  });
});

describe('what the device counts as its own check-ins', () => {
  const scan = (ticketId: string, extra: Partial<QueuedScan>): QueuedScan => ({
    nonce: crypto.randomUUID(),
    eventId: EVENT,
    kind: 'door',
    sessionId: null,
    code: 'S1',
    manual: null,
    scannedAt: '2027-02-25T08:00:00.000Z',
    device: 'Nord',
    gate: 'Nord',
    ticketId,
    name: null,
    local: 'ok',
    pending: 0,
    server: { code: 'ok', conflict: false },
    syncedAt: '2027-02-25T08:00:01.000Z',
    ...extra,
  });

  it('leaves out scans synced before the kept pack was asked for: the pack has them, undone or not', () => {
    const scans = [
      scan(T.anne, {}),
      scan(T.bo, { syncedAt: '2027-02-25T08:10:00.000Z' }),
      scan(T.late, { pending: 1, server: null, syncedAt: null }),
      scan(T.search, { practice: true }),
    ];
    const local = localCheckIns(scans, '2027-02-25T08:05:00.000Z');
    expect([...local.door.keys()]).toEqual([T.bo, T.late]);
    expect([...local.practice!.door.keys()]).toEqual([T.search]);
    // A pack kept before it said what it covers: every admitted scan counts, as before.
    expect([...localCheckIns(scans).door.keys()]).toEqual([T.anne, T.bo, T.late]);
  });

  it('after an undo reaches the pack, the ticket is let in again, once', async () => {
    const undone = indexPack({ ...index.pack, tickets: index.pack.tickets.map((t) => ({ ...t, checkedIn: false })) });
    const first = scan(T.anne, {});
    // Before the fresh pack: the device still remembers its own check-in.
    expect((await offlineDoorVerdict(undone, await code(T.anne), localCheckIns([first], null), NOW)).code).toBe(
      'already_checked_in',
    );
    // A pack asked for after that scan was synced: green.
    const covered = localCheckIns([first], '2027-02-25T08:05:00.000Z');
    expect((await offlineDoorVerdict(undone, await code(T.anne), covered, NOW)).code).toBe('ok');
    const again = localCheckIns(
      [first, scan(T.anne, { pending: 1, server: null, syncedAt: null })],
      '2027-02-25T08:05:00.000Z',
    );
    expect((await offlineDoorVerdict(undone, await code(T.anne), again, NOW)).code).toBe('already_checked_in');
  });
});

describe('manual check-in at the desk, offline', () => {
  it('follows the same rules by ticket id and the revision the search showed', () => {
    expect(offlineManualVerdict(index, { ticketId: T.anne, revision: 1 }, undefined, NOW).code).toBe('ok');
    expect(offlineManualVerdict(index, { ticketId: T.bo, revision: 1 }, undefined, NOW).code).toBe(
      'already_checked_in',
    );
    expect(offlineManualVerdict(index, { ticketId: T.reissued, revision: 1 }, undefined, NOW).code).toBe('revoked');
    expect(offlineManualVerdict(index, { ticketId: T.cancelled, revision: 1 }, undefined, NOW).code).toBe('cancelled');
    expect(offlineManualVerdict(index, { ticketId: T.late, revision: 1 }, undefined, NOW).code).toBe('unknown_ticket');
  });
});

describe('at a session’s door, offline', () => {
  it('says whether the attendee booked, and amber for a second scan on this device', async () => {
    expect(await offlineSessionVerdict(index, ROUND, await code(T.anne), undefined, NOW)).toMatchObject({
      code: 'ok',
      booked: true,
      ticketId: T.anne,
    });
    // Already in at the door does not stop attendance at a session.
    expect(await offlineSessionVerdict(index, ROUND, await code(T.bo), undefined, NOW)).toMatchObject({
      code: 'ok',
      booked: false,
    });
    const local: LocalCheckIns = { door: new Map(), sessions: new Set([sessionKey(ROUND, T.anne)]) };
    expect((await offlineSessionVerdict(index, ROUND, await code(T.anne), local, NOW)).code).toBe('already_checked_in');
  });

  it('refuses what the door refuses, and an unknown session', async () => {
    expect((await offlineSessionVerdict(index, ROUND, await code(T.cancelled), undefined, NOW)).code).toBe('cancelled');
    expect((await offlineSessionVerdict(index, ROUND, 'not a ticket', undefined, NOW)).code).toBe('malformed');
    expect((await offlineSessionVerdict(index, T.anne, await code(T.anne), undefined, NOW)).code).toBe(
      'unknown_session',
    );
  });
});

describe('searching the pack', () => {
  it('finds by any part of name, organisation or reference, without accents or Danish letters', () => {
    expect(searchPack(index, 'aase ostergaard').map((found) => found.id)).toEqual([T.search]);
    expect(searchPack(index, 'ÆRØ').map((found) => found.id)).toEqual([T.anne]);
    expect(searchPack(index, 'region hoved').map((found) => found.id)).toEqual([T.search]);
    expect(searchPack(index, `r${T.bo.slice(0, 4)}-1`).map((found) => found.id)).toEqual([T.bo]);
    expect(searchPack(index, 'testrup').length).toBe(5);
    expect(searchPack(index, 'a')).toEqual([]);
  });

  it('finds the ticket whose printed reference is typed at the door, however it is typed', () => {
    const reference = `R${T.bo.slice(0, 4).toUpperCase()}-1`;
    expect(ticketByReference(index, reference)?.id).toBe(T.bo);
    expect(ticketByReference(index, ` ${reference.toLowerCase().replace('-', ' -')} `)?.id).toBe(T.bo);
    // A reference not in the pack, part of one, or a ticket code: none.
    expect(ticketByReference(index, 'RZZZZ-1')).toBeNull();
    expect(ticketByReference(index, reference.slice(0, 3))).toBeNull();
    expect(looksLikeReference('S1.eyJ0aWNrZXQiOiJhIn0.c2ln')).toBe(false);
    expect(looksLikeReference('90h9cb3d-1')).toBe(true);
  });

  it('folds text the same way on both sides', () => {
    expect(foldForSearch('Søren Ærø-Åberg Müller')).toBe('soren aero-aaberg muller');
  });
});

describe('days in Copenhagen', () => {
  it('puts a time just after midnight local time on the new day', () => {
    expect(copenhagenDay('2027-02-24T23:30:00Z')).toBe('2027-02-25');
    expect(copenhagenDay(new Date('2027-07-01T21:59:00Z'))).toBe('2027-07-01');
    expect(copenhagenDay(new Date('2027-07-01T22:00:00Z'))).toBe('2027-07-02');
  });
});

describe('when a kept pack must go', () => {
  const now = new Date('2027-02-26T10:00:00Z');
  it('at its expiry (the day after the event ends), not a moment before', () => {
    expect(packIsExpired({ expiresAt: '2027-02-26T10:00:01Z' }, now)).toBe(false);
    expect(packIsExpired({ expiresAt: '2027-02-26T10:00:00Z' }, now)).toBe(true);
    expect(packIsExpired({ expiresAt: '2027-02-25T23:00:00Z' }, now)).toBe(true);
  });

  it('at once when it was kept before packs carried an expiry, or the expiry cannot be read', () => {
    expect(packIsExpired({}, now)).toBe(true);
    expect(packIsExpired({ expiresAt: 'soon' }, now)).toBe(true);
  });
});
