// Samspil scaled out for real: PgBouncer in transaction mode (as Supabase's
// pooler on port 6543) in front of a throwaway Postgres, and two built server
// instances behind it with DATABASE_POOLER=true (tests/fixtures/scale-out.ts).
// They start at the same moment on an empty database, both migrating through
// the pooler, and are restarted one after the other: every migration is
// applied once, no lock outlives its transaction, no start hangs. Then a booking rush and a
// check-in rush go through both at once (requests alternate), and the
// invariants hold; the live seat counts and the check-in dashboard of one
// instance show what went through the other; and both instances' outbox
// workers race over the same emails, each sent once. HTTP only: no browser.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../../src/lib/auth/local-auth.server.ts';
import { asService, connect, type Sql } from '../../src/lib/db/db.server.ts';
import { readMigrations } from '../../src/lib/db/migrate.ts';
import { SAMPLE_DATA } from '../../src/lib/mail/templates/samples.ts';
import { insertAttendees, insertBookableSession, seatInvariantBreaches } from '../fixtures/booking-world.ts';
import { codesFor, moveEventToOpenCheckIn } from '../fixtures/checkin-world.ts';
import { type Instance, type ScaleOut, startScaleOut } from '../fixtures/scale-out.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const ATTENDEES = 160;
const SEATS = 40;
const EMAILS = 120;

test.describe.configure({ mode: 'serial' });

let cluster: ScaleOut & { startAll(): Promise<void> };
let db: Sql;

// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(60_000);
  cluster = await startScaleOut({
    dataDir: path.join(os.tmpdir(), `samspil-scale-out-e2e-${process.pid}`),
    count: 2,
    env: { FORM_IP_LIMIT_PER_MINUTE: '100000', FORM_IP_LIMIT_PER_HOUR: '1000000' },
  });
  db = connect(cluster.directUrl, { max: 5 });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
  await cluster?.stop();
});

/** Advisory locks held on the database right now, by anyone. */
async function advisoryLocks(): Promise<number> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from pg_locks where locktype = 'advisory'`;
  return row!.n;
}

const appliedBy = (instance: Instance) => Number(/Applied (\d+) migration/.exec(instance.output())?.[1] ?? 0);

/** Runs `work` for every item, `width` at a time. */
async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]!, index);
    }),
  );
  return results;
}

test('two instances start at once on an empty database, migrate it once, and restart one after the other', async () => {
  test.setTimeout(90_000);
  const files = await readMigrations();

  await cluster.startAll();

  const [a, b] = cluster.instances as [Instance, Instance];
  // Between them they applied every file once; neither failed on a file the other had applied.
  expect(appliedBy(a) + appliedBy(b)).toBe(files.length);
  const [recorded] = await db<{ n: number; distinct: number }[]>`
    select count(*)::int as n, count(distinct version)::int as distinct from samspil_meta.migrations`;
  expect(recorded).toEqual({ n: files.length, distinct: files.length });
  const [seeded] = await db<{ n: number }[]>`select count(*)::int as n from samspil_meta.seeded`;
  expect(seeded!.n).toBe(1);
  expect(await advisoryLocks()).toBe(0);

  for (const [instance, other] of [
    [a, b],
    [b, a],
  ] as const) {
    await instance.stop();
    // A rolling restart: the other instance serves meanwhile.
    expect((await fetch(`${other.baseUrl}/api/health/ready`)).status, other.name).toBe(200);
    await instance.start();
    // Nothing left to apply and nothing to wait for: a restart is a plain start (a start held on a
    // lock would not print "serving" and fail start() after its timeout; no clock is asserted here).
    expect(instance.output(), instance.name).not.toContain('Applied');
    expect(await advisoryLocks()).toBe(0);
  }
  for (const instance of [a, b]) {
    const ready = await fetch(`${instance.baseUrl}/api/health/ready`);
    expect(ready.status, instance.name).toBe(200);
  }
});

test('rushes through both instances hold their invariants, each sees the other, and the outbox sends once', async () => {
  test.setTimeout(90_000);
  const instances = cluster.instances;
  const [event] = await db<
    { id: string; ends_at: Date }[]
  >`select id, ends_at from public.events where slug = ${EVENT}`;
  const eventId = event!.id;
  const starts = new Date(event!.ends_at.getTime() + 14 * 3600_000);
  const round = await insertBookableSession(db, {
    eventId,
    slug: 'scale-out-round',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 3600_000).toISOString(),
    capacity: SEATS,
  });
  const attendees = await db.begin(async (tx) => {
    const rows = await insertAttendees(tx, { eventId, count: ATTENDEES, tag: 'scale-out' });
    // Their order confirmations taken as queued: the outbox part below sends emails of its own.
    await tx`update public.orders set confirmation_queued_at = now()
              where event_id = ${eventId} and confirmation_queued_at is null`;
    return rows;
  });
  const auth = createLocalAuth({
    db,
    sessionSeconds: 3600,
    ipLimitPerHour: 1_000_000,
    mailer: async () => {},
  });
  const cookies = await Promise.all(
    attendees.map(async (attendee) => (await auth.issueSession({ id: attendee.userId, email: attendee.email })).token),
  );
  const staff = await grantEventRole(db, {
    email: 'scale-out-staff@example.org',
    role: 'organiser',
    eventSlug: EVENT,
    createUser: true,
  });
  await grantEventRole(db, { email: staff.email, role: 'checkin_staff', eventSlug: EVENT, createUser: false });
  const staffCookie = `${LOCAL_SESSION_COOKIE}=${(await auth.issueSession({ id: staff.userId, email: staff.email })).token}`;

  const seatsOn = async (instance: Instance) => {
    const response = await fetch(`${instance.baseUrl}/api/events/${EVENT}/seats.json`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sessions: { id: string; taken: number; left: number }[] };
    return body.sessions.find((session) => session.id === round);
  };
  for (const instance of instances) expect(await seatsOn(instance), instance.name).toMatchObject({ taken: 0 });

  // The check-in dashboard of instance B, followed as Server-Sent Events from before the rush.
  const stream = new AbortController();
  const dashboard = await fetch(`${instances[1]!.baseUrl}/api/checkin/${eventId}/dashboard`, {
    headers: { cookie: staffCookie, accept: 'text/event-stream' },
    signal: stream.signal,
  });
  expect(dashboard.status).toBe(200);
  const snapshots: { checked_in: number }[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of dashboard.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^event: snapshot\ndata: (.*)$/m.exec(message.replace(/^id: .*\n/, ''));
          if (data) snapshots.push(JSON.parse(data[1]!) as { checked_in: number });
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  await expect.poll(() => snapshots.length, { timeout: 10_000 }).toBeGreaterThan(0);
  const checkedInBefore = snapshots[0]!.checked_in;

  // Booking rush: every attendee books the same round, requests alternating between the instances.
  const bookings = await inParallel(cookies, 40, async (cookie, index) => {
    const instance = instances[index % instances.length]!;
    const response = await fetch(`${instance.baseUrl}/${EVENT}/galleri?_action=booking.book`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: instance.baseUrl,
        cookie: `${LOCAL_SESSION_COOKIE}=${cookie}`,
      },
      body: new URLSearchParams({ event: eventId, session: round, back: `/${EVENT}/galleri` }).toString(),
    });
    return response.status;
  });
  expect(bookings.filter((status) => status === 303)).toHaveLength(ATTENDEES);
  const [line] = await db<{ confirmed: number; waiting: number; highest: number }[]>`
    select count(*) filter (where status = 'confirmed')::int as confirmed,
           count(*) filter (where status = 'waitlisted')::int as waiting,
           coalesce(max(waitlist_number) filter (where status = 'waitlisted'), 0)::int as highest
      from public.bookings where session_id = ${round}`;
  // No oversell, and everyone else in line, numbered 1…n without gaps.
  expect(line).toEqual({ confirmed: SEATS, waiting: ATTENDEES - SEATS, highest: ATTENDEES - SEATS });
  expect(await seatInvariantBreaches(db)).toEqual([]);
  // Each instance's live count shows the seats taken through both.
  for (const instance of instances) {
    expect(await seatsOn(instance), instance.name).toMatchObject({ taken: SEATS, left: 0 });
  }

  // Check-in rush: every ticket scanned twice at once, once through each instance. Postgres
  // refuses a check-in outside the event's window (from a day before it starts), so this
  // throwaway database's event moves to start in two hours, every date of it alike (its
  // deadlines keep their order).
  await moveEventToOpenCheckIn(db, eventId);
  const codes = await codesFor(
    db,
    eventId,
    attendees.map((attendee) => ({ ticketId: attendee.ticketId })),
  );
  const scans = codes.flatMap((code) => [0, 1].map((side) => ({ code, side })));
  const verdicts = await inParallel(scans, 40, async ({ code, side }, index) => {
    const instance = instances[side]!;
    const response = await fetch(`${instance.baseUrl}/api/checkin/${eventId}/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: instance.baseUrl, cookie: staffCookie },
      body: JSON.stringify({
        code,
        nonce: randomUUID(),
        scannedAt: new Date().toISOString(),
        device: `telefon-${index % 4}`,
        gate: 'Nord',
      }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { verdict: { colour: string; ticketId?: string } }).verdict;
  });
  const green = verdicts.filter((verdict) => verdict.colour === 'green');
  expect(green).toHaveLength(ATTENDEES);
  expect(new Set(green.map((verdict) => verdict.ticketId)).size).toBe(ATTENDEES);
  const [doubles] = await db<{ active: number; tickets: number }[]>`
    select count(*)::int as active, count(distinct ticket_id)::int as tickets from public.check_ins
     where event_id = ${eventId} and result = 'ok' and undone_at is null
       and ticket_id = any (${attendees.map((attendee) => attendee.ticketId)}::uuid[])`;
  expect(doubles).toEqual({ active: ATTENDEES, tickets: ATTENDEES });
  // Instance B's dashboard counts the check-ins that went through instance A too.
  await expect.poll(() => snapshots.at(-1)!.checked_in, { timeout: 15_000 }).toBe(checkedInBefore + ATTENDEES);
  stream.abort();
  await reading;

  // Both instances' outbox workers drain the same emails: each is claimed and delivered once.
  const keys = Array.from({ length: EMAILS }, (_, index) => `scale-out/${index}`);
  await asService(async (tx) => {
    for (const [index, key] of keys.entries()) {
      await tx`select private.enqueue_email(${key}, ${`scale-out-${index}@example.org`}, 'da', 'sign-in',
                 ${tx.json(SAMPLE_DATA['sign-in'])}, false)`;
    }
  }, db);
  const outbox = async () => {
    const [row] = await db<{ done: number; attempts: number; delivered: number }[]>`
      select count(*) filter (where j.status = 'done')::int as done,
             coalesce(sum(j.attempts), 0)::int as attempts,
             (select count(*)::int from private.dev_mailbox m where m.idempotency_key = any (${keys}::text[])) as delivered
        from private.jobs j where j.queue = 'email' and j.idempotency_key = any (${keys}::text[])`;
    return row!;
  };
  await expect.poll(async () => (await outbox()).done, { timeout: 30_000 }).toBe(EMAILS);
  expect(await outbox()).toEqual({ done: EMAILS, attempts: EMAILS, delivered: EMAILS });
});
