// The check-in window, enforced by Postgres (20261205200100_check_in_window.sql):
// private.check_in called directly refuses a scan outside the window the
// event's codes carry and writes nothing; inside it, it checks in; an offline
// scan synced after the window closed counts when it was scanned; a device
// clock running ahead cannot open the doors early; the ticket's own state
// still comes first; rehearsal records nothing. Through the TypeScript path,
// the database's refusal is the same "not valid yet"/"expired" answer. Staff
// of an event still in draft get the same window as its organiser, at the
// desk and in the device's pack. Every date is relative to now.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, type Claims, type Tx } from '../../src/lib/db/db.server.ts';
import type { ScanInput } from '../../src/lib/checkin/checkin.ts';
import { loadOfflinePack, syncScans } from '../../src/lib/checkin/checkin.server.ts';
import { setRehearsal } from '../../src/lib/checkin/rehearsal.server.ts';
import { ticketValidity } from '../../src/lib/tickets/tickets.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { codesFor } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 4 });
const context = { db: sql };
const HOUR = 3_600_000;

let world: EventWorld;
let draft: EventWorld;
let organiser: Claims;
let staff: TestUser;
let draftStaff: TestUser;
let tickets: Attendee[];
let draftTickets: Attendee[];
/** Signed codes valid a day either side of now, whatever the event's dates. */
let codes: string[];

/** Puts the event `startsIn` hours from now (negative: in the past), lasting `lasting` hours. */
async function eventAt(eventId: string, startsIn: number, lasting = 8): Promise<{ startsAt: Date; endsAt: Date }> {
  const [row] = await sql<{ starts_at: Date; ends_at: Date }[]>`
    update public.events
       set starts_at = now() + make_interval(secs => ${startsIn * 3600}),
           ends_at = now() + make_interval(secs => ${(startsIn + lasting) * 3600})
     where id = ${eventId}
    returning starts_at, ends_at`;
  return { startsAt: row!.starts_at, endsAt: row!.ends_at };
}

type DbVerdict = Record<string, unknown> & { code: string };

/** private.check_in called directly, as the given user, as a new caller in TypeScript might. */
function checkInDirectly(who: Claims, eventId: string, ticketId: string, scannedAt: Date | null): Promise<DbVerdict> {
  return asUser(
    who,
    async (tx: Tx) =>
      (
        await tx<{ verdict: DbVerdict }[]>`
          select private.check_in(${eventId}, ${ticketId}, 1, null, 'direkte', ${randomUUID()}, ${scannedAt})
                 as verdict`
      )[0]!.verdict,
    sql,
  );
}

async function written(ticketId: string): Promise<number> {
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from public.check_ins where ticket_id = ${ticketId}`;
  return row!.n;
}

function scan(overrides: Partial<ScanInput>): ScanInput {
  return { nonce: randomUUID(), scannedAt: new Date(), device: 'vindue', gate: null, ...overrides };
}

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'vindue', status: 'published' });
  draft = await insertEventWorld(sql, { slug: 'vindue-kladde', status: 'draft' });
  organiser = {
    role: 'authenticated',
    sub: world.organiserId,
    email: 'arrangoer@vindue.example.org',
    aud: 'authenticated',
  };
  staff = await insertUser(sql, 'vagt@vindue.example.org');
  draftStaff = await insertUser(sql, 'vagt@vindue-kladde.example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values
    (${world.eventId}, ${staff.id}, 'checkin_staff'), (${draft.eventId}, ${draftStaff.id}, 'checkin_staff')`;
  tickets = await insertAttendees(sql, { eventId: world.eventId, count: 12, tag: 'vindue' });
  draftTickets = await insertAttendees(sql, { eventId: draft.eventId, count: 2, tag: 'vindue-kladde' });
  codes = await codesFor(sql, world.eventId, tickets);
}, 60_000);

describe('private.check_in, called directly', () => {
  it('refuses a scan before the window opens, says when it opens, and writes nothing', async () => {
    const { startsAt } = await eventAt(world.eventId, 72);
    const verdict = await checkInDirectly(staff.claims, world.eventId, tickets[0]!.ticketId, new Date());
    expect(verdict).toMatchObject({ code: 'not_yet_valid', ticket_id: tickets[0]!.ticketId });
    expect(new Date(verdict.valid_from as string).getTime()).toBe(startsAt.getTime() - 24 * HOUR);
    expect(verdict).not.toHaveProperty('check_in_id');
    expect(await written(tickets[0]!.ticketId)).toBe(0);
  });

  it('refuses a scan after the window closed, says when it closed, and writes nothing', async () => {
    const { endsAt } = await eventAt(world.eventId, -40);
    const verdict = await checkInDirectly(staff.claims, world.eventId, tickets[0]!.ticketId, new Date());
    expect(verdict).toMatchObject({ code: 'expired' });
    expect(new Date(verdict.valid_until as string).getTime()).toBe(endsAt.getTime() + 12 * HOUR);
    expect(await written(tickets[0]!.ticketId)).toBe(0);
  });

  it('checks in inside the window, from the day before the event starts', async () => {
    await eventAt(world.eventId, 20);
    expect(await checkInDirectly(staff.claims, world.eventId, tickets[1]!.ticketId, new Date())).toMatchObject({
      code: 'ok',
      replay: false,
    });
    expect(await written(tickets[1]!.ticketId)).toBe(1);
  });

  it('judges an offline scan synced after the window closed by when it was scanned', async () => {
    // The window closed an hour ago; the scan was made three hours ago, inside it.
    await eventAt(world.eventId, -21, 8);
    const inside = new Date(Date.now() - 3 * HOUR);
    expect(await checkInDirectly(staff.claims, world.eventId, tickets[2]!.ticketId, inside)).toMatchObject({
      code: 'ok',
    });
    const [row] = await sql<{ scanned_at: Date }[]>`
      select scanned_at from public.check_ins where ticket_id = ${tickets[2]!.ticketId}`;
    expect(row!.scanned_at.getTime()).toBe(inside.getTime());
    // Scanned now, after it closed: refused.
    expect((await checkInDirectly(staff.claims, world.eventId, tickets[3]!.ticketId, new Date())).code).toBe('expired');
    expect(await written(tickets[3]!.ticketId)).toBe(0);
  });

  it('does not let a device clock running ahead open the doors early', async () => {
    // The window opens in six hours; the device claims it scanned in seven.
    await eventAt(world.eventId, 30);
    const ahead = new Date(Date.now() + 7 * HOUR);
    expect((await checkInDirectly(staff.claims, world.eventId, tickets[4]!.ticketId, ahead)).code).toBe(
      'not_yet_valid',
    );
    expect(await written(tickets[4]!.ticketId)).toBe(0);
  });

  it('gives the ticket’s own state first, outside the window too, and writes nothing', async () => {
    await eventAt(world.eventId, 72);
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${tickets[5]!.ticketId}`;
    expect((await checkInDirectly(staff.claims, world.eventId, tickets[5]!.ticketId, new Date())).code).toBe(
      'cancelled',
    );
    expect(await written(tickets[5]!.ticketId)).toBe(0);
  });

  it('records nothing in rehearsal, inside the window or before it', async () => {
    for (const startsIn of [2, 72]) {
      await eventAt(world.eventId, startsIn);
      expect(await setRehearsal(organiser, world.eventId, true, context)).toBe('saved');
      expect(await checkInDirectly(staff.claims, world.eventId, tickets[6]!.ticketId, new Date())).toMatchObject({
        code: 'ok',
        practice: true,
      });
      expect(await written(tickets[6]!.ticketId)).toBe(0);
      expect(await setRehearsal(organiser, world.eventId, false, context)).toBe('saved');
    }
  });

  it('answers nothing but not_authorised to someone who is not the event’s staff', async () => {
    const stranger = await insertUser(sql, 'fremmed@vindue.example.org');
    await eventAt(world.eventId, 2);
    expect(await checkInDirectly(stranger.claims, world.eventId, tickets[7]!.ticketId, new Date())).toEqual({
      code: 'not_authorised',
    });
    expect(
      await asUser(stranger.claims, (tx) => tx`select * from private.checkin_window(${world.eventId})`, sql),
    ).toHaveLength(0);
  });

  it('uses the very window the codes carry (ticketValidity)', async () => {
    const dates = await eventAt(world.eventId, 50, 9.5);
    const [row] = await asUser(
      staff.claims,
      (tx) => tx<{ valid_from: Date; valid_until: Date }[]>`select * from private.checkin_window(${world.eventId})`,
      sql,
    );
    const expected = ticketValidity(dates);
    expect([row!.valid_from.getTime(), row!.valid_until.getTime()]).toEqual([
      expected.validFrom.getTime(),
      expected.validUntil.getTime(),
    ]);
  });
});

describe('through the door’s own path', () => {
  it('maps the database’s refusal of a code still valid by its own dates to "not valid yet", recording nothing', async () => {
    // The event was moved three days on after the code was issued: the code's own
    // window is open, the event's is not. Only the database knows.
    const { startsAt } = await eventAt(world.eventId, 72);
    const { results } = await syncScans(staff.claims, world.eventId, [scan({ code: codes[8]! })], context);
    expect(results[0]!.verdict).toMatchObject({
      code: 'not_yet_valid',
      colour: 'red',
      checkInId: null,
      validFrom: new Date(startsAt.getTime() - 24 * HOUR).toISOString(),
      validUntil: null,
    });
    expect(await written(tickets[8]!.ticketId)).toBe(0);
  });

  it('accepts an offline code scan synced after the window closed, scanned inside it', async () => {
    await eventAt(world.eventId, -21, 8);
    const { results } = await syncScans(
      staff.claims,
      world.eventId,
      [scan({ code: codes[9]!, scannedAt: new Date(Date.now() - 3 * HOUR) }), scan({ code: codes[10]! })],
      context,
    );
    expect(results.map((result) => result.verdict.code)).toEqual(['ok', 'expired']);
    expect(await written(tickets[9]!.ticketId)).toBe(1);
    expect(await written(tickets[10]!.ticketId)).toBe(0);
  });
});

describe('an event still in draft', () => {
  it('gives its check-in staff the organiser’s window at the desk: a ticket found by name is refused before it', async () => {
    const { startsAt } = await eventAt(draft.eventId, 72);
    const manual = { ticketId: draftTickets[0]!.ticketId, revision: 1 };
    const { results } = await syncScans(draftStaff.claims, draft.eventId, [scan({ manual })], context);
    expect(results[0]!.verdict).toMatchObject({
      code: 'not_yet_valid',
      validFrom: new Date(startsAt.getTime() - 24 * HOUR).toISOString(),
    });
    expect(await written(draftTickets[0]!.ticketId)).toBe(0);

    await eventAt(draft.eventId, 2);
    const again = await syncScans(draftStaff.claims, draft.eventId, [scan({ manual })], context);
    expect(again.results[0]!.verdict.code).toBe('ok');
  });

  it('puts the window in its staff’s offline pack', async () => {
    const dates = await eventAt(draft.eventId, 72);
    const result = await loadOfflinePack(draftStaff.claims, draft.eventId, {
      ...context,
      device: { id: randomUUID(), label: 'kladde-telefon' },
    });
    const expected = ticketValidity(dates);
    expect(result.ok && { validFrom: result.pack.validFrom, validUntil: result.pack.validUntil }).toEqual({
      validFrom: expected.validFrom.toISOString(),
      validUntil: expected.validUntil.toISOString(),
    });
  });
});
