// Retention (migration 20261203110001): the organiser's months, set with the
// event's version, and the job that anonymises an event's attendees once its
// time is up — the numbers stay, the people go (speakers' sign-in addresses
// too, 20261203130402; who asked and up-voted questions, 20261203140901) —
// exactly once, however many servers run it.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymiseDueEvents, loadRetention, setRetention } from '../../src/lib/privacy/retention.server.ts';
import type { Claims } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertBookingRows } from '../fixtures/booking-world.ts';
import { insertCheckInRows } from '../fixtures/checkin-world.ts';
import { insertRegistrationRows, type RegistrationRows } from '../fixtures/registration-world.ts';
import { insertSolutionTeamRows } from '../fixtures/solutions-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

const person = (name: string) => {
  const id = randomUUID();
  const email = `${name}@opbevaring.dk`;
  const claims: Claims = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims };
};
const organiser = person('organisator');
const staff = person('tjekind');
const attendeeUser = person('deltager');

let world: EventWorld;
let rows: RegistrationRows;
let other: EventWorld;

const eventRow = async (id: string) =>
  (
    await sql<{ version: number; months: number; until: Date; anonymisedAt: Date | null }[]>`
      select version, retention_months as months, personal_data_anonymised_at as "anonymisedAt",
             private.retention_ends_at(ends_at, timezone, retention_months) as until
        from public.events where id = ${id}`
  )[0]!;

beforeAll(async () => {
  for (const p of [organiser, staff, attendeeUser]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  world = await insertEventWorld(sql, { slug: 'opbevaring', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'opbevaring-anden', status: 'published' });
  rows = await insertRegistrationRows(sql, world.eventId, 'opbevaring');
  await insertRegistrationRows(sql, other.eventId, 'anden');
  await sql`update public.tickets set holder_user_id = ${attendeeUser.id}, organisation_name = 'Testrup Kommune',
              municipality = 'Testrup', dietary_needs = 'Vegetar' where id = ${rows.ticketId}`;
  await insertSolutionTeamRows(sql, world, 'opbevaring');
  await insertBookingRows(sql, {
    eventId: world.eventId,
    sessionId: world.emptyRoundId,
    ticketId: rows.ticketId,
    tokenByte: 3,
  });
  await insertCheckInRows(sql, { eventId: world.eventId, ticketId: rows.ticketId, sessionId: world.roundId });
  // The address each event's organisers gave its speaker (how speakers see their feedback).
  for (const event of [world, other]) {
    await sql`insert into public.speaker_emails (speaker_id, event_id, email)
              values (${event.speakerId}, ${event.eventId}, ${`taler-${event.eventId.slice(0, 8)}@opbevaring.dk`})`;
  }
  // A question the attendee asked in a session, with their name, and their up-vote on it; one at the other event.
  for (const event of [world, other]) {
    const [list] = await sql<{ id: string }[]>`
      insert into public.question_lists (event_id, session_id) values (${event.eventId}, ${event.roundId}) returning id`;
    const [question] = await sql<{ id: string }[]>`
      insert into public.questions (event_id, list_id, body, author_name)
      values (${event.eventId}, ${list!.id}, 'Hvordan kommer vi i gang?', 'Deltager Dorte') returning id`;
    await sql`insert into private.question_authors (question_id, event_id, user_id)
              values (${question!.id}, ${event.eventId}, ${attendeeUser.id})`;
    await sql`insert into private.question_votes (question_id, user_id) values (${question!.id}, ${attendeeUser.id})`;
  }
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.id}, 'organiser'),
      (${world.eventId}, ${staff.id}, 'checkin_staff'),
      (${world.eventId}, ${attendeeUser.id}, 'attendee')`;
});

describe('the retention date', () => {
  it('is the start of the day after the event, the chosen months later, in the event’s time zone', async () => {
    const [row] = await sql<{ until: Date }[]>`
      select private.retention_ends_at('2027-02-25 16:00+01', 'Europe/Copenhagen', 12) as until`;
    expect(row!.until.toISOString()).toBe('2028-02-25T23:00:00.000Z');
    const [summer] = await sql<{ until: Date }[]>`
      select private.retention_ends_at('2027-02-25 16:00+01', 'Europe/Copenhagen', 6) as until`;
    // 26 August 2027, 00:00 in summer time.
    expect(summer!.until.toISOString()).toBe('2027-08-25T22:00:00.000Z');
  });
});

describe('setting the months', () => {
  it('saves for the event’s organiser with the version the form showed, and raises the version', async () => {
    const before = await eventRow(world.eventId);
    expect(
      await setRetention(organiser.claims, { event: world.eventId, months: 6, version: before.version }, sql),
    ).toBe('saved');
    const after = await eventRow(world.eventId);
    expect(after.months).toBe(6);
    expect(after.version).toBe(before.version + 1);
    const shown = await loadRetention(organiser.claims, world.eventId, sql);
    expect(shown).toMatchObject({
      version: after.version,
      state: { kind: 'kept', months: 6 },
      ticketsWithPersonalData: 1,
    });
  });

  it('refuses a save from an older version: someone else saved in between', async () => {
    const { version } = await eventRow(world.eventId);
    expect(await setRetention(organiser.claims, { event: world.eventId, months: 9, version: version - 1 }, sql)).toBe(
      'changed_elsewhere',
    );
    expect((await eventRow(world.eventId)).months).toBe(6);
  });

  it('refuses months outside 1–120', async () => {
    const { version } = await eventRow(world.eventId);
    for (const months of [0, 121, -3]) {
      expect(await setRetention(organiser.claims, { event: world.eventId, months, version }, sql)).toBe('out_of_range');
    }
  });

  it('is not for check-in staff, an attendee, or the organiser of another event', async () => {
    const { version } = await eventRow(world.eventId);
    for (const who of [staff, attendeeUser]) {
      expect(await setRetention(who.claims, { event: world.eventId, months: 1, version }, sql)).toBe('not_authorised');
      expect(await loadRetention(who.claims, world.eventId, sql)).toBeNull();
    }
    expect(await setRetention(organiser.claims, { event: other.eventId, months: 1, version: 1 }, sql)).toBe(
      'not_authorised',
    );
    expect((await eventRow(world.eventId)).months).toBe(6);
  });
});

describe('the anonymisation job', () => {
  const personalLeft = async (eventId: string) =>
    (
      await sql<{ n: number }[]>`
        select ((select count(*) from public.tickets where event_id = ${eventId}
                  and (attendee_name is not null or attendee_email is not null or organisation_name is not null
                       or dietary_needs is not null or holder_user_id is not null))
             + (select count(*) from public.orders where event_id = ${eventId} and buyer_email is not null)
             + (select count(*) from public.waitlist_entries where event_id = ${eventId})
             + (select count(*) from public.calendar_feeds where event_id = ${eventId})
             + (select count(*) from public.solutions where event_id = ${eventId} and contact_email is not null)
             + (select count(*) from public.solution_team_members where event_id = ${eventId})
             + (select count(*) from public.event_roles where event_id = ${eventId} and role = 'attendee')
             + (select count(*) from public.speaker_emails where event_id = ${eventId})
             + (select count(*) from public.questions where event_id = ${eventId} and author_name is not null)
             + (select count(*) from private.question_authors where event_id = ${eventId})
             + (select count(*) from private.question_votes v join public.questions q on q.id = v.question_id
                 where q.event_id = ${eventId}))::int as n`
    )[0]!.n;

  it('leaves an event alone until its retention date', async () => {
    const { until } = await eventRow(world.eventId);
    const done = await anonymiseDueEvents({ now: new Date(until.getTime() - 1000), db: sql });
    expect(done.map((e) => e.eventId)).not.toContain(world.eventId);
    expect(await personalLeft(world.eventId)).toBeGreaterThan(5);
  });

  it('anonymises the event once, from two servers at once, keeping the numbers', async () => {
    const { until } = await eventRow(world.eventId);
    const countsBefore = await sql`
      select (select count(*)::int from public.tickets where event_id = ${world.eventId}) as tickets,
             (select count(*)::int from public.check_ins where event_id = ${world.eventId}) as check_ins,
             (select count(*)::int from public.bookings where event_id = ${world.eventId}) as bookings`;
    const runs = await Promise.all([
      anonymiseDueEvents({ now: until, db: sql }),
      anonymiseDueEvents({ now: until, db: sql }),
    ]);
    const mine = runs.flat().filter((e) => e.eventId === world.eventId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ tickets: 1, orders: 1 });

    expect(await personalLeft(world.eventId)).toBe(0);
    // The question itself stays, anonymous, as the session's history.
    const asked = await sql`select body, anonymous from public.questions where event_id = ${world.eventId}`;
    expect(asked).toEqual([{ body: 'Hvordan kommer vi i gang?', anonymous: true }]);
    const [ticket] = await sql<{ sector: string; municipality: string | null; anonymised_at: Date | null }[]>`
      select sector, municipality, anonymised_at from public.tickets where id = ${rows.ticketId}`;
    expect(ticket).toMatchObject({ sector: 'kommune', municipality: 'Testrup' });
    expect(ticket!.anonymised_at).not.toBeNull();
    const countsAfter = await sql`
      select (select count(*)::int from public.tickets where event_id = ${world.eventId}) as tickets,
             (select count(*)::int from public.check_ins where event_id = ${world.eventId}) as check_ins,
             (select count(*)::int from public.bookings where event_id = ${world.eventId}) as bookings`;
    expect(countsAfter).toEqual(countsBefore);
    // The organisers keep their roles; the other event is untouched.
    const [roles] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.event_roles where event_id = ${world.eventId} and role = 'organiser'`;
    expect(roles!.n).toBeGreaterThan(0);
    expect(await personalLeft(other.eventId)).toBeGreaterThan(0);
    expect((await loadRetention(organiser.claims, world.eventId, sql))?.state.kind).toBe('anonymised');
  });

  it('does nothing the second time', async () => {
    const { until } = await eventRow(world.eventId);
    const again = await anonymiseDueEvents({ now: new Date(until.getTime() + 86_400_000), db: sql });
    expect(again.map((e) => e.eventId)).not.toContain(world.eventId);
  });

  it('is not callable by the API roles', async () => {
    const { asUser } = await import('../../src/lib/db/db.server.ts');
    const { sqlState } = await import('../fixtures/sql.ts');
    expect(
      await sqlState(asUser(organiser.claims, (tx) => tx`select * from private.anonymise_due_events()`, sql)),
    ).toBe('42501');
    expect(
      await sqlState(asUser(organiser.claims, (tx) => tx`select private.anonymise_event(${other.eventId})`, sql)),
    ).toBe('42501');
  });
});
