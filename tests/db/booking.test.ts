// Session booking against a real Postgres: capacity under a rush, the
// waitlist in order, one booking per person under concurrent clicks, clashes
// and swaps, offers, and refusals that write nothing. After every scenario the
// invariant holds: a session's seats_taken is the count of bookings holding a
// seat.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type Claims } from '../../src/lib/db/db.server.ts';
import { bookSeat, cancelBooking, claimOffer, listMyBookings } from '../../src/lib/booking/booking.server.ts';
import { worldAt } from '../fixtures/clock.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../fixtures/booking-world.ts';
import { runBookingJobs } from '../../src/lib/booking/jobs.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { fingerprint } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 100 });
const context = { origin: 'http://localhost:4321', db: sql };
const at = worldAt;

let world: EventWorld;
let other: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'booking', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'booking-andet', status: 'published' });
});

afterEach(async () => {
  expect(await seatInvariantBreaches(sql)).toEqual([]);
});

async function bookingsOf(sessionId: string) {
  return sql<{ id: string; ticket_id: string; status: string; waitlist_number: number | null }[]>`
    select id, ticket_id, status, waitlist_number from public.bookings where session_id = ${sessionId}
     order by waitlist_number nulls first, created_at`;
}

async function seatEmails(prefix = 'booking-seat/') {
  return sql<{ idempotency_key: string; recipient: string; template_data: { offerExpiresAt?: string } }[]>`
    select idempotency_key, recipient, template_data from private.outbox_emails
     where idempotency_key like ${prefix + '%'} order by created_at`;
}

describe('a rush on a 30-seat gallery round', () => {
  let round: string;
  let attendees: Attendee[];
  beforeAll(async () => {
    round = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'rush',
      startsAt: at('13:00'),
      endsAt: at('14:00'),
      capacity: 30,
    });
    attendees = await insertAttendees(sql, { eventId: world.eventId, count: 1000, tag: 'rush' });
  });

  it('1,000 distinct attendees at once: exactly 30 seats, 970 in line numbered 1…970', async () => {
    const started = performance.now();
    const results = await Promise.all(
      attendees.map((attendee) =>
        bookSeat(attendee.claims, { eventId: world.eventId, sessionId: round, swap: false }, context),
      ),
    );
    const elapsed = performance.now() - started;
    console.log(`rush: 1000 bookings through 100 connections in ${elapsed.toFixed(0)} ms`);

    expect(results.filter((result) => result.code === 'confirmed')).toHaveLength(30);
    expect(results.filter((result) => result.code === 'waitlisted')).toHaveLength(970);
    const positions = results.flatMap((result) => (result.code === 'waitlisted' ? [result.position!] : []));
    expect(new Set(positions).size).toBe(970);

    const rows = await bookingsOf(round);
    expect(rows.filter((row) => row.status === 'confirmed')).toHaveLength(30);
    const numbers = rows.flatMap((row) => (row.status === 'waitlisted' ? [row.waitlist_number!] : []));
    expect(numbers).toEqual(Array.from({ length: 970 }, (_, index) => index + 1));
    const [session] = await sql<{ seats_taken: number }[]>`select seats_taken from public.sessions where id = ${round}`;
    expect(session!.seats_taken).toBe(30);
  }, 120_000);

  it('cancellations promote the first in line, in order, each emailed exactly once', async () => {
    const rows = await bookingsOf(round);
    const byTicket = new Map(attendees.map((attendee) => [attendee.ticketId, attendee]));
    const confirmed = rows.filter((row) => row.status === 'confirmed').slice(0, 5);
    const firstInLine = rows.filter((row) => row.status === 'waitlisted').slice(0, 6);
    for (const booking of confirmed) {
      const result = await cancelBooking(byTicket.get(booking.ticket_id)!.claims, booking.id, context);
      expect(result.code).toBe('cancelled');
    }
    const after = new Map((await bookingsOf(round)).map((row) => [row.id, row.status]));
    expect(firstInLine.slice(0, 5).map((row) => after.get(row.id))).toEqual(Array(5).fill('confirmed'));
    expect(after.get(firstInLine[5]!.id)).toBe('waitlisted');

    const emails = await seatEmails();
    expect(emails.map((email) => email.recipient).sort()).toEqual(
      firstInLine
        .slice(0, 5)
        .map((row) => byTicket.get(row.ticket_id)!.email)
        .sort(),
    );
    // The sixth is now first in line.
    const sixth = byTicket.get(firstInLine[5]!.ticket_id)!;
    const mine = await asUser(sixth.claims, (tx) => listMyBookings(tx, world.eventId), sql);
    expect(mine).toMatchObject([{ status: 'waitlisted', waitlistPlace: 1 }]);

    // A second cancellation of the same booking changes nothing and emails no one.
    const again = await cancelBooking(byTicket.get(confirmed[0]!.ticket_id)!.claims, confirmed[0]!.id, context);
    expect(again.code).toBe('not_cancellable');
    expect(await seatEmails()).toHaveLength(5);
  }, 60_000);

  it('a waitlisted attendee who cancels leaves the line without a gap in the places', async () => {
    const rows = (await bookingsOf(round)).filter((row) => row.status === 'waitlisted');
    const byTicket = new Map(attendees.map((attendee) => [attendee.ticketId, attendee]));
    const leaving = rows[0]!;
    expect((await cancelBooking(byTicket.get(leaving.ticket_id)!.claims, leaving.id, context)).code).toBe('cancelled');
    const next = byTicket.get(rows[1]!.ticket_id)!;
    const mine = await asUser(next.claims, (tx) => listMyBookings(tx, world.eventId), sql);
    expect(mine).toMatchObject([{ status: 'waitlisted', waitlistPlace: 1 }]);
  });
});

describe('one attendee clicking many times', () => {
  it('50 parallel requests for overlapping sessions give at most one booking', async () => {
    const [attendee] = await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'klik' });
    const sessions = await Promise.all(
      [0, 1, 2, 3, 4].map((index) =>
        insertBookableSession(sql, {
          eventId: world.eventId,
          slug: `klik-${index}`,
          kind: index % 2 ? 'workshop' : 'gallery_round',
          startsAt: at(`15:${index}0`),
          endsAt: at('16:30'),
          capacity: 10,
        }),
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        bookSeat(attendee!.claims, { eventId: world.eventId, sessionId: sessions[index % 5]!, swap: false }, context),
      ),
    );
    const [active] = await sql<{ count: number }[]>`
      select count(*)::int as count from public.bookings where ticket_id = ${attendee!.ticketId} and status <> 'cancelled'`;
    expect(active!.count).toBe(1);
    expect(results.filter((result) => result.code === 'confirmed')).toHaveLength(1);
    expect(results.every((result) => ['confirmed', 'already_booked', 'clash'].includes(result.code))).toBe(true);
  });
});

describe('clashes and swaps', () => {
  let attendee: Attendee;
  let first: string;
  let second: string;
  beforeAll(async () => {
    [attendee] = (await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'bytte' })) as [Attendee];
    first = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'bytte-a',
      startsAt: at('12:00'),
      endsAt: at('13:00'),
      capacity: 5,
    });
    second = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'bytte-b',
      kind: 'workshop',
      startsAt: at('12:30'),
      endsAt: at('13:30'),
      capacity: 5,
    });
  });

  it('names the clashing session and books nothing, then swaps in one step', async () => {
    const book = (sessionId: string, swap: boolean) =>
      bookSeat(attendee.claims, { eventId: world.eventId, sessionId, swap }, context);
    expect((await book(first, false)).code).toBe('confirmed');
    const clash = await book(second, false);
    expect(clash).toMatchObject({ code: 'clash', clash_session_id: first, clash_title: 'Runde bytte-a' });
    expect(await bookingsOf(second)).toEqual([]);

    const swapped = await book(second, true);
    expect(swapped).toMatchObject({ code: 'confirmed', swapped_session_id: first });
    expect((await bookingsOf(first)).map((row) => row.status)).toEqual(['cancelled']);
    expect((await bookingsOf(second)).map((row) => row.status)).toEqual(['confirmed']);
  });

  it('sessions that only touch (one ends as the next starts) do not clash', async () => {
    const next = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'bytte-c',
      startsAt: at('13:30'),
      endsAt: at('14:30'),
      capacity: 5,
    });
    expect(
      (await bookSeat(attendee.claims, { eventId: world.eventId, sessionId: next, swap: false }, context)).code,
    ).toBe('confirmed');
  });
});

describe('refusals write nothing', () => {
  let attendee: Attendee;
  let open: string;
  beforeAll(async () => {
    [attendee] = (await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'afvist' })) as [Attendee];
    open = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'afvist-aaben',
      startsAt: at('16:40'),
      endsAt: at('16:50'),
      capacity: 5,
    });
  });

  async function expectRefusal(claims: Claims, eventId: string, sessionId: string, code: string) {
    const before = [await fingerprint(sql, 'public.bookings'), await fingerprint(sql, 'public.sessions')];
    const result = await bookSeat(claims, { eventId, sessionId, swap: false }, context);
    expect(result.code).toBe(code);
    expect([await fingerprint(sql, 'public.bookings'), await fingerprint(sql, 'public.sessions')]).toEqual(before);
  }

  it('without a ticket', async () => {
    const stranger: Claims = {
      role: 'authenticated',
      sub: '00000000-0000-4000-8000-000000000001',
      email: 'fremmed@example.org',
      aud: 'authenticated',
    };
    await expectRefusal(stranger, world.eventId, open, 'no_ticket');
  });

  it('with a ticket for another event', async () => {
    const [outsider] = await insertAttendees(sql, { eventId: other.eventId, count: 1, tag: 'udefra' });
    await expectRefusal(outsider!.claims, world.eventId, open, 'no_ticket');
  });

  it('for a session of another event', async () => {
    const elsewhere = await insertBookableSession(sql, {
      eventId: other.eventId,
      slug: 'andet-sted',
      startsAt: at('10:00'),
      endsAt: at('11:00'),
      capacity: 5,
    });
    await expectRefusal(attendee.claims, world.eventId, elsewhere, 'not_found');
  });

  it('for a session in the past', async () => {
    const past = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'fortid',
      startsAt: '2020-01-01T10:00:00Z',
      endsAt: '2020-01-01T11:00:00Z',
      capacity: 5,
    });
    await expectRefusal(attendee.claims, world.eventId, past, 'past');
  });

  it('for a session that does not need booking', async () => {
    await expectRefusal(attendee.claims, world.eventId, world.keynoteId, 'not_bookable');
    // A gallery round without a capacity is open to all.
    await expectRefusal(attendee.claims, world.eventId, world.emptyRoundId, 'not_bookable');
  });

  it('before booking opens and after it closes', async () => {
    await sql`update public.events set booking_opens_at = now() + interval '1 day' where id = ${world.eventId}`;
    await expectRefusal(attendee.claims, world.eventId, open, 'not_open');
    await sql`update public.events set booking_opens_at = null, booking_closes_at = now() - interval '1 minute'
               where id = ${world.eventId}`;
    await expectRefusal(attendee.claims, world.eventId, open, 'closed');
    await sql`update public.events set booking_closes_at = null where id = ${world.eventId}`;
  });

  it('over the limit of gallery rounds', async () => {
    await sql`update public.events set max_gallery_rounds_per_attendee = 1 where id = ${world.eventId}`;
    try {
      const early = await insertBookableSession(sql, {
        eventId: world.eventId,
        slug: 'graense-1',
        startsAt: at('08:00'),
        endsAt: at('08:30'),
        capacity: 5,
      });
      expect(
        (await bookSeat(attendee.claims, { eventId: world.eventId, sessionId: early, swap: false }, context)).code,
      ).toBe('confirmed');
      await expectRefusal(attendee.claims, world.eventId, open, 'limit_reached');
    } finally {
      await sql`update public.events set max_gallery_rounds_per_attendee = null where id = ${world.eventId}`;
    }
  });
});

describe('offers with a claim window', () => {
  let round: string;
  let people: Attendee[];
  beforeAll(async () => {
    await sql`update public.events set booking_waitlist_mode = 'offer', booking_offer_minutes = 30 where id = ${other.eventId}`;
    round = await insertBookableSession(sql, {
      eventId: other.eventId,
      slug: 'tilbud',
      startsAt: at('14:00'),
      endsAt: at('15:00'),
      capacity: 1,
    });
    people = await insertAttendees(sql, { eventId: other.eventId, count: 3, tag: 'tilbud', language: 'en' });
    for (const person of people) {
      await bookSeat(person.claims, { eventId: other.eventId, sessionId: round, swap: false }, context);
    }
  });

  it('a freed seat is offered to the first in line, held for them, and claimed', async () => {
    const [holder, firstInLine] = people as [Attendee, Attendee, Attendee];
    const [held] = await bookingsOf(round);
    expect((await cancelBooking(holder.claims, held!.id, context)).code).toBe('cancelled');
    const offered = (await bookingsOf(round)).find((row) => row.ticket_id === firstInLine.ticketId)!;
    expect(offered.status).toBe('offered');
    const emails = await seatEmails(`booking-seat/${offered.id}/`);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.template_data.offerExpiresAt).toBeDefined();
    expect((await claimOffer(firstInLine.claims, offered.id, context)).code).toBe('offer_claimed');
    // Claiming is not a promotion: no second email.
    expect(await seatEmails(`booking-seat/${offered.id}/`)).toHaveLength(1);
  });

  it('a lapsed offer passes to the next in line', async () => {
    const [, firstInLine, last] = people as [Attendee, Attendee, Attendee];
    const mine = (await bookingsOf(round)).find((row) => row.ticket_id === firstInLine.ticketId)!;
    expect((await cancelBooking(firstInLine.claims, mine.id, context)).code).toBe('cancelled');
    const offer = (await bookingsOf(round)).find((row) => row.ticket_id === last.ticketId)!;
    expect(offer.status).toBe('offered');
    await sql`update public.bookings set offer_expires_at = now() - interval '1 second' where id = ${offer.id}`;
    expect((await claimOffer(last.claims, offer.id, context)).code).toBe('offer_expired');
    expect(await runBookingJobs({ origin: context.origin, db: sql })).toEqual({ lapsed: 1, notices: 0 });
    expect((await bookingsOf(round)).find((row) => row.id === offer.id)!.status).toBe('cancelled');
  });
});

describe('a cancelled ticket', () => {
  it('gives up its seats, which go to the first in line', async () => {
    const round = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'billet-annulleret',
      startsAt: at('07:00'),
      endsAt: at('07:30'),
      capacity: 1,
    });
    const [holder, waiting] = (await insertAttendees(sql, { eventId: world.eventId, count: 2, tag: 'annul' })) as [
      Attendee,
      Attendee,
    ];
    await bookSeat(holder.claims, { eventId: world.eventId, sessionId: round, swap: false }, context);
    await bookSeat(waiting.claims, { eventId: world.eventId, sessionId: round, swap: false }, context);
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${holder.ticketId}`;
    const rows = await bookingsOf(round);
    expect(rows.find((row) => row.ticket_id === holder.ticketId)!.status).toBe('cancelled');
    expect(rows.find((row) => row.ticket_id === waiting.ticketId)!.status).toBe('confirmed');
  });
});
