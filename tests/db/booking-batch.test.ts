// Group commit for bookings (#16, src/lib/booking/booking-batch.server.ts and
// private.book_sessions) against a real Postgres: bookings of one round that
// arrive together go to Postgres as one call, and each still gets exactly the
// answer a booking of its own would get — in arrival order, one per person,
// with its own rate limit and session check — and one item's failure never
// fails the others.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RateRule } from '../../src/lib/auth/auth.ts';
import { BookingBatcher, type BatchAnswer } from '../../src/lib/booking/booking-batch.server.ts';
import { bookSeat, bookSeatChecked } from '../../src/lib/booking/booking.server.ts';
import { connect, type SignedIn } from '../../src/lib/db/db.server.ts';
import { DatabaseTimeoutError } from '../../src/lib/db/outage.ts';
import { worldAt } from '../fixtures/clock.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
const context = { origin: 'http://localhost:4321', db: sql };

let world: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'booking-batch', status: 'published' });
  await sql`update public.events set max_gallery_rounds_per_attendee = null where id = ${world.eventId}`;
});

afterEach(async () => {
  expect(await seatInvariantBreaches(sql)).toEqual([]);
});

let hour = 7;
/** A round of its own, an hour after the previous test's, so no booking clashes with another test's. */
async function round(slug: string, capacity: number): Promise<string> {
  hour += 1;
  const at = (minutes: number) => worldAt(`${String(hour).padStart(2, '0')}:${minutes === 0 ? '00' : '30'}`);
  return insertBookableSession(sql, { eventId: world.eventId, slug, startsAt: at(0), endsAt: at(30), capacity });
}

async function line(sessionId: string) {
  return sql<{ ticket_id: string; status: string; waitlist_number: number | null }[]>`
    select ticket_id, status, waitlist_number from public.bookings
     where session_id = ${sessionId} and status <> 'cancelled'
     order by waitlist_number nulls first, confirmed_at`;
}

/** Who is where: seat holders, then the line in its order, as ticket ids. */
const signedIn = (attendee: Attendee) => attendee.claims as SignedIn;

/** Each attendee a signed session of their own, as sign-in starts it. */
async function authSessions(attendees: Attendee[]): Promise<Map<string, string>> {
  const rows = await sql<{ user_id: string; id: string }[]>`
    select u as user_id, private.start_auth_session(u, interval '1 hour') as id
      from unnest(${attendees.map((attendee) => attendee.userId)}::uuid[]) u`;
  return new Map(rows.map((row) => [row.user_id, row.id]));
}

/** The booking rate limit's shape (an address's minute and hour, the person's minute) with room to spare. */
function rules(address: string, userId: string, perMinute = 30): RateRule[] {
  return [
    { bucket: `form:booking:ip:${address}`, limit: perMinute, windowSeconds: 60 },
    { bucket: `form:booking:ip:${address}`, limit: 600, windowSeconds: 3600 },
    { bucket: `form:booking:user:${userId}`, limit: 10, windowSeconds: 60 },
  ];
}

describe('a rush through the JSON endpoint’s path (group commit)', () => {
  it('1,000 at once on 30 seats: exactly 30 seats, the line numbered 1…970 in arrival order, nobody twice', async () => {
    const session = await round('tusind', 30);
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 1000, tag: 'tusind' });
    const sessions = await authSessions(people);
    const batcher = new BookingBatcher(sql, async () => {});

    const answers = await Promise.all(
      people.map((person, index) =>
        batcher.book({
          claims: signedIn(person),
          eventId: world.eventId,
          sessionId: session,
          swap: false,
          authSession: { id: sessions.get(person.userId)!, userId: person.userId },
          limit: rules(`10.0.${index >> 8}.${index & 255}`, person.userId),
          origin: context.origin,
        }),
      ),
    );

    // Went together: far fewer calls than bookings.
    expect(batcher.items).toBe(1000);
    expect(batcher.calls).toBeLessThan(100);
    expect(answers.every((answer) => answer.live && answer.allowed)).toBe(true);
    const codes = answers.map((answer) => answer.result!.code);
    // Arrival order is the order they asked in: the first 30 sit, the rest wait in that order.
    expect(codes.slice(0, 30)).toEqual(Array(30).fill('confirmed'));
    expect(codes.slice(30)).toEqual(Array(970).fill('waitlisted'));
    expect(answers.slice(30).map((answer) => answer.result!.position)).toEqual(
      Array.from({ length: 970 }, (_, index) => index + 1),
    );
    const rows = await line(session);
    expect(rows.filter((row) => row.status === 'confirmed')).toHaveLength(30);
    const waiting = rows.filter((row) => row.status === 'waitlisted');
    expect(waiting.map((row) => row.waitlist_number)).toEqual(Array.from({ length: 970 }, (_, index) => index + 1));
    expect(waiting.map((row) => row.ticket_id)).toEqual(people.slice(30).map((person) => person.ticketId));
    expect(new Set(rows.map((row) => row.ticket_id)).size).toBe(1000);

    // Asking again in the rush (a double click) changes nothing: each is told where they already are.
    const again = await Promise.all(
      people
        .slice(0, 40)
        .map((person) =>
          bookSeat(signedIn(person), { eventId: world.eventId, sessionId: session, swap: false }, context),
        ),
    );
    expect(again.map((result) => result.code)).toEqual(Array(40).fill('already_booked'));
    expect(await line(session)).toHaveLength(1000);
  });

  it('a rush over several rounds: calls carry several sessions, each session’s line in arrival order, answers in asking order', async () => {
    const rounds = [await round('mange-1', 3), await round('mange-2', 3), await round('mange-3', 3)];
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 60, tag: 'mange' });
    const sessions = await authSessions(people);
    // Two processes (two batchers, two lines each) asked at once, in opposite orders of rounds: their
    // calls take the same sessions' row locks, always in one order, so none deadlocks.
    const batchers = [new BookingBatcher(sql, async () => {}), new BookingBatcher(sql, async () => {})];
    const asks = people.map((person, index) => ({
      person,
      index,
      batcher: batchers[index % 2]!,
      sessionId: rounds[index % 2 === 0 ? index % 3 : 2 - (index % 3)]!,
    }));
    const answers = await Promise.all(
      asks.map(({ person, index, batcher, sessionId }) =>
        batcher.book({
          claims: signedIn(person),
          eventId: world.eventId,
          sessionId,
          swap: false,
          authSession: { id: sessions.get(person.userId)!, userId: person.userId },
          limit: rules(`10.3.${index >> 8}.${index & 255}`, person.userId),
          origin: context.origin,
        }),
      ),
    );
    expect(batchers[0]!.calls + batchers[1]!.calls).toBeLessThan(20);
    // Each answer is its own asker's: the booking it names is that person's, in the round they asked for.
    const booked = await sql<{ id: string; ticket_id: string; session_id: string }[]>`
      select id, ticket_id, session_id from public.bookings where session_id = any(${rounds})`;
    const byId = new Map(booked.map((row) => [row.id, row]));
    for (const [position, { person, sessionId }] of asks.entries()) {
      const row = byId.get(answers[position]!.result!.booking_id!);
      expect({ ticket: row?.ticket_id, session: row?.session_id }).toEqual({
        ticket: person.ticketId,
        session: sessionId,
      });
    }
    // Per round: 3 seats, the rest in line 1…n, a process's own askers in the order they asked.
    for (const sessionId of rounds) {
      const rows = await line(sessionId);
      expect(rows.filter((row) => row.status === 'confirmed')).toHaveLength(3);
      const waiting = rows.filter((row) => row.status === 'waitlisted');
      expect(waiting.map((row) => row.waitlist_number)).toEqual(waiting.map((_, index) => index + 1));
      for (const batcher of batchers) {
        const asked = asks
          .filter((ask) => ask.batcher === batcher && ask.sessionId === sessionId)
          .map((ask) => ask.person.ticketId);
        const order = rows.map((row) => row.ticket_id).filter((ticket) => asked.includes(ticket));
        expect(order).toEqual(asked);
      }
    }
  });

  it('the form’s path and the JSON path book on the same call, in arrival order', async () => {
    const session = await round('to-veje', 2);
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 6, tag: 'to-veje' });
    const results = await Promise.all(
      people.map((person, index) =>
        index % 2 === 0
          ? bookSeat(signedIn(person), { eventId: world.eventId, sessionId: session, swap: false }, context)
          : bookSeatChecked(
              signedIn(person),
              { eventId: world.eventId, sessionId: session, swap: false },
              { limit: rules('10.9.9.9', person.userId) },
              context,
            ).then((answer) => answer.result!),
      ),
    );
    expect(results.map((result) => result.code)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    expect(results.slice(2).map((result) => result.position)).toEqual([1, 2, 3, 4]);
  });
});

describe('each request keeps its own checks inside a batch', () => {
  it('a session no longer live books nothing; the others in the same call are booked', async () => {
    const session = await round('udlobet', 10);
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 4, tag: 'udlobet' });
    const sessions = await authSessions(people);
    // The second signed out on another device.
    await sql`delete from private.auth_sessions where id = ${sessions.get(people[1]!.userId)!}`;
    const batcher = new BookingBatcher(sql, async () => {});
    const answers = await Promise.all(
      people.map((person) =>
        batcher.book({
          claims: signedIn(person),
          eventId: world.eventId,
          sessionId: session,
          swap: false,
          authSession: { id: sessions.get(person.userId)!, userId: person.userId },
          limit: rules('10.8.8.8', person.userId),
          origin: context.origin,
        }),
      ),
    );
    expect(batcher.calls).toBe(1);
    expect(answers.map((answer) => answer.live)).toEqual([true, false, true, true]);
    expect(answers[1]!.result).toBeNull();
    expect(answers.filter((answer) => answer.result?.code === 'confirmed')).toHaveLength(3);
    expect((await line(session)).map((row) => row.ticket_id).sort()).toEqual(
      [people[0]!, people[2]!, people[3]!].map((person) => person.ticketId).sort(),
    );
  });

  it('an address over its limit inside one call: the first in order are booked, the rest refused with a wait, not counted', async () => {
    const session = await round('graense', 10);
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 5, tag: 'graense' });
    const batcher = new BookingBatcher(sql, async () => {});
    const answers: BatchAnswer[] = await Promise.all(
      people.map((person) =>
        batcher.book({
          claims: signedIn(person),
          eventId: world.eventId,
          sessionId: session,
          swap: false,
          // Three posts a minute from this address.
          limit: rules('10.7.7.7', person.userId, 3),
          origin: context.origin,
        }),
      ),
    );
    expect(batcher.calls).toBe(1);
    expect(answers.map((answer) => answer.allowed)).toEqual([true, true, true, false, false]);
    expect(answers.slice(3).every((answer) => answer.result === null && answer.retryAfterSeconds > 0)).toBe(true);
    expect(answers.slice(3).every((answer) => answer.retryAfterSeconds <= 60)).toBe(true);
    expect(await line(session)).toHaveLength(3);
    const [hits] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.rate_limit_hits where bucket = private.rate_limit_key('form:booking:ip:10.7.7.7')`;
    // One hit per post let through (the minute and hour rules share the address's bucket).
    expect(hits!.n).toBe(3);
  });
  it('counts together with the form’s own rate limit (private.take_rate_limits): one log, one lock per bucket', async () => {
    const session = await round('samme-graense', 10);
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 2, tag: 'samme-graense' });
    const address = '10.6.6.6';
    // Two posts from the address through the form's path first.
    for (const person of people) {
      const [row] = await sql.begin(async (tx) => {
        await tx`select set_config('role', 'service_role', true)`;
        const limit = rules(address, person.userId, 3);
        return tx<{ allowed: boolean }[]>`
          select allowed from private.take_rate_limits(${limit.map((rule) => rule.bucket)}::text[],
            ${limit.map((rule) => rule.limit)}::int[], ${limit.map((rule) => rule.windowSeconds)}::int[])`;
      });
      expect(row!.allowed).toBe(true);
    }
    const batcher = new BookingBatcher(sql, async () => {});
    const answers = await Promise.all(
      people.map((person) =>
        batcher.book({
          claims: signedIn(person),
          eventId: world.eventId,
          sessionId: session,
          swap: false,
          limit: rules(address, person.userId, 3),
          origin: context.origin,
        }),
      ),
    );
    expect(answers.map((answer) => answer.allowed)).toEqual([true, false]);
    expect(await line(session)).toHaveLength(1);
  });
});

describe('failure', () => {
  it('one item that fails never fails the others: they are booked in order, only it gets the error', async () => {
    const session = await round('fejl', 10);
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 5, tag: 'fejl' });
    const batcher = new BookingBatcher(sql, async () => {});
    const broken = { role: 'authenticated', sub: 'not-a-uuid', email: 'x@example.org' } as SignedIn;
    const asked = [...people.slice(0, 2).map(signedIn), broken, ...people.slice(2).map(signedIn)];
    const settled = await Promise.allSettled(
      asked.map((claims) =>
        batcher.book({ claims, eventId: world.eventId, sessionId: session, swap: false, origin: context.origin }),
      ),
    );
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    // One call for all six failed as a whole (nothing of it committed); each then went alone.
    expect(batcher.calls).toBe(1 + 6);
    expect((await line(session)).map((row) => row.ticket_id)).toEqual(people.map((person) => person.ticketId));
  });

  it('a call the server reaches only after its callers gave up books none of them, and each is told so', async () => {
    const session = await round('for-sent', 10);
    const people = await insertAttendees(sql, { eventId: world.eventId, count: 3, tag: 'batch-for-sent' });
    // The callers give up after 200 ms; the server holds the call for 600 ms first (a stall).
    const impatient = connect(url, { max: 1, timeouts: { statementMs: 5_000, transactionMs: 200 } });
    const blocker = connect(url, { max: 1 });
    try {
      const stalled = blocker.begin(async (tx) => {
        await tx`select 1 from public.sessions where id = ${session} for update`;
        await tx`select pg_sleep(0.6)`;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const batcher = new BookingBatcher(impatient, async () => {});
      const settled = await Promise.allSettled(
        people.map((person) =>
          batcher.book({
            claims: signedIn(person),
            eventId: world.eventId,
            sessionId: session,
            swap: false,
            origin: context.origin,
          }),
        ),
      );
      expect(settled.every((outcome) => outcome.status === 'rejected')).toBe(true);
      expect(
        settled.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof DatabaseTimeoutError),
      ).toBe(true);
      await stalled;
      // Let the server reach the deadline check and roll back.
      await impatient`select 1`;
      expect(await line(session)).toEqual([]);
    } finally {
      await impatient.end();
      await blocker.end();
    }
  });

  it('only the service role may call the batch (an item names whom it books as)', async () => {
    const session = await round('rolle', 10);
    const [person] = await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'rolle' });
    const items = [{ claims: JSON.stringify(person!.claims), event_id: world.eventId, session_id: session }];
    for (const role of ['anon', 'authenticated']) {
      await expect(
        sql.begin(async (tx) => {
          await tx`select set_config('role', ${role}, true)`;
          await tx`select private.book_sessions(${tx.json(items)})`;
        }),
      ).rejects.toThrow(/permission denied/);
    }
    expect(await line(session)).toEqual([]);
  });
});
