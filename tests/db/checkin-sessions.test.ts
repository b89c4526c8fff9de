// Attendance at session doors and the no-show release, against a real
// Postgres: a session-door queue synced twice records each scan once, only
// the event's staff may scan, a bad code is red; the seats of attendees not
// scanned in N minutes after a session started go to its waitlist, once, only
// where staff scan at the door, also with several job runs at once; only the
// event's organisers change the setting. Times are fixed instants on the world's
// day (tests/fixtures/clock.ts) passed to the release as its clock.
import { randomUUID } from 'node:crypto';
import type { APIContext } from 'astro';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionScanInput } from '../../src/lib/checkin/checkin.ts';
import { syncSessionScans } from '../../src/lib/checkin/checkin.server.ts';
import { loadNoShowSetting, releaseNoShows, setNoShowRelease } from '../../src/lib/checkin/no-show.server.ts';
import { ANON, asUser, type Claims, closePool } from '../../src/lib/db/db.server.ts';
import { POST as sessionSyncRoute } from '../../src/pages/api/checkin/[event]/session-sync.ts';
import { WORLD_DAY, worldAt } from '../fixtures/clock.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../fixtures/booking-world.ts';
import { codesFor } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { fingerprint, sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 20 });
const context = { db: sql };
const ORIGIN = 'http://localhost:4321';
const at = worldAt;

// The endpoint uses the process-wide pool, opened from DATABASE_URL.
const previousUrl = process.env['DATABASE_URL'];
process.env['DATABASE_URL'] = url;
afterAll(async () => {
  await closePool();
  if (previousUrl === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = previousUrl;
});

afterEach(async () => {
  expect(await seatInvariantBreaches(sql)).toEqual([]);
});

let a: EventWorld;
let b: EventWorld;
let organiserA: Claims;
let staffA: TestUser;
let staffB: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  a = await insertEventWorld(sql, { slug: 'sessioner-a', status: 'published' });
  b = await insertEventWorld(sql, { slug: 'sessioner-b', status: 'published' });
  organiserA = {
    role: 'authenticated',
    sub: a.organiserId,
    email: 'arrangoer@sessioner-a.example.org',
    aud: 'authenticated',
  };
  staffA = await insertUser(sql, 'vagt-sessioner-a@example.org');
  staffB = await insertUser(sql, 'vagt-sessioner-b@example.org');
  stranger = await insertUser(sql, 'fremmed-sessioner@example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values
    (${a.eventId}, ${staffA.id}, 'checkin_staff'), (${b.eventId}, ${staffB.id}, 'checkin_staff')`;
});

function scan(sessionId: string, code: string, overrides: Partial<SessionScanInput> = {}): SessionScanInput {
  return { sessionId, code, nonce: randomUUID(), scannedAt: new Date(), ...overrides };
}

/** A bookable session with these confirmed seats and this waitlist (in order), written directly. */
async function seatedSession(options: {
  world: EventWorld;
  slug: string;
  from: string;
  to: string;
  capacity: number;
  confirmed: readonly Attendee[];
  waitlisted?: readonly Attendee[];
}): Promise<string> {
  const { world, confirmed, waitlisted = [] } = options;
  const id = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: options.slug,
    startsAt: at(options.from),
    endsAt: at(options.to),
    capacity: options.capacity,
  });
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
    select ${world.eventId}, ${id}, unnest(${confirmed.map((attendee) => attendee.ticketId)}::uuid[]), 'confirmed', now()`;
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number)
    select ${world.eventId}, ${id}, t.id, 'waitlisted', t.n
      from unnest(${waitlisted.map((attendee) => attendee.ticketId)}::uuid[]) with ordinality as t (id, n)`;
  await sql`update public.sessions set seats_taken = ${confirmed.length}, waitlist_issued = ${waitlisted.length}
             where id = ${id}`;
  return id;
}

async function statuses(sessionId: string): Promise<Record<string, string>> {
  const rows = await sql<{ ticket_id: string; status: string; cancel_reason: string | null }[]>`
    select ticket_id, status, cancel_reason from public.bookings where session_id = ${sessionId}`;
  return Object.fromEntries(
    rows.map((row) => [row.ticket_id, row.cancel_reason ? `${row.status}:${row.cancel_reason}` : row.status]),
  );
}

const release = (time: string) => releaseNoShows({ origin: ORIGIN, db: sql, now: new Date(at(time)) });

describe('session scan sync', () => {
  let people: Attendee[];
  let codes: string[];
  let workshop: string;
  let keynote: string;

  beforeAll(async () => {
    people = await insertAttendees(sql, { eventId: a.eventId, count: 4, tag: 'sync' });
    codes = await codesFor(sql, a.eventId, people);
    workshop = await seatedSession({
      world: a,
      slug: 'sync-workshop',
      from: '09:00',
      to: '10:00',
      capacity: 10,
      confirmed: [people[0]!],
    });
    keynote = a.keynoteId;
  });

  it('records attendances in request order with booked or not, red for bad codes; a re-upload records nothing', async () => {
    const scans = [
      scan(workshop, codes[0]!),
      scan(workshop, codes[1]!),
      scan(workshop, 'WIFI:S:gæst;;'),
      scan(keynote, codes[0]!),
      scan(workshop, codes[0]!),
    ];
    const first = await syncSessionScans(staffA.claims, a.eventId, scans, context);
    expect(first.results.map((result) => result.nonce)).toEqual(scans.map((entry) => entry.nonce));
    expect(first.results.map(({ verdict }) => [verdict.code, verdict.colour, verdict.booked])).toEqual([
      ['ok', 'green', true],
      ['ok', 'green', false],
      ['malformed', 'red', false],
      ['ok', 'green', false],
      ['already_checked_in', 'amber', true],
    ]);
    expect(first.results[0]!.verdict).toMatchObject({ name: 'Deltager sync-1', replay: false });
    const rows = await sql<{ session_id: string; ticket_id: string }[]>`
      select session_id, ticket_id from public.session_check_ins where event_id = ${a.eventId}`;
    expect(rows).toHaveLength(3);

    const before = await fingerprint(sql, 'public.session_check_ins');
    const again = await syncSessionScans(staffA.claims, a.eventId, scans, context);
    expect(await fingerprint(sql, 'public.session_check_ins')).toEqual(before);
    expect(again.results.map(({ verdict }) => [verdict.code, verdict.replay, verdict.booked])).toEqual([
      ['ok', true, true],
      ['ok', true, false],
      ['malformed', false, false],
      ['ok', true, false],
      ['already_checked_in', false, true],
    ]);
  });

  it('answers unknown_session for a session of another event, wrong_event for its ticket', async () => {
    const [codeOfB] = await codesFor(
      sql,
      b.eventId,
      await insertAttendees(sql, { eventId: b.eventId, count: 1, tag: 'sync-b' }),
    );
    const { results } = await syncSessionScans(
      staffA.claims,
      a.eventId,
      [scan(b.keynoteId, codes[2]!), scan(workshop, codeOfB!)],
      context,
    );
    expect(results.map(({ verdict }) => verdict.code)).toEqual(['unknown_session', 'wrong_event']);
  });

  it('refuses staff of another event, strangers and anon, and writes nothing', async () => {
    const before = await fingerprint(sql, 'public.session_check_ins');
    for (const claims of [staffB.claims, stranger.claims, ANON]) {
      const { results } = await syncSessionScans(
        claims,
        a.eventId,
        [scan(workshop, codes[3]!), scan(workshop, 'junk')],
        context,
      );
      expect(results.map(({ verdict }) => verdict.code)).toEqual(['not_authorised', 'not_authorised']);
    }
    expect(await fingerprint(sql, 'public.session_check_ins')).toEqual(before);
    // Nor can they ask which attendees booked.
    const direct = await asUser(
      staffB.claims,
      (tx) => tx`select * from private.session_scan_bookings(${a.eventId}, ${[workshop]}::uuid[],
                                                               ${[people[0]!.ticketId]}::uuid[])`,
      sql,
    );
    expect(direct).toEqual([]);
  });

  describe('POST session-sync', () => {
    async function call(options: { claims: Claims; event?: string; body: string; type?: string }) {
      const target = new URL('http://localhost/api/checkin/x/session-sync');
      const request = new Request(target, {
        method: 'POST',
        body: options.body,
        headers: { 'content-type': options.type ?? 'application/json' },
      });
      const response = await sessionSyncRoute({
        params: { event: options.event ?? a.eventId },
        request,
        url: target,
        locals: { claims: options.claims, lang: 'da', pathWithoutLang: target.pathname },
      } as unknown as APIContext);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }
    const entry = (code: string, extra: Record<string, unknown> = {}) => ({
      sessionId: workshop,
      code,
      nonce: randomUUID(),
      scannedAt: new Date().toISOString(),
      ...extra,
    });

    it('answers { results: [{ nonce, verdict }] } in request order', async () => {
      const scans = [entry(codes[3]!), entry('junk')];
      const { status, body } = await call({ claims: staffA.claims, body: JSON.stringify({ scans }) });
      expect(status).toBe(200);
      expect(body).toEqual({
        results: [
          {
            nonce: scans[0]!.nonce,
            verdict: {
              code: 'ok',
              colour: 'green',
              replay: false,
              name: 'Deltager sync-4',
              organisation: null,
              at: null,
              booked: false,
            },
          },
          {
            nonce: scans[1]!.nonce,
            verdict: {
              code: 'malformed',
              colour: 'red',
              replay: false,
              name: null,
              organisation: null,
              at: null,
              booked: false,
            },
          },
        ],
        deviceRevoked: false,
      });
    });

    it('refuses what it cannot read with a 4xx and a code, never a 500', async () => {
      const one = (extra: Record<string, unknown> = {}) => JSON.stringify({ scans: [entry(codes[3]!, extra)] });
      const cases: [Parameters<typeof call>[0], number, string][] = [
        [{ claims: staffA.claims, event: 'ikke-et-id', body: one() }, 404, 'not_found'],
        [{ claims: ANON, body: one() }, 401, 'not_signed_in'],
        [{ claims: staffA.claims, body: one(), type: 'text/plain' }, 415, 'unsupported_media_type'],
        [{ claims: staffA.claims, body: '{"scans":' }, 400, 'bad_json'],
        [{ claims: staffA.claims, body: '{"scans":[]}' }, 400, 'bad_request'],
        [{ claims: staffA.claims, body: one({ sessionId: 'x' }) }, 400, 'bad_request'],
        [{ claims: staffA.claims, body: one({ scannedAt: `${WORLD_DAY}T10:00:00` }) }, 400, 'bad_request'],
        [
          { claims: staffA.claims, body: JSON.stringify({ scans: Array.from({ length: 501 }, () => entry('x')) }) },
          400,
          'bad_request',
        ],
        [{ claims: staffA.claims, body: JSON.stringify({ scans: [entry('x'.repeat(600_000))] }) }, 413, 'too_large'],
        [{ claims: stranger.claims, body: one() }, 403, 'not_authorised'],
        [{ claims: staffB.claims, body: one() }, 403, 'not_authorised'],
      ];
      for (const [options, status, error] of cases) {
        const { status: got, body } = await call(options);
        expect({ error, got, body: body['error'] }).toEqual({ error, got: status, body: error });
      }
      const { body } = await call({ claims: staffA.claims, body: one({ nonce: 'not-a-uuid' }) });
      expect(body['issues']).toEqual(['scans.0.nonce']);
    });
  });
});

describe('no-show release', () => {
  let people: Attendee[];
  let codes: string[];
  /** Scanned at: p0 attends, p1 and p2 do not; w0–w2 wait, in that order. */
  let scanned: string;
  /** Booked but nobody scans at its door. */
  let unscanned: string;
  let p: Attendee[];
  let w: Attendee[];

  beforeAll(async () => {
    people = await insertAttendees(sql, { eventId: a.eventId, count: 12, tag: 'noshow' });
    codes = await codesFor(sql, a.eventId, people);
    p = people.slice(0, 3);
    w = people.slice(3, 6);
    expect(await setNoShowRelease(organiserA, a.eventId, 10, context)).toBe('saved');
    scanned = await seatedSession({
      world: a,
      slug: 'noshow-scannet',
      from: '13:00',
      to: '14:00',
      capacity: 3,
      confirmed: p,
      waitlisted: w,
    });
    unscanned = await seatedSession({
      world: a,
      slug: 'noshow-uscannet',
      from: '13:00',
      to: '14:00',
      capacity: 2,
      confirmed: people.slice(6, 8),
      waitlisted: people.slice(8, 9),
    });
    const { results } = await syncSessionScans(staffA.claims, a.eventId, [scan(scanned, codes[0]!)], context);
    expect(results[0]!.verdict).toMatchObject({ code: 'ok', booked: true });
  });

  it('releases nothing before the session started plus N minutes', async () => {
    const before = await fingerprint(sql, 'public.bookings');
    expect(await release('12:55')).toEqual({ released: 0 });
    expect(await release('13:09')).toEqual({ released: 0 });
    expect(await fingerprint(sql, 'public.bookings')).toEqual(before);
  });

  it('then gives the no-shows’ seats to the waitlist in order, only where staff scan, and emails them', async () => {
    expect(await release('13:10')).toEqual({ released: 2 });
    expect(await statuses(scanned)).toEqual({
      [p[0]!.ticketId]: 'confirmed',
      [p[1]!.ticketId]: 'cancelled:no_show',
      [p[2]!.ticketId]: 'cancelled:no_show',
      [w[0]!.ticketId]: 'confirmed',
      [w[1]!.ticketId]: 'confirmed',
      [w[2]!.ticketId]: 'waitlisted',
    });
    expect(Object.values(await statuses(unscanned)).sort()).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const [session] = await sql<{ released: Date | null; taken: number }[]>`
      select no_shows_released_at as released, seats_taken as taken from public.sessions where id = ${scanned}`;
    expect(session!.released).toBeInstanceOf(Date);
    expect(session!.taken).toBe(3);

    const emails = await sql<{ recipient: string }[]>`
      select recipient from private.outbox_emails where template = 'booking-seat' order by recipient`;
    expect(emails.map((email) => email.recipient)).toEqual([w[0]!.email, w[1]!.email].sort());

    // The released attendee sees why (the column is theirs to read).
    const mine = await asUser(
      p[1]!.claims,
      (tx) => tx<{ status: string; cancel_reason: string }[]>`
        select status, cancel_reason from public.bookings where session_id = ${scanned}`,
      sql,
    );
    expect(mine).toEqual([{ status: 'cancelled', cancel_reason: 'no_show' }]);
  });

  it('releases nothing more when run again: those who got the seats keep them', async () => {
    const before = await fingerprint(sql, 'public.bookings');
    expect(await release('13:20')).toEqual({ released: 0 });
    expect(await release('13:59')).toEqual({ released: 0 });
    expect(await fingerprint(sql, 'public.bookings')).toEqual(before);
  });

  it('lets a late no-show in, not booked', async () => {
    const { results } = await syncSessionScans(staffA.claims, a.eventId, [scan(scanned, codes[1]!)], context);
    expect(results[0]!.verdict).toMatchObject({ code: 'ok', colour: 'green', booked: false });
  });

  it('leaves ended sessions and events without the setting alone', async () => {
    const ended = await seatedSession({
      world: a,
      slug: 'noshow-slut',
      from: '12:00',
      to: '13:00',
      capacity: 2,
      confirmed: people.slice(9, 11),
    });
    await syncSessionScans(staffA.claims, a.eventId, [scan(ended, codes[9]!)], context);
    const peopleB = await insertAttendees(sql, { eventId: b.eventId, count: 2, tag: 'noshow-b' });
    const [codeB] = await codesFor(sql, b.eventId, peopleB);
    const offB = await seatedSession({
      world: b,
      slug: 'noshow-fra',
      from: '13:00',
      to: '14:00',
      capacity: 2,
      confirmed: peopleB,
    });
    await syncSessionScans(staffB.claims, b.eventId, [scan(offB, codeB!)], context);
    expect(await release('13:30')).toEqual({ released: 0 });
    expect(Object.values(await statuses(ended))).toEqual(['confirmed', 'confirmed']);
    expect(Object.values(await statuses(offB))).toEqual(['confirmed', 'confirmed']);
  });

  it('skips a session whose row or no-show booking another transaction holds, and releases it next round', async () => {
    const group = await insertAttendees(sql, { eventId: a.eventId, count: 3, tag: 'noshow-laas' });
    const [groupCode] = await codesFor(sql, a.eventId, group.slice(0, 1));
    const session = await seatedSession({
      world: a,
      slug: 'noshow-laas',
      from: '17:00',
      to: '18:00',
      capacity: 3,
      confirmed: group,
    });
    await syncSessionScans(staffA.claims, a.eventId, [scan(session, groupCode!)], context);
    const [held] = await sql<{ id: string }[]>`
      select id from public.bookings where session_id = ${session} and ticket_id = ${group[1]!.ticketId}`;

    // Someone booking or cancelling holds the session row: the job does not wait.
    await sql.begin(async (tx) => {
      await tx`select 1 from public.sessions where id = ${session} for update`;
      expect(await release('17:10')).toEqual({ released: 0 });
    });
    // An attendee cancelling holds their booking (and would then wait for the
    // session row): the job leaves the whole session for the next round.
    await sql.begin(async (tx) => {
      await tx`select 1 from public.bookings where id = ${held!.id} for update`;
      expect(await release('17:10')).toEqual({ released: 0 });
    });
    const [marker] = await sql<{ released: Date | null }[]>`
      select no_shows_released_at as released from public.sessions where id = ${session}`;
    expect(marker!.released).toBeNull();

    expect(await release('17:10')).toEqual({ released: 2 });
    expect(Object.values(await statuses(session)).sort()).toEqual([
      'cancelled:no_show',
      'cancelled:no_show',
      'confirmed',
    ]);
  });

  it('releases each booking once when several job runs race', async () => {
    const crowd = await insertAttendees(sql, { eventId: a.eventId, count: 200, tag: 'noshow-race' });
    const crowdCodes = await codesFor(
      sql,
      a.eventId,
      crowd.filter((_, index) => index % 20 === 0),
    );
    // Five sessions of 30 seats: the first of each is scanned in, 29 are no-shows, 10 wait.
    const sessions: string[] = [];
    for (let index = 0; index < 5; index++) {
      const group = crowd.slice(index * 40, index * 40 + 40);
      sessions.push(
        await seatedSession({
          world: a,
          slug: `noshow-kapl-${index}`,
          from: '15:00',
          to: '16:00',
          capacity: 30,
          confirmed: group.slice(0, 30),
          waitlisted: group.slice(30),
        }),
      );
    }
    await syncSessionScans(
      staffA.claims,
      a.eventId,
      sessions.map((session, index) => scan(session, crowdCodes[index * 2]!)),
      context,
    );

    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        releaseNoShows({ origin: ORIGIN, db: sql, now: new Date(at('15:15')), limit: 2 }),
      ),
    );
    // With `limit: 2` a run takes at most two sessions; later rounds pick up the rest.
    let total = runs.reduce((sum, run) => sum + run.released, 0);
    for (let round = 0; round < 5 && total < 5 * 29; round++) total += (await release('15:15')).released;
    expect(total).toBe(5 * 29);

    const [counts] = await sql<{ released: number; versions: number; promoted: number }[]>`
      select count(*) filter (where b.cancel_reason = 'no_show')::int as released,
             count(*) filter (where b.cancel_reason = 'no_show' and b.version <> 2)::int as versions,
             count(*) filter (where b.status = 'confirmed' and b.waitlist_number is not null)::int as promoted
        from public.bookings b where b.session_id = any (${sessions}::uuid[])`;
    expect(counts).toEqual({ released: 5 * 29, versions: 0, promoted: 5 * 10 });
    expect(await release('15:30')).toEqual({ released: 0 });
  });
});

describe('the setting', () => {
  it('is ten minutes at the demo event', async () => {
    const [row] = await sql<{ minutes: number | null }[]>`
      select no_show_release_minutes as minutes from public.events where slug = 'velfaerdens-innovationsdag-2027'`;
    expect(row?.minutes).toBe(10);
  });

  it('is the organiser’s to change, 1–120 minutes or off', async () => {
    expect(await setNoShowRelease(organiserA, a.eventId, 120, context)).toBe('saved');
    expect(await setNoShowRelease(organiserA, a.eventId, 0, context)).toBe('out_of_range');
    expect(await setNoShowRelease(organiserA, a.eventId, 121, context)).toBe('out_of_range');
    expect(await loadNoShowSetting(organiserA, a.eventId, context)).toMatchObject({
      eventId: a.eventId,
      minutes: 120,
    });
    expect(await setNoShowRelease(organiserA, a.eventId, null, context)).toBe('saved');
    expect((await loadNoShowSetting(organiserA, a.eventId, context))?.minutes).toBeNull();
  });

  it('is refused to check-in staff, other organisers, strangers and anon', async () => {
    await setNoShowRelease(organiserA, a.eventId, 15, context);
    const organiserB: Claims = { role: 'authenticated', sub: b.organiserId, aud: 'authenticated' };
    for (const claims of [staffA.claims, organiserB, stranger.claims, ANON]) {
      expect(await setNoShowRelease(claims, a.eventId, 30, context)).toBe('not_authorised');
      expect(await loadNoShowSetting(claims, a.eventId, context)).toBeNull();
    }
    const [row] = await sql<{ minutes: number }[]>`
      select no_show_release_minutes as minutes from public.events where id = ${a.eventId}`;
    expect(row!.minutes).toBe(15);
    expect(await sqlState(asUser(ANON, (tx) => tx`select private.set_no_show_release(${a.eventId}, 30)`, sql))).toBe(
      '42501',
    );
    // The release itself is the server job's alone.
    expect(await sqlState(asUser(organiserA, (tx) => tx`select private.release_no_shows(now(), 10)`, sql))).toBe(
      '42501',
    );
  });
});
