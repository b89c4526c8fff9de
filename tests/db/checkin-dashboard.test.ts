// The live check-in dashboard against a real Postgres: the counts and the
// arrivals buckets after check-ins, duplicates, refusals and an undo; who may
// read it; the endpoint's JSON and its Server-Sent Events; and how long the
// snapshot takes for a full event of 1,200 tickets.
import { randomUUID } from 'node:crypto';
import type { APIContext } from 'astro';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMyEvent } from '../../src/lib/auth/my-roles.server.ts';
import { ANON, asUser, type Claims, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import { undoCheckIn } from '../../src/lib/checkin/checkin.server.ts';
import { dashboardVersion, loadDashboard } from '../../src/lib/checkin/dashboard.server.ts';
import { GET as dashboardRoute } from '../../src/pages/api/checkin/[event]/dashboard.ts';
import { WORLD_DAY, worldAt } from '../fixtures/clock.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase();
const context = { db: sql };
// The endpoint uses the process-wide pool, opened from DATABASE_URL.
const previousUrl = process.env['DATABASE_URL'];
process.env['DATABASE_URL'] = url;
afterAll(async () => {
  await closePool();
  if (previousUrl === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = previousUrl;
});

let a: EventWorld;
let b: EventWorld;
let organiserA: SignedIn;
let organiserB: SignedIn;
let staffA: TestUser;
let stranger: TestUser;
let attendees: Attendee[];
const checkIns: Record<string, string> = {};

const signedIn = (claims: Claims): SignedIn => {
  if (claims.role !== 'authenticated') throw new Error('a signed-in user was expected');
  return claims;
};

const organiserOf = (world: EventWorld, slug: string): SignedIn => ({
  role: 'authenticated',
  sub: world.organiserId,
  email: `arrangoer@${slug}.example.org`,
  aud: 'authenticated',
});

/** The world's day at a Copenhagen wall-clock time; summer time, so +02:00. */
const at = worldAt;

async function gate(eventId: string, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.checkin_gates (event_id, name) values (${eventId}, ${name}) returning id`;
  return row!.id;
}

async function insertCheckIn(
  options: {
    ticket: Attendee;
    gateId: string | null;
    scannedAt: string;
    result?: 'ok' | 'duplicate' | 'cancelled' | 'revoked' | 'unpaid';
    duplicateOf?: string;
    conflict?: boolean;
  },
  eventId = a.eventId,
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.check_ins (event_id, ticket_id, gate_id, device, nonce, scanned_at, result, revision,
                                  duplicate_of, conflict)
    values (${eventId}, ${options.ticket.ticketId}, ${options.gateId}, 'telefon-1', ${randomUUID()},
            ${options.scannedAt}, ${options.result ?? 'ok'}, 1, ${options.duplicateOf ?? null},
            ${options.conflict ?? false})
    returning id`;
  return row!.id;
}

beforeAll(async () => {
  a = await insertEventWorld(sql, { slug: 'dash-a', status: 'published' });
  b = await insertEventWorld(sql, { slug: 'dash-b', status: 'published' });
  organiserA = organiserOf(a, 'dash-a');
  organiserB = organiserOf(b, 'dash-b');
  staffA = await insertUser(sql, 'vagt-dash@example.org');
  stranger = await insertUser(sql, 'fremmed-dash@example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values (${a.eventId}, ${staffA.id}, 'checkin_staff')`;
  attendees = await insertAttendees(sql, { eventId: a.eventId, count: 10, tag: 'dash' });

  const nord = await gate(a.eventId, 'Nord');
  const syd = await gate(a.eventId, 'Syd');
  const [t0, t1, t2, t3, t4] = attendees;
  checkIns['first'] = await insertCheckIn({ ticket: t0!, gateId: nord, scannedAt: at('08:02') });
  checkIns['second'] = await insertCheckIn({ ticket: t1!, gateId: nord, scannedAt: at('08:04:30') });
  checkIns['third'] = await insertCheckIn({ ticket: t2!, gateId: syd, scannedAt: at('08:17') });
  checkIns['mistake'] = await insertCheckIn({ ticket: t3!, gateId: syd, scannedAt: at('08:18') });
  await insertCheckIn({
    ticket: t0!,
    gateId: syd,
    scannedAt: at('08:20'),
    result: 'duplicate',
    duplicateOf: checkIns['first'],
  });
  await insertCheckIn({
    ticket: t1!,
    gateId: null,
    scannedAt: at('08:03'),
    result: 'duplicate',
    duplicateOf: checkIns['second'],
    conflict: true,
  });
  await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${t4!.ticketId}`;
  await insertCheckIn({ ticket: t4!, gateId: nord, scannedAt: at('08:21'), result: 'cancelled' });

  // The keynote: 3 confirmed bookings, 2 of them attended; one cancelled booking that does not count.
  for (const [index, attendee] of attendees.slice(0, 4).entries()) {
    await sql`
      insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at, cancelled_at)
      values (${a.eventId}, ${a.keynoteId}, ${attendee.ticketId}, ${index < 3 ? 'confirmed' : 'cancelled'},
              now(), case when ${index < 3} then null else now() end)`;
  }
  for (const attendee of attendees.slice(0, 2)) {
    await sql`
      insert into public.session_check_ins (event_id, session_id, ticket_id, nonce, at)
      values (${a.eventId}, ${a.keynoteId}, ${attendee.ticketId}, ${randomUUID()}, ${at('09:01')})`;
  }
});

describe('the snapshot', () => {
  it('counts check-ins, duplicates, conflicts and refusals, and an undo takes one back', async () => {
    const before = await loadDashboard(organiserA, a.eventId, context);
    expect(before).toMatchObject({
      registered: 9,
      checked_in: 4,
      undone: 0,
      duplicates: 2,
      conflicts: 1,
      refusals: { cancelled: 1, revoked: 0, unpaid: 0 },
      time_zone: 'Europe/Copenhagen',
      bucket_minutes: 5,
      day: WORLD_DAY,
    });

    expect(await undoCheckIn(organiserA, checkIns['mistake']!, context)).toBe('undone');
    const after = (await loadDashboard(organiserA, a.eventId, context))!;
    expect(after).toMatchObject({ checked_in: 3, undone: 1, duplicates: 2 });
    expect(after.version).not.toBe(before!.version);
    // The undone check-in stays in the undo list, marked.
    expect(after.recent.find((row) => row.id === checkIns['mistake'])?.undone_at).not.toBeNull();
    expect(after.recent.map((row) => row.id)).toEqual(
      [checkIns['mistake'], checkIns['third'], checkIns['second'], checkIns['first']].map(String),
    );
    expect(after.recent[0]).toMatchObject({ gate: 'Syd', device: 'telefon-1', name: 'Deltager dash-4' });
  });

  it('puts active arrivals in 5-minute buckets of Copenhagen wall time, empty buckets included', async () => {
    const snapshot = (await loadDashboard(organiserA, a.eventId, context))!;
    // 08:02 and 08:04:30 in 08:00; nothing at 08:05 and 08:10; 08:17 at 08:15 (08:18 was undone).
    expect(snapshot.arrivals.map((bucket) => [new Date(bucket.start).toISOString(), bucket.count])).toEqual([
      [`${WORLD_DAY}T06:00:00.000Z`, 2],
      [`${WORLD_DAY}T06:05:00.000Z`, 0],
      [`${WORLD_DAY}T06:10:00.000Z`, 0],
      [`${WORLD_DAY}T06:15:00.000Z`, 1],
    ]);
    expect(snapshot.arrivals.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(snapshot.checked_in);
    const quarter = (await loadDashboard(organiserA, a.eventId, { ...context, bucketMinutes: 15 }))!;
    expect(quarter.arrivals.map((bucket) => bucket.count)).toEqual([2, 1]);
  });

  it('counts per gate, with scans from no gate on a row of their own', async () => {
    const snapshot = (await loadDashboard(organiserA, a.eventId, context))!;
    expect(
      snapshot.gates.map(({ name, checked_in, duplicates, refused }) => ({ name, checked_in, duplicates, refused })),
    ).toEqual([
      { name: 'Nord', checked_in: 2, duplicates: 0, refused: 1 },
      { name: 'Syd', checked_in: 1, duplicates: 1, refused: 0 },
      { name: null, checked_in: 0, duplicates: 1, refused: 0 },
    ]);
  });

  it('shows the sessions of the day with capacity, confirmed bookings and attendance', async () => {
    const snapshot = (await loadDashboard(organiserA, a.eventId, context))!;
    expect(snapshot.sessions.map((session) => session.title)).toEqual(['keynote', 'runde-1', 'runde-2']);
    expect(snapshot.sessions[0]).toMatchObject({ room: 'Sal A', capacity: 100, booked: 3, attended: 2 });
    expect(snapshot.sessions[1]).toMatchObject({ booked: 0, attended: 0 });
  });
});

describe('who may read it', () => {
  it('answers the organisers of the event and no one else', async () => {
    expect(await loadDashboard(organiserA, a.eventId, context)).not.toBeNull();
    expect(await dashboardVersion(organiserA, a.eventId, context)).toEqual(expect.any(String));
    for (const claims of [staffA.claims, organiserB, stranger.claims]) {
      expect(await loadDashboard(claims, a.eventId, context)).toBeNull();
      expect(await dashboardVersion(claims, a.eventId, context)).toBeNull();
    }
    expect(await loadDashboard(ANON, a.eventId, context)).toBeNull();
    expect(await loadDashboard(organiserA, randomUUID(), context)).toBeNull();
    // Organiser B sees B's (empty) dashboard.
    expect(await loadDashboard(organiserB, b.eventId, context)).toMatchObject({ checked_in: 0, arrivals: [] });
  });

  it('is not executable by anon at all', async () => {
    const denied = sqlState(
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'anon', true)`;
        await tx`select private.checkin_dashboard(${a.eventId}, 5)`;
      }),
    );
    expect(await denied).toBe('42501');
  });

  it('finds the event by slug for its organisers only', async () => {
    expect(await loadMyEvent(organiserA, 'dash-a', 'organiser', 'da', sql)).toMatchObject({ id: a.eventId });
    expect(await loadMyEvent(signedIn(staffA.claims), 'dash-a', 'organiser', 'da', sql)).toBeNull();
  });
});

function apiContext(
  claims: Claims,
  options: { event?: string | undefined; query?: string; accept?: string; signal?: AbortSignal },
) {
  const target = new URL(`http://localhost/api/checkin/x/dashboard${options.query ?? ''}`);
  const request = new Request(target, {
    headers: { accept: options.accept ?? 'application/json' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    params: { event: options.event ?? a.eventId },
    request,
    url: target,
    locals: { claims, lang: 'da', pathWithoutLang: target.pathname },
  } as unknown as APIContext;
}

describe('GET dashboard', () => {
  it('answers organisers a JSON snapshot and refuses everyone else with a 4xx', async () => {
    const ok = await dashboardRoute(apiContext(organiserA, {}));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('private, no-store');
    expect(await ok.json()).toMatchObject({ event_id: a.eventId, checked_in: 3 });
    const cases: [Claims, string | undefined, number][] = [
      [ANON, undefined, 401],
      [staffA.claims, undefined, 403],
      [organiserB, undefined, 403],
      [stranger.claims, undefined, 403],
      [organiserA, 'ikke-et-id', 404],
      [organiserA, randomUUID(), 403],
    ];
    for (const [claims, event, status] of cases) {
      const response = await dashboardRoute(apiContext(claims, { event }));
      expect({ event, status: response.status }).toEqual({ event, status });
    }
  });

  it('streams a snapshot at once and another when a check-in lands, and stops when the client goes', async () => {
    const abort = new AbortController();
    const response = await dashboardRoute(apiContext(organiserA, { query: '?stream=1', signal: abort.signal }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += value;
      }
    };
    await readUntil(/event: snapshot\nid: |id: .*\nevent: snapshot\ndata: .*\n\n/);
    expect(text).toMatch(/^retry: 5000\n\n/);
    expect(text).toContain('"checked_in":3');

    const started = Date.now();
    await insertCheckIn({ ticket: attendees[5]!, gateId: null, scannedAt: at('08:40') });
    text = '';
    await readUntil(/"checked_in":4/);
    // One poll interval (3 s), not a reconnect.
    expect(Date.now() - started).toBeLessThan(5_000);

    abort.abort();
    const { done } = await reader.read();
    expect(done).toBe(true);
  }, 15_000);
});

describe('a full event', () => {
  it('answers within a few milliseconds for 1,200 tickets', async () => {
    const big = await insertEventWorld(sql, { slug: 'dash-stor', status: 'published' });
    const many = await insertAttendees(sql, { eventId: big.eventId, count: 1_200, tag: 'stor' });
    const gates = await Promise.all(['Nord', 'Syd', 'Øst'].map((name) => gate(big.eventId, name)));
    // 1,100 arrive between 07:30 and 09:30 on three gates; 40 duplicates.
    await sql`
      insert into public.check_ins (event_id, ticket_id, gate_id, device, nonce, scanned_at, recorded_at, result, revision)
      select ${big.eventId}, t.ticket_id, (${gates}::uuid[])[1 + (g % 3)::int], 'telefon-' || (g % 4), gen_random_uuid(),
             ${at('07:30')}::timestamptz + (g * interval '6.5 seconds'),
             ${at('07:30')}::timestamptz + (g * interval '6.5 seconds') + interval '2 seconds', 'ok', 1
        from unnest(${many.slice(0, 1_100).map((row) => row.ticketId)}::uuid[]) with ordinality as t(ticket_id, g)`;
    await sql`
      insert into public.check_ins (event_id, ticket_id, gate_id, device, nonce, scanned_at, result, revision, duplicate_of)
      select c.event_id, c.ticket_id, c.gate_id, 'telefon-9', gen_random_uuid(), c.scanned_at + interval '1 minute',
             'duplicate', 1, c.id
        from public.check_ins c where c.event_id = ${big.eventId} order by c.id limit 40`;
    await sql`analyze public.check_ins`;
    const organiser = organiserOf(big, 'dash-stor');

    const timings: number[] = [];
    let snapshot;
    for (let run = 0; run < 7; run++) {
      const started = performance.now();
      snapshot = await loadDashboard(organiser, big.eventId, context);
      timings.push(performance.now() - started);
    }
    const versionStarted = performance.now();
    await dashboardVersion(organiser, big.eventId, context);
    const versionMs = performance.now() - versionStarted;
    // The function's own time inside Postgres, without the client's round trips.
    const [plan] = await asUser(
      organiser,
      (tx) => tx<{ 'QUERY PLAN': [{ 'Execution Time': number }] }[]>`
        explain (analyze, format json) select private.checkin_dashboard(${big.eventId}, 5)`,
      sql,
    );
    const executionMs = plan!['QUERY PLAN'][0]['Execution Time'];
    timings.sort((x, y) => x - y);
    const median = timings[3]!;
    console.info(
      `checkin_dashboard, 1,200 tickets and 1,140 check-ins: ${executionMs.toFixed(1)} ms in Postgres, ` +
        `median ${median.toFixed(1)} ms as a request, ` +
        `version ${versionMs.toFixed(1)} ms (including the transaction's round trips)`,
    );
    expect(snapshot).toMatchObject({ registered: 1_200, checked_in: 1_100, duplicates: 40 });
    expect(snapshot!.arrivals).toHaveLength(24);
    expect(snapshot!.recent).toHaveLength(20);
    expect(median).toBeLessThan(250);
  });
});
