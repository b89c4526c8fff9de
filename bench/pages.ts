// `npm run bench:pages`: each public page for anonymous visitors under 50
// concurrent connections, beside the same bytes served as a static file by the
// same process, the two measured in turns in the same run; then one page rendered
// without the page cache (a cookie sends the request past it: the code path
// every request took before the cache), and the JavaScript each public page
// ships (gzip bytes), measured by loading the page in Chromium.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startTestServer } from '../tests/fixtures/server.ts';
import { type LoadResult, runLoad } from './lib/load.ts';
import { BENCH_FSYNC, printSetup } from './lib/setup.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
const STATIC_DIR = path.resolve('dist/client/__bench');
/** The targets of issue #16: at least half the static file's throughput, p95 under 50 ms. */
const MIN_RATIO = 0.5;
const MAX_P95_MS = 50;

const PUBLIC_PAGES = [
  '/',
  EVENT + '/',
  EVENT + '/program',
  EVENT + '/galleri',
  EVENT + '/talere',
  '/en' + EVENT + '/program',
];

/** Slices per page: the page and its static copy take turns, so a neighbour's burst falls on both. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** req/s over all slices; p95: the median of the slices' (one neighbour's burst does not decide it). */
function combined(results: LoadResult[]): { requestsPerSecond: number; p95: number; failures: number } {
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests, 0) / (results.length * (DURATION / ROUNDS)),
    p95: results.map((r) => r.p95).sort((a, b) => a - b)[Math.floor(results.length / 2)]!,
    failures: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
}

async function inTurns(url: string, staticUrl: string) {
  const page: LoadResult[] = [];
  const copy: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [target, results] of [
      [url, page],
      [staticUrl, copy],
    ] as const) {
      results.push(
        await runLoad({ label: target, url: target, connections: CONNECTIONS, durationSeconds: DURATION / ROUNDS }),
      );
    }
  }
  return [combined(page), combined(copy)] as const;
}

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const server = await startTestServer({
  dataDir: path.join(os.tmpdir(), `samspil-bench-${process.pid}`),
  fsync: BENCH_FSYNC,
});
try {
  const programme = await (await fetch(`${server.baseUrl}${EVENT}/program`)).text();
  const session = new RegExp(`href="(${EVENT}/program/[a-z0-9-]+)"`).exec(programme)?.[1];
  const speakers = await (await fetch(`${server.baseUrl}${EVENT}/talere`)).text();
  const speaker = new RegExp(`href="(${EVENT}/talere/[a-z0-9-]+)"`).exec(speakers)?.[1];
  if (!session || !speaker) throw new Error('no session or speaker link on the programme and speakers pages');
  const pages = [...PUBLIC_PAGES.slice(0, 5), session, speaker, PUBLIC_PAGES[5]!];

  console.log(
    `Public pages, anonymous: ${CONNECTIONS} connections, ${DURATION}s each, ${os.cpus().length} cores, ` +
      `load average ${load()}; each page beside a static file of the same bytes, the two in turns (${ROUNDS} slices each)`,
  );
  await printSetup(server.databaseUrl, { concurrency: CONNECTIONS, pool: process.env.DATABASE_POOL_MAX ?? 10 });
  console.log('');
  await mkdir(STATIC_DIR, { recursive: true });
  const rows = [];
  let index = 0;
  for (const page of pages) {
    const url = server.baseUrl + page;
    const html = await (await fetch(url)).text();
    const file = `page-${index++}.html`;
    await writeFile(path.join(STATIC_DIR, file), html);
    const staticUrl = `${server.baseUrl}/__bench/${file}`;
    const copy = await fetch(staticUrl);
    if (!copy.ok || (await copy.text()) !== html) throw new Error(`static copy of ${page} is not served`);
    const [dynamic, fixed] = await inTurns(url, staticUrl);
    const ratio = dynamic.requestsPerSecond / fixed.requestsPerSecond;
    rows.push({
      page,
      bytes: Buffer.byteLength(html),
      'req/s': Math.round(dynamic.requestsPerSecond),
      'p95 ms': dynamic.p95,
      'static req/s': Math.round(fixed.requestsPerSecond),
      'static p95 ms': fixed.p95,
      ratio: Number(ratio.toFixed(2)),
      'errors/non-2xx': dynamic.failures + fixed.failures,
      target: ratio >= MIN_RATIO && dynamic.p95 < MAX_P95_MS ? 'met' : 'MISSED',
    });
  }
  console.table(rows);

  // The old path for comparison: the programme rendered for every request (Astro, Postgres, no cache).
  const rendered = await runLoad({
    label: 'programme rendered per request (no page cache)',
    url: `${server.baseUrl}${EVENT}/program`,
    headers: { cookie: 'bench=uncached' },
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  });
  const fixed = await runLoad({
    label: 'same bytes, static file',
    url: `${server.baseUrl}/__bench/page-2.html`,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  });
  console.table(
    [rendered, fixed].map((r) => ({
      what: r.label,
      'req/s': Math.round(r.requestsPerSecond),
      'p50 ms': r.p50,
      'p95 ms': r.p95,
      'p99 ms': r.p99,
      errors: r.errors,
      non2xx: r.non2xx,
    })),
  );
  console.log(
    `Rendered / static throughput ratio: ${(rendered.requestsPerSecond / fixed.requestsPerSecond).toFixed(2)}`,
  );
  // The cache must answer what a render answers now.
  const cached = await (await fetch(`${server.baseUrl}${EVENT}/program`)).text();
  const fresh = await (await fetch(`${server.baseUrl}${EVENT}/program`, { headers: { cookie: 'bench=fresh' } })).text();
  console.log(`Cached programme identical to a fresh render: ${cached === fresh ? 'yes' : 'NO'}`);
  console.log(`Load average after: ${load()}`);

  const browser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const scriptRows = [];
  for (const page of PUBLIC_PAGES) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const scripts: Buffer[] = [];
    tab.on('response', async (response) => {
      if (response.request().resourceType() === 'script') scripts.push(await response.body());
    });
    await tab.goto(server.baseUrl + page, { waitUntil: 'networkidle' });
    const inline = await tab.$$eval('script:not([src])', (nodes) => nodes.map((n) => n.textContent ?? '').join('\n'));
    const files = scripts.length;
    const gzip = scripts.reduce((sum, body) => sum + gzipSync(body).length, 0) + (inline ? gzipSync(inline).length : 0);
    scriptRows.push({ page, 'script files': files, 'JS gzip bytes': gzip });
    await context.close();
  }
  await browser.close();
  console.log('\nJavaScript shipped per public page:');
  console.table(scriptRows);
} finally {
  await rm(STATIC_DIR, { recursive: true, force: true });
  await server.stop();
}
