// The booking rush's design (#16) against a real Postgres: each booking is one
// statement sent with its BEGIN and COMMIT in one write (asUserInOneTrip), so
// the session row lock is held only while Postgres works. Its edges: the last
// seat raced by many, a seat freed by a cancellation while newcomers rush in
// (the first in line gets it, never a newcomer), and a transaction the caller
// gave up on, which must roll back rather than commit late.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookSeat, cancelBooking } from '../../src/lib/booking/booking.server.ts';
import { asUserInOneTrip, connect } from '../../src/lib/db/db.server.ts';
import { DatabaseTimeoutError } from '../../src/lib/db/outage.ts';
import { worldAt } from '../fixtures/clock.ts';
import { insertAttendees, insertBookableSession, seatInvariantBreaches } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 40 });
const context = { origin: 'http://localhost:4321', db: sql };

let world: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'booking-rush', status: 'published' });
  await sql`update public.events set booking_waitlist_mode = 'auto_promote' where id = ${world.eventId}`;
});

afterEach(async () => {
  expect(await seatInvariantBreaches(sql)).toEqual([]);
});

async function line(sessionId: string) {
  return sql<{ id: string; ticket_id: string; status: string; waitlist_number: number | null }[]>`
    select id, ticket_id, status, waitlist_number from public.bookings
     where session_id = ${sessionId} and status <> 'cancelled'
     order by waitlist_number nulls first`;
}

describe('the hot round, one write per booking', () => {
  it('the last seat raced by 40 at once: one gets it, 39 wait, numbered 1…39 with distinct places', async () => {
    const session = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'sidste-plads',
      startsAt: worldAt('09:00'),
      endsAt: worldAt('10:00'),
      capacity: 5,
    });
    const [early, racers] = [
      await insertAttendees(sql, { eventId: world.eventId, count: 4, tag: 'tidlig' }),
      await insertAttendees(sql, { eventId: world.eventId, count: 40, tag: 'kaplob' }),
    ];
    for (const attendee of early) {
      expect(
        (await bookSeat(attendee.claims, { eventId: world.eventId, sessionId: session, swap: false }, context)).code,
      ).toBe('confirmed');
    }

    const results = await Promise.all(
      racers.map((attendee) =>
        bookSeat(attendee.claims, { eventId: world.eventId, sessionId: session, swap: false }, context),
      ),
    );

    expect(results.filter((result) => result.code === 'confirmed')).toHaveLength(1);
    const waiting = results.filter((result) => result.code === 'waitlisted');
    expect(waiting).toHaveLength(39);
    expect(new Set(waiting.map((result) => result.position)).size).toBe(39);
    const rows = await line(session);
    expect(rows.filter((row) => row.status === 'confirmed')).toHaveLength(5);
    expect(rows.flatMap((row) => (row.status === 'waitlisted' ? [row.waitlist_number] : []))).toEqual(
      Array.from({ length: 39 }, (_, index) => index + 1),
    );
    // Clicking again in the rush changes nothing.
    const again = await Promise.all(
      racers
        .slice(0, 5)
        .map((attendee) =>
          bookSeat(attendee.claims, { eventId: world.eventId, sessionId: session, swap: false }, context),
        ),
    );
    expect(again.map((result) => result.code)).toEqual(Array(5).fill('already_booked'));
    expect(await line(session)).toHaveLength(44);
  });

  it('a cancellation during a rush frees a seat that the head of the line gets, never a newcomer, with one email', async () => {
    const session = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'afbud-i-kaplob',
      startsAt: worldAt('10:00'),
      endsAt: worldAt('11:00'),
      capacity: 3,
    });
    const holders = await insertAttendees(sql, { eventId: world.eventId, count: 3, tag: 'holder' });
    const waiters = await insertAttendees(sql, { eventId: world.eventId, count: 3, tag: 'venter' });
    const newcomers = await insertAttendees(sql, { eventId: world.eventId, count: 30, tag: 'nykommer' });
    const seats = [];
    for (const attendee of [...holders, ...waiters]) {
      seats.push(await bookSeat(attendee.claims, { eventId: world.eventId, sessionId: session, swap: false }, context));
    }
    expect(seats.map((result) => result.code)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    const head = seats[3]!.booking_id!;

    const [cancelled, ...rush] = await Promise.all([
      cancelBooking(holders[0]!.claims, seats[0]!.booking_id!, context),
      ...newcomers.map((attendee) =>
        bookSeat(attendee.claims, { eventId: world.eventId, sessionId: session, swap: false }, context),
      ),
    ]);

    expect(cancelled!.code).toBe('cancelled');
    expect(rush.map((result) => result.code)).toEqual(Array(30).fill('waitlisted'));
    const rows = await line(session);
    const confirmed = rows.filter((row) => row.status === 'confirmed');
    expect(confirmed).toHaveLength(3);
    expect(confirmed.map((row) => row.id)).toContain(head);
    const waitingNumbers = rows.flatMap((row) => (row.status === 'waitlisted' ? [row.waitlist_number!] : []));
    expect(waitingNumbers).toEqual(Array.from({ length: 32 }, (_, index) => index + 2));
    const emails = await sql<{ idempotency_key: string }[]>`
      select idempotency_key from private.outbox_emails where idempotency_key like ${`booking-seat/${head}/%`}`;
    expect(emails).toHaveLength(1);
  });

  it('a booking the server reaches only after its caller gave up rolls back instead of committing late', async () => {
    const session = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'for-sent',
      startsAt: worldAt('11:00'),
      endsAt: worldAt('12:00'),
      capacity: 10,
    });
    const [late] = await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'for-sent' });
    // The caller gives up after 200 ms; the statement only finishes after 600 ms (a stalled server).
    const impatient = connect(url, { max: 1, timeouts: { statementMs: 5_000, transactionMs: 200 } });
    try {
      await expect(
        asUserInOneTrip(
          late!.claims,
          (tx) => tx`select private.book_session(${world.eventId}, ${session}, false) as result from pg_sleep(0.6)`,
          impatient,
        ),
      ).rejects.toBeInstanceOf(DatabaseTimeoutError);
      // Let the server finish the statement and reach the deadline check and the COMMIT.
      await impatient`select 1`;
      expect(await line(session)).toEqual([]);

      // The same connection is clean afterwards: a booking in time commits.
      const patient = connect(url, { max: 1, timeouts: { statementMs: 5_000, transactionMs: 5_000 } });
      try {
        const [row] = await asUserInOneTrip(
          late!.claims,
          (tx) =>
            tx<
              { result: { code: string } }[]
            >`select private.book_session(${world.eventId}, ${session}, false) as result`,
          patient,
        );
        expect(row!.result.code).toBe('confirmed');
      } finally {
        await patient.end();
      }
    } finally {
      await impatient.end();
    }
  });

  it('a statement that fails rolls back everything before it and leaves the connection usable', async () => {
    const [someone] = await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'fejl' });
    const one = connect(url, { max: 1 });
    try {
      await expect(
        asUserInOneTrip(
          someone!.claims,
          // Writes as the user would not be allowed anyway; a division by zero after it aborts the transaction.
          (tx) => tx`select 1 / 0 as boom`,
          one,
        ),
      ).rejects.toMatchObject({ code: '22012' });
      const [row] = await asUserInOneTrip(
        someone!.claims,
        (tx) => tx<{ who: string; role: string }[]>`select auth.uid()::text as who, current_user::text as role`,
        one,
      );
      expect(row).toEqual({ who: someone!.userId, role: 'authenticated' });
      // Outside the transaction, the role and claims are gone again.
      const [after] = await one<{ role: string; claims: string }[]>`
        select current_user::text as role, coalesce(current_setting('request.jwt.claims', true), '') as claims`;
      expect(after!.role).not.toBe('authenticated');
      expect(after!.claims).toBe('');
    } finally {
      await one.end();
    }
  });
});
