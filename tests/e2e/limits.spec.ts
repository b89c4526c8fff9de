// Abuse limits on the built server with the default settings (this file
// starts its own; the shared one raises the per-address limits for the
// suite): a burst of registrations or waitlist joins from one address is cut
// off with 429 and a localised message at the form, a 100 MB post is refused
// before it is read, and malformed input is a 4xx, never a 5xx.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const PER_MINUTE = 30; // FORM_IP_LIMIT_PER_MINUTE's default

let server: TestServer;
let db: Sql;
let ticketTypeId: string;

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

// Playwright hands hooks their fixtures first; this one needs none.
// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  // A server of its own: a new database, migrated and seeded, on a busy machine.
  testInfo.setTimeout(180_000);
  server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-limits-${process.pid}-${Date.now()}`),
    // One pretend proxy, so each test can speak from an address of its own. A burst of 200 on a
    // busy test machine may queue for the pool longer than the default deadline (8 s).
    env: { TRUSTED_PROXY_HOPS: '1', DATABASE_TRANSACTION_TIMEOUT_MS: '60000' },
  });
  db = connect(server.databaseUrl, { max: 2 });
  const [row] = await db<{ id: string }[]>`
    insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity)
    select id, 'graense', 'Grænsetest', 'public_sector', 0, 10000 from public.events where slug = ${EVENT}
    returning id`;
  ticketTypeId = row!.id;
});

test.afterAll(async () => {
  await db?.end();
  await server?.stop();
});

async function ticketCount(): Promise<number> {
  const [row] = await db<
    { n: number }[]
  >`select count(*)::int as n from public.tickets where ticket_type_id = ${ticketTypeId}`;
  return row!.n;
}

function registrationForm(id: string, name = `Burst ${id}`): string {
  return new URLSearchParams({
    step: 'details',
    ticketTypeId,
    count: '1',
    buyerAttends: 'true',
    'attendees.0.name': name,
    'attendees.0.email': `burst-${id}@limits.example.org`,
    'attendees.0.organisation': 'Grænse Kommune',
    'attendees.0.sector': 'kommune',
  }).toString();
}

function post(pathAndQuery: string, body: string, address: string, lang: 'da' | 'en' = 'da') {
  return fetch(`${server.baseUrl}${lang === 'en' ? '/en' : ''}${pathAndQuery}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: server.baseUrl,
      'x-forwarded-for': address,
    },
    body,
  });
}

async function burst(count: number, send: (i: number) => Promise<Response>) {
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await send(i);
      await response.arrayBuffer();
      return response.status;
    }),
  );
  const tally: Record<number, number> = {};
  for (const status of statuses) tally[status] = (tally[status] ?? 0) + 1;
  return { tally, seconds: (performance.now() - started) / 1000 };
}

test('200 registrations from one address in a burst: the first 30 go through, the rest get 429', async () => {
  const { tally, seconds } = await burst(200, (i) =>
    post(`/${EVENT}/tilmelding?_action=registration.register`, registrationForm(`r${i}`), '198.51.100.1'),
  );
  console.log(`registration burst: ${JSON.stringify(tally)} in ${seconds.toFixed(1)} s`);
  expect(tally[303]).toBe(PER_MINUTE);
  expect(tally[429]).toBe(200 - PER_MINUTE);
  expect(await ticketCount()).toBe(PER_MINUTE);
  // Another address is not affected.
  expect(
    (await post(`/${EVENT}/tilmelding?_action=registration.register`, registrationForm('other'), '198.51.100.2'))
      .status,
  ).toBe(303);
});

test('200 waitlist joins from one address: at most 30 reach the waitlist, the rest get 429', async () => {
  const { tally } = await burst(200, (i) =>
    post(
      `/${EVENT}/tilmelding?_action=registration.joinWaitlist`,
      new URLSearchParams({
        step: 'waitlist',
        ticketTypeId,
        name: `Vent ${i}`,
        email: `vent-${i}@limits.example.org`,
      }).toString(),
      '198.51.100.3',
    ),
  );
  console.log(`waitlist burst: ${JSON.stringify(tally)}`);
  expect(tally[429]).toBe(200 - PER_MINUTE);
});

test('the refusal is a localised message at the form, with Retry-After, accessible', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': '198.51.100.1' });
  for (const [prefix, button, message] of [
    ['', 'Tilmeld', 'Der er sendt mange formularer fra dit netværk på kort tid'],
    ['/en', 'Register', 'Many forms have been sent from your network in a short time'],
  ] as const) {
    await page.goto(`${server.baseUrl}${prefix}/${EVENT}/tilmelding?billettype=graense&antal=1&deltager=ja`);
    await page.locator('#attendees-0-name').fill('Anne Andersen');
    await page.locator('#attendees-0-email').fill(`anne${prefix.length}@limits.example.org`);
    await page.locator('#attendees-0-sector').selectOption({ value: 'kommune' });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    expect(response.status()).toBe(429);
    expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
    await expect(page.getByText(message)).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }
});

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

test('a 100 MB form post is refused with 413 before it is read', async () => {
  const before = rssKb(server.process.pid!);
  const size = 100 * 1024 * 1024;
  const url = new URL(`${server.baseUrl}/${EVENT}/tilmelding?_action=registration.register`);
  const started = performance.now();
  // The body is sent as a client would: a first chunk, then the rest as fast as the socket takes
  // it. The server answers from the headers alone and closes; what the client still writes then
  // fails (EPIPE), which is the point.
  const { status, written } = await new Promise<{ status: number; written: number }>((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': size, origin: server.baseUrl },
    });
    let written = 0;
    const timer = setTimeout(() => reject(new Error(`no answer; ${written} bytes written`)), 10_000);
    request.on('response', (response) => {
      clearTimeout(timer);
      response.resume();
      resolve({ status: response.statusCode ?? 0, written });
      request.destroy();
    });
    request.on('error', () => {});
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (written < size && !request.destroyed) {
        written += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
    };
    written += chunk.length;
    request.write(chunk);
    setTimeout(pump, 300);
  });
  expect(status).toBe(413);
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(written).toBeLessThan(size);
  expect(rssKb(server.process.pid!) - before).toBeLessThan(30 * 1024);
});

test('malformed input is a 4xx: NUL in a form, in a URL, bytes that are not UTF-8', async () => {
  const tickets = await ticketCount();
  // The registration form's own check answers at the field.
  const nul = await post(
    `/${EVENT}/tilmelding?_action=registration.register`,
    registrationForm('nul', 'Anne\u0000Andersen'),
    '198.51.100.9',
  );
  expect(nul.status).toBe(400);
  expect(await nul.text()).toContain('Der er et problem');
  // A form a page handles itself is checked by the middleware.
  const page = await post(`/en/${EVENT}/tilmelding`, registrationForm('nul2', 'A\u0001'), '198.51.100.9');
  expect(page.status).toBe(400);
  expect(await page.text()).toContain('We could not read what you sent');
  expect(await ticketCount()).toBe(tickets);

  const search = await fetch(`${server.baseUrl}/api/checkin/00000000-0000-4000-8000-000000000000/attendees?q=an%00ne`);
  expect(search.status).toBe(400);
  expect(await search.json()).toEqual({ error: 'bad_request' });
  const notUtf8 = await fetch(`${server.baseUrl}/${EVENT}/program?q=%FF%FE`);
  expect(notUtf8.status).toBe(400);
});
