// `npm run bench:takeaways`: the day after, for 1,200 attendees. A finished
// day (tests/fixtures/takeaways-world.ts: every attendee checked in, scanned
// into two sessions and a gallery round, seats in two more) on the built
// server with its embedded Postgres; then each attendee, signed in, opens
// their takeaways page once, and downloads their certificate once, over HTTP
// with concurrent clients — requests per second and p50/p95/p99 — and, in
// this process, certificate PDFs rendered one after another (the PDF alone,
// without HTTP and database: what one core makes per second).
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../src/lib/auth/local-auth.server.ts';
import { connect } from '../src/lib/db/db.server.ts';
import { issueMyCertificate } from '../src/lib/takeaways/certificate.server.ts';
import { renderCertificatePdf } from '../src/lib/takeaways/pdf.server.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { insertPastDay } from '../tests/fixtures/takeaways-world.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
import { percentile } from './lib/load.ts';
import { BENCH_FSYNC, printSetup } from './lib/setup.ts';

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 1200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
/** Requests per run, each by another of the attendees (all of them by default). */
const REQUESTS = Math.min(ATTENDEES, Number(process.env.BENCH_REQUESTS ?? ATTENDEES));
const SLUG = 'bench-udbytte';

const round = (value: number) => Math.round(value * 10) / 10;

/** Every attendee requests `pathOf` once with their own session cookie; 200s are counted and timed. */
async function eachOnce(
  label: string,
  baseUrl: string,
  pathName: string,
  cookies: string[],
): Promise<Record<string, string | number>> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  // autocannon ends a run with an amount at its next one-second tick; the last answer ends it here.
  let lastAnswer = started;
  await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        amount: cookies.length,
        // A PDF is CPU work: on a busy machine a queue of them outlasts autocannon's 10 s default.
        timeout: 60,
        requests: [
          {
            method: 'GET',
            path: pathName,
            setupRequest: (request) => {
              const index = next++;
              return {
                ...request,
                headers: {
                  cookie: `${LOCAL_SESSION_COOKIE}=${cookies[index % cookies.length]}`,
                  'x-forwarded-for': benchClientAddress(index),
                },
              };
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client: unknown, status: number, size: number, responseTime: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      lastAnswer = performance.now();
      if (status === 200) {
        times.push(responseTime);
        bytes += size;
      }
    });
  });
  const seconds = (lastAnswer - started) / 1000;
  times.sort((a, b) => a - b);
  const ok = statuses[200] ?? 0;
  return {
    what: label,
    requests: cookies.length,
    ok,
    perSecond: round(ok / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    kBEach: ok ? round(bytes / ok / 1024) : 0,
    failed: cookies.length - ok,
  };
}

async function main() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-takeaways-${process.pid}`),
    fsync: BENCH_FSYNC,
    env: BENCH_SERVER_ENV,
  });
  const db = connect(server.databaseUrl, { max: 5 });
  try {
    const seeding = performance.now();
    const day = await insertPastDay(db, { slug: SLUG, attendees: ATTENDEES });
    await db`
      insert into public.takeaways (event_id, session_id, position, title, body, published_at)
      select ${day.eventId}, null, g, format('Pointe %s', g), repeat('Nærhed kræver nye rammer. ', 20), now() - interval '1 hour'
        from generate_series(1, 4) g`;
    await db`
      insert into public.session_notes (event_id, session_id, user_id, body)
      select ${day.eventId}, ${day.sessions.track}, u, 'Spørg om tjeklisten og økonomien.'
        from unnest(${day.attendees.map((attendee) => attendee.userId)}::uuid[]) u`;
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: 3600,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    const cookies = await Promise.all(
      day.attendees.map(
        async (attendee) => (await auth.issueSession({ id: attendee.userId, email: attendee.email })).token,
      ),
    );
    console.log(
      `takeaways: ${ATTENDEES} attendees (each 4 sessions, 2 solutions, a note, 4 published points) seeded in ${round((performance.now() - seeding) / 1000)} s; ${CONNECTIONS} concurrent clients`,
    );
    await printSetup(db, { concurrency: CONNECTIONS, pool: process.env.DATABASE_POOL_MAX ?? 10 });

    const sample = cookies.slice(0, REQUESTS);
    const page = await eachOnce('GET /min-side/<event>/udbytte', server.baseUrl, `/min-side/${SLUG}/udbytte`, sample);
    const certificates = await eachOnce(
      'GET /min-side/<event>/bevis.pdf',
      server.baseUrl,
      `/min-side/${SLUG}/bevis.pdf`,
      sample,
    );
    const pdfs = await eachOnce(
      'GET /min-side/<event>/udbytte.pdf',
      server.baseUrl,
      `/min-side/${SLUG}/udbytte.pdf`,
      sample,
    );

    // The PDF alone: one certificate (signed once), rendered ATTENDEES times in this process.
    const claims = day.attendees[0]!.claims;
    if (claims.role !== 'authenticated') throw new Error('the attendee is not signed in');
    const issued = await issueMyCertificate(claims, SLUG, 'da', db);
    if (!issued.ok) throw new Error(`no certificate: ${issued.code}`);
    const verifyUrl = `${server.baseUrl}/bevis/${issued.certificate.token}`;
    const times: number[] = [];
    const started = performance.now();
    for (let index = 0; index < REQUESTS; index += 1) {
      const began = performance.now();
      await renderCertificatePdf(issued.certificate, verifyUrl, 'da');
      times.push(performance.now() - began);
    }
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    const render = {
      what: 'renderCertificatePdf in process (one core)',
      requests: REQUESTS,
      ok: REQUESTS,
      perSecond: round(REQUESTS / seconds),
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      p99: round(percentile(times, 99)),
      kBEach: '',
      failed: 0,
    };
    console.table([page, certificates, pdfs, render]);
    console.log(
      `takeaways page p95 ${page.p95} ms; certificates ${certificates.perSecond}/s over HTTP, ${render.perSecond}/s rendered in process`,
    );
    if (page.failed !== 0 || certificates.failed !== 0 || pdfs.failed !== 0) process.exitCode = 1;
  } finally {
    await db.end();
    await server.stop();
  }
}

await main();
