// Fault test: the built server (`node scripts/serve.ts`) under steady load
// while its Postgres is stopped, started again, stopped a second time, and
// frozen (SIGSTOP on the postmaster and every backend) and thawed. Throughout,
// every answer is a 200 or a 503 with Retry-After — never a 404, a 500 or a
// hang — the server process lives on, and it recovers by itself each time.
// This file starts its own server and database, so stopping them disturbs no
// other test.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
// Pages, an English page, a form page, a JSON API and the readiness check: what a crowd asks for.
const TARGETS = [
  '/',
  `/${EVENT}`,
  `/en/${EVENT}/program`,
  `/${EVENT}/tilmelding`,
  `/api/events/${EVENT}/seats.json`,
  '/api/health/ready',
];

interface Answer {
  path: string;
  status: number | 'network';
  retryAfter: string | null;
  ms: number;
  at: number;
}

let server: TestServer;

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

// Playwright hands hooks their fixtures first; this one needs none.
// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  // A server of its own: a new database, migrated and seeded, on a busy machine.
  testInfo.setTimeout(180_000);
  server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-outage-${process.pid}-${Date.now()}`),
    env: { DATABASE_TRANSACTION_TIMEOUT_MS: '4000', DATABASE_STATEMENT_TIMEOUT_MS: '3000' },
  });
});

test.afterAll(async () => {
  await server?.stop();
});

/** `workers` loops requesting the targets round-robin until stopped; every answer is recorded. */
function load(workers = 4) {
  const answers: Answer[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let i = worker; running; i++) {
      const target = TARGETS[i % TARGETS.length]!;
      const started = performance.now();
      try {
        const response = await fetch(server.baseUrl + target, {
          redirect: 'manual',
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        answers.push({
          path: target,
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          ms: performance.now() - started,
          at: Date.now(),
        });
      } catch {
        answers.push({
          path: target,
          status: 'network',
          retryAfter: null,
          ms: performance.now() - started,
          at: Date.now(),
        });
      }
    }
  });
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every target answers 200 again, and returns how long that took. */
async function recovered(limitMs = 30_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const statuses = await Promise.all(
      TARGETS.map((target) =>
        fetch(server.baseUrl + target, { redirect: 'manual' }).then(
          (response) => response.status,
          () => 0,
        ),
      ),
    );
    if (statuses.every((status) => status === 200)) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`not recovered after ${limitMs} ms: ${statuses.join(', ')}`);
    await sleep(250);
  }
}

function expectOnlyOkOrUnavailable(answers: Answer[], phase: string) {
  const wrong = answers.filter((answer) => answer.status !== 200 && answer.status !== 503);
  expect(
    wrong.map((a) => `${a.path} ${a.status}`),
    `${phase}: answers other than 200/503`,
  ).toEqual([]);
  const without = answers.filter((answer) => answer.status === 503 && answer.retryAfter === null);
  expect(
    without.map((a) => a.path),
    `${phase}: 503 without Retry-After`,
  ).toEqual([]);
}

test('stopping, restarting and freezing Postgres under load: 503s, no crash, recovery without a restart', async () => {
  const traffic = load();
  await sleep(1_500);

  for (const outage of [1, 2]) {
    const from = Date.now();
    await server.database.stop();
    await sleep(3_000);
    const during = traffic.answers.filter((answer) => answer.at > from + 500);
    expect(during.length, `outage ${outage}: requests were answered`).toBeGreaterThan(10);
    expect(during.filter((a) => a.path !== '/api/health/ready' && a.status === 503).length).toBeGreaterThan(0);
    expectOnlyOkOrUnavailable(during, `outage ${outage}`);
    // The second outage used to kill the process (postgres.js writing to a closed socket).
    expect(server.process.exitCode, `server alive after outage ${outage}`).toBeNull();
    await server.database.start();
    const tookMs = await recovered();
    console.log(`outage ${outage}: recovered ${tookMs} ms after Postgres came back`);
  }

  const pids = server.database.pids();
  const frozenAt = Date.now();
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  // Readiness asked once while frozen, on purpose: the traffic's own mix may not hit it in the window.
  const probing = (async () => {
    await sleep(2_000);
    const started = Date.now();
    const response = await fetch(`${server.baseUrl}/api/health/ready`);
    return { status: response.status, ms: Date.now() - started };
  })();
  let probe: { status: number; ms: number };
  try {
    await sleep(9_000);
    probe = await probing;
  } finally {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }
  const thawedAt = Date.now();
  await recovered();
  await traffic.stop();

  const frozen = traffic.answers.filter((answer) => answer.at > frozenAt + 200 && answer.at <= thawedAt);
  expect(frozen.length, 'answers while frozen').toBeGreaterThan(5);
  expectOnlyOkOrUnavailable(frozen, 'frozen');
  expect(frozen.filter((a) => a.status === 503).length).toBeGreaterThan(0);
  // The transaction deadline (4 s here, 8 s by default) answers well before 15 s.
  const slowest = Math.max(...frozen.map((answer) => answer.ms));
  expect(slowest).toBeLessThan(10_000);
  // Readiness answers within its own 2 s deadline, before a load balancer's health check gives up.
  const readiness = [...frozen.filter((answer) => answer.path === '/api/health/ready'), probe];
  expect(probe.status).toBe(503);
  expect(Math.max(...readiness.map((answer) => answer.ms))).toBeLessThan(3_500);
  expect(traffic.answers.filter((answer) => answer.status === 'network')).toEqual([]);
  expect(server.process.exitCode).toBeNull();
});

test('the outage page is localised, accessible and a 503; APIs answer JSON; liveness stays up', async ({ page }) => {
  await server.database.stop();
  try {
    const api = await fetch(`${server.baseUrl}/api/events/${EVENT}/seats.json`);
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(await api.json()).toEqual({ error: 'unavailable' });
    // An action called with fetch: Astro would answer its thrown database error with a 500.
    const form = new FormData();
    form.set('email', 'outage-action@example.org');
    const action = await fetch(`${server.baseUrl}/_actions/auth.requestSignIn`, {
      method: 'POST',
      body: form,
      headers: { origin: server.baseUrl },
    });
    expect(action.status).toBe(503);
    expect(action.headers.get('retry-after')).toBe('5');
    expect(await action.json()).toMatchObject({ type: 'AstroActionError', code: 'SERVICE_UNAVAILABLE' });
    const live = await fetch(`${server.baseUrl}/api/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/api/health/ready`);
    expect(ready.status).toBe(503);

    for (const [pathname, heading, lang] of [
      [`/${EVENT}/program`, 'Vi har en driftsforstyrrelse', 'da'],
      [`/en/${EVENT}/program`, 'We have a service disruption', 'en'],
    ] as const) {
      const response = await page.goto(server.baseUrl + pathname);
      expect(response?.status()).toBe(503);
      expect(response?.headers()['retry-after']).toBe('5');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      // The way out is a link that reloads the same page, reachable by keyboard.
      const retry = page.getByRole('link', { name: lang === 'da' ? 'Prøv igen' : 'Try again' });
      await retry.focus();
      await expect(retry).toBeFocused();
      await expect(retry).toHaveAttribute('href', pathname);
    }
  } finally {
    await server.database.start();
  }
  await recovered();
  const back = await page.goto(`${server.baseUrl}/en/${EVENT}/program`);
  expect(back?.status()).toBe(200);
});
