// `npm run bench:registration`: a registration rush. Concurrent free
// registrations posted as forms to the built server (`npm start`'s server,
// against its embedded Postgres), beside the same private.register function
// called directly in SQL, in the same transaction shape, in the same run —
// registrations per second, p50/p95/p99, errors, and the ratio. Then a burst
// of many more attempts than seats on a small ticket type, and a check over
// every ticket type that not one seat was oversold.
//
// First, the confirmation rush (#16): 1,000 registrations posted at once-ish
// (50 clients), and for each the time from its commit to its confirmation
// email's row in the outbox (QR code rendered, signed, queued; stamped by a
// trigger at the job's last statement) — p50/p95/max printed beside the rush's
// own figures.
// In turns with it (with, without, without, with, …: BENCH_CONFIRM_PAIRS pairs), the same rush with no
// confirmation work behind it (a trigger in the throwaway database marks
// those orders' confirmations as queued), so "without slowing the rush" is a
// ratio from one run; the server's and Postgres's CPU per registration is
// printed beside each. Every order must get exactly one confirmation email.
//
// pretix documents about 500 orders a minute per event with capacity
// locking; Samspil aims for at least ten times that.
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ANON, asUser, connect, type Sql } from '../src/lib/db/db.server.ts';
import { callRegister } from '../src/lib/registration/registration.server.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
import { childrenRunning, cpuMeter, withChildren } from './lib/cpu.ts';
import { percentile } from './lib/load.ts';
import { BENCH_FSYNC, loadAverage, printSetup } from './lib/setup.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RUSH_SEATS = Number(process.env.BENCH_RUSH_SEATS ?? 500);
const RUSH_ATTEMPTS = Number(process.env.BENCH_RUSH_ATTEMPTS ?? 2000);
/** The server's own pool size (DATABASE_POOL_MAX's default), used for the direct SQL run too. */
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 10);
const CONFIRM_RUSH = Number(process.env.BENCH_CONFIRM_RUSH ?? 1000);
/**
 * Pairs of confirmation-rush slices, in turns (with, without; then without, with; …): slices of
 * the same rush move ±20 % on shared cores, so more pairs give a steadier ratio.
 */
const CONFIRM_PAIRS = Number(process.env.BENCH_CONFIRM_PAIRS ?? 2);
/** How long the bench waits for the rush's last confirmation before it calls the run failed. */
const CONFIRM_WAIT_SECONDS = Number(process.env.BENCH_CONFIRM_WAIT_SECONDS ?? 300);
/** The email domain of the reference rush's attendees, whose confirmations the bench's trigger takes as queued. */
const REFERENCE_DOMAIN = 'reference.bench.example.org';

interface Figures {
  what: string;
  registrations: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function formBody(ticketTypeId: string, id: string, domain = 'bench.example.org'): string {
  return new URLSearchParams({
    step: 'details',
    ticketTypeId,
    count: '1',
    buyerAttends: 'true',
    'attendees.0.name': `Bench ${id}`,
    'attendees.0.email': `bench-${id}@${domain}`,
    'attendees.0.organisation': 'Benchrup Kommune',
    'attendees.0.sector': 'kommune',
  }).toString();
}

/** Posts registration forms over HTTP; a 303 to the thank-you page is a registration. */
async function httpRun(options: {
  baseUrl: string;
  ticketTypeId: string;
  tag: string;
  connections: number;
  duration?: number;
  amount?: number;
  /** The attendees' email domain (REFERENCE_DOMAIN: orders whose confirmation the bench takes as sent). */
  domain?: string;
}): Promise<Figures & { statuses: Record<number, number> }> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let sequence = 0;
  const started = performance.now();
  // autocannon ends a run with an amount at its next one-second tick, so its end would round the
  // rush's duration up to whole seconds (a 5.2 s rush timed as 6 s); the last answer ends it here.
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? DURATION }),
        requests: [
          {
            method: 'POST',
            path: `/${EVENT}/tilmelding?_action=registration.register`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: options.baseUrl },
            setupRequest: (request) => {
              const id = ++sequence;
              return {
                ...request,
                headers: { ...request.headers, 'x-forwarded-for': benchClientAddress(id) },
                body: formBody(options.ticketTypeId, `${options.tag}-${id}`, options.domain),
              };
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      lastAnswer = performance.now();
      if (status === 303) times.push(responseTime);
    });
  });
  const seconds = options.amount ? (lastAnswer - started) / 1000 : (options.duration ?? DURATION);
  times.sort((a, b) => a - b);
  const registrations = statuses[303] ?? 0;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    what: 'HTTP: form post → action → register()',
    registrations,
    perSecond: registrations / seconds,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors:
      result.errors +
      result.timeouts +
      Object.entries(statuses)
        .filter(([code]) => code !== '303')
        .reduce((sum, [, count]) => sum + count, 0),
    statuses,
  };
}

/** The same function in the same transaction shape (role + claims, then the call), straight from a pool. */
async function sqlRun(databaseUrl: string, ticketTypeId: string): Promise<Figures> {
  const db = connect(databaseUrl, { max: POOL });
  const times: number[] = [];
  let errors = 0;
  let sequence = 0;
  const deadline = performance.now() + DURATION * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const id = `sql-${++sequence}`;
      const began = performance.now();
      try {
        const row = await asUser(
          ANON,
          (tx) =>
            callRegister(
              tx,
              {
                ticketTypeId,
                buyer: { name: `Bench ${id}`, email: `bench-${id}@bench.example.org` },
                attendees: [
                  {
                    name: `Bench ${id}`,
                    email: `bench-${id}@bench.example.org`,
                    organisation: 'Benchrup Kommune',
                    sector: 'kommune',
                    jobTitle: null,
                    municipality: null,
                    dietaryNeeds: null,
                    accessibilityNeeds: null,
                    consentShareContact: false,
                    consentNewsletter: false,
                  },
                ],
              },
              { lang: 'da', onlinePayment: false },
            ),
          db,
        );
        if (row.result === 'ok') times.push(performance.now() - began);
        else errors += 1;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await db.end();
  times.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    what: 'SQL: asUser(anon) → register() directly',
    registrations: times.length,
    perSecond: times.length / DURATION,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors,
  };
}

/**
 * Watches one ticket type's orders: when each was registered (its commit, the
 * database's clock) and when its confirmation was queued — stamped with
 * clock_timestamp() by a trigger in this throwaway database on the update that
 * marks the order, the last statement before the job's commit. (Polling for
 * the new rows ten times a second, as this did first, cost Postgres more the
 * more orders were confirmed — an anti-join against every id seen so far — and
 * charged its own work to the rush with confirmations.)
 */
function watchConfirmations(db: Sql, ticketTypeId: string) {
  const started = performance.now();
  return {
    async finish(expected: number, waitSeconds: number) {
      const deadline = performance.now() + waitSeconds * 1000;
      for (;;) {
        const [row] = await db<{ seen: number }[]>`
          select count(*)::int as seen from public.bench_confirmed where ticket_type_id = ${ticketTypeId}`;
        if (row!.seen >= expected || performance.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const rows = await db<{ waited: number }[]>`
        select extract(epoch from b.queued_at - o.created_at) * 1000 as waited
          from public.bench_confirmed b join public.orders o on o.id = b.order_id
         where b.ticket_type_id = ${ticketTypeId}`;
      const sorted = rows.map((row) => Number(row.waited)).sort((a, b) => a - b);
      const round = (value: number) => Math.round(value);
      return {
        seen: sorted.length,
        seconds: (performance.now() - started) / 1000,
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? Number.NaN),
      };
    },
  };
}

/** The server's jobs process's Postgres connections (scripts/serve-jobs.ts names them). */
async function jobsBackendPids(): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'samspil-jobs'`;
  return rows.map((row) => row.pid);
}

/** Waits until no paid order (of one type, or any) still waits for its confirmation. */
async function waitForConfirmations(db: Sql, ticketTypeId: string | null, seconds: number): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const [row] = await db<{ due: number }[]>`
      select count(*)::int as due from public.orders o
       where o.status = 'paid' and o.confirmation_queued_at is null
         and (${ticketTypeId}::uuid is null
              or exists (select 1 from public.tickets t where t.order_id = o.id and t.ticket_type_id = ${ticketTypeId}))`;
    if (row!.due === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const server = await startTestServer({
  dataDir: path.join(os.tmpdir(), `samspil-bench-registration-${process.pid}`),
  env: BENCH_SERVER_ENV,
  fsync: BENCH_FSYNC,
});
const sql = connect(server.databaseUrl, { max: 2 });
try {
  const newType = async (slug: string, capacity: number) => {
    const [row] = await sql<{ id: string }[]>`
      insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity)
      select id, ${slug}, ${`Benchmark ${slug}`}, 'public_sector', 0, ${capacity}
      from public.events where slug = ${EVENT}
      returning id`;
    return row!.id;
  };
  const throughputType = await newType('bench-throughput', 100_000);
  const sqlType = await newType('bench-sql', 100_000);
  const rushType = await newType('bench-rush', RUSH_SEATS);

  console.log(`Registration rush: ${CONNECTIONS} concurrent clients, ${DURATION}s each`);
  await printSetup(sql, { concurrency: CONNECTIONS, pool: POOL });
  // Warm up the server (JIT, prepared statements) before measuring.
  await httpRun({ baseUrl: server.baseUrl, ticketTypeId: throughputType, tag: 'warm', connections: 10, duration: 2 });
  // The warm-up's confirmations are rendered before the confirmation rush starts.
  await waitForConfirmations(sql, null, 120);

  // The reference for "without slowing the rush": the same rush with no confirmation work behind it.
  // A trigger in this throwaway database marks the reference orders' confirmations as queued as they
  // are written, so the job (kicked after every registration as always) finds nothing to render.
  await sql.unsafe(`
    create function public.bench_no_confirmation() returns trigger language plpgsql as $$
    begin
      if new.status = 'paid' and new.buyer_email like '%@${REFERENCE_DOMAIN}' then
        new.confirmation_queued_at := coalesce(new.confirmation_queued_at, now());
      end if;
      return new;
    end $$;
    create trigger bench_no_confirmation before insert or update on public.orders
      for each row execute function public.bench_no_confirmation();
    create table public.bench_confirmed (order_id uuid primary key, ticket_type_id uuid, queued_at timestamptz not null);
    create index on public.bench_confirmed (ticket_type_id);
    create function public.bench_stamp_confirmation() returns trigger language plpgsql as $$
    begin
      insert into public.bench_confirmed
      select new.id, t.ticket_type_id, clock_timestamp() from public.tickets t where t.order_id = new.id and t.position = 1;
      return null;
    end $$;
    create trigger bench_stamp_confirmation after update of confirmation_queued_at on public.orders
      for each row when (old.confirmation_queued_at is null and new.confirmation_queued_at is not null)
      execute function public.bench_stamp_confirmation();`);
  console.log(
    `Confirmation rush: ${CONFIRM_RUSH} registrations, ${CONNECTIONS} clients at once; in turns with the same rush ` +
      `without confirmation work (${CONFIRM_PAIRS} pairs: with, without, without, with, …; the backlog drained before each)`,
  );
  await printSetup(sql, { concurrency: CONNECTIONS, pool: POOL });
  const slices: {
    what: string;
    rush: Awaited<ReturnType<typeof httpRun>>;
    cpu: { web: number; pg: number; jobs: number };
    latency?: Awaited<ReturnType<ReturnType<typeof watchConfirmations>['finish']>>;
    load: string;
  }[] = [];
  const confirmTypes: string[] = [];
  const turns = Array.from({ length: CONFIRM_PAIRS }, (_, pair) => (pair % 2 === 0 ? [true, false] : [false, true]));
  for (const [index, withConfirmations] of turns.flat().entries()) {
    await waitForConfirmations(sql, null, 120);
    const type = await newType(`bench-${withConfirmations ? 'confirm' : 'reference'}-${index + 1}`, 100_000);
    if (withConfirmations) confirmTypes.push(type);
    const load = loadAverage();
    const watch = withConfirmations ? watchConfirmations(sql, type) : null;
    // CPU, which unlike throughput barely depends on the neighbours: the server's and Postgres's while
    // the rush ran (with the confirmation work that ran meanwhile).
    const webCpu = cpuMeter(() => withChildren(server.process.pid!));
    const pgCpu = cpuMeter(() => server.database.pids());
    // Of those, the jobs process's and its Postgres connections' (application_name samspil-jobs): the
    // confirmation work itself, apart from what the requests spent.
    const jobsCpu = cpuMeter(() => childrenRunning(server.process.pid!, 'serve-jobs'));
    let jobsBackends = await jobsBackendPids();
    const jobsPgCpu = cpuMeter(() => jobsBackends);
    const rush = await httpRun({
      baseUrl: server.baseUrl,
      ticketTypeId: type,
      tag: `confirm-${index + 1}`,
      connections: CONNECTIONS,
      amount: CONFIRM_RUSH,
      ...(withConfirmations ? {} : { domain: REFERENCE_DOMAIN }),
    });
    jobsBackends = [...new Set([...jobsBackends, ...(await jobsBackendPids())])];
    const cpu = { web: webCpu(), pg: pgCpu(), jobs: jobsCpu() + jobsPgCpu() };
    const latency = watch ? await watch.finish(rush.registrations, CONFIRM_WAIT_SECONDS) : undefined;
    slices.push({
      what: withConfirmations ? 'rush, confirmations rendered meanwhile' : 'rush, no confirmation work (reference)',
      rush,
      cpu,
      ...(latency ? { latency } : {}),
      load,
    });
  }
  const perRegistration = (ms: number, count: number) => Number((ms / Math.max(1, count)).toFixed(1));
  console.table(
    slices.map((slice) => ({
      what: slice.what,
      count: slice.rush.registrations,
      'per second': Math.round(slice.rush.perSecond),
      'p95 ms': slice.rush.p95,
      'CPU ms/reg server': perRegistration(slice.cpu.web, slice.rush.registrations),
      'CPU ms/reg Postgres': perRegistration(slice.cpu.pg, slice.rush.registrations),
      'of which jobs': perRegistration(slice.cpu.jobs, slice.rush.registrations),
      'confirmation p50 ms': slice.latency?.p50 ?? '',
      'confirmation p95 ms': slice.latency?.p95 ?? '',
      'confirmation max ms': slice.latency?.max ?? '',
      'load before': slice.load,
    })),
  );
  const withSlices = slices.filter((slice) => slice.latency);
  const reference = slices.filter((slice) => !slice.latency);
  const rate = (rows: typeof slices) =>
    rows.reduce((sum, row) => sum + row.rush.registrations, 0) /
    rows.reduce((sum, row) => sum + row.rush.registrations / Math.max(row.rush.perSecond, 1e-9), 0);
  const pairRatios = turns.map((_, pair) => {
    const [first, second] = [slices[2 * pair]!, slices[2 * pair + 1]!];
    const [withSlice, without] = first.latency ? [first, second] : [second, first];
    return (withSlice.rush.perSecond / without.rush.perSecond).toFixed(2);
  });
  const worstP95 = Math.max(...withSlices.map((slice) => slice.latency!.p95));
  console.log(
    `confirmation p95 ≤ ${(worstP95 / 1000).toFixed(1)} s after its registration (target ≤ 10 s; from the ` +
      `registration's commit to the update that marks it queued, just before that job commits); the rush with confirmations ${rate(withSlices).toFixed(0)}/s against ` +
      `${rate(reference).toFixed(0)}/s without: ${(rate(withSlices) / rate(reference)).toFixed(2)}× ` +
      `(pair by pair: ${pairRatios.join(', ')}); ` +
      `load average ${loadAverage()}\n`,
  );
  const [doubled] = await sql<{ orders: number; emails: number; twice: number }[]>`
    select count(distinct o.id)::int as orders, count(m.id)::int as emails,
           count(*) filter (where (select count(*) from private.outbox_emails m2
                                    where m2.idempotency_key = 'order-confirmation/' || o.id) <> 1)::int as twice
      from public.orders o
      join public.tickets t on t.order_id = o.id and t.ticket_type_id = any (${confirmTypes}::uuid[])
      left join private.outbox_emails m on m.idempotency_key = 'order-confirmation/' || o.id`;
  const confirmBroken =
    withSlices.some((slice) => slice.latency!.seen !== slice.rush.registrations) ||
    doubled!.twice > 0 ||
    doubled!.emails !== doubled!.orders;
  console.log(
    `exactly once: ${doubled!.orders} orders, ${doubled!.emails} confirmation emails, ` +
      `${doubled!.twice} orders without exactly one${confirmBroken ? ' — BROKEN' : ''}\n`,
  );
  await sql.unsafe(`
    drop trigger bench_no_confirmation on public.orders; drop function public.bench_no_confirmation();
    drop trigger bench_stamp_confirmation on public.orders; drop function public.bench_stamp_confirmation();
    drop table public.bench_confirmed;`);
  if (confirmBroken) process.exitCode = 1;
  const http = await httpRun({
    baseUrl: server.baseUrl,
    ticketTypeId: throughputType,
    tag: 'http',
    connections: CONNECTIONS,
  });
  const direct = await sqlRun(server.databaseUrl, sqlType);
  console.table(
    [http, direct].map((row) => ({
      what: row.what,
      registrations: row.registrations,
      'per second': Math.round(row.perSecond),
      'per minute': Math.round(row.perSecond * 60),
      'p50 ms': row.p50,
      'p95 ms': row.p95,
      'p99 ms': row.p99,
      errors: row.errors,
    })),
  );
  console.log(`HTTP statuses: ${JSON.stringify(http.statuses)}`);
  console.log(`HTTP / direct SQL throughput ratio: ${(http.perSecond / direct.perSecond).toFixed(2)}`);
  console.log(
    `Versus pretix's documented ~500 orders/minute: HTTP ${((http.perSecond * 60) / 500).toFixed(1)}×, target ≥ 10×.\n`,
  );

  const rush = await httpRun({
    baseUrl: server.baseUrl,
    ticketTypeId: rushType,
    tag: 'rush',
    connections: Math.min(200, RUSH_ATTEMPTS),
    amount: RUSH_ATTEMPTS,
  });
  console.log(
    `Sell-out burst: ${RUSH_ATTEMPTS} attempts for ${RUSH_SEATS} seats → ${rush.registrations} registered, ` +
      `statuses ${JSON.stringify(rush.statuses)}`,
  );

  const oversold = await sql<{ slug: string; capacity: number; sold: number; active: number }[]>`
    select tt.slug, tt.capacity, tt.sold,
           (select count(*)::int from public.tickets t
             where t.ticket_type_id = tt.id and t.status in ('reserved', 'valid')) as active
    from public.ticket_types tt
    order by tt.slug`;
  const broken = oversold.filter((row) => row.sold > row.capacity || row.active !== row.sold);
  const [rushRow] = oversold.filter((row) => row.slug === 'bench-rush');
  console.log(
    `Oversell check over ${oversold.length} ticket types: ${broken.length === 0 ? 'none oversold' : 'OVERSOLD'}; ` +
      `bench-rush holds ${rushRow!.active} tickets for ${rushRow!.capacity} seats.`,
  );
  const [backlog] = await sql<{ due: number; queued: number }[]>`
    select count(*) filter (where confirmation_queued_at is null)::int as due,
           count(*) filter (where confirmation_queued_at is not null)::int as queued
    from public.orders where status = 'paid'`;
  console.log(
    `Confirmation emails (QR codes rendered after the commit, by the job): ${backlog!.queued} queued so far, ` +
      `${backlog!.due} still to render — the rush does not wait for them.`,
  );
  if (broken.length > 0 || rushRow!.active !== RUSH_SEATS) {
    console.table(broken);
    process.exitCode = 1;
  }
} finally {
  await sql.end();
  await server.stop();
}
