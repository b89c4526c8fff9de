// `npm run bench:pages`: the programme page under 50 concurrent connections,
// beside the same bytes served as a static file by the same process in the
// same run; then the JavaScript each public page ships (gzip bytes), measured
// by loading the page in Chromium.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startTestServer } from '../tests/fixtures/server.ts';
import { runLoad } from './lib/load.ts';
import { BENCH_FSYNC, printSetup } from './lib/setup.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const STATIC_DIR = path.resolve('dist/client/__bench');

const PUBLIC_PAGES = [
  '/',
  EVENT + '/',
  EVENT + '/program',
  EVENT + '/galleri',
  EVENT + '/talere',
  '/en' + EVENT + '/program',
];

const server = await startTestServer({
  dataDir: path.join(os.tmpdir(), `samspil-bench-${process.pid}`),
  fsync: BENCH_FSYNC,
});
try {
  const programmeUrl = `${server.baseUrl}${EVENT}/program`;
  const html = await (await fetch(programmeUrl)).text();
  await mkdir(STATIC_DIR, { recursive: true });
  await writeFile(path.join(STATIC_DIR, 'program.html'), html);
  const staticUrl = `${server.baseUrl}/__bench/program.html`;
  const check = await fetch(staticUrl);
  if (!check.ok || (await check.text()).length !== html.length) throw new Error('static copy is not served');

  console.log(
    `Programme page: ${html.length} bytes; ${CONNECTIONS} connections, ${DURATION}s each, ${os.cpus().length} cores`,
  );
  await printSetup(server.databaseUrl, { concurrency: CONNECTIONS, pool: process.env.DATABASE_POOL_MAX ?? 10 });
  console.log('');
  const dynamic = await runLoad({
    label: 'programme (SSR, Postgres)',
    url: programmeUrl,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  });
  const fixed = await runLoad({
    label: 'same bytes, static file',
    url: staticUrl,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  });
  console.table(
    [dynamic, fixed].map((r) => ({
      what: r.label,
      'req/s': Math.round(r.requestsPerSecond),
      'p50 ms': r.p50,
      'p95 ms': r.p95,
      'p99 ms': r.p99,
      errors: r.errors,
      non2xx: r.non2xx,
    })),
  );
  console.log(`SSR / static throughput ratio: ${(dynamic.requestsPerSecond / fixed.requestsPerSecond).toFixed(2)}`);

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
  const rows = [];
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
    rows.push({ page, 'script files': files, 'JS gzip bytes': gzip });
    await context.close();
  }
  await browser.close();
  console.log('\nJavaScript shipped per public page:');
  console.table(rows);
} finally {
  await rm(STATIC_DIR, { recursive: true, force: true });
  await server.stop();
}
