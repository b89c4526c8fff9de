// `npm run bench:booking`: a booking rush. N signed-in attendees with tickets
// each post one booking form for one of M gallery rounds to the built server
// (`npm start`'s server, against its embedded Postgres) — bookings per
// second, p50/p95/p99, errors — beside the same private.book_session called
// directly in SQL, in the same transaction shape (role + claims, then the
// call), for another N attendees on another M rounds, in the same run; the
// ratio is what the web layer costs. Afterwards, for every session: seats
// taken = bookings holding a seat, never above capacity, and the waitlist
// numbered 1…n without gaps.
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../src/lib/auth/local-auth.server.ts';
import { bookingResult } from '../src/lib/booking/booking.ts';
import { asUser, connect, type Sql } from '../src/lib/db/db.server.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../tests/fixtures/booking-world.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
import { percentile } from './lib/load.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** The server's own pool size (DATABASE_POOL_MAX's default), used for the direct SQL run too. */
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 10);

interface Figures {
  what: string;
  attempts: number;
  booked: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

async function rounds(db: Sql, eventId: string, dayEnds: Date, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < ROUNDS; index += 1) {
    // Rounds the morning after the demo day (which the seed dates relative to today), an hour apart.
    const starts = new Date(dayEnds.getTime() + (14 + index) * 3600_000);
    ids.push(
      await insertBookableSession(db, {
        eventId,
        slug: `bench-${tag}-${index + 1}`,
        startsAt: starts.toISOString(),
        endsAt: new Date(starts.getTime() + 3600_000).toISOString(),
        capacity: CAPACITY,
      }),
    );
  }
  return ids;
}

/** Every attendee posts one booking form; a 303 back to the page is a booking (a seat or a place in line). */
async function httpRun(baseUrl: string, eventId: string, sessions: string[], cookies: string[]): Promise<Figures> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        amount: cookies.length,
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
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 303) times.push(responseTime);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const booked = statuses[303] ?? 0;
  console.log('HTTP statuses:', statuses);
  return {
    what: 'HTTP: form post → action → book_session()',
    attempts: cookies.length,
    booked,
    perSecond: round(booked / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors: result.errors + result.timeouts + (cookies.length - booked),
  };
}

/** The same function in the same transaction shape, straight from a pool as wide as the server's. */
async function sqlRun(
  databaseUrl: string,
  eventId: string,
  sessions: string[],
  attendees: Attendee[],
): Promise<Figures> {
  const db = connect(databaseUrl, { max: POOL });
  const times: number[] = [];
  let errors = 0;
  let booked = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < attendees.length; index = next++) {
      const began = performance.now();
      try {
        const [row] = await asUser(
          attendees[index]!.claims,
          (tx) =>
            tx<{ result: unknown }[]>`
              select private.book_session(${eventId}, ${sessions[index % sessions.length]!}, false) as result`,
          db,
        );
        const { code } = bookingResult.parse(row!.result);
        if (code === 'confirmed' || code === 'waitlisted') booked += 1;
        else errors += 1;
        times.push(performance.now() - began);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  await db.end();
  times.sort((a, b) => a - b);
  return {
    what: 'SQL: asUser → book_session()',
    attempts: attendees.length,
    booked,
    perSecond: round(booked / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors,
  };
}

/** Per session: confirmed never above capacity, and waitlist numbers 1…n without gaps. */
async function waitlistBreaches(db: Sql, sessions: string[]): Promise<string[]> {
  const rows = await db<{ id: string; confirmed: number; capacity: number; waiting: number; highest: number }[]>`
    select s.id, s.capacity,
           count(*) filter (where b.status = 'confirmed')::int as confirmed,
           count(*) filter (where b.status = 'waitlisted')::int as waiting,
           coalesce(max(b.waitlist_number) filter (where b.status = 'waitlisted'), 0)::int as highest
      from public.sessions s left join public.bookings b on b.session_id = s.id
     where s.id = any (${sessions}::uuid[])
     group by s.id`;
  return rows
    .filter((row) => row.confirmed > row.capacity || row.waiting !== row.highest)
    .map(
      (row) => `${row.id}: ${row.confirmed}/${row.capacity} confirmed, ${row.waiting} waiting, highest ${row.highest}`,
    );
}

async function main() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-booking-${process.pid}`),
    env: BENCH_SERVER_ENV,
  });
  const db = connect(server.databaseUrl, { max: 5 });
  try {
    const [event] = await db<
      { id: string; ends_at: Date }[]
    >`select id, ends_at from public.events where slug = ${EVENT}`;
    const eventId = event!.id;
    const httpRounds = await rounds(db, eventId, event!.ends_at, 'http');
    const sqlRounds = await rounds(db, eventId, event!.ends_at, 'sql');
    const httpAttendees = await insertAttendees(db, { eventId, count: ATTENDEES, tag: 'bench-http' });
    const sqlAttendees = await insertAttendees(db, { eventId, count: ATTENDEES, tag: 'bench-sql' });
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: 3600,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    const cookies = await Promise.all(
      httpAttendees.map(
        async (attendee) => (await auth.issueSession({ id: attendee.userId, email: attendee.email })).token,
      ),
    );

    console.log(
      `booking rush: ${ATTENDEES} attendees on ${ROUNDS} rounds of ${CAPACITY} seats, ${CONNECTIONS} concurrent clients, server pool ${POOL}`,
    );
    const http = await httpRun(server.baseUrl, eventId, httpRounds, cookies);
    const direct = await sqlRun(server.databaseUrl, eventId, sqlRounds, sqlAttendees);
    console.table([http, direct]);
    console.log(
      `web layer: HTTP reaches ${((100 * http.perSecond) / direct.perSecond).toFixed(0)}% of direct SQL throughput`,
    );
    console.log(`per minute over HTTP: ${Math.round(http.perSecond * 60)} bookings (pretix documents ~500 orders/min)`);

    const seatBreaches = await seatInvariantBreaches(db);
    const lineBreaches = await waitlistBreaches(db, [...httpRounds, ...sqlRounds]);
    if (seatBreaches.length > 0 || lineBreaches.length > 0) {
      console.error('INVARIANT BROKEN', seatBreaches, lineBreaches);
      process.exitCode = 1;
    } else {
      console.log('invariant holds: seats taken = bookings holding a seat, ≤ capacity; waitlists numbered 1…n');
    }
  } finally {
    await db.end();
    await server.stop();
  }
}

await main();
