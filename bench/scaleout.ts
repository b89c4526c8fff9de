// `npm run bench:scaleout`: the booking rush through PgBouncer in transaction
// mode (as Supabase's pooler on port 6543) with one server instance, then two
// instances sharing the load, then one again (BENCH_REPEATS times two-then-one),
// in the same run, against the same database and pooler
// (tests/fixtures/scale-out.ts), each run with its own attendees on its own
// rounds. The one-instance runs around each two-instance run bracket the
// machine's drift; the load average is printed beside every run. After every
// run the invariants are checked: seats taken equal the bookings holding a
// seat and never exceed capacity, and each waitlist is numbered 1…n without
// gaps; a breach fails the benchmark.
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../src/lib/auth/local-auth.server.ts';
import { connect, type Sql } from '../src/lib/db/db.server.ts';
import { insertAttendees, insertBookableSession, seatInvariantBreaches } from '../tests/fixtures/booking-world.ts';
import { type Instance, startScaleOut } from '../tests/fixtures/scale-out.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
import { percentile } from './lib/load.ts';
import { printSetup } from './lib/setup.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Each instance's own pool (DATABASE_POOL_MAX's default). */
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 10);
/** PgBouncer's server connections to Postgres, shared by all instances. */
const BOUNCER_POOL = Number(process.env.BENCH_BOUNCER_POOL ?? 20);
const FSYNC = process.env.BENCH_FSYNC === 'on';
/** Two-instance runs, each followed by a one-instance run (the first run is one instance too). */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 1);

const round1 = (value: number) => Math.round(value * 10) / 10;
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

interface Figures {
  what: string;
  attempts: number;
  booked: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  'load 1/5/15 before': string;
}

let clientNumber = 0;

/** `cookies.length` booking posts spread evenly over `targets`, CONNECTIONS in flight in all. */
async function rush(label: string, targets: Instance[], eventId: string, sessions: string[], cookies: string[]) {
  const loadBefore = load();
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const started = performance.now();
  let lastAnswer = started;
  await Promise.all(
    targets.map(async (target, which) => {
      const mine = cookies.filter((_, index) => index % targets.length === which);
      let next = 0;
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: target.baseUrl,
            connections: Math.max(1, Math.round(CONNECTIONS / targets.length)),
            amount: mine.length,
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
                      origin: target.baseUrl,
                      cookie: `${LOCAL_SESSION_COOKIE}=${mine[index % mine.length]}`,
                      'x-forwarded-for': benchClientAddress(clientNumber++),
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
          lastAnswer = performance.now();
        });
      });
      errors += result.errors + result.timeouts;
    }),
  );
  // autocannon ends a run with an amount at its next one-second tick; the last answer ends it here.
  const seconds = (lastAnswer - started) / 1000;
  times.sort((a, b) => a - b);
  const booked = statuses[303] ?? 0;
  console.log(`${label}: HTTP statuses`, statuses);
  return {
    what: label,
    attempts: cookies.length,
    booked,
    perSecond: round1(booked / seconds),
    p50: round1(percentile(times, 50)),
    p95: round1(percentile(times, 95)),
    p99: round1(percentile(times, 99)),
    errors: errors + (cookies.length - booked),
    'load 1/5/15 before': loadBefore,
  } satisfies Figures;
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
  const cluster = await startScaleOut({
    dataDir: path.join(os.tmpdir(), `samspil-bench-scaleout-${process.pid}`),
    count: 2,
    env: { ...BENCH_SERVER_ENV, DATABASE_POOL_MAX: String(POOL) },
    poolSize: BOUNCER_POOL,
    fsync: FSYNC,
  });
  const db = connect(cluster.directUrl, { max: 5 });
  let failed = false;
  try {
    await cluster.startAll();
    const [a, b] = cluster.instances as [Instance, Instance];
    console.log(
      `instances started at once: ${a.name} in ${a.startedInMs} ms, ${b.name} in ${b.startedInMs} ms (migrated and seeded through PgBouncer)`,
    );
    const [event] = await db<
      { id: string; ends_at: Date }[]
    >`select id, ends_at from public.events where slug = ${EVENT}`;
    const eventId = event!.id;
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: 3600,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    // One, two, one, …, one: every two-instance run lies between two one-instance runs.
    const runs: { label: string; targets: Instance[] }[] = [{ label: 'one instance #1', targets: [a] }];
    for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
      runs.push({ label: `two instances #${repeat}`, targets: [a, b] });
      runs.push({ label: `one instance #${repeat + 1}`, targets: [a] });
    }
    const prepared = [];
    for (const [index, run] of runs.entries()) {
      const sessions: string[] = [];
      for (let n = 0; n < ROUNDS; n += 1) {
        // Rounds the morning after the demo day, an hour apart; each run on its own day's rounds.
        const starts = new Date(event!.ends_at.getTime() + (24 * index + 14 + n) * 3600_000);
        sessions.push(
          await insertBookableSession(db, {
            eventId,
            slug: `scaleout-${index}-${n + 1}`,
            startsAt: starts.toISOString(),
            endsAt: new Date(starts.getTime() + 3600_000).toISOString(),
            capacity: CAPACITY,
          }),
        );
      }
      const attendees = await db.begin(async (tx) => {
        const rows = await insertAttendees(tx, { eventId, count: ATTENDEES, tag: `scaleout-${index}` });
        // Their confirmations taken as queued, so the confirmation job does not compete with the rush.
        await tx`update public.orders set confirmation_queued_at = now()
                  where event_id = ${eventId} and confirmation_queued_at is null`;
        return rows;
      });
      const cookies = await Promise.all(
        attendees.map(
          async (attendee) => (await auth.issueSession({ id: attendee.userId, email: attendee.email })).token,
        ),
      );
      prepared.push({ ...run, sessions, cookies });
    }

    console.log(
      `booking rush through PgBouncer (transaction mode, ${BOUNCER_POOL} server connections): ${ATTENDEES} attendees ` +
        `per run on ${ROUNDS} rounds of ${CAPACITY} seats`,
    );
    await printSetup(db, {
      concurrency: `${CONNECTIONS} clients in all`,
      pool: `${POOL} per instance, PgBouncer ${BOUNCER_POOL} to Postgres`,
    });
    const figures: Figures[] = [];
    for (const run of prepared) {
      figures.push(await rush(run.label, run.targets, eventId, run.sessions, run.cookies));
      const seats = await seatInvariantBreaches(db);
      const lines = await waitlistBreaches(db, run.sessions);
      if (seats.length > 0 || lines.length > 0) {
        console.error(`INVARIANT BROKEN after ${run.label}`, seats, lines);
        failed = true;
      }
    }
    console.table(figures);
    const mean = (rows: Figures[]) => rows.reduce((sum, row) => sum + row.perSecond, 0) / rows.length;
    const one = mean(figures.filter((_, index) => index % 2 === 0));
    const two = mean(figures.filter((_, index) => index % 2 === 1));
    console.log(
      `two instances: ${two.toFixed(1)} bookings/s = ${(two / one).toFixed(2)}× one instance (${one.toFixed(1)}/s); ` +
        `means over the runs above; load average now ${load()}`,
    );
    if (!failed) {
      console.log('invariant holds after every run: seats taken = bookings holding a seat, ≤ capacity; waitlists 1…n');
    }
  } finally {
    await db.end();
    await cluster.stop();
  }
  if (failed) process.exitCode = 1;
}

await main();
