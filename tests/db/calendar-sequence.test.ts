// SEQUENCE that calendar apps trust, on the real server and read back with an
// independent parser (node-ical): per attendee and session it only grows,
// also when a change waited on a lock, and it moves only when what that
// attendee sees moves — not when someone else books. Times written on a swap
// are in order (cancelled_at never before created_at).
import ical, { type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSeat, cancelBooking } from '../../src/lib/booking/booking.server.ts';
import { sessionUid } from '../../src/lib/calendar/calendar.ts';
import {
  issueFeedToken,
  loadFeedCalendar,
  loadMyProgrammeCalendar,
  loadSessionCalendar,
} from '../../src/lib/calendar/calendar.server.ts';
import { ANON, asUser } from '../../src/lib/db/db.server.ts';
import { WORLD_YEAR } from '../fixtures/clock.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();
const origin = 'http://localhost:4321';
const context = { origin, db: sql };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Seen {
  status: string;
  sequence: number;
}

/** What a subscribed calendar app sees in the feed: UID → status and SEQUENCE. */
async function feed(token: string): Promise<Map<string, Seen>> {
  const file = await loadFeedCalendar({ token, origin }, sql);
  const events = Object.values(ical.sync.parseICS(file!.ics)).filter((item): item is VEvent => item?.type === 'VEVENT');
  return new Map(
    events.map((event) => [event.uid, { status: String(event.status), sequence: Number(event.sequence) }]),
  );
}

async function seen(token: string, sessionId: string): Promise<Seen | undefined> {
  return (await feed(token)).get(sessionUid(sessionId));
}

async function sessionFileSequence(slug: string): Promise<number> {
  const file = await loadSessionCalendar(ANON, { eventSlug: 'sekvens', sessionSlug: slug, lang: 'da', origin }, sql);
  const [event] = Object.values(ical.sync.parseICS(file!.ics)).filter(
    (item): item is VEvent => item?.type === 'VEVENT',
  );
  return Number(event!.sequence);
}

/** Resolves once some statement of this database waits for a lock. */
async function someoneWaitsForALock(): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const [row] = await sql<{ waiting: number }[]>`
      select count(*)::int as waiting from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`;
    if (row!.waiting > 0) return;
    await sleep(25);
  }
  throw new Error('nobody waited for the lock');
}

/** The times of a ticket's one booking of a session. */
async function bookingTimes(ticketId: string, sessionId: string) {
  const rows = await sql<{ status: string; created_at: Date; confirmed_at: Date | null; cancelled_at: Date | null }[]>`
    select status, created_at, confirmed_at, cancelled_at from public.bookings
     where ticket_id = ${ticketId} and session_id = ${sessionId}`;
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

let world: EventWorld;
let me: Attendee;
let other: Attendee;
let neighbour: Attendee;
let token: string;
let hour = 0;
/** A session in a slot of its own, so the tests' bookings never clash unless they mean to. */
async function session(slug: string, capacity: number, sameHourAs?: string): Promise<string> {
  // Two hours apart, so a session moved by half an hour still clashes with none.
  const at = sameHourAs ? Number(sameHourAs) : (hour += 2) - 2;
  const time = (h: number) => `${WORLD_YEAR}-01-20T${String(h).padStart(2, '0')}:00:00+01:00`;
  return insertBookableSession(sql, {
    eventId: world.eventId,
    slug,
    kind: 'workshop',
    startsAt: time(at),
    endsAt: time(at + 1),
    capacity,
  });
}

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'sekvens', status: 'published' });
  [me, other, neighbour] = (await insertAttendees(sql, { eventId: world.eventId, count: 3, tag: 'sekvens' })) as [
    Attendee,
    Attendee,
    Attendee,
  ];
  token = (await issueFeedToken(me.claims, world.eventId, sql))!;
});

const book = async (who: Attendee, sessionId: string, swap = false) =>
  (await bookSeat(who.claims, { eventId: world.eventId, sessionId, swap }, context)).code;

async function cancel(who: Attendee, sessionId: string) {
  const [booking] = await sql<{ id: string }[]>`
    select id from public.bookings where ticket_id = ${who.ticketId} and session_id = ${sessionId}
       and status <> 'cancelled'`;
  return (await cancelBooking(who.claims, booking!.id, context)).code;
}

describe('SEQUENCE across a change that waited on a lock', () => {
  it('a cancellation held up behind a lock gets a higher SEQUENCE than the copy published while it waited', async () => {
    const waiting = await session('venter', 5);
    expect(await book(me, waiting)).toBe('confirmed');

    // Something holds my ticket (as my own concurrent click does); my cancellation starts and waits.
    const held = await sql.reserve();
    try {
      await held`begin`;
      await held`select 1 from public.tickets where id = ${me.ticketId} for update`;
      const cancelling = cancel(me, waiting);
      await someoneWaitsForALock();
      await sleep(1100);
      // Meanwhile the organiser moves the session; my calendar gets the moved, confirmed copy.
      await sql`update public.sessions set starts_at = starts_at + interval '15 minutes' where id = ${waiting}`;
      const confirmed = await seen(token, waiting);
      expect(confirmed?.status).toBe('CONFIRMED');

      await held`commit`;
      expect(await cancelling).toBe('cancelled');
      const cancelled = await seen(token, waiting);
      expect(cancelled?.status).toBe('CANCELLED');
      expect(cancelled!.sequence).toBeGreaterThan(confirmed!.sequence);
    } finally {
      held.release();
    }
    const given = await bookingTimes(me.ticketId, waiting);
    expect(given.cancelled_at!.getTime()).toBeGreaterThanOrEqual(given.confirmed_at!.getTime());
  });

  it('a swap whose transaction began before the booking it gives up records cancelled_at ≥ created_at', async () => {
    const hourOfB = String(hour);
    const first = await session('foerst', 5);
    const second = await session('derefter', 5, hourOfB);

    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    // The swap's transaction starts (its now() is fixed) and is held up before it reaches the ticket lock.
    const swap = asUser(
      me.claims,
      async (tx) => {
        await gate;
        const [row] = await tx<{ result: { code: string } }[]>`
          select private.book_session(${world.eventId}, ${second}, true) as result`;
        return row!.result.code;
      },
      sql,
    );
    await sleep(1100);
    expect(await book(me, first)).toBe('confirmed');
    const confirmed = await seen(token, first);
    expect(confirmed?.status).toBe('CONFIRMED');
    go();
    expect(await swap).toBe('confirmed');

    const cancelled = await seen(token, first);
    expect(cancelled?.status).toBe('CANCELLED');
    expect(cancelled!.sequence).toBeGreaterThan(confirmed!.sequence);
    const given = await bookingTimes(me.ticketId, first);
    expect(given.cancelled_at!.getTime()).toBeGreaterThanOrEqual(given.created_at.getTime());
    expect(given.cancelled_at!.getTime()).toBeGreaterThanOrEqual(given.confirmed_at!.getTime());
  });

  it('refuses a booking whose times run backwards', async () => {
    const backwards = await session('baglaens', 5);
    expect(await book(neighbour, backwards)).toBe('confirmed');
    expect(await cancel(neighbour, backwards)).toBe('cancelled');
    const [row] = await sql<{ id: string }[]>`
      select id from public.bookings where ticket_id = ${neighbour.ticketId} and session_id = ${backwards}`;
    await expect(
      sql`update public.bookings set cancelled_at = created_at - interval '1 second' where id = ${row!.id}`,
    ).rejects.toThrow(/bookings_times_in_order/);
  });
});

describe('SEQUENCE moves only when what I see moves', () => {
  it('is untouched by other attendees booking, cancelling and queueing for my session', async () => {
    const mine = await session('min', 2);
    expect(await book(me, mine)).toBe('confirmed');
    const before = await seen(token, mine);
    const fileBefore = await sessionFileSequence('min');
    // A second on, so that a SEQUENCE derived from change times would move.
    await sleep(1100);

    expect(await book(other, mine)).toBe('confirmed');
    expect(await book(neighbour, mine)).toBe('waitlisted');
    expect(await cancel(other, mine)).toBe('cancelled'); // the neighbour gets the seat
    await sql`update public.sessions set capacity = 3 where id = ${mine}`;

    expect(await seen(token, mine)).toEqual(before);
    expect(await sessionFileSequence('min')).toBe(fileBefore);
    const [taken] = await sql<{ seats_taken: number }[]>`select seats_taken from public.sessions where id = ${mine}`;
    expect(taken!.seats_taken).toBe(2);
  });

  it('grows when the session moves, its room is renamed or the venue changes, and only then', async () => {
    const moving = await session('flytter', 5);
    expect(await book(me, moving)).toBe('confirmed');
    const start = (await seen(token, moving))!.sequence;
    const fileStart = await sessionFileSequence('flytter');

    await sql`update public.sessions set starts_at = starts_at + interval '30 minutes', ends_at = ends_at + interval '30 minutes' where id = ${moving}`;
    const moved = (await seen(token, moving))!.sequence;
    expect(moved).toBe(start + 1);
    expect(await sessionFileSequence('flytter')).toBe(fileStart + 1);

    await sql`update public.sessions set room_id = ${world.spareRoomId} where id = ${moving}`;
    const roomed = (await seen(token, moving))!.sequence;
    expect(roomed).toBe(moved + 1);
    await sql`update public.rooms set name = 'Sal Ø' where id = ${world.spareRoomId}`;
    const renamed = (await seen(token, moving))!.sequence;
    expect(renamed).toBe(roomed + 1);
    await sql`update public.events set venue_name = 'Øksnehallen' where id = ${world.eventId}`;
    expect((await seen(token, moving))!.sequence).toBe(renamed + 1);

    // Nothing a calendar shows: no change.
    await sql`update public.sessions set capacity = 7, discussion_questions = '{Hvorfor?}' where id = ${moving}`;
    await sql`update public.rooms set capacity = capacity + 1 where id = ${world.spareRoomId}`;
    expect((await seen(token, moving))!.sequence).toBe(renamed + 1);
  });

  it('grows through cancel and rebook, and a place in line after a cancellation leaves the cancelled copy as it was', async () => {
    const again = await session('igen', 1);
    expect(await book(me, again)).toBe('confirmed');
    const booked = (await seen(token, again))!;
    expect(await cancel(me, again)).toBe('cancelled');
    const cancelled = (await seen(token, again))!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.sequence).toBe(booked.sequence + 1);

    // The seat goes to another; I queue again: still cancelled in my calendar, unchanged.
    expect(await book(other, again)).toBe('confirmed');
    expect(await book(me, again)).toBe('waitlisted');
    expect(await seen(token, again)).toEqual(cancelled);

    // The seat comes back to me: confirmed again, higher than the cancellation.
    expect(await cancel(other, again)).toBe('cancelled');
    const rebooked = (await seen(token, again))!;
    expect(rebooked.status).toBe('CONFIRMED');
    expect(rebooked.sequence).toBe(cancelled.sequence + 1);

    // My programme file carries the same SEQUENCE as the feed.
    const programme = await loadMyProgrammeCalendar(me.claims, { eventSlug: 'sekvens', lang: 'da', origin }, sql);
    const entry = Object.values(ical.sync.parseICS(programme!.ics)).find(
      (item): item is VEvent => item?.type === 'VEVENT' && item.uid === sessionUid(again),
    );
    expect(Number(entry!.sequence)).toBe(rebooked.sequence);
  });

  it('never shows a place in line that was given up without ever having a seat', async () => {
    const never = await session('aldrig', 1);
    expect(await book(other, never)).toBe('confirmed');
    expect(await book(me, never)).toBe('waitlisted');
    expect(await cancel(me, never)).toBe('cancelled');
    expect(await seen(token, never)).toBeUndefined();
  });
});
