// Rehearsal at the door and the true reason of every refusal, against a real
// Postgres: while an organiser has rehearsal on, scans of tickets that are not
// valid yet are judged as practice and nothing is recorded (no check-in, no
// session attendance, no held scan); a practice scan synced after rehearsal
// ended stays practice; the real check-in afterwards is still the ticket's
// first. Outside rehearsal, each refused code gets its own reason: cancelled,
// revoked, wrong event, not valid yet (with when it opens), over, forged.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Claims } from '../../src/lib/db/db.server.ts';
import type { ScanInput } from '../../src/lib/checkin/checkin.ts';
import { loadOfflinePack, syncScans, syncSessionScans } from '../../src/lib/checkin/checkin.server.ts';
import { loadRehearsal, setRehearsal } from '../../src/lib/checkin/rehearsal.server.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { codesFor, openCheckInWindow } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 4 });
const context = { db: sql };

const HOUR = 3_600_000;
let world: EventWorld;
let other: EventWorld;
let organiser: Claims;
let staff: TestUser;
let tickets: Attendee[];
/** Codes valid from tomorrow: the day before, as staff rehearse. */
let tomorrow: string[];
/** Codes valid now. */
let now: string[];
let sessionId: string;

function scan(code: string, overrides: Partial<ScanInput> = {}): ScanInput {
  return { code, nonce: randomUUID(), scannedAt: new Date(), device: 'øvelse', gate: 'Nord', ...overrides };
}

async function recorded(ticketId: string): Promise<{ checkIns: number; sessions: number; held: number }> {
  const [row] = await sql<{ check_ins: number; sessions: number; held: number }[]>`
    select (select count(*)::int from public.check_ins where ticket_id = ${ticketId}) as check_ins,
           (select count(*)::int from public.session_check_ins where ticket_id = ${ticketId}) as sessions,
           (select count(*)::int from public.checkin_held_scans where ticket_id = ${ticketId}) as held`;
  return { checkIns: row!.check_ins, sessions: row!.sessions, held: row!.held };
}

async function nameOf(ticket: Attendee): Promise<string> {
  const [row] = await sql<
    { name: string }[]
  >`select attendee_name as name from public.tickets where id = ${ticket.ticketId}`;
  return row!.name;
}

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'oevelse', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'oevelse-anden', status: 'published' });
  await openCheckInWindow(sql, world.eventId);
  await openCheckInWindow(sql, other.eventId);
  organiser = {
    role: 'authenticated',
    sub: world.organiserId,
    email: 'arrangoer@oevelse.example.org',
    aud: 'authenticated',
  };
  staff = await insertUser(sql, 'vagt@oevelse.example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values (${world.eventId}, ${staff.id}, 'checkin_staff')`;
  tickets = await insertAttendees(sql, { eventId: world.eventId, count: 8, tag: 'oevelse' });
  const opens = new Date(Date.now() + 24 * HOUR);
  tomorrow = await codesFor(sql, world.eventId, tickets, { from: opens, until: new Date(opens.getTime() + 48 * HOUR) });
  now = await codesFor(sql, world.eventId, tickets);
  sessionId = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: 'oevelse-runde',
    startsAt: new Date(Date.now() + 26 * HOUR).toISOString(),
    endsAt: new Date(Date.now() + 27 * HOUR).toISOString(),
    capacity: 10,
  });
}, 60_000);

describe('the rehearsal switch', () => {
  it('is the organisers’ only: staff cannot switch it, and it is recorded in the audit log', async () => {
    expect(await setRehearsal(staff.claims, world.eventId, true, context)).toBe('not_authorised');
    expect(await loadRehearsal(staff.claims, world.eventId, context)).toBeNull();
    expect((await loadRehearsal(organiser, world.eventId, context))?.since).toBeNull();
    expect(await setRehearsal(organiser, world.eventId, true, context)).toBe('saved');
    const since = (await loadRehearsal(organiser, world.eventId, context))?.since;
    expect(since).toBeInstanceOf(Date);
    // Switching on again keeps when it started.
    expect(await setRehearsal(organiser, world.eventId, true, context)).toBe('saved');
    expect((await loadRehearsal(organiser, world.eventId, context))?.since).toEqual(since);
    const [audit] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.audit_log
       where table_name = 'events' and row_key ->> 'id' = ${world.eventId} and actor_id = ${world.organiserId}
         and after ? 'checkin_rehearsal_since'`;
    expect(audit!.n).toBeGreaterThanOrEqual(1);
  });
});

describe('in rehearsal', () => {
  it('tells the devices in their pack', async () => {
    const pack = await loadOfflinePack(staff.claims, world.eventId, {
      ...context,
      device: { id: randomUUID(), label: 'Øvelsestelefon' },
    });
    expect(pack.ok && pack.pack.rehearsal).toBe(true);
  });

  it('judges tickets not valid yet as practice and records nothing, at the door and at a session', async () => {
    const [first, again, manual] = [tickets[0]!, tickets[0]!, tickets[1]!];
    const device = { id: randomUUID(), label: 'Øvelsestelefon' };
    const { results } = await syncScans(
      staff.claims,
      world.eventId,
      [
        scan(tomorrow[0]!),
        scan(tomorrow[0]!),
        scan('', { code: undefined, manual: { ticketId: manual.ticketId, revision: 1 } }),
      ],
      { ...context, device },
    );
    expect(results.map((result) => [result.verdict.code, result.verdict.practice])).toEqual([
      ['ok', true],
      ['ok', true],
      ['ok', true],
    ]);
    expect(results[0]!.verdict).toMatchObject({ ticketId: first.ticketId, name: await nameOf(first), checkInId: null });
    const session = await syncSessionScans(
      staff.claims,
      world.eventId,
      [{ code: tomorrow[0]!, nonce: randomUUID(), scannedAt: new Date(), sessionId }],
      { ...context, device },
    );
    expect(session.results[0]!.verdict).toMatchObject({ code: 'ok', practice: true });
    for (const ticket of [first, again, manual]) {
      expect(await recorded(ticket.ticketId)).toEqual({ checkIns: 0, sessions: 0, held: 0 });
    }
  });

  it('still refuses a cancelled or replaced ticket, as practice', async () => {
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${tickets[2]!.ticketId}`;
    await sql`update public.tickets set revision = 2 where id = ${tickets[3]!.ticketId}`;
    const { results } = await syncScans(staff.claims, world.eventId, [scan(tomorrow[2]!), scan(tomorrow[3]!)], context);
    expect(results.map((result) => [result.verdict.code, result.verdict.practice])).toEqual([
      ['cancelled', true],
      ['revoked', true],
    ]);
    expect(await recorded(tickets[2]!.ticketId)).toEqual({ checkIns: 0, sessions: 0, held: 0 });
  });
});

describe('after rehearsal', () => {
  it('keeps a practice scan synced late as practice, and the ticket’s first real check-in is still to come', async () => {
    expect(await setRehearsal(organiser, world.eventId, false, context)).toBe('saved');
    expect((await loadRehearsal(organiser, world.eventId, context))?.since).toBeNull();
    const late = await syncScans(staff.claims, world.eventId, [scan(now[4]!, { practice: true })], context);
    expect(late.results[0]!.verdict).toMatchObject({ code: 'ok', practice: true, checkInId: null });
    expect(await recorded(tickets[4]!.ticketId)).toEqual({ checkIns: 0, sessions: 0, held: 0 });

    // The real scans: the tickets practised on are let in, once each.
    const { results } = await syncScans(
      staff.claims,
      world.eventId,
      [scan(now[0]!), scan(now[4]!), scan(now[0]!)],
      context,
    );
    expect(results.map((result) => [result.verdict.code, result.verdict.practice])).toEqual([
      ['ok', false],
      ['ok', false],
      ['already_checked_in', false],
    ]);
    expect((await recorded(tickets[0]!.ticketId)).checkIns).toBe(2);
    const [ok] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.check_ins where ticket_id = ${tickets[0]!.ticketId} and result = 'ok'`;
    expect(ok!.n).toBe(1);
  });

  it('gives every refused code its own true reason', async () => {
    const opens = new Date(Date.now() + 24 * HOUR);
    const [over] = await codesFor(sql, world.eventId, [tickets[5]!], {
      from: new Date(Date.now() - 72 * HOUR),
      until: new Date(Date.now() - 48 * HOUR),
    });
    const [otherCode] = await codesFor(
      sql,
      other.eventId,
      await insertAttendees(sql, { eventId: other.eventId, count: 1, tag: 'anden' }),
    );
    const forged = now[6]!.slice(0, 60) + (now[6]![60] === 'A' ? 'B' : 'A') + now[6]!.slice(61);
    const { results } = await syncScans(
      staff.claims,
      world.eventId,
      [
        scan(tomorrow[2]!), // cancelled, not valid yet: cancelled
        scan(tomorrow[3]!), // replaced, not valid yet: revoked
        scan(tomorrow[6]!), // good, not valid yet: when it opens
        scan(over!), // good, over
        scan(otherCode!),
        scan(forged),
        scan(now[2]!), // cancelled, in its window
      ],
      context,
    );
    expect(results.map((result) => result.verdict.code)).toEqual([
      'cancelled',
      'revoked',
      'not_yet_valid',
      'expired',
      'wrong_event',
      'bad_signature',
      'cancelled',
    ]);
    const notYet = results[2]!.verdict;
    expect(notYet.practice).toBe(false);
    expect(Math.abs(Date.parse(notYet.validFrom!) - opens.getTime())).toBeLessThan(60_000);
    expect(notYet.name).toBe(await nameOf(tickets[6]!));
    expect(results[3]!.verdict.validUntil).not.toBeNull();
    for (const ticket of [tickets[2]!, tickets[3]!, tickets[5]!, tickets[6]!]) {
      expect((await recorded(ticket.ticketId)).checkIns).toBe(
        // A cancelled ticket scanned in its window is recorded as a refused scan (as before); the others not at all.
        ticket === tickets[2] ? 1 : 0,
      );
    }
  });

  it('ends by itself when the event begins, and cannot be switched on after that', async () => {
    const started = await insertEventWorld(sql, { slug: 'oevelse-begyndt', status: 'published' });
    const starter: Claims = {
      role: 'authenticated',
      sub: started.organiserId,
      email: 'arrangoer@begyndt.example.org',
      aud: 'authenticated',
    };
    await sql`insert into public.event_roles (event_id, user_id, role) values (${started.eventId}, ${staff.id}, 'checkin_staff')`;
    const [attendee] = await insertAttendees(sql, { eventId: started.eventId, count: 1, tag: 'begyndt' });
    const [valid] = await codesFor(sql, started.eventId, [attendee!]);
    expect(await setRehearsal(starter, started.eventId, true, context)).toBe('saved');
    // The day comes with the switch still on: the event begins, and scans are real again.
    await sql`update public.events set starts_at = now() - interval '1 hour', ends_at = now() + interval '8 hours'
               where id = ${started.eventId}`;
    expect(await loadRehearsal(starter, started.eventId, context)).toMatchObject({ since: null, started: true });
    const { results } = await syncScans(staff.claims, started.eventId, [scan(valid!)], context);
    expect(results[0]!.verdict).toMatchObject({ code: 'ok', practice: false });
    expect((await recorded(attendee!.ticketId)).checkIns).toBe(1);
    expect(await setRehearsal(starter, started.eventId, true, context)).toBe('event_started');
    expect(await setRehearsal(starter, started.eventId, false, context)).toBe('saved');
  });

  it('tells the devices rehearsal is over', async () => {
    const pack = await loadOfflinePack(staff.claims, world.eventId, {
      ...context,
      device: { id: randomUUID(), label: 'Efter øvelsen' },
    });
    expect(pack.ok && pack.pack.rehearsal).toBe(false);
  });
});

describe('a ticket found by reference or at the desk', () => {
  it('obeys the window its QR code carries: refused before it, practice in rehearsal, recorded inside it', async () => {
    const ahead = await insertEventWorld(sql, { slug: 'oevelse-skranke', status: 'published' });
    const owner: Claims = {
      role: 'authenticated',
      sub: ahead.organiserId,
      email: 'arrangoer@skranke.example.org',
      aud: 'authenticated',
    };
    await sql`update public.events set starts_at = now() + interval '90 days', ends_at = now() + interval '90 days 8 hours'
               where id = ${ahead.eventId}`;
    await sql`insert into public.event_roles (event_id, user_id, role) values (${ahead.eventId}, ${staff.id}, 'checkin_staff')`;
    const [attendee] = await insertAttendees(sql, { eventId: ahead.eventId, count: 1, tag: 'skranke' });
    const [event] = await sql<{ starts_at: Date }[]>`select starts_at from public.events where id = ${ahead.eventId}`;
    const desk = () => scan('', { code: undefined, gate: null, manual: { ticketId: attendee!.ticketId, revision: 1 } });

    // Months early, outside rehearsal: the same refusal as the QR code, with when it opens.
    const early = (await syncScans(staff.claims, ahead.eventId, [desk()], context)).results[0]!.verdict;
    expect(early).toMatchObject({ code: 'not_yet_valid', practice: false, ticketId: attendee!.ticketId });
    expect(Date.parse(early.validFrom!)).toBe(event!.starts_at.getTime() - 24 * HOUR);
    expect(await recorded(attendee!.ticketId)).toEqual({ checkIns: 0, sessions: 0, held: 0 });

    // In rehearsal: practice, recorded nowhere.
    expect(await setRehearsal(owner, ahead.eventId, true, context)).toBe('saved');
    const practice = (await syncScans(staff.claims, ahead.eventId, [desk()], context)).results[0]!.verdict;
    expect(practice).toMatchObject({ code: 'ok', practice: true });
    expect(await recorded(attendee!.ticketId)).toEqual({ checkIns: 0, sessions: 0, held: 0 });
    expect(await setRehearsal(owner, ahead.eventId, false, context)).toBe('saved');

    // Inside the window: a real check-in.
    await sql`update public.events set starts_at = now() - interval '1 hour', ends_at = now() + interval '8 hours'
               where id = ${ahead.eventId}`;
    const real = (await syncScans(staff.claims, ahead.eventId, [desk()], context)).results[0]!.verdict;
    expect(real).toMatchObject({ code: 'ok', practice: false });
    expect((await recorded(attendee!.ticketId)).checkIns).toBe(1);

    // Long after it: expired, with when it closed, and nothing more recorded.
    await sql`update public.events set starts_at = now() - interval '3 days', ends_at = now() - interval '2 days'
               where id = ${ahead.eventId}`;
    const late = (await syncScans(staff.claims, ahead.eventId, [desk()], context)).results[0]!.verdict;
    expect(late).toMatchObject({ code: 'expired', practice: false });
    expect(late.validUntil).not.toBeNull();
    expect((await recorded(attendee!.ticketId)).checkIns).toBe(1);
  });
});
