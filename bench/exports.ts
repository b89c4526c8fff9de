// `npm run bench:exports`: an XLSX export of 10,000 registrations (BENCH_ROWS),
// every column, downloaded from the built server as an organiser would — the
// export page's POST — against its embedded Postgres. Reports the time to the
// first byte and to the last, the file's size, and the server process's
// resident memory before and at its peak during the download (sampled from
// /proc every 10 ms), three runs, then one CSV of the same list. The file is
// parsed with exceljs afterwards to prove every row arrived.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../src/lib/auth/local-auth.server.ts';
import { grantEventRole } from '../src/lib/auth/roles.server.ts';
import { connect } from '../src/lib/db/db.server.ts';
import { columnKeysOf } from '../src/lib/lists/lists.ts';
import { insertAttendees } from '../tests/fixtures/booking-world.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { BENCH_SERVER_ENV } from './lib/clients.ts';
import { BENCH_FSYNC, printSetup } from './lib/setup.ts';

const EVENT = 'bench-eksport';
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Resident memory of a process in MB (VmRSS). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

interface Run {
  format: string;
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  body: Buffer;
}

async function download(baseUrl: string, cookie: string, pid: number, format: 'xlsx' | 'csv'): Promise<Run> {
  const form = new URLSearchParams({ list: 'registrations', format });
  for (const column of columnKeysOf('registrations')) form.append('columns', column);
  const rssBeforeMb = rssMb(pid);
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid))), 10);
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/konsol/${EVENT}/eksport`, {
      method: 'POST',
      headers: { cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
    const chunks: Uint8Array[] = [];
    let firstByteMs = 0;
    for await (const chunk of response.body) {
      if (firstByteMs === 0) firstByteMs = performance.now() - started;
      chunks.push(chunk);
    }
    const totalMs = performance.now() - started;
    const body = Buffer.concat(chunks);
    return {
      format,
      firstByteMs,
      totalMs,
      bytes: body.length,
      rssBeforeMb,
      rssPeakMb: Math.max(rssPeakMb, rssMb(pid)),
      body,
    };
  } finally {
    clearInterval(sampler);
  }
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

async function main() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-exports-${process.pid}`),
    fsync: BENCH_FSYNC,
    env: BENCH_SERVER_ENV,
  });
  const db = connect(server.databaseUrl, { max: 5 });
  try {
    const day = new Date(Date.now() + 7 * 86_400_000);
    const [event] = await db<{ id: string }[]>`
      insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
      values (${EVENT}, 'Eksportdagen', 'Export day', ${day}, ${new Date(day.getTime() + 8 * 3600_000)},
              'Hallen', 'Benchmarkfolket', 'published')
      returning id`;
    const eventId = event!.id;
    await printSetup(db, {
      concurrency: 1,
      pool: process.env.DATABASE_POOL_MAX ?? 10,
      note: `${RUNS} runs one after another`,
    });
    console.log(`Building ${ROWS} registrations …`);
    await insertAttendees(db, { eventId, count: ROWS, tag: 'bench-eksport' });
    await db`
      update public.tickets set organisation_name = 'Københavns Kommune', municipality = 'København',
             job_title = 'Innovationskonsulent', dietary_needs = case when random() < 0.2 then 'Vegetar' end,
             consent_share_contact = random() < 0.5
       where event_id = ${eventId}`;
    const email = 'arrangoer@bench-eksport.example.org';
    const grant = await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: 3600,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    const { token } = await auth.issueSession({ id: grant.userId, email });
    const cookie = `${LOCAL_SESSION_COOKIE}=${token}`;
    const pid = server.process.pid!;

    await download(server.baseUrl, cookie, pid, 'csv'); // warm-up: module loading and query plans
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await download(server.baseUrl, cookie, pid, 'xlsx'));
    runs.push(await download(server.baseUrl, cookie, pid, 'csv'));

    console.log(
      `\nExport of ${ROWS} registrations, ${columnKeysOf('registrations').length} columns (${os.cpus().length} CPUs)`,
    );
    console.log('format  first byte ms  total ms   size kB  server RSS before MB  peak MB  +MB');
    for (const run of runs) {
      console.log(
        `${run.format.padEnd(6)}${fmt(run.firstByteMs)}      ${fmt(run.totalMs)}  ${fmt(run.bytes / 1024)}  ${fmt(run.rssBeforeMb, 1)}            ${fmt(run.rssPeakMb, 1)} ${fmt(run.rssPeakMb - run.rssBeforeMb, 1)}`,
      );
    }

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(runs[0]!.body as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.rowCount - 1;
    if (rows !== ROWS) throw new Error(`the XLSX holds ${rows} rows, not ${ROWS}`);
    console.log(`\nThe XLSX parses with exceljs: ${rows} rows + header.`);
  } finally {
    await db.end({ timeout: 5 });
    await server.stop();
  }
}

await main();
