// `npm run bench:registration`: a registration rush. Concurrent free
// registrations posted as forms to the built server (`npm start`'s server,
// against its embedded Postgres), beside the same private.register function
// called directly in SQL, in the same transaction shape, in the same run —
// registrations per second, p50/p95/p99, errors, and the ratio. Then a burst
// of many more attempts than seats on a small ticket type, and a check over
// every ticket type that not one seat was oversold.
//
// pretix documents about 500 orders a minute per event with capacity
// locking; Samspil aims for at least ten times that.
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ANON, asUser, connect } from '../src/lib/db/db.server.ts';
import { callRegister } from '../src/lib/registration/registration.server.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
import { percentile } from './lib/load.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RUSH_SEATS = Number(process.env.BENCH_RUSH_SEATS ?? 500);
const RUSH_ATTEMPTS = Number(process.env.BENCH_RUSH_ATTEMPTS ?? 2000);
/** The server's own pool size (DATABASE_POOL_MAX's default), used for the direct SQL run too. */
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 10);

interface Figures {
  what: string;
  registrations: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function formBody(ticketTypeId: string, id: string): string {
  return new URLSearchParams({
    step: 'details',
    ticketTypeId,
    count: '1',
    buyerAttends: 'true',
    'attendees.0.name': `Bench ${id}`,
    'attendees.0.email': `bench-${id}@bench.example.org`,
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
}): Promise<Figures & { statuses: Record<number, number> }> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let sequence = 0;
  const started = performance.now();
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
                body: formBody(options.ticketTypeId, `${options.tag}-${id}`),
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
  const seconds = options.amount ? (performance.now() - started) / 1000 : (options.duration ?? DURATION);
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

const server = await startTestServer({
  dataDir: path.join(os.tmpdir(), `samspil-bench-registration-${process.pid}`),
  env: BENCH_SERVER_ENV,
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

  console.log(
    `Registration rush: ${CONNECTIONS} concurrent clients, ${DURATION}s each, ${os.cpus().length} cores, pool ${POOL}\n`,
  );
  // Warm up the server (JIT, prepared statements) before measuring.
  await httpRun({ baseUrl: server.baseUrl, ticketTypeId: throughputType, tag: 'warm', connections: 10, duration: 2 });
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
