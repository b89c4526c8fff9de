// Calendars from the database: a session's .ics, my programme, and the
// personal feed behind a revocable token that follows bookings — read back
// with an independent parser (node-ical).
import ical, { type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSeat, cancelBooking } from '../../src/lib/booking/booking.server.ts';
import { sessionUid } from '../../src/lib/calendar/calendar.ts';
import {
  feedTokenHash,
  issueFeedToken,
  loadFeedCalendar,
  loadMyProgrammeCalendar,
  loadSessionCalendar,
  revokeFeed,
} from '../../src/lib/calendar/calendar.server.ts';
import { ANON } from '../../src/lib/db/db.server.ts';
import { SPRING_FORWARD_DAY, WORLD_YEAR } from '../fixtures/clock.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();
const origin = 'http://localhost:4321';
const context = { origin, db: sql };

function events(ics: string): VEvent[] {
  return Object.values(ical.sync.parseICS(ics)).filter((item): item is VEvent => item?.type === 'VEVENT');
}

const copenhagen = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(date);

let world: EventWorld;
let attendee: Attendee;
let winter: string;
let dst: string;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'kalender', status: 'published' });
  [attendee] = (await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'kalender' })) as [Attendee];
  winter = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: 'vinter',
    startsAt: `${WORLD_YEAR}-01-17T09:00:00+01:00`,
    endsAt: `${WORLD_YEAR}-01-17T10:00:00+01:00`,
    capacity: 10,
  });
  // The night the clocks go forward (the last Sunday in March): 01:30 CET to 03:30 CEST is one real hour.
  dst = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: 'sommertid',
    kind: 'workshop',
    startsAt: `${SPRING_FORWARD_DAY}T01:30:00+01:00`,
    endsAt: `${SPRING_FORWARD_DAY}T03:30:00+02:00`,
    capacity: 10,
  });
});

describe('a session as .ics', () => {
  it('is readable by anyone, in Copenhagen time on both sides of the change', async () => {
    const file = await loadSessionCalendar(
      ANON,
      { eventSlug: 'kalender', sessionSlug: 'sommertid', lang: 'da', origin },
      sql,
    );
    const [event] = events(file!.ics);
    expect(event!.uid).toBe(sessionUid(dst));
    expect(copenhagen(event!.start)).toBe(`${SPRING_FORWARD_DAY} 01:30`);
    expect(copenhagen(event!.end!)).toBe(`${SPRING_FORWARD_DAY} 03:30`);
    expect(event!.end!.getTime() - event!.start.getTime()).toBe(3600_000);
    expect(file!.fileName).toBe('sommertid.ics');
  });

  it('is not found for a draft event or an unknown session', async () => {
    await insertEventWorld(sql, { slug: 'kalender-kladde', status: 'draft' });
    expect(
      await loadSessionCalendar(
        ANON,
        { eventSlug: 'kalender-kladde', sessionSlug: 'keynote', lang: 'da', origin },
        sql,
      ),
    ).toBeNull();
    expect(
      await loadSessionCalendar(ANON, { eventSlug: 'kalender', sessionSlug: 'findes-ikke', lang: 'da', origin }, sql),
    ).toBeNull();
  });
});

describe('my programme and the feed', () => {
  it('shows confirmed sessions, and the feed follows bookings with cancellations and a growing SEQUENCE', async () => {
    for (const sessionId of [winter, dst]) {
      expect((await bookSeat(attendee.claims, { eventId: world.eventId, sessionId, swap: false }, context)).code).toBe(
        'confirmed',
      );
    }
    const mine = await loadMyProgrammeCalendar(attendee.claims, { eventSlug: 'kalender', lang: 'en', origin }, sql);
    const programme = events(mine!.ics);
    expect(programme.map((event) => event.uid).sort()).toEqual([sessionUid(winter), sessionUid(dst)].sort());
    expect(copenhagen(programme.find((event) => event.uid === sessionUid(winter))!.start)).toBe(
      `${WORLD_YEAR}-01-17 09:00`,
    );

    const token = await issueFeedToken(attendee.claims, world.eventId, sql);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const before = events((await loadFeedCalendar({ token: token!, origin }, sql))!.ics);
    expect(before.every((event) => event.status === 'CONFIRMED')).toBe(true);
    const sequenceBefore = Number(before.find((event) => event.uid === sessionUid(winter))!.sequence);

    // Cancel one a second later, so the change time (and SEQUENCE) visibly moves on.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [booking] = await sql<{ id: string }[]>`
      select id from public.bookings where session_id = ${winter} and ticket_id = ${attendee.ticketId}`;
    expect((await cancelBooking(attendee.claims, booking!.id, context)).code).toBe('cancelled');
    const after = events((await loadFeedCalendar({ token: token!, origin }, sql))!.ics);
    const cancelled = after.find((event) => event.uid === sessionUid(winter))!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(Number(cancelled.sequence)).toBeGreaterThan(sequenceBefore);
    expect(after.find((event) => event.uid === sessionUid(dst))!.status).toBe('CONFIRMED');

    // My programme file lists only what is booked.
    const now = events(
      (await loadMyProgrammeCalendar(attendee.claims, { eventSlug: 'kalender', lang: 'da', origin }, sql))!.ics,
    );
    expect(now.map((event) => event.uid)).toEqual([sessionUid(dst)]);
  });

  it('stores only a hash; a new token revokes the old one, and revoking ends the feed', async () => {
    const first = (await issueFeedToken(attendee.claims, world.eventId, sql))!;
    const [stored] = await sql<{ hash: string }[]>`
      select encode(token_hash, 'hex') as hash from public.calendar_feeds
       where ticket_id = ${attendee.ticketId} and revoked_at is null`;
    expect(stored!.hash).toBe(feedTokenHash(first).toString('hex'));
    expect(stored!.hash).not.toContain(Buffer.from(first).toString('hex').slice(0, 16));
    const second = (await issueFeedToken(attendee.claims, world.eventId, sql))!;
    expect(await loadFeedCalendar({ token: first, origin }, sql)).toBeNull();
    expect(await loadFeedCalendar({ token: second, origin }, sql)).not.toBeNull();
    expect(await revokeFeed(attendee.claims, world.eventId, sql)).toBe(true);
    expect(await loadFeedCalendar({ token: second, origin }, sql)).toBeNull();
    expect(await loadFeedCalendar({ token: 'not-a-token', origin }, sql)).toBeNull();
  });

  it('gives no feed to someone without a ticket', async () => {
    const stranger = {
      role: 'authenticated' as const,
      sub: '00000000-0000-4000-8000-000000000002',
      email: 'ingen-billet@example.org',
      aud: 'authenticated' as const,
    };
    expect(await issueFeedToken(stranger, world.eventId, sql)).toBeNull();
  });
});
