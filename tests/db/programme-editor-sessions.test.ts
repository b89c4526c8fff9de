// The session editor's use cases against a real Postgres: an organiser
// creates, changes and deletes sessions of their own event; the database's
// rules come back as refusals at the right field, with nothing half-written;
// two organisers saving the same session — the second is told.
import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import type { ProgrammeRefusal } from '../../src/lib/programme-editor/programme-editor.ts';
import type { SessionInput } from '../../src/lib/programme-editor/session-form.ts';
import * as sessions from '../../src/lib/programme-editor/sessions.server.ts';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { WORLD_DAY } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { fingerprint } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

// The use cases on this file's database.
type Args<F> = F extends (...args: infer A) => unknown ? A : never;
const createSession = (...args: Args<typeof sessions.createSession>) =>
  sessions.createSession(args[0], args[1], args[2], sql);
const updateSession = (...args: Args<typeof sessions.updateSession>) =>
  sessions.updateSession(args[0], args[1], args[2], sql);
const deleteSession = (...args: Args<typeof sessions.deleteSession>) => sessions.deleteSession(args[0], args[1], sql);
const loadEditableSession = (...args: Args<typeof sessions.loadEditableSession>) =>
  sessions.loadEditableSession(args[0], args[1], args[2], sql);

let world: EventWorld;
let other: EventWorld;
let organiser: SignedIn;

const claimsOf = (id: string, email: string): SignedIn => ({
  role: 'authenticated',
  sub: id,
  aud: 'authenticated',
  email,
});

const input = (overrides: Partial<SessionInput> = {}): SessionInput => ({
  kind: 'workshop',
  title: 'Værktøjer til samskabelse',
  titleEn: 'Tools for co-creation',
  description: null,
  descriptionEn: null,
  date: WORLD_DAY,
  startTime: '13:00',
  endTime: '14:00',
  roomId: null,
  trackId: null,
  capacity: 40,
  needsBooking: true,
  slug: null,
  speakers: [],
  ...overrides,
});

/** The answer as a refusal (fails the test when it was not one). */
function refusal(answer: { ok: true } | ProgrammeRefusal): ProgrammeRefusal {
  expect(answer.ok).toBe(false);
  return answer as ProgrammeRefusal;
}

async function saved<T extends { ok: true }>(answer: T | ProgrammeRefusal): Promise<T> {
  if (!answer.ok) throw new Error(`refused: ${JSON.stringify(answer)}`);
  return answer;
}

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'editor', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'andet-editor', status: 'published' });
  organiser = claimsOf(world.organiserId, 'arrangoer@editor.example.org');
});

describe('creating a session', () => {
  it('writes it in the event time zone with a slug from the title and its speakers in order', async () => {
    const speakerB = (
      await sql<{ id: string }[]>`
        insert into public.speakers (event_id, slug, name) values (${world.eventId}, 'b-taler', 'Bo Taler') returning id`
    )[0]!.id;
    const created = await saved(
      await createSession(
        organiser,
        world.eventId,
        input({
          roomId: world.spareRoomId,
          trackId: world.trackId,
          speakers: [
            { speakerId: speakerB, role: 'moderator' },
            { speakerId: world.speakerId, role: 'interviewer' },
          ],
        }),
      ),
    );
    expect(created.slug).toBe('vaerktoejer-til-samskabelse');
    const session = await loadEditableSession(organiser, world.eventId, created.id);
    expect(session).toMatchObject({
      kind: 'workshop',
      date: WORLD_DAY,
      startTime: '13:00',
      endTime: '14:00',
      capacity: 40,
      bookingRequired: true,
      version: 1,
      speakers: [
        { speakerId: speakerB, role: 'moderator' },
        { speakerId: world.speakerId, role: 'interviewer' },
      ],
    });
    // Copenhagen summer time: 13:00 is 11:00 UTC.
    expect(session!.startsAt.toISOString()).toBe(`${WORLD_DAY}T11:00:00.000Z`);

    const again = await saved(
      await createSession(organiser, world.eventId, input({ startTime: '15:00', endTime: '16:00' })),
    );
    expect(again.slug).toBe('vaerktoejer-til-samskabelse-2');
  });

  it('records the organiser as the author in the audit log', async () => {
    const created = await saved(
      await createSession(
        organiser,
        world.eventId,
        input({ title: 'Revideret', startTime: '16:00', endTime: '17:00' }),
      ),
    );
    const entries = await sql<{ actor_id: string; action: string }[]>`
      select actor_id, action::text from public.audit_log
       where table_name = 'sessions' and row_key ->> 'id' = ${created.id}`;
    expect(entries).toEqual([{ actor_id: world.organiserId, action: 'insert' }]);
  });

  it('keeps booking optional: an open slot with seats but no booking, a keynote that needs booking', async () => {
    const open = await saved(
      await createSession(
        organiser,
        world.eventId,
        input({
          kind: 'open_slot',
          title: 'Social Talks',
          capacity: 30,
          needsBooking: false,
          startTime: '08:00',
          endTime: '08:30',
        }),
      ),
    );
    const keynote = await saved(
      await createSession(
        organiser,
        world.eventId,
        input({
          kind: 'keynote',
          title: 'Åbning',
          capacity: 400,
          needsBooking: true,
          startTime: '08:30',
          endTime: '08:50',
        }),
      ),
    );
    const rows = await sql<{ id: string; booking_required: boolean }[]>`
      select id, booking_required from public.sessions where id in (${open.id}, ${keynote.id}) order by starts_at`;
    expect(rows.map((row) => row.booking_required)).toEqual([false, true]);
  });

  it('is refused in an event the caller does not organise, and nothing is written', async () => {
    const before = await fingerprint(sql, 'public.sessions');
    expect(refusal(await createSession(organiser, other.eventId, input())).code).toBe('not_found');
    expect(await fingerprint(sql, 'public.sessions')).toEqual(before);
  });
});

describe("the database's rules, as refusals at the field", () => {
  it('a room already in use at that time, naming the session that holds it', async () => {
    // The world's keynote is in room A from 09:00 to 10:00.
    const answer = refusal(
      await createSession(
        organiser,
        world.eventId,
        input({ roomId: world.roomId, startTime: '09:30', endTime: '10:30' }),
      ),
    );
    expect(answer).toMatchObject({ code: 'room_double_booked', field: 'roomId', clash: { title: 'keynote' } });
  });

  it('an end before the start, a capacity below zero and a 10,000-character title (bypassing the form)', async () => {
    const before = await fingerprint(sql, 'public.sessions');
    expect(
      refusal(await createSession(organiser, world.eventId, input({ startTime: '15:00', endTime: '14:00' }))),
    ).toMatchObject({ code: 'ends_before_start', field: 'endTime' });
    expect(refusal(await createSession(organiser, world.eventId, input({ capacity: -5 })))).toMatchObject({
      code: 'capacity_invalid',
      field: 'capacity',
    });
    expect(refusal(await createSession(organiser, world.eventId, input({ title: 'x'.repeat(10_000) })))).toMatchObject({
      code: 'text_invalid',
      field: 'title',
    });
    expect(
      refusal(await createSession(organiser, world.eventId, input({ titleEn: 'x'.repeat(10_000) }))),
    ).toMatchObject({
      code: 'text_invalid',
      field: 'titleEn',
    });
    expect(
      refusal(await createSession(organiser, world.eventId, input({ capacity: null, needsBooking: true }))),
    ).toMatchObject({ code: 'booking_needs_capacity', field: 'capacity' });
    expect(await fingerprint(sql, 'public.sessions')).toEqual(before);
  });

  it('a slug another session of the event has', async () => {
    expect(refusal(await createSession(organiser, world.eventId, input({ slug: 'keynote' })))).toMatchObject({
      code: 'slug_taken',
      field: 'slug',
    });
  });

  it('a room or a speaker of another event', async () => {
    expect(refusal(await createSession(organiser, world.eventId, input({ roomId: other.roomId })))).toMatchObject({
      code: 'unknown_reference',
      field: 'roomId',
    });
    const before = await fingerprint(sql, 'public.sessions');
    expect(
      refusal(
        await createSession(
          organiser,
          world.eventId,
          input({ speakers: [{ speakerId: other.speakerId, role: 'host' }] }),
        ),
      ),
    ).toMatchObject({ code: 'unknown_reference', field: 'speakers' });
    // The session inserted before the speaker row failed is gone with it.
    expect(await fingerprint(sql, 'public.sessions')).toEqual(before);
  });

  it('a capacity below the seats already taken, with their number', async () => {
    const created = await saved(
      await createSession(
        organiser,
        world.eventId,
        input({ title: 'Fuld', capacity: 3, startTime: '18:00', endTime: '19:00' }),
      ),
    );
    const attendees = await insertAttendees(sql, { eventId: world.eventId, count: 2, tag: 'fuld' });
    for (const attendee of attendees) {
      const [answer] = await asUser(
        attendee.claims,
        (tx) => tx<{ result: { code: string } }[]>`
          select private.book_session(${world.eventId}, ${created.id}) as result`,
        sql,
      );
      expect(answer!.result.code).toBe('confirmed');
    }
    const answer = refusal(
      await updateSession(organiser, { id: created.id, version: created.version }, { capacity: 1 }),
    );
    expect(answer).toMatchObject({ code: 'capacity_below_seats', field: 'capacity', seats: 2 });

    expect(
      refusal(await updateSession(organiser, { id: created.id, version: created.version }, { needsBooking: false })),
    ).toMatchObject({ code: 'booking_kept_while_booked', field: 'needsBooking' });

    // Deleting is refused too: the session is cancelled instead, so attendees are told.
    expect(refusal(await deleteSession(organiser, { id: created.id, version: created.version })).code).toBe(
      'has_bookings',
    );
    const [row] = await sql<{ capacity: number }[]>`select capacity from public.sessions where id = ${created.id}`;
    expect(row!.capacity).toBe(3);
  });

  // On a draft event, where a move applies at once (a published event's move is
  // prepared in the schedule: tests/db/programme-editor-published.test.ts).
  it('a solution in two rounds at once: moving a round onto another round of one of its solutions', async () => {
    const draft = await insertEventWorld(sql, { slug: 'editor-kladde', status: 'draft' });
    const draftOrganiser = claimsOf(draft.organiserId, 'arrangoer@editor-kladde.example.org');
    const round = await loadEditableSession(draftOrganiser, draft.eventId, draft.roundId);
    const otherRound = await saved(
      await createSession(
        draftOrganiser,
        draft.eventId,
        input({
          kind: 'gallery_round',
          title: 'Runde 3',
          roomId: draft.spareRoomId,
          startTime: '14:00',
          endTime: '15:00',
        }),
      ),
    );
    await sql`
      insert into public.gallery_presentations (event_id, session_id, solution_id, position)
      values (${draft.eventId}, ${otherRound.id}, ${draft.acceptedSolutionId}, 1)`;
    const answer = refusal(
      await updateSession(
        draftOrganiser,
        { id: draft.roundId, version: round!.version },
        { when: { date: WORLD_DAY, startTime: '14:30', endTime: '15:30' }, roomId: null },
      ),
    );
    expect(answer).toMatchObject({ code: 'solution_double_booked', field: 'startTime' });
    // Neither the round nor its presentations moved.
    const [after] = await sql<{ starts_at: Date; room_id: string }[]>`
      select starts_at, room_id from public.sessions where id = ${draft.roundId}`;
    expect(after!.starts_at).toEqual(round!.startsAt);
    expect(after!.room_id).toBe(draft.roomId);

    expect(
      refusal(
        await updateSession(draftOrganiser, { id: draft.roundId, version: round!.version }, { kind: 'workshop' }),
      ),
    ).toMatchObject({ code: 'kind_locked_by_presentations', field: 'kind' });
    expect(refusal(await deleteSession(draftOrganiser, { id: draft.roundId, version: round!.version })).code).toBe(
      'has_presentations',
    );
  });
});

describe('optimistic concurrency', () => {
  it('refuses the second of two saves made from the same version, and keeps the first', async () => {
    const created = await saved(
      await createSession(organiser, world.eventId, input({ title: 'Samtidig', startTime: '19:00', endTime: '20:00' })),
    );
    const colleague = claimsOf(
      (
        await sql<{ id: string }[]>`insert into auth.users (email) values ('kollega@editor.example.org') returning id`
      )[0]!.id,
      'kollega@editor.example.org',
    );
    await sql`insert into public.event_roles (event_id, user_id, role) values (${world.eventId}, ${colleague.sub}, 'organiser')`;

    const answers = await Promise.all([
      updateSession(organiser, { id: created.id, version: created.version }, { title: 'Fra den første' }),
      updateSession(colleague, { id: created.id, version: created.version }, { title: 'Fra den anden' }),
    ]);
    const codes = answers.map((answer) => (answer.ok ? 'ok' : answer.code)).sort();
    expect(codes).toEqual(['changed_elsewhere', 'ok']);
    const winner = answers.findIndex((answer) => answer.ok);
    const [row] = await sql<{ title: string; version: number }[]>`
      select title, version from public.sessions where id = ${created.id}`;
    expect(row).toEqual({ title: winner === 0 ? 'Fra den første' : 'Fra den anden', version: created.version + 1 });
  });

  it('refuses a speaker list saved over one changed since the form showed it', async () => {
    const created = await saved(
      await createSession(
        organiser,
        world.eventId,
        input({ title: 'Talerliste', startTime: '20:00', endTime: '21:00' }),
      ),
    );
    const target = { id: created.id, version: created.version, speakersVersion: created.speakersVersion };
    const first = await saved(
      await updateSession(organiser, target, { speakers: [{ speakerId: world.speakerId, role: 'host' }] }),
    );
    expect(first.version).toBe(created.version);
    expect(first.speakersVersion).not.toBe(created.speakersVersion);
    expect(
      refusal(await updateSession(organiser, target, { speakers: [{ speakerId: world.speakerId, role: 'moderator' }] }))
        .code,
    ).toBe('changed_elsewhere');
    const rows = await sql`select role::text from public.session_speakers where session_id = ${created.id}`;
    expect(rows).toEqual([{ role: 'host' }]);
  });

  it('leaves nothing half-written when a later part of a save is refused', async () => {
    const session = await loadEditableSession(organiser, world.eventId, world.keynoteId);
    const answer = await updateSession(
      organiser,
      { id: world.keynoteId, version: session!.version, speakersVersion: session!.speakersVersion },
      { title: 'Ny titel', speakers: [{ speakerId: other.speakerId, role: 'speaker' }] },
    );
    expect(refusal(answer).code).toBe('unknown_reference');
    const [row] = await sql<{ title: string; version: number }[]>`
      select title, version from public.sessions where id = ${world.keynoteId}`;
    expect(row).toEqual({ title: 'keynote', version: session!.version });
  });
});

describe('who may edit the programme', () => {
  it('an organiser of another event, check-in staff, exhibitors and reviewers are refused, and nothing changes', async () => {
    const staff = await sql<{ id: string }[]>`
      insert into auth.users (email)
      values ('dor@editor.example.org'), ('udstiller@editor.example.org'), ('bedoemmer@editor.example.org')
      returning id`;
    await sql`
      insert into public.event_roles (event_id, user_id, role) values
        (${world.eventId}, ${staff[0]!.id}, 'checkin_staff'),
        (${world.eventId}, ${staff[1]!.id}, 'exhibitor_member'),
        (${world.eventId}, ${staff[2]!.id}, 'reviewer')`;
    const strangers = [
      claimsOf(other.organiserId, 'arrangoer@andet-editor.example.org'),
      claimsOf(staff[0]!.id, 'dor@editor.example.org'),
      claimsOf(staff[1]!.id, 'udstiller@editor.example.org'),
      claimsOf(staff[2]!.id, 'bedoemmer@editor.example.org'),
    ];
    const session = await loadEditableSession(organiser, world.eventId, world.keynoteId);
    const before = await fingerprint(sql, 'public.sessions');
    for (const stranger of strangers) {
      expect(await loadEditableSession(stranger, world.eventId, world.keynoteId)).toBeNull();
      expect(refusal(await createSession(stranger, world.eventId, input())).code).toBe('not_found');
      expect(
        refusal(await updateSession(stranger, { id: world.keynoteId, version: session!.version }, { title: 'Kapret' }))
          .code,
      ).toBe('not_found');
      expect(refusal(await deleteSession(stranger, { id: world.keynoteId, version: session!.version })).code).toBe(
        'not_found',
      );
    }
    expect(await fingerprint(sql, 'public.sessions')).toEqual(before);
  });

  it('deletes a session without bookings for its organiser', async () => {
    const created = await saved(
      await createSession(
        organiser,
        world.eventId,
        input({ title: 'Kortvarig', startTime: '21:00', endTime: '22:00' }),
      ),
    );
    expect(refusal(await deleteSession(organiser, { id: created.id, version: created.version + 1 })).code).toBe(
      'changed_elsewhere',
    );
    expect(await deleteSession(organiser, { id: created.id, version: created.version })).toEqual({ ok: true });
    expect(await sql`select 1 from public.sessions where id = ${created.id}`).toHaveLength(0);
  });
});
