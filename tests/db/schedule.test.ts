// The schedule grid's writes against a real Postgres: a change to a
// published event is prepared, then published as one batch that emails each
// affected attendee exactly once, in their language (a new time, a move into
// a clash with another booking of theirs, a cancellation), and raises their
// calendar's SEQUENCE; a cancelled session releases every booking and cannot
// be booked again; a raised capacity promotes from the waitlist at once and
// that seat is emailed once; a draft event changes at once and tells nobody.
// The database's rules come back as codes (room taken, end before start,
// changed by someone else), racing organisers publish once, and a booking
// racing a cancellation never survives it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookSeat, loadMyProgramme } from '../../src/lib/booking/booking.server.ts';
import { runBookingJobs } from '../../src/lib/booking/jobs.server.ts';
import { asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import { renderEmail } from '../../src/lib/mail/mail.ts';
import type { ScheduleChangeData } from '../../src/lib/mail/templates/index.ts';
import {
  cancelSession,
  discardDrafts,
  loadSchedule,
  moveSession,
  publishSchedule,
} from '../../src/lib/schedule/schedule.server.ts';
import { WORLD_DAY, worldAt as at } from '../fixtures/clock.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 30 });
const ORIGIN = 'http://localhost:4321';
const context = { origin: ORIGIN, db: sql };

afterEach(async () => {
  expect(await seatInvariantBreaches(sql)).toEqual([]);
});

let world: EventWorld;
let organiser: SignedIn;
let people: Attendee[];
let english: Attendee[];
let counter = 0;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'skema', status: 'published' });
  organiser = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated' };
  people = await insertAttendees(sql, { eventId: world.eventId, count: 40, tag: 'skema-da' });
  english = await insertAttendees(sql, { eventId: world.eventId, count: 5, tag: 'skema-en', language: 'en' });
});

/** A fresh pair of attendees each time, so tests do not share bookings. */
function nextPeople(count: number, pool = people): Attendee[] {
  const taken = pool.slice(counter, counter + count);
  counter += count;
  return taken;
}

/** A bookable session in the spare room (or none), with these seats and this line, written directly. */
async function session(options: {
  from: string;
  to: string;
  room?: string | null;
  capacity?: number;
  confirmed?: readonly Attendee[];
  waitlisted?: readonly Attendee[];
}): Promise<string> {
  const { confirmed = [], waitlisted = [] } = options;
  const id = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: `s-${Math.random().toString(36).slice(2, 10)}`,
    kind: 'track_session',
    startsAt: at(options.from),
    endsAt: at(options.to),
    capacity: options.capacity ?? Math.max(1, confirmed.length),
  });
  if (options.room !== undefined) await sql`update public.sessions set room_id = ${options.room} where id = ${id}`;
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
    select ${world.eventId}, ${id}, unnest(${confirmed.map((a) => a.ticketId)}::uuid[]), 'confirmed', now()`;
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number)
    select ${world.eventId}, ${id}, t.id, 'waitlisted', t.n
      from unnest(${waitlisted.map((a) => a.ticketId)}::uuid[]) with ordinality as t (id, n)`;
  await sql`update public.sessions set seats_taken = ${confirmed.length}, waitlist_issued = ${waitlisted.length}
             where id = ${id}`;
  return id;
}

async function versions(id: string): Promise<{ version: number; draft: number }> {
  const [row] = await sql<{ version: number; draft: number }[]>`
    select s.version, coalesce(d.version, 0) as draft
      from public.sessions s left join public.session_drafts d on d.session_id = s.id where s.id = ${id}`;
  return row!;
}

async function move(id: string, start: string, end: string, room: string | null, who: SignedIn = organiser) {
  return moveSession(who, { session: id, ...(await versions(id)), date: WORLD_DAY, start, end, room }, 'da', sql);
}

interface Mail {
  recipient: string;
  language: string;
  idempotency_key: string;
  template_data: ScheduleChangeData & { items: { kind: string; clashTitle?: string }[] };
}

async function scheduleMails(): Promise<Mail[]> {
  return sql<Mail[]>`
    select recipient, language, idempotency_key, template_data from private.outbox_email_states
     where template = 'schedule-change' order by created_at, recipient`;
}

async function mailsTo(attendees: readonly Attendee[]): Promise<Mail[]> {
  const addresses = new Set(attendees.map((a) => a.email));
  return (await scheduleMails()).filter((mail) => addresses.has(mail.recipient));
}

async function calendarSequence(attendee: Attendee, sessionId: string) {
  const [row] = await sql<{ cancelled: boolean; sequence: number }[]>`
    select cancelled, sequence from private.calendar_entries_of_tickets(${[attendee.ticketId]}::uuid[])
     where session_id = ${sessionId}`;
  return row;
}

describe('a published event: prepared, then published together', () => {
  it('moves a booked session into a clash: each affected attendee is emailed once, in their language', async () => {
    const [both, onlyHere] = nextPeople(2);
    const [englishOne] = nextPeople(1, english);
    const [waiting] = nextPeople(1);
    const other = await session({ from: '15:00', to: '16:00', room: null, confirmed: [both!] });
    const moved = await session({
      from: '13:00',
      to: '14:00',
      room: world.spareRoomId,
      capacity: 3,
      confirmed: [both!, onlyHere!, englishOne!],
      waitlisted: [waiting!],
    });
    const sequenceBefore = (await calendarSequence(both!, moved))!.sequence;

    expect(await move(moved, '15:00', '16:00', world.spareRoomId)).toEqual({ ok: true, code: 'staged' });
    // Prepared only: the public session is unchanged and nobody is told yet.
    const [live] = await sql<{ starts_at: Date }[]>`select starts_at from public.sessions where id = ${moved}`;
    expect(live!.starts_at.toISOString()).toBe(new Date(at('13:00')).toISOString());
    expect(await mailsTo([both!, onlyHere!, englishOne!, waiting!])).toEqual([]);
    const grid = await loadSchedule(organiser, world.eventId, 'da', sql);
    const shown = grid.sessions.find((s) => s.id === moved)!;
    expect(shown.draft?.startsAt.toISOString()).toBe(new Date(at('15:00')).toISOString());

    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toEqual({
      ok: true,
      code: 'published',
      count: 1,
    });
    const [after] = await sql<{ starts_at: Date; ends_at: Date }[]>`
      select starts_at, ends_at from public.sessions where id = ${moved}`;
    expect(after!.starts_at.toISOString()).toBe(new Date(at('15:00')).toISOString());

    const mails = await mailsTo([both!, onlyHere!, englishOne!, waiting!]);
    expect(mails.map((mail) => mail.recipient).sort()).toEqual(
      [both!, onlyHere!, englishOne!, waiting!].map((a) => a.email).sort(),
    );
    const toBoth = mails.find((mail) => mail.recipient === both!.email)!;
    expect(toBoth.language).toBe('da');
    expect(toBoth.template_data.items).toEqual([
      expect.objectContaining({ kind: 'moved', clashTitle: `Runde ${await slugOf(other)}` }),
    ]);
    const text = renderEmail('schedule-change', 'da', toBoth.template_data).text;
    expect(renderEmail('schedule-change', 'da', toBoth.template_data).subject).toMatch(/^Nyt tidspunkt: Runde /);
    expect(text).toContain('overlapper');
    const toEnglish = mails.find((mail) => mail.recipient === englishOne!.email)!;
    expect(toEnglish.language).toBe('en');
    expect(renderEmail('schedule-change', 'en', toEnglish.template_data).subject).toMatch(/^New time: Round /);
    expect(mails.find((mail) => mail.recipient === onlyHere!.email)!.template_data.items[0]).not.toHaveProperty(
      'clashTitle',
    );

    // The calendar entry's SEQUENCE grew; the other session's did not move.
    expect((await calendarSequence(both!, moved))!.sequence).toBe(sequenceBefore + 1);

    // Publishing again publishes and sends nothing more.
    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toEqual({
      ok: false,
      code: 'nothing_to_publish',
    });
    expect(await mailsTo([both!, onlyHere!, englishOne!, waiting!])).toHaveLength(4);
  });

  it('cancels a session: every booking is released, nobody is promoted, each is emailed once', async () => {
    const seated = nextPeople(2);
    const [waiting] = nextPeople(1);
    const id = await session({ from: '16:00', to: '16:45', room: null, confirmed: seated, waitlisted: [waiting!] });
    const sequenceBefore = (await calendarSequence(seated[0]!, id))!.sequence;

    expect(await cancelSession(organiser, { session: id, ...(await versions(id)) }, 'da', sql)).toEqual({
      ok: true,
      code: 'staged',
    });
    const [still] = await sql<
      { cancelled_at: Date | null }[]
    >`select cancelled_at from public.sessions where id = ${id}`;
    expect(still!.cancelled_at).toBeNull();

    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toMatchObject({ ok: true, count: 1 });
    const bookings = await sql<{ status: string; cancel_reason: string | null }[]>`
      select status, cancel_reason from public.bookings where session_id = ${id}`;
    expect(bookings).toHaveLength(3);
    expect(bookings.every((b) => b.status === 'cancelled' && b.cancel_reason === 'session_cancelled')).toBe(true);
    const [row] = await sql<{ seats_taken: number; cancelled_at: Date | null }[]>`
      select seats_taken, cancelled_at from public.sessions where id = ${id}`;
    expect(row!.seats_taken).toBe(0);
    expect(row!.cancelled_at).not.toBeNull();

    const mails = await mailsTo([...seated, waiting!]);
    expect(mails).toHaveLength(3);
    expect(mails.every((mail) => mail.template_data.items[0]!.kind === 'cancelled')).toBe(true);
    expect(renderEmail('schedule-change', 'da', mails[0]!.template_data).subject).toMatch(/^Aflyst: /);

    // The calendar shows the entry cancelled, with a higher SEQUENCE.
    const entry = await calendarSequence(seated[0]!, id);
    expect(entry!.cancelled).toBe(true);
    expect(entry!.sequence).toBeGreaterThan(sequenceBefore);

    // My programme lists it as cancelled.
    const [mine] = await loadMyProgramme(seated[0]!.claims, 'da', sql);
    expect(mine!.cancelled.map((entry) => entry.sessionId)).toContain(id);
    expect(mine!.sessions.map((entry) => entry.sessionId)).not.toContain(id);

    // Nobody books it again; nor is it changed again.
    const [newcomer] = nextPeople(1);
    expect(
      (await bookSeat(newcomer!.claims, { eventId: world.eventId, sessionId: id, swap: false }, context)).code,
    ).toBe('not_bookable');
    expect(await move(id, '16:00', '17:00', null)).toEqual({ ok: false, code: 'already_cancelled' });
    await expect(sql`update public.sessions set cancelled_at = null where id = ${id}`).rejects.toThrow(/stays so/);
  });

  it('publishes several prepared changes as one email per attendee', async () => {
    const [person] = nextPeople(1);
    const first = await session({ from: '08:00', to: '08:30', room: null, capacity: 5, confirmed: [person!] });
    const second = await session({ from: '08:30', to: '09:00', room: null, capacity: 5, confirmed: [person!] });
    await move(first, '16:00', '16:30', null);
    await cancelSession(organiser, { session: second, ...(await versions(second)) }, 'da', sql);
    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toMatchObject({ ok: true, count: 2 });
    const mails = await mailsTo([person!]);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.template_data.items.map((item) => item.kind)).toEqual(['cancelled', 'moved']);
    expect(renderEmail('schedule-change', 'da', mails[0]!.template_data).subject).toMatch(/^Ændringer i dit program/);
  });

  it('discards a prepared change, so publishing sends nothing', async () => {
    const [person] = nextPeople(1);
    const id = await session({ from: '08:00', to: '08:30', room: null, confirmed: [person!] });
    await move(id, '08:15', '08:45', null);
    const { draft } = await versions(id);
    expect(await discardDrafts(organiser, { event: world.eventId, session: id, draft: draft + 1 }, 'da', sql)).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
    expect(await discardDrafts(organiser, { event: world.eventId, session: id, draft }, 'da', sql)).toEqual({
      ok: true,
      code: 'discarded',
    });
    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toEqual({
      ok: false,
      code: 'nothing_to_publish',
    });
    expect(await mailsTo([person!])).toEqual([]);
  });
});

async function slugOf(id: string): Promise<string> {
  const [row] = await sql<{ slug: string }[]>`select slug from public.sessions where id = ${id}`;
  return row!.slug;
}

describe('the database rules, as answers', () => {
  it('refuses a room that is taken at the new time, naming what is there', async () => {
    // Sal A holds the world's keynote 09:00–10:00.
    const id = await session({ from: '16:00', to: '17:00', room: null });
    expect(await move(id, '09:30', '10:30', world.roomId)).toEqual({
      ok: false,
      code: 'room_double_booked',
      other: 'keynote',
    });
    // A prepared move counts too: the spare room at 07:00 is promised to someone else.
    const other = await session({ from: '16:00', to: '17:00', room: null });
    expect(await move(other, '07:00', '07:45', world.spareRoomId)).toMatchObject({ ok: true });
    expect(await move(id, '07:30', '08:00', world.spareRoomId)).toMatchObject({ code: 'room_double_booked' });
    await discardDrafts(organiser, { event: world.eventId }, 'da', sql);
  });

  it('refuses an end before the start, and a form that shows an old version', async () => {
    const id = await session({ from: '16:00', to: '17:00', room: null });
    expect(await move(id, '12:00', '11:00', null)).toEqual({ ok: false, code: 'end_before_start' });
    const seen = await versions(id);
    await sql`update public.sessions set title = 'Omdøbt' where id = ${id}`;
    expect(
      await moveSession(
        organiser,
        { session: id, ...seen, date: WORLD_DAY, start: '12:00', end: '13:00', room: null },
        'da',
        sql,
      ),
    ).toEqual({ ok: false, code: 'changed_elsewhere' });
  });

  it('refuses to publish when a prepared session was edited since, and writes nothing', async () => {
    const [person] = nextPeople(1);
    const id = await session({ from: '16:00', to: '17:00', room: null, confirmed: [person!] });
    await move(id, '15:00', '16:00', null);
    await sql`update public.sessions set title = 'Ændret imens' where id = ${id}`;
    expect(await publishSchedule(organiser, world.eventId, 'da', context)).toEqual({
      ok: false,
      code: 'stale_prepared',
      other: 'Ændret imens',
    });
    const [row] = await sql<{ starts_at: Date }[]>`select starts_at from public.sessions where id = ${id}`;
    expect(row!.starts_at.toISOString()).toBe(new Date(at('16:00')).toISOString());
    expect(await mailsTo([person!])).toEqual([]);
    await discardDrafts(organiser, { event: world.eventId }, 'da', sql);
  });

  it('lets only the event’s organisers change, read or publish its schedule', async () => {
    const other = await insertEventWorld(sql, { slug: 'skema-anden', status: 'published' });
    const stranger: SignedIn = { role: 'authenticated', sub: other.organiserId, aud: 'authenticated' };
    const id = await session({ from: '16:00', to: '17:00', room: null });
    expect(await move(id, '12:00', '13:00', null, stranger)).toEqual({ ok: false, code: 'not_found' });
    expect(await publishSchedule(stranger, world.eventId, 'da', context)).toEqual({ ok: false, code: 'not_found' });
    expect((await loadSchedule(stranger, world.eventId, 'da', sql)).sessions).toEqual([]);
    // Prepared changes are readable by the event's organisers only.
    await move(id, '12:00', '13:00', null);
    const seen = (who: SignedIn) =>
      asUser(who, (tx) => tx`select session_id from public.session_drafts where session_id = ${id}`, sql);
    expect(await seen(organiser)).toHaveLength(1);
    expect(await seen(stranger)).toHaveLength(0);
    await expect(
      asUser(stranger, (tx) => tx`delete from public.session_drafts where session_id = ${id}`, sql),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asUser({ role: 'anon' }, (tx) => tx`select private.publish_schedule(${world.eventId})`, sql),
    ).rejects.toThrow(/permission denied/);
    await discardDrafts(organiser, { event: world.eventId }, 'da', sql);
  });
});

describe('a raised capacity', () => {
  it('promotes from the waitlist at once, and the seat is emailed exactly once', async () => {
    const [seated, first, second] = nextPeople(3);
    const id = await session({
      from: '16:00',
      to: '17:00',
      room: null,
      confirmed: [seated!],
      waitlisted: [first!, second!],
    });
    await sql`update public.sessions set capacity = 2 where id = ${id}`;
    const statuses = await sql<{ ticket_id: string; status: string }[]>`
      select ticket_id, status from public.bookings where session_id = ${id} order by ticket_id`;
    const statusOf = (a: Attendee) => statuses.find((row) => row.ticket_id === a.ticketId)!.status;
    expect(statusOf(first!)).toBe('confirmed');
    expect(statusOf(second!)).toBe('waitlisted');

    await Promise.all([runBookingJobs(context), runBookingJobs(context), runBookingJobs(context)]);
    await runBookingJobs(context);
    const seatMails = await sql<{ recipient: string }[]>`
      select recipient from private.outbox_email_states where template = 'booking-seat'
         and recipient = any (${[seated!.email, first!.email, second!.email]}::text[])`;
    expect(seatMails.map((mail) => mail.recipient)).toEqual([first!.email]);
  });
});

describe('a draft event', () => {
  it('changes at once and tells nobody', async () => {
    const draft = await insertEventWorld(sql, { slug: 'skema-kladde', status: 'draft' });
    const owner: SignedIn = { role: 'authenticated', sub: draft.organiserId, aud: 'authenticated' };
    const seen = await versions(draft.emptyRoundId);
    expect(
      await moveSession(
        owner,
        {
          session: draft.emptyRoundId,
          ...seen,
          date: WORLD_DAY,
          start: '13:00',
          end: '14:00',
          room: draft.spareRoomId,
        },
        'da',
        sql,
      ),
    ).toEqual({ ok: true, code: 'applied' });
    const [row] = await sql<{ starts_at: Date; room_id: string; version: number }[]>`
      select starts_at, room_id, version from public.sessions where id = ${draft.emptyRoundId}`;
    expect(row!.starts_at.toISOString()).toBe(new Date(at('13:00')).toISOString());
    expect(row!.room_id).toBe(draft.spareRoomId);
    expect(row!.version).toBe(seen.version + 1);
    expect(await sql`select 1 from public.session_drafts where event_id = ${draft.eventId}`).toHaveLength(0);
    // The change is in the audit log, under the organiser's name.
    const [logged] = await sql<{ actor_id: string }[]>`
      select actor_id from public.audit_log where table_name = 'sessions' and row_key ->> 'id' = ${draft.emptyRoundId}`;
    expect(logged!.actor_id).toBe(draft.organiserId);
  });
});

describe('at the same time', () => {
  it('two organisers publishing at once publish once, and each attendee is emailed once', async () => {
    const seated = nextPeople(3);
    const id = await session({ from: '16:00', to: '17:00', room: null, confirmed: seated });
    await move(id, '14:00', '15:00', null);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => publishSchedule(organiser, world.eventId, 'da', context)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'nothing_to_publish')).toBe(true);
    expect(await mailsTo(seated)).toHaveLength(3);
  });

  it('two organisers preparing the same session from the same form: one wins, one is told', async () => {
    const id = await session({ from: '16:00', to: '17:00', room: null });
    const seen = await versions(id);
    const form = (start: string) =>
      moveSession(organiser, { session: id, ...seen, date: WORLD_DAY, start, end: '17:30', room: null }, 'da', sql);
    const results = await Promise.all([form('16:30'), form('16:45')]);
    expect(results.map((r) => r.code).sort()).toEqual(['changed_elsewhere', 'staged']);
    await discardDrafts(organiser, { event: world.eventId }, 'da', sql);
  });

  it('a booking racing a cancellation never survives it', async () => {
    const racers = nextPeople(15);
    const id = await session({ from: '16:00', to: '17:00', room: null, capacity: 10 });
    await cancelSession(organiser, { session: id, ...(await versions(id)) }, 'da', sql);
    const outcomes = await Promise.all([
      publishSchedule(organiser, world.eventId, 'da', context),
      ...racers.map((a) => bookSeat(a.claims, { eventId: world.eventId, sessionId: id, swap: false }, context)),
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true, code: 'published' });
    const active = await sql`select 1 from public.bookings where session_id = ${id} and status <> 'cancelled'`;
    expect(active).toHaveLength(0);
    const booked = await sql<{ email: string }[]>`
      select t.attendee_email as email from public.bookings b join public.tickets t on t.id = b.ticket_id
       where b.session_id = ${id}`;
    // Whoever booked before the cancellation committed was told it is cancelled, once.
    expect((await mailsTo(racers)).map((mail) => mail.recipient).sort()).toEqual(booked.map((b) => b.email).sort());
  });
});
