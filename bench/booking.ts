// `npm run bench:booking`: booking rushes against the built server
// (`npm start`'s server, against its embedded Postgres), in two shapes:
//
//   hot round — 1,000 signed-in attendees book ONE gallery round of 30 seats,
//               all at once (one connection each): 30 seats, 970 in line;
//   spread    — 3,000 attendees over ten rounds of 100 seats, 50 at a time.
//
// Each shape runs three ways in the same run, on rounds of their own: the
// booking form posted over HTTP; private.book_session called directly in SQL
// in the shape the server uses (role + claims, call and commit in one write);
// and the same call in the transaction shape before #16 (begin · claims ·
// call · commit, four round trips) as the reference of the old code path.
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
import { startTestServer } from '../tests/fixtures/server.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
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
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function figures(what: string, attempts: number, times: number[], seconds: number, errors: number): Figures {
  times.sort((a, b) => a - b);
  return {
    what,
    attempts,
    booked: times.length,
    'per second': round1(times.length / seconds),
    'p50 ms': round1(percentile(times, 50)),
    'p95 ms': round1(percentile(times, 95)),
    'p99 ms': round1(percentile(times, 99)),
    errors,
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
  baseUrl: string;
  eventId: string;
  sessions: string[];
  cookies: string[];
  connections: number;
}): Promise<Figures> {
  const { baseUrl, eventId, sessions, cookies } = options;
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
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
            path: `/${EVENT}/galleri?_action=booking.book`,
            setupRequest: (request) => {
              const index = next++;
              return {
                ...request,
                headers: {
                  'content-type': 'application/x-www-form-urlencoded',
                  origin: baseUrl,
                  cookie: `${LOCAL_SESSION_COOKIE}=${cookies[index % cookies.length]}`,
                  'x-forwarded-for': benchClientAddress(index),
                },
                body: new URLSearchParams({
                  event: eventId,
                  session: sessions[index % sessions.length]!,
                  back: `/${EVENT}/galleri`,
                }).toString(),
              };
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    ).on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 303) times.push(responseTime);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${options.what}: HTTP statuses ${JSON.stringify(statuses)}`);
  return figures(
    options.what,
    cookies.length,
    times,
    seconds,
    result.errors + result.timeouts + (cookies.length - times.length),
  );
}

/** The same function straight from a pool as wide as the server's, in one write per booking or the old four round trips. */
async function sqlRun(options: {
  what: string;
  databaseUrl: string;
  eventId: string;
  sessions: string[];
  attendees: Attendee[];
  connections: number;
  oneTrip: boolean;
}): Promise<Figures> {
  const { eventId, sessions, attendees } = options;
  const db = connect(options.databaseUrl, { max: POOL });
  const times: number[] = [];
  let errors = 0;
  let next = 0;
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
  await db.end();
  return figures(options.what, attendees.length, times, seconds, errors);
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

async function main() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-booking-${process.pid}`),
    env: BENCH_SERVER_ENV,
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
    const hot = {
      http: await rounds(db, eventId, day(1), 'hot-http', 1, HOT_CAPACITY),
      oneTrip: await rounds(db, eventId, day(2), 'hot-sql', 1, HOT_CAPACITY),
      fourTrips: await rounds(db, eventId, day(3), 'hot-sql4', 1, HOT_CAPACITY),
    };
    const spread = {
      http: await rounds(db, eventId, day(4), 'http', ROUNDS, CAPACITY),
      oneTrip: await rounds(db, eventId, day(5), 'sql', ROUNDS, CAPACITY),
      fourTrips: await rounds(db, eventId, day(6), 'sql4', ROUNDS, CAPACITY),
    };
    const people = {
      hotHttp: await ticketHolders(db, eventId, HOT_ATTENDEES, 'bench-hot-http'),
      hotOneTrip: await ticketHolders(db, eventId, HOT_ATTENDEES, 'bench-hot-sql'),
      hotFourTrips: await ticketHolders(db, eventId, HOT_ATTENDEES, 'bench-hot-sql4'),
      http: await ticketHolders(db, eventId, ATTENDEES, 'bench-http'),
      oneTrip: await ticketHolders(db, eventId, ATTENDEES, 'bench-sql'),
      fourTrips: await ticketHolders(db, eventId, ATTENDEES, 'bench-sql4'),
    };
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: 3600,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    const cookiesOf = (attendees: Attendee[]) =>
      Promise.all(
        attendees.map(
          async (attendee) => (await auth.issueSession({ id: attendee.userId, email: attendee.email })).token,
        ),
      );
    const hotCookies = await cookiesOf(people.hotHttp);
    const cookies = await cookiesOf(people.http);
    const [due] = await db<{ n: number }[]>`
      select count(*)::int as n from public.orders where status = 'paid' and confirmation_queued_at is null`;
    console.log(
      `confirmation emails still to render before the rush: ${due!.n} (the seeded attendees' are taken as sent)`,
    );

    const check = async (what: string, sessions: string[], run: Figures) => {
      const found = await breaches(db, sessions, run.booked);
      broken.push(...found.map((line) => `${what}: ${line}`));
    };

    // Warm up the server (JIT, prepared statements) on rounds the checks do not count.
    const warm = await rounds(db, eventId, day(7), 'warm', 1, 10);
    const warmPeople = await ticketHolders(db, eventId, 100, 'bench-warm');
    await httpRun({
      what: 'warm-up',
      baseUrl: server.baseUrl,
      eventId,
      sessions: warm,
      cookies: await cookiesOf(warmPeople),
      connections: 10,
    });

    console.log(
      `\nHot round: ${HOT_ATTENDEES} attendees book one round of ${HOT_CAPACITY} seats, ${HOT_CONNECTIONS} at once`,
    );
    await printSetup(db, { concurrency: HOT_CONNECTIONS, pool: POOL });
    const hotRuns = [
      await httpRun({
        what: 'HTTP: form post → action → book_session()',
        baseUrl: server.baseUrl,
        eventId,
        sessions: hot.http,
        cookies: hotCookies,
        connections: HOT_CONNECTIONS,
      }),
      await sqlRun({
        what: 'SQL: book_session() in one write (as the server)',
        databaseUrl: server.databaseUrl,
        eventId,
        sessions: hot.oneTrip,
        attendees: people.hotOneTrip,
        connections: HOT_CONNECTIONS,
        oneTrip: true,
      }),
      await sqlRun({
        what: 'SQL: book_session() in 4 round trips (before #16)',
        databaseUrl: server.databaseUrl,
        eventId,
        sessions: hot.fourTrips,
        attendees: people.hotFourTrips,
        connections: HOT_CONNECTIONS,
        oneTrip: false,
      }),
    ];
    console.table(hotRuns);
    await check('hot HTTP', hot.http, hotRuns[0]!);
    await check('hot SQL one write', hot.oneTrip, hotRuns[1]!);
    await check('hot SQL four trips', hot.fourTrips, hotRuns[2]!);
    broken.push(...(await cancelAndPromote(db, hot.http[0]!, people.hotHttp)).map((line) => `hot HTTP: ${line}`));
    console.log(
      `hot round over HTTP: p95 ${hotRuns[0]!['p95 ms']} ms (target ≤ 1000 ms), ` +
        `${hotRuns[0]!['per second']} bookings/s; load average ${loadAverage()}`,
    );

    console.log(`\nSpread: ${ATTENDEES} attendees on ${ROUNDS} rounds of ${CAPACITY} seats, ${CONNECTIONS} at a time`);
    await printSetup(db, { concurrency: CONNECTIONS, pool: POOL });
    const spreadRuns = [
      await httpRun({
        what: 'HTTP: form post → action → book_session()',
        baseUrl: server.baseUrl,
        eventId,
        sessions: spread.http,
        cookies,
        connections: CONNECTIONS,
      }),
      await sqlRun({
        what: 'SQL: book_session() in one write (as the server)',
        databaseUrl: server.databaseUrl,
        eventId,
        sessions: spread.oneTrip,
        attendees: people.oneTrip,
        connections: CONNECTIONS,
        oneTrip: true,
      }),
      await sqlRun({
        what: 'SQL: book_session() in 4 round trips (before #16)',
        databaseUrl: server.databaseUrl,
        eventId,
        sessions: spread.fourTrips,
        attendees: people.fourTrips,
        connections: CONNECTIONS,
        oneTrip: false,
      }),
    ];
    console.table(spreadRuns);
    await check('spread HTTP', spread.http, spreadRuns[0]!);
    await check('spread SQL one write', spread.oneTrip, spreadRuns[1]!);
    await check('spread SQL four trips', spread.fourTrips, spreadRuns[2]!);
    const [http, direct] = spreadRuns;
    console.log(
      `spread over HTTP: ${http!['per second']} bookings/s (target ≥ 800), ` +
        `${((100 * http!['per second']) / direct!['per second']).toFixed(0)} % of direct SQL (target ≥ 70 %); ` +
        `per minute ${Math.round(http!['per second'] * 60)} (pretix documents ~500 orders/min); load average ${loadAverage()}`,
    );

    if (broken.length > 0) {
      console.error('INVARIANT BROKEN:\n  ' + broken.join('\n  '));
      process.exitCode = 1;
    } else {
      console.log(
        'invariants hold after every run: seats taken = bookings holding a seat ≤ capacity, nobody waits beside a free seat, ' +
          'waitlists 1…n without gaps, one booking per person, every answered booking recorded once; ' +
          `${CANCELLERS} cancelled seats went to the first ${CANCELLERS} in line, one email each`,
      );
    }
  } finally {
    await db.end();
    await server.stop();
  }
}

await main();
