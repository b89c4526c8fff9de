// The session editor on a published event (src/lib/programme-editor,
// updateSession): a new time or room is never applied in place but prepared
// in the schedule through private.change_session, so publishing the schedule
// tells each attendee once and moves their calendar's SEQUENCE; the other
// fields are saved at once. The schedule's rules answer at the form's fields.
// A capacity raised from the form (never prepared: it only adds seats)
// seats the first in line at once, and the seat is emailed exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import { runBookingJobs } from '../../src/lib/booking/jobs.server.ts';
import type { SignedIn } from '../../src/lib/db/db.server.ts';
import { loadEditableSession, updateSession } from '../../src/lib/programme-editor/sessions.server.ts';
import { publishSchedule } from '../../src/lib/schedule/schedule.server.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { WORLD_DAY, worldAt as at } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();
const context = { origin: 'http://localhost:4321', db: sql };

let world: EventWorld;
let organiser: SignedIn;
let people: Attendee[];

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'udgivet-editor', status: 'published' });
  organiser = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated' };
  people = await insertAttendees(sql, { eventId: world.eventId, count: 7, tag: 'udgivet' });
});

async function bookedSession(slug: string, from: string, to: string, attendees: readonly Attendee[]): Promise<string> {
  const id = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug,
    kind: 'track_session',
    startsAt: at(from),
    endsAt: at(to),
    capacity: 10,
  });
  await sql`update public.sessions set room_id = ${world.spareRoomId}, seats_taken = ${attendees.length} where id = ${id}`;
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
    select ${world.eventId}, ${id}, unnest(${attendees.map((a) => a.ticketId)}::uuid[]), 'confirmed', now()`;
  return id;
}

const live = async (id: string) =>
  (
    await sql<{ title: string; starts_at: Date; room_id: string | null; version: number }[]>`
      select title, starts_at, room_id, version from public.sessions where id = ${id}`
  )[0]!;
const mailsTo = async (attendees: readonly Attendee[]) =>
  sql<{ recipient: string }[]>`
    select recipient from private.outbox_email_states
     where template = 'schedule-change' and recipient = any (${attendees.map((a) => a.email)})
     order by recipient`;
const sequence = async (attendee: Attendee, sessionId: string) =>
  (
    await sql<{ sequence: number }[]>`
      select sequence from private.calendar_entries_of_tickets(${[attendee.ticketId]}::uuid[])
       where session_id = ${sessionId}`
  )[0]!.sequence;

describe('the session editor on a published event', () => {
  it('saves the title at once, prepares the new time, and publishing tells each attendee exactly once', async () => {
    const attendees = people.slice(0, 2);
    const id = await bookedSession('flyttes', '13:00', '14:00', attendees);
    const before = await live(id);
    const sequenceBefore = await sequence(attendees[0]!, id);

    const saved = await updateSession(
      organiser,
      { id, version: before.version, draftVersion: 0 },
      { title: 'Flyttet session', when: { date: WORLD_DAY, startTime: '15:00', endTime: '16:00' } },
      sql,
    );
    expect(saved).toMatchObject({ ok: true, staged: true });
    const after = await live(id);
    expect(after.title).toBe('Flyttet session');
    expect(after.starts_at).toEqual(before.starts_at);
    expect(await mailsTo(attendees)).toEqual([]);

    // The editor shows the prepared change and its version.
    const shown = await loadEditableSession(organiser, world.eventId, id, sql);
    expect(shown!.published).toBe(true);
    expect(shown!.prepared).toMatchObject({ cancel: false, startsAt: new Date(at('15:00')), version: 1 });

    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toEqual({
      ok: true,
      code: 'published',
      count: 1,
    });
    expect((await live(id)).starts_at).toEqual(new Date(at('15:00')));
    expect((await mailsTo(attendees)).map((mail) => mail.recipient)).toEqual(attendees.map((a) => a.email).sort());
    // The title and the new time each moved the calendar on.
    expect(await sequence(attendees[0]!, id)).toBe(sequenceBefore + 2);

    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toMatchObject({
      code: 'nothing_to_publish',
    });
    expect(await mailsTo(attendees)).toHaveLength(2);
  });

  it('keeps a prepared change publishable when only the title is saved afterwards', async () => {
    const [attendee] = people.slice(2, 3);
    const id = await bookedSession('to-gange', '10:00', '10:45', [attendee!]);
    const first = await live(id);
    const staged = await updateSession(
      organiser,
      { id, version: first.version },
      { roomId: world.roomId, when: { date: WORLD_DAY, startTime: '12:00', endTime: '12:45' } },
      sql,
    );
    expect(staged).toMatchObject({ ok: true, staged: true });
    const retitled = await updateSession(organiser, { id, version: first.version }, { title: 'Ny titel' }, sql);
    expect(retitled).toMatchObject({ ok: true });
    expect(retitled).not.toHaveProperty('staged');

    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toMatchObject({ ok: true, count: 1 });
    expect(await live(id)).toMatchObject({
      title: 'Ny titel',
      room_id: world.roomId,
      starts_at: new Date(at('12:00')),
    });
    expect(await mailsTo([attendee!])).toHaveLength(1);
  });

  it('answers the schedule’s rules at the form’s fields and writes nothing', async () => {
    const [attendee] = people.slice(3, 4);
    const id = await bookedSession('optaget', '11:00', '11:45', [attendee!]);
    const before = await live(id);

    // The keynote holds the main room 09:00–10:00.
    const clash = await updateSession(
      organiser,
      { id, version: before.version },
      {
        title: 'Skal ikke gemmes',
        roomId: world.roomId,
        when: { date: WORLD_DAY, startTime: '09:30', endTime: '10:15' },
      },
      sql,
    );
    expect(clash).toMatchObject({
      ok: false,
      code: 'room_double_booked',
      field: 'roomId',
      clash: { title: 'keynote', startsAt: new Date(at('09:00')).toISOString() },
    });
    expect(await live(id)).toEqual(before);

    // Someone prepared a change since the form was shown.
    await updateSession(
      organiser,
      { id, version: before.version },
      { when: { date: WORLD_DAY, startTime: '16:00', endTime: '16:45' } },
      sql,
    );
    const stale = await updateSession(
      organiser,
      { id, version: before.version, draftVersion: 0 },
      { title: 'Også forkert', when: { date: WORLD_DAY, startTime: '17:00', endTime: '17:45' } },
      sql,
    );
    expect(stale).toMatchObject({ ok: false, code: 'changed_elsewhere' });
    expect((await live(id)).title).toBe(before.title);
    const [draft] = await sql<
      { starts_at: Date }[]
    >`select starts_at from public.session_drafts where session_id = ${id}`;
    expect(draft!.starts_at).toEqual(new Date(at('16:00')));
    expect(await mailsTo([attendee!])).toEqual([]);
  });

  it('raises a capacity at once: the first in line is seated and emailed exactly once', async () => {
    const [seated, first, second] = people.slice(4, 7);
    const id = await bookedSession('flere-pladser', '14:00', '14:45', [seated!]);
    await sql`update public.sessions set capacity = 1, waitlist_issued = 2 where id = ${id}`;
    await sql`
      insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number)
      values (${world.eventId}, ${id}, ${first!.ticketId}, 'waitlisted', 1),
             (${world.eventId}, ${id}, ${second!.ticketId}, 'waitlisted', 2)`;
    const before = await live(id);

    const saved = await updateSession(organiser, { id, version: before.version }, { capacity: 2 }, sql);
    expect(saved).toMatchObject({ ok: true });
    expect(saved).not.toHaveProperty('staged');
    const statuses = await sql<{ ticket_id: string; status: string }[]>`
      select ticket_id, status from public.bookings where session_id = ${id}`;
    const statusOf = (a: Attendee) => statuses.find((row) => row.ticket_id === a.ticketId)!.status;
    expect([statusOf(seated!), statusOf(first!), statusOf(second!)]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const [row] = await sql<{ capacity: number; seats_taken: number }[]>`
      select capacity, seats_taken from public.sessions where id = ${id}`;
    expect(row).toEqual({ capacity: 2, seats_taken: 2 });

    // Three servers' job loops at once, then once more: one seat email, to the one seated.
    await Promise.all([runBookingJobs(context), runBookingJobs(context), runBookingJobs(context)]);
    await runBookingJobs(context);
    const seatMails = await sql<{ recipient: string }[]>`
      select recipient from private.outbox_email_states where template = 'booking-seat'
         and recipient = any (${[seated!.email, first!.email, second!.email]}::text[])`;
    expect(seatMails.map((mail) => mail.recipient)).toEqual([first!.email]);
    // A capacity is no new time: nobody gets a schedule change.
    expect(await mailsTo([seated!, first!, second!])).toEqual([]);
  });
});
