// `npm run bench:console`: the organiser console's heaviest pages for an event
// of 200 sessions (10 rooms × 20) and 1,200 attendees with 6,000 bookings,
// server-rendered against the built server and its embedded Postgres — the
// schedule grid, a session's schedule page, and the programme editor's
// session page when it exists — beside the public programme page of the same
// event in the same run (as anon, served by the page cache, and signed in,
// rendered past it: the like-for-like figure); and the registrations table of an event with 10,000
// tickets (BENCH_TICKETS): its first page, a misspelt search, three filters,
// the last page, and one attendee's page; and the report page of each event.
// p50/p95/p99 per request; every figure is a
// loopback round trip, which is server time plus well under a millisecond.
import os from 'node:os';
import path from 'node:path';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../src/lib/auth/local-auth.server.ts';
import { grantEventRole } from '../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../src/lib/db/db.server.ts';
import { insertAttendees } from '../tests/fixtures/booking-world.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { BENCH_SERVER_ENV } from './lib/clients.ts';
import { type LoadResult, runLoad } from './lib/load.ts';
import { BENCH_FSYNC, printSetup } from './lib/setup.ts';

const EVENT = 'bench-konsol';
const REGISTRATIONS_EVENT = 'bench-deltagere';
const TICKETS = Number(process.env.BENCH_TICKETS ?? 10_000);
const ROOMS = 10;
const SESSIONS_PER_ROOM = 20;
const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 1200);
const BOOKINGS_EACH = 5;
// One client at a time by default: the latency is then the server's time per request, not a queue.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

/** A published event one week after today: rooms, four tracks, 200 bookable sessions of 20 minutes. */
async function buildEvent(db: Sql): Promise<{ eventId: string; sessionIds: string[] }> {
  const day = new Date(Date.now() + 7 * 86_400_000);
  day.setUTCHours(7, 0, 0, 0);
  const [event] = await db<{ id: string }[]>`
    insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
    values (${EVENT}, 'Benchmarkdagen', 'Benchmark day', ${day}, ${new Date(day.getTime() + 10 * 3600_000)},
            'Hallen', 'Benchmarkfolket', 'published')
    returning id`;
  const eventId = event!.id;
  await db`
    insert into public.tracks (event_id, slug, name, colour, position)
    select ${eventId}, 'spor-' || g, 'Spor ' || g, (array['#1f4e79', '#7a4b00', '#0a5c5a', '#6b2c6b'])[g], g
      from generate_series(1, 4) g`;
  await db`
    insert into public.rooms (event_id, name, capacity, position)
    select ${eventId}, 'Sal ' || g, 80, g from generate_series(1, ${ROOMS}::int) g`;
  const rows = await db<{ id: string }[]>`
    insert into public.sessions (event_id, slug, kind, title, title_en, starts_at, ends_at, room_id, track_id, capacity)
    select ${eventId}, format('session-%s-%s', r.position, n), 'track_session',
           format('Session %s i %s', n, r.name), format('Session %s in %s', n, r.name),
           ${day}::timestamptz + make_interval(mins => 25 * (n - 1)),
           ${day}::timestamptz + make_interval(mins => 25 * (n - 1) + 20),
           r.id, (select t.id from public.tracks t where t.event_id = ${eventId} and t.position = 1 + (n % 4)), 60
      from public.rooms r cross join generate_series(1, ${SESSIONS_PER_ROOM}::int) n
     where r.event_id = ${eventId}
    returning id`;
  return { eventId, sessionIds: rows.map((row) => row.id) };
}

/** Each attendee holds seats in five sessions at different times (30 per session, within capacity). */
async function book(db: Sql, eventId: string, tickets: string[]): Promise<number> {
  const [row] = await db<{ count: number }[]>`
    with picked as (
      select t.ticket, s.id as session_id
        from unnest(${tickets}::uuid[]) with ordinality as t (ticket, n)
        cross join generate_series(0, ${BOOKINGS_EACH - 1}::int) k
        join lateral (
          select s.id from public.sessions s join public.rooms r on r.id = s.room_id
           where s.event_id = ${eventId}
             and r.position = 1 + ((t.n + k) % ${ROOMS}::int)
           order by s.starts_at offset (4 * k + t.n % 4) limit 1
        ) s on true
    ), inserted as (
      insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
      select ${eventId}, session_id, ticket, 'confirmed', now() from picked
      returning session_id
    )
    select count(*)::int as count from inserted`;
  await db`
    update public.sessions s set seats_taken = c.n
      from (select session_id, count(*)::int as n from public.bookings where event_id = ${eventId}
             group by session_id) c
     where c.session_id = s.id`;
  return row!.count;
}

/**
 * An event with `TICKETS` tickets of made-up Danish names (one "Søren Kjærgaard"), a third from
 * Aarhus, a tenth with dietary needs, a fifth checked in. Returns one ticket's id.
 */
async function buildRegistrations(db: Sql): Promise<string> {
  const day = new Date(Date.now() + 14 * 86_400_000);
  day.setUTCHours(7, 0, 0, 0);
  const [event] = await db<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${REGISTRATIONS_EVENT}, 'Deltagerdagen', ${day}, ${new Date(day.getTime() + 8 * 3600_000)}, 'Hallen',
            'Benchmarkfolket', 'published')
    returning id`;
  const eventId = event!.id;
  const [type] = await db<{ id: string }[]>`
    insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity, sold)
    values (${eventId}, 'fri', 'Fri adgang', 'public_sector', 0, ${TICKETS + 10}, ${TICKETS})
    returning id`;
  await db`
    with orders as (
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, confirmation_queued_at)
      select ${eventId}, 'Køber ' || g, format('deltager-%s@bench.example.org', g), 'paid', 0, now(), now()
        from generate_series(1, ${TICKETS}::int) g
      returning id, buyer_email
    )
    insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore, attendee_name,
                                attendee_email, organisation_name, sector, municipality, dietary_needs, issued_at)
    select ${eventId}, o.id, ${type!.id}, 1, 'valid', 0,
           case when n = 4711 then 'Søren Kjærgaard' else
             (array['Anne', 'Bo', 'Camilla', 'Dorthe', 'Erik', 'Frida', 'Gustav', 'Hanne', 'Ib', 'Jørgen'])[1 + n % 10]
             || ' ' || (array['Hansen', 'Nielsen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen',
                              'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen'])[1 + n % 11] || ' ' || n end,
           o.buyer_email, 'Organisation ' || (n % 300),
           (array['kommune', 'region', 'stat', 'privat_virksomhed']::public.sector[])[1 + n % 4],
           case when n % 3 = 0 then 'Aarhus' when n % 3 = 1 then 'København' else 'Odense' end,
           case when n % 10 = 0 then 'Vegetar' end, now()
      from (select o.*, row_number() over () as n from orders o) o`;
  await db`
    insert into public.check_ins (event_id, ticket_id, device, nonce, scanned_at, result, revision)
    select ${eventId}, t.id, 'bench', gen_random_uuid(), now(), 'ok', 1
      from public.tickets t where t.event_id = ${eventId} and t.created_at is not null
       and abs(hashtext(t.id::text)) % 5 = 0`;
  await db`analyze public.tickets`;
  const [one] = await db<{ id: string }[]>`
    select id from public.tickets where event_id = ${eventId} and attendee_name = 'Søren Kjærgaard'`;
  return one!.id;
}

async function main() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-console-${process.pid}`),
    fsync: BENCH_FSYNC,
    env: BENCH_SERVER_ENV,
  });
  const db = connect(server.databaseUrl, { max: 5 });
  try {
    const { eventId, sessionIds } = await buildEvent(db);
    const attendees = await insertAttendees(db, { eventId, count: ATTENDEES, tag: 'bench-konsol' });
    const bookings = await book(
      db,
      eventId,
      attendees.map((attendee) => attendee.ticketId),
    );
    const attendeeTicket = await buildRegistrations(db);
    const email = 'arrangoer@bench.example.org';
    const grant = await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
    await grantEventRole(db, { email, role: 'organiser', eventSlug: REGISTRATIONS_EVENT, createUser: true });
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: 3600,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    const { token } = await auth.issueSession({ id: grant.userId, email });
    const organiser = { cookie: `${LOCAL_SESSION_COOKIE}=${token}` };
    const middle = sessionIds[Math.floor(sessionIds.length / 2)]!;

    const pages: { label: string; path: string; headers?: Record<string, string> }[] = [
      // Anonymous visitors get the in-memory page cache's copy; a signed-in visitor (a cookie goes
      // past the cache) gets a render, the fair reference for the console's pages, which are rendered.
      { label: 'public programme (anon, page cache)', path: `/${EVENT}/program` },
      { label: 'public programme (signed in, rendered)', path: `/${EVENT}/program`, headers: organiser },
      { label: 'schedule grid (organiser)', path: `/konsol/${EVENT}/skema`, headers: organiser },
      { label: 'session schedule page (organiser)', path: `/konsol/${EVENT}/skema/${middle}`, headers: organiser },
      {
        label: 'session editor (organiser)',
        path: `/konsol/${EVENT}/program/sessioner/${middle}`,
        headers: organiser,
      },
      {
        label: `registrations: first page (${TICKETS})`,
        path: `/konsol/${REGISTRATIONS_EVENT}/deltagere`,
        headers: organiser,
      },
      {
        label: 'registrations: misspelt search',
        path: `/konsol/${REGISTRATIONS_EVENT}/deltagere?q=soren+kjergard`,
        headers: organiser,
      },
      {
        label: 'registrations: broad search',
        path: `/konsol/${REGISTRATIONS_EVENT}/deltagere?q=jorgensen`,
        headers: organiser,
      },
      {
        label: 'registrations: 3 filters',
        path: `/konsol/${REGISTRATIONS_EVENT}/deltagere?kommune=Aarhus&kost=ja&tjekket-ind=nej`,
        headers: organiser,
      },
      {
        label: 'registrations: last page',
        path: `/konsol/${REGISTRATIONS_EVENT}/deltagere?sorter=-oprettet&side=${Math.ceil(TICKETS / 50)}`,
        headers: organiser,
      },
      {
        label: 'attendee page',
        path: `/konsol/${REGISTRATIONS_EVENT}/deltagere/${attendeeTicket}`,
        headers: organiser,
      },
      { label: `report (${TICKETS} tickets)`, path: `/konsol/${REGISTRATIONS_EVENT}/rapport`, headers: organiser },
      {
        label: `report (${ROOMS * SESSIONS_PER_ROOM} sessions, ${ATTENDEES} attendees)`,
        path: `/konsol/${EVENT}/rapport`,
        headers: organiser,
      },
    ];
    console.log(
      `console bench: ${sessionIds.length} sessions in ${ROOMS} rooms, ${attendees.length} attendees, ${bookings} bookings; ` +
        `${TICKETS} tickets in the registrations table; ` +
        `${CONNECTIONS} connections, ${DURATION}s per page, ${os.cpus().length} cores`,
    );
    await printSetup(db, { concurrency: CONNECTIONS, pool: process.env.DATABASE_POOL_MAX ?? 10 });
    console.log('');
    const results: (LoadResult & { bytes: number })[] = [];
    for (const page of pages) {
      const probe = await fetch(server.baseUrl + page.path, { headers: page.headers ?? {}, redirect: 'manual' });
      const body = await probe.text();
      if (probe.status !== 200) {
        console.log(`${page.label}: ${page.path} answers ${probe.status}, not measured`);
        continue;
      }
      const result = await runLoad({
        label: page.label,
        url: server.baseUrl + page.path,
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        ...(page.headers ? { headers: page.headers } : {}),
      });
      results.push({ ...result, bytes: Buffer.byteLength(body) });
    }
    console.table(
      results.map((r) => ({
        page: r.label,
        'req/s': Math.round(r.requestsPerSecond),
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'p99 ms': r.p99,
        'HTML KB': Math.round(r.bytes / 1024),
        errors: r.errors,
        non2xx: r.non2xx,
      })),
    );
    if (results.some((r) => r.errors > 0 || r.non2xx > 0)) process.exitCode = 1;
  } finally {
    await db.end();
    await server.stop();
  }
}

await main();
