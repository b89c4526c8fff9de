// What a check-in device keeps for offline work, and how its scans are
// judged on sync, against a real Postgres: the pack's references, gates,
// sessions and bookings; who may have it; manual check-ins from the desk; and
// a device that scans a ticket twice offline (amber on its own screen) is a
// plain duplicate, while two devices letting the same ticket in is a conflict.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSeat } from '../../src/lib/booking/booking.server.ts';
import type { ScanInput } from '../../src/lib/checkin/checkin.ts';
import { loadOfflinePack, syncScans } from '../../src/lib/checkin/checkin.server.ts';
import { ANON, asUser } from '../../src/lib/db/db.server.ts';
import { worldAt } from '../fixtures/clock.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { codesFor, openCheckInWindow } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 10 });
const DEVICE = { id: randomUUID(), label: 'telefon-1' };
const context = { db: sql, device: DEVICE };

let world: EventWorld;
let other: EventWorld;
let staff: TestUser;
let otherStaff: TestUser;
let attendees: Attendee[];
let codes: string[];
let round: string;

const scan = (overrides: Partial<ScanInput>): ScanInput => ({
  nonce: randomUUID(),
  scannedAt: new Date(),
  device: 'telefon-1',
  gate: 'Nord',
  ...overrides,
});

async function activeCheckIns(ticketId: string) {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${ticketId} and result = 'ok' and undone_at is null`;
  return row!.n;
}

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'enhed', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'enhed-andet', status: 'published' });
  await openCheckInWindow(sql, world.eventId);
  await openCheckInWindow(sql, other.eventId);
  staff = await insertUser(sql, 'vagt@enhed.example.org');
  otherStaff = await insertUser(sql, 'vagt@andet.example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values
    (${world.eventId}, ${staff.id}, 'checkin_staff'), (${other.eventId}, ${otherStaff.id}, 'checkin_staff')`;
  attendees = await insertAttendees(sql, { eventId: world.eventId, count: 6, tag: 'enhed' });
  codes = await codesFor(sql, world.eventId, attendees);
  round = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: 'enhed-runde',
    startsAt: worldAt('13:00'),
    endsAt: worldAt('14:00'),
    capacity: 10,
  });
  const booked = await bookSeat(
    attendees[0]!.claims,
    { eventId: world.eventId, sessionId: round, swap: false },
    { origin: 'http://localhost:4321', db: sql },
  );
  expect(booked.code).toBe('confirmed');
});

describe('the device pack', () => {
  it('carries each ticket’s reference, revision and where it was checked in, and the sessions with their bookings', async () => {
    await syncScans(staff.claims, world.eventId, [scan({ code: codes[1]!, gate: 'Syd' })], context);
    const result = await loadOfflinePack(staff.claims, world.eventId, context);
    if (!result.ok) throw new Error(result.code);
    const { pack } = result;

    const [order] = await sql<{ reference: string }[]>`
      select o.reference from public.orders o join public.tickets t on t.order_id = o.id where t.id = ${attendees[1]!.ticketId}`;
    const checkedIn = pack.tickets.find((ticket) => ticket.id === attendees[1]!.ticketId)!;
    expect(checkedIn).toMatchObject({ reference: `${order!.reference}-1`, revision: 1, checkedIn: true, gate: 'Syd' });
    expect(new Date(checkedIn.checkedInAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(pack.tickets.find((ticket) => ticket.id === attendees[2]!.ticketId)).toMatchObject({
      checkedIn: false,
      checkedInAt: null,
      gate: null,
    });

    const session = pack.sessions.find((candidate) => candidate.id === round)!;
    expect(session).toMatchObject({
      kind: 'gallery_round',
      capacity: 10,
      bookingRequired: true,
      booked: [attendees[0]!.ticketId],
    });
    expect(pack.sessions.length).toBeGreaterThan(1);
    expect(pack.tickets).toHaveLength(6);
  });

  it('is refused to staff of another event, a stranger and anon, and its functions give them nothing', async () => {
    expect(await loadOfflinePack(otherStaff.claims, world.eventId, context)).toEqual({
      ok: false,
      code: 'not_authorised',
    });
    expect(await loadOfflinePack(ANON, world.eventId, context)).toEqual({ ok: false, code: 'not_authorised' });
    const rows = await asUser(
      otherStaff.claims,
      async (tx) => ({
        tickets: await tx`select * from private.checkin_device_tickets(${world.eventId}, ${DEVICE.id})`,
        sessions: await tx`select * from private.checkin_device_sessions(${world.eventId}, ${DEVICE.id})`,
      }),
      sql,
    );
    expect(rows.tickets).toHaveLength(0);
    expect(rows.sessions).toHaveLength(0);
  });
});

describe('manual check-in from the desk', () => {
  it('checks a ticket in by id and revision, once however often it is sent', async () => {
    // Inside the window the ticket's code carries: before it, the desk refuses as a QR scan does.
    await sql`update public.events set starts_at = now() - interval '1 hour', ends_at = now() + interval '8 hours'
               where id = ${world.eventId}`;
    const manual = scan({ manual: { ticketId: attendees[3]!.ticketId, revision: 1 }, device: 'skranke' });
    const first = await syncScans(staff.claims, world.eventId, [manual], context);
    expect(first.results[0]!.verdict).toMatchObject({ code: 'ok', ticketId: attendees[3]!.ticketId, replay: false });
    const again = await syncScans(staff.claims, world.eventId, [manual], context);
    expect(again.results[0]!.verdict).toMatchObject({ code: 'ok', replay: true });
    expect(await activeCheckIns(attendees[3]!.ticketId)).toBe(1);
  });

  it('refuses a ticket re-issued since the search, and another event’s ticket', async () => {
    await sql`update public.tickets set revision = 2 where id = ${attendees[4]!.ticketId}`;
    const stale = await syncScans(
      staff.claims,
      world.eventId,
      [scan({ manual: { ticketId: attendees[4]!.ticketId, revision: 1 } })],
      context,
    );
    expect(stale.results[0]!.verdict.code).toBe('revoked');
    const [foreign] = await insertAttendees(sql, { eventId: other.eventId, count: 1, tag: 'enhed-fremmed' });
    const wrong = await syncScans(
      staff.claims,
      world.eventId,
      [scan({ manual: { ticketId: foreign!.ticketId, revision: 1 } })],
      context,
    );
    expect(wrong.results[0]!.verdict.code).toBe('wrong_event');
    expect(await activeCheckIns(foreign!.ticketId)).toBe(0);
  });
});

describe('offline duplicates', () => {
  it('a second scan on the same device is a duplicate; the same ticket on another device is a conflict', async () => {
    const ticket = attendees[5]!;
    const offlineAt = new Date(Date.now() - 10 * 60_000);
    const later = new Date(Date.now() - 9 * 60_000);
    // Phone 1 scanned twice while offline (its screen showed amber the second time); phone 2 once.
    const phone1 = await syncScans(
      staff.claims,
      world.eventId,
      [
        scan({ code: codes[5]!, device: 'telefon-1', scannedAt: offlineAt }),
        scan({ code: codes[5]!, device: 'telefon-1', scannedAt: later }),
      ],
      context,
    );
    expect(phone1.results.map((result) => [result.verdict.code, result.verdict.conflict])).toEqual([
      ['ok', false],
      ['already_checked_in', false],
    ]);
    const phone2 = await syncScans(
      staff.claims,
      world.eventId,
      [scan({ code: codes[5]!, device: 'telefon-2', gate: 'Syd', scannedAt: later })],
      context,
    );
    expect(phone2.results[0]!.verdict).toMatchObject({ code: 'already_checked_in', conflict: true });
    expect(phone2.summary.conflicts).toHaveLength(1);
    expect(await activeCheckIns(ticket.ticketId)).toBe(1);
  });
});
