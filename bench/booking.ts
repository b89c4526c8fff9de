// `npm run bench:booking`: booking rushes against the built server
// (`npm start`'s server, against its embedded Postgres), in two shapes:
//
//   hot round — 1,000 signed-in attendees book ONE gallery round of 30 seats,
//               all at once (one connection each): 30 seats, 970 in line;
//   spread    — 3,000 attendees over ten rounds of 100 seats, 50 at a time.
//
// Each shape runs four ways in the same run, on rounds of their own: the JSON
// endpoint and the booking form posted over HTTP (both book through the
// server's group commit: the bookings of a round that arrive together go to
// Postgres as one call of private.book_sessions, which calls
// private.book_session for each); private.book_session called directly in
// SQL, one booking per transaction in one write (role + claims, call and
// commit), the reference every HTTP figure is printed beside; and the same
// call in the transaction shape before #16 (begin · claims · call · commit,
// four round trips) as the reference of the old code path.
// The attendees' own confirmation emails are taken as sent when they are
// seeded, so the server's confirmation job does not render QR codes during
// the rush it measures (the check-in bench does the same).
//
// After every run the invariants are checked and a broken one fails the
// bench: seats taken = bookings holding a seat ≤ capacity; nobody waits while
// a seat is free; waitlists numbered 1…n without gaps; one booking per person
// and session; every answered booking recorded exactly once (no more, no
// less). After the hot round some seat holders cancel: exactly the first in
// line get the seats, each with exactly one email, and the rest keep their order.
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../src/lib/auth/local-auth.server.ts';
import { bookingResult } from '../src/lib/booking/booking.ts';
import { cancelBooking } from '../src/lib/booking/booking.server.ts';
import { asUser, asUserInOneTrip, connect, type Sql } from '../src/lib/db/db.server.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../tests/fixtures/booking-world.ts';
import { startTestServer, type TestServer } from '../tests/fixtures/server.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
import { cpuMeter, listenOverflows, ownCpuMs, runQueueMeter, withChildren } from './lib/cpu.ts';
import { percentile } from './lib/load.ts';
import { BENCH_FSYNC, loadAverage, printSetup } from './lib/setup.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const HOT_ATTENDEES = Number(process.env.BENCH_HOT_ATTENDEES ?? 1000);
const HOT_CAPACITY = Number(process.env.BENCH_HOT_CAPACITY ?? 30);
/** Everyone at once by default: one client connection per attendee. */
const HOT_CONNECTIONS = Number(process.env.BENCH_HOT_CONNECTIONS ?? HOT_ATTENDEES);
const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Seat holders of the hot round who cancel afterwards, to see the line served in order. */
const CANCELLERS = 3;
/** The server's HTTP processes (WEB_CONCURRENCY, passed on to it). */
const WORKERS = Number(process.env.WEB_CONCURRENCY ?? 1);
/** The server's own pool size (DATABASE_POOL_MAX's default), used for the direct SQL runs too. */
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 10);

interface Figures {
  what: string;
  attempts: number;
  booked: number;
  'per second': number;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  errors: number;
  /** CPU milliseconds per attempt: the web server, Postgres (all its processes), this load generator. */
  'web cpu': number;
  'pg cpu': number;
  'bench cpu': number;
  /** The web server's CPU over the run's wall time: 100 % is one core busy throughout. */
  'web busy %': number;
  /** The web server's time ready to run but waiting for a CPU (other processes had it), over the wall time. */
  'web starved %': number;
}

interface Cpu {
  web: number;
  pg: number;
  bench: number;
  webWaiting: number;
}

/** Diagnostics (BENCH_WATCH=1): what the server's Postgres connections are doing, twice a second. */
function watch(server: TestServer): () => Promise<void> {
  const db = connect(server.databaseUrl, { max: 1 });
  let on = true;
  const loop = (async () => {
    while (on) {
      const rows = await db<{ state: string; n: number }[]>`
        select coalesce(state, '?') || ':' || coalesce(wait_event_type || '/' || wait_event, '-') as state, count(*)::int as n
          from pg_stat_activity where application_name = 'samspil' and pid <> pg_backend_pid() group by 1 order by 2 desc`;
      console.log(
        `    ${(performance.now() / 1000).toFixed(1)} ${rows.map((row) => `${row.state}=${row.n}`).join(' ')}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return async () => {
    on = false;
    await loop;
    await db.end();
  };
}

/**
 * The server's CPU with no requests (its background jobs poll the database
 * every few seconds, in the web process and in Postgres), per second; every
 * run's per-booking CPU has this much times its duration taken off, so a slow
 * run is not charged for the jobs that ran meanwhile.
 */
let background = { web: 0, pg: 0 };

async function measureBackground(server: TestServer, seconds: number): Promise<void> {
  const stop = startMeter(server);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const cpu = stop();
  background = { web: cpu.web / seconds, pg: cpu.pg / seconds };
  console.log(
    `server at rest (background jobs): web ${background.web.toFixed(1)} ms CPU/s, Postgres ${background.pg.toFixed(1)} ms CPU/s ` +
      `(taken off each run's CPU per booking)`,
  );
}

/** Counts the CPU of the web server, Postgres and this process from now until the returned function is called. */
function startMeter(server: TestServer): () => Cpu {
  const web = cpuMeter(() => withChildren(server.process.pid!));
  const webWaiting = runQueueMeter(() => withChildren(server.process.pid!));
  const pg = cpuMeter(() => server.database.pids());
  const bench = ownCpuMs();
  return () => ({ web: web(), pg: pg(), bench: ownCpuMs() - bench, webWaiting: webWaiting() });
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function figures(what: string, attempts: number, times: number[], seconds: number, errors: number, cpu: Cpu): Figures {
  times.sort((a, b) => a - b);
  const per = (ms: number) => Math.round((100 * Math.max(0, ms)) / attempts) / 100;
  return {
    what,
    attempts,
    booked: times.length,
    'per second': round1(times.length / seconds),
    'p50 ms': round1(percentile(times, 50)),
    'p95 ms': round1(percentile(times, 95)),
    'p99 ms': round1(percentile(times, 99)),
    errors,
    'web cpu': per(cpu.web - background.web * seconds),
    'pg cpu': per(cpu.pg - background.pg * seconds),
    'bench cpu': per(cpu.bench),
    'web busy %': Math.round(cpu.web / (10 * seconds)),
    'web starved %': Math.round(cpu.webWaiting / (10 * seconds)),
  };
}

async function rounds(db: Sql, eventId: string, dayEnds: Date, tag: string, count: number, capacity: number) {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    // Rounds after the demo day (which the seed dates relative to today), an hour apart, each run its own hours.
    const starts = new Date(dayEnds.getTime() + (14 + index) * 3600_000);
    ids.push(
      await insertBookableSession(db, {
        eventId,
        slug: `bench-${tag}-${index + 1}`,
        startsAt: starts.toISOString(),
        endsAt: new Date(starts.getTime() + 3600_000).toISOString(),
        capacity,
      }),
    );
  }
  return ids;
}

/** Attendees with valid tickets whose confirmation emails are taken as sent (so no job renders them now). */
async function ticketHolders(db: Sql, eventId: string, count: number, tag: string): Promise<Attendee[]> {
  return db.begin(async (tx) => {
    const attendees = await insertAttendees(tx, { eventId, count, tag });
    await tx`
      update public.orders set confirmation_queued_at = now()
       where event_id = ${eventId} and confirmation_queued_at is null
         and buyer_user_id = any (${attendees.map((attendee) => attendee.userId)}::uuid[])`;
    return attendees;
  }) as Promise<Attendee[]>;
}

/** Every attendee posts one booking form; a 303 back to the page is a booking (a seat or a place in line). */
async function httpRun(options: {
  what: string;
  server: TestServer;
  eventId: string;
  sessions: string[];
  cookies: string[];
  connections: number;
  /** The island's JSON endpoint (a 200 is a booking) instead of the form's action (a 303). */
  lean: boolean;
}): Promise<Figures> {
  const { eventId, sessions, cookies, lean } = options;
  const baseUrl = options.server.baseUrl;
  const booked = lean ? 200 : 303;
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const stop = startMeter(options.server);
  const watching = process.env.BENCH_WATCH ? watch(options.server) : null;
  const overflowsBefore = listenOverflows();
  let answered = 0;
  let lastAnswer: number | undefined;
  let measured: ReturnType<typeof stop> | undefined;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: Math.min(options.connections, cookies.length),
        amount: cookies.length,
        timeout: 60,
        requests: [
          {
            method: 'POST',
            path: lean ? '/api/booking?lang=da' : `/${EVENT}/galleri?_action=booking.book`,
            setupRequest: (request) => {
              const index = next++;
              const fields = { event: eventId, session: sessions[index % sessions.length]!, back: `/${EVENT}/galleri` };
              return {
                ...request,
                headers: {
                  'content-type': lean ? 'application/json' : 'application/x-www-form-urlencoded',
                  origin: baseUrl,
                  cookie: `${LOCAL_SESSION_COOKIE}=${cookies[index % cookies.length]}`,
                  'x-forwarded-for': benchClientAddress(index),
                },
                body: lean ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
              };
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    ).on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === booked) times.push(responseTime);
      // The last answer ends the run: autocannon itself ends a run with an amount only at its next
      // one-second tick, which rounded every rate to the attempts over whole seconds.
      if (++answered === cookies.length) {
        lastAnswer = performance.now();
        measured = stop();
      }
    });
  });
  const seconds = ((lastAnswer ?? performance.now()) - started) / 1000;
  const cpu = measured ?? stop();
  await watching?.();
  const overflowsAfter = listenOverflows();
  const dropped =
    overflowsBefore === null || overflowsAfter === null
      ? ''
      : `; connections dropped by a full accept queue (machine-wide): ${overflowsAfter - overflowsBefore}`;
  console.log(`  ${options.what}: HTTP statuses ${JSON.stringify(statuses)}${dropped}`);
  return figures(
    options.what,
    cookies.length,
    times,
    seconds,
    result.errors + result.timeouts + (cookies.length - times.length),
    cpu,
  );
}

/** The same function straight from a pool as wide as the server's, in one write per booking or the old four round trips. */
async function sqlRun(options: {
  what: string;
  server: TestServer;
  eventId: string;
  sessions: string[];
  attendees: Attendee[];
  connections: number;
  oneTrip: boolean;
}): Promise<Figures> {
  const { eventId, sessions, attendees } = options;
  const db = connect(options.server.databaseUrl, { max: POOL });
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const stop = startMeter(options.server);
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < attendees.length; index = next++) {
      const began = performance.now();
      const session = sessions[index % sessions.length]!;
      try {
        const [row] = options.oneTrip
          ? await asUserInOneTrip(
              attendees[index]!.claims,
              (tx) => tx<{ result: unknown }[]>`select private.book_session(${eventId}, ${session}, false) as result`,
              db,
            )
          : await asUser(
              attendees[index]!.claims,
              (tx) => tx<{ result: unknown }[]>`select private.book_session(${eventId}, ${session}, false) as result`,
              db,
            );
        const { code } = bookingResult.parse(row!.result);
        if (code === 'confirmed' || code === 'waitlisted') times.push(performance.now() - began);
        else errors += 1;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.connections, attendees.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  // Before the pool closes, while its backends (and their CPU time) are still there.
  const cpu = stop();
  await db.end();
  return figures(options.what, attendees.length, times, seconds, errors, cpu);
}

/**
 * Every invariant of a run's sessions; a list of what broke (empty: all hold).
 * `answered` is how many bookings the run was told succeeded.
 */
async function breaches(db: Sql, sessions: string[], answered: number): Promise<string[]> {
  const broken: string[] = (await seatInvariantBreaches(db)).map(
    (row) => `${row.id}: seats_taken ${row.taken} but ${row.held} bookings hold a seat`,
  );
  const rows = await db<
    { id: string; capacity: number; held: number; waiting: number; lowest: number; highest: number; active: number }[]
  >`
    select s.id, s.capacity,
           count(b.id) filter (where b.status in ('confirmed', 'offered'))::int as held,
           count(b.id) filter (where b.status = 'waitlisted')::int as waiting,
           coalesce(min(b.waitlist_number) filter (where b.status = 'waitlisted'), 0)::int as lowest,
           coalesce(max(b.waitlist_number) filter (where b.status = 'waitlisted'), 0)::int as highest,
           count(b.id) filter (where b.status <> 'cancelled')::int as active
      from public.sessions s left join public.bookings b on b.session_id = s.id
     where s.id = any (${sessions}::uuid[])
     group by s.id`;
  let active = 0;
  for (const row of rows) {
    active += row.active;
    if (row.held > row.capacity) broken.push(`${row.id}: oversold, ${row.held} seats held of ${row.capacity}`);
    if (row.waiting > 0 && row.held < row.capacity) broken.push(`${row.id}: ${row.waiting} wait beside a free seat`);
    // Numbers are unique among those waiting (an index); the line is lowest…highest without a gap.
    if (row.waiting > 0 && row.highest - row.lowest + 1 !== row.waiting)
      broken.push(`${row.id}: waitlist ${row.lowest}…${row.highest} holds ${row.waiting}, a gap`);
  }
  const [twice] = await db<{ n: number }[]>`
    select count(*)::int as n from (
      select b.ticket_id from public.bookings b
       where b.session_id = any (${sessions}::uuid[]) and b.status <> 'cancelled'
       group by b.ticket_id having count(*) > 1) doubles`;
  if (twice!.n > 0) broken.push(`${twice!.n} people hold more than one booking in one run`);
  if (active !== answered) broken.push(`${answered} bookings answered, ${active} recorded`);
  return broken;
}

/**
 * Some seat holders of the hot round cancel (the use case the cancel form
 * calls): the seats must go to exactly the first in line, each told by
 * exactly one email, and the rest keep their order.
 */
async function cancelAndPromote(db: Sql, session: string, attendees: Attendee[]): Promise<string[]> {
  const holders = await db<{ booking_id: string; user_id: string }[]>`
    select b.id as booking_id, t.holder_user_id as user_id
      from public.bookings b join public.tickets t on t.id = b.ticket_id
     where b.session_id = ${session} and b.status = 'confirmed'
     order by b.id limit ${CANCELLERS}`;
  const [before] = await db<{ lowest: number }[]>`
    select min(waitlist_number)::int as lowest from public.bookings
     where session_id = ${session} and status = 'waitlisted'`;
  const byUser = new Map(attendees.map((attendee) => [attendee.userId, attendee]));
  for (const holder of holders) {
    const result = await cancelBooking(byUser.get(holder.user_id)!.claims, holder.booking_id, {
      origin: 'http://127.0.0.1',
      db,
    });
    if (result.code !== 'cancelled') return [`cancelling a seat answered ${result.code}`];
  }
  const promoted = await db<{ id: string; waitlist_number: number; emails: number }[]>`
    select b.id, b.waitlist_number,
           (select count(*)::int from private.outbox_emails o where o.idempotency_key like 'booking-seat/' || b.id || '/%') as emails
      from public.bookings b
     where b.session_id = ${session} and b.status in ('confirmed', 'offered') and b.waitlist_number is not null
     order by b.waitlist_number`;
  const expected = Array.from({ length: holders.length }, (_, index) => before!.lowest + index);
  const broken: string[] = [];
  if (JSON.stringify(promoted.map((row) => row.waitlist_number)) !== JSON.stringify(expected))
    broken.push(
      `seats freed went to numbers ${promoted.map((row) => row.waitlist_number).join(',')}, not ${expected.join(',')}`,
    );
  for (const row of promoted)
    if (row.emails !== 1) broken.push(`promoted booking ${row.id} has ${row.emails} seat emails`);
  return broken;
}

/** Which shapes to run (`BENCH_SHAPES=hot` for the hot round alone, e.g. under a profiler). */
const SHAPES = new Set((process.env.BENCH_SHAPES ?? 'hot,spread').split(','));
/**
 * The server's session length (AUTH_SESSION_HOURS, default 12 h): the bench's
 * sessions are issued as sign-in issues them, so no booking renews its session
 * (a token past half its life is re-issued, an extra write and signature that
 * a real rush, signed in minutes before, does not pay).
 */
const SESSION_SECONDS = Number(process.env.AUTH_SESSION_HOURS ?? 12) * 3600;

interface Shape {
  name: 'hot' | 'spread';
  title: string;
  attendees: number;
  rounds: number;
  capacity: number;
  connections: number;
  /** The first of the four days after the demo its runs use. */
  day: number;
}

const RUNS = [
  { key: 'lean', what: 'HTTP: JSON endpoint → batch → book_session()' },
  { key: 'form', what: 'HTTP: form post → action → batch → book_session()' },
  { key: 'oneTrip', what: 'SQL: book_session() in one write, one per call' },
  { key: 'fourTrips', what: 'SQL: book_session() in 4 round trips (before #16)' },
] as const;
/** Which runs of each shape (`BENCH_RUNS=lean,oneTrip`); all four by default. */
const ONLY = new Set((process.env.BENCH_RUNS ?? RUNS.map((run) => run.key).join(',')).split(','));

async function main() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-booking-${process.pid}`),
    env: {
      ...BENCH_SERVER_ENV,
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile of the server under the rush.
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    },
    fsync: BENCH_FSYNC,
  });
  const db = connect(server.databaseUrl, { max: 5 });
  const broken: string[] = [];
  try {
    const [event] = await db<
      { id: string; ends_at: Date }[]
    >`select id, ends_at from public.events where slug = ${EVENT}`;
    const eventId = event!.id;
    const dayEnds = event!.ends_at;
    // Each run on rounds of its own, at hours of its own (a day apart), so no booking clashes with another run's.
    const day = (n: number) => new Date(dayEnds.getTime() + n * 24 * 3600_000);
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: SESSION_SECONDS,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    const cookiesOf = (attendees: Attendee[]) =>
      Promise.all(
        attendees.map(
          async (attendee) => (await auth.issueSession({ id: attendee.userId, email: attendee.email })).token,
        ),
      );
    const shapes: Shape[] = [
      {
        name: 'hot',
        title: `Hot round: ${HOT_ATTENDEES} attendees book one round of ${HOT_CAPACITY} seats, ${HOT_CONNECTIONS} at once`,
        attendees: HOT_ATTENDEES,
        rounds: 1,
        capacity: HOT_CAPACITY,
        connections: HOT_CONNECTIONS,
        day: 1,
      },
      {
        name: 'spread',
        title: `Spread: ${ATTENDEES} attendees on ${ROUNDS} rounds of ${CAPACITY} seats, ${CONNECTIONS} at a time`,
        attendees: ATTENDEES,
        rounds: ROUNDS,
        capacity: CAPACITY,
        connections: CONNECTIONS,
        day: 5,
      },
    ];
    const chosen = shapes.filter((shape) => SHAPES.has(shape.name));
    // Everything is seeded before the first run, so no run shares the machine with seeding.
    const seeded = [];
    for (const shape of chosen) {
      const runs = [];
      for (const [index, run] of RUNS.filter((run) => ONLY.has(run.key)).entries()) {
        const sessions = await rounds(
          db,
          eventId,
          day(shape.day + index),
          `${shape.name}-${run.key.toLowerCase()}`,
          shape.rounds,
          shape.capacity,
        );
        const attendees = await ticketHolders(
          db,
          eventId,
          shape.attendees,
          `bench-${shape.name}-${run.key.toLowerCase()}`,
        );
        const cookies = run.key === 'lean' || run.key === 'form' ? await cookiesOf(attendees) : [];
        runs.push({ ...run, sessions, attendees, cookies });
      }
      seeded.push({ shape, runs });
    }
    // As a live database would be: its statistics current, its new rows' pages visible to all.
    await db`vacuum analyze`;
    const [due] = await db<{ n: number }[]>`
      select count(*)::int as n from public.orders where status = 'paid' and confirmation_queued_at is null`;
    console.log(
      `confirmation emails still to render before the rush: ${due!.n} (the seeded attendees' are taken as sent)`,
    );

    // Warm up the server (JIT, prepared statements) on rounds the checks do not count, both ways in.
    const warmPeople = await ticketHolders(db, eventId, 200, 'bench-warm');
    const warmCookies = await cookiesOf(warmPeople);
    for (const [index, lean] of [true, false].entries()) {
      await httpRun({
        what: 'warm-up',
        server,
        eventId,
        sessions: await rounds(db, eventId, day(9 + index), `warm-${index}`, 1, 10),
        cookies: warmCookies.slice(index * 100, index * 100 + 100),
        connections: 10,
        lean,
      });
    }

    await measureBackground(server, 5);
    for (const { shape, runs } of seeded) {
      console.log(`\n${shape.title}`);
      await printSetup(db, {
        concurrency: shape.connections,
        pool: POOL,
        note: `server: ${WORKERS} HTTP worker process${WORKERS === 1 ? '' : 'es'} (WEB_CONCURRENCY), each with its own pool`,
      });
      const results: Figures[] = [];
      for (const run of runs) {
        results.push(
          run.key === 'lean' || run.key === 'form'
            ? await httpRun({
                what: run.what,
                server,
                eventId,
                sessions: run.sessions,
                cookies: run.cookies,
                connections: shape.connections,
                lean: run.key === 'lean',
              })
            : await sqlRun({
                what: run.what,
                server,
                eventId,
                sessions: run.sessions,
                attendees: run.attendees,
                connections: shape.connections,
                oneTrip: run.key === 'oneTrip',
              }),
        );
      }
      console.table(results);
      for (const [index, run] of runs.entries()) await check(`${shape.name} ${run.key}`, run.sessions, results[index]!);
      const leanRun = runs.find((run) => run.key === 'lean');
      if (shape.name === 'hot' && leanRun) {
        broken.push(
          ...(await cancelAndPromote(db, leanRun.sessions[0]!, leanRun.attendees)).map(
            (line) => `hot lean HTTP: ${line}`,
          ),
        );
      }
      const byKey = new Map(runs.map((run, index) => [run.key, results[index]!]));
      const [lean, form, direct] = [byKey.get('lean'), byKey.get('form'), byKey.get('oneTrip')];
      if (!lean || !form || !direct) continue;
      const ratio = (figures: Figures) => `${((100 * figures['per second']) / direct!['per second']).toFixed(0)} %`;
      console.log(
        shape.name === 'hot'
          ? `hot round over HTTP: JSON endpoint p95 ${lean!['p95 ms']} ms (target ≤ 1000 ms), ${lean!['per second']} bookings/s ` +
              `(${ratio(lean!)} of direct SQL, whose p95 is ${direct!['p95 ms']} ms); form post p95 ${form!['p95 ms']} ms, ` +
              `${form!['per second']}/s (${ratio(form!)}); load average ${loadAverage()}`
          : `spread over HTTP: JSON endpoint ${lean!['per second']} bookings/s (target ≥ 800), ${ratio(lean!)} of direct SQL ` +
              `(target ≥ 70 %); form post ${form!['per second']}/s, ${ratio(form!)}; ` +
              `per minute ${Math.round(lean!['per second'] * 60)} (pretix documents ~500 orders/min); load average ${loadAverage()}`,
      );
    }

    if (broken.length > 0) {
      console.error('INVARIANT BROKEN:\n  ' + broken.join('\n  '));
      process.exitCode = 1;
    } else {
      console.log(
        'invariants hold after every run: seats taken = bookings holding a seat ≤ capacity, nobody waits beside a free seat, ' +
          'waitlists 1…n without gaps, one booking per person, every answered booking recorded once' +
          (SHAPES.has('hot')
            ? `; ${CANCELLERS} cancelled seats went to the first ${CANCELLERS} in line, one email each`
            : ''),
      );
    }
  } finally {
    await db.end();
    await server.stop();
  }

  async function check(what: string, sessions: string[], run: Figures) {
    const found = await breaches(db, sessions, run.booked);
    broken.push(...found.map((line) => `${what}: ${line}`));
  }
}

await main();
