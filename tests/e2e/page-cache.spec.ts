// The public page cache (src/lib/site/page-cache.ts) on a server of its own
// with the production setting (the content version at most a second old; the
// shared e2e server asks for it on every request): an anonymous page is
// rendered once and then answered from memory with an ETag, a 304 and CDN
// headers; the English page and a signed-in visitor's page never come from the
// Danish anonymous entry; a cached page runs without a CSP violation in
// Chromium; and an organiser's change in the console reaches anonymous
// visitors within seconds.
import os from 'node:os';
import path from 'node:path';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { expect, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const CACHE = 'x-samspil-page-cache';
// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;

let server: TestServer;
let db: Sql;

// Playwright hands hooks their fixtures first; this one needs none.
// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  stamp = freshStamp();
  // A new database, migrated and seeded, on a busy machine.
  testInfo.setTimeout(90_000);
  server = await startTestServer({ dataDir: path.join(os.tmpdir(), `samspil-page-cache-${process.pid}-${stamp}`) });
  db = connect(server.databaseUrl, { max: 1 });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
  await server?.stop();
});

async function get(pathname: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.baseUrl + pathname, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

test('public pages come from the cache for anonymous visitors only, per language, and follow an organiser’s change within seconds', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const programme = `/${EVENT}/program`;

  // Anonymous, Danish: rendered once, then from memory, revalidated by ETag.
  const first = await get(programme);
  const second = await get(programme);
  expect(first.status).toBe(200);
  expect(second.headers.get(CACHE)).toBe('hit');
  expect(second.body).toBe(first.body);
  expect(second.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=5');
  expect(second.headers.get('vary')).toBe('Cookie');
  expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
  const etag = second.headers.get('etag')!;
  expect((await get(programme, { 'if-none-match': etag })).status).toBe(304);
  expect(first.body).toContain('<html lang="da"');

  // English: an entry of its own, never the Danish one.
  const english = await get(`/en${programme}`);
  expect(english.status).toBe(200);
  expect(english.headers.get(CACHE)).toBe('miss');
  expect(english.body).toContain('<html lang="en"');
  expect((await get(`/en${programme}`)).body).toBe(english.body);
  expect((await get(programme)).body).toBe(first.body);

  // In Chromium, the page from the cache runs with its policy (the fixture fails on any violation).
  const cached = await page.goto(server.baseUrl + programme);
  expect(cached?.headers()[CACHE]).toBe('hit');
  await expect(page.getByRole('link', { name: 'Log ind' })).toBeVisible();
  await page.waitForLoadState('networkidle');

  // An organiser signs in: their pages are rendered for them, never taken from or put into the cache.
  const email = `cache-${stamp}@example.org`;
  await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
  await page.goto(server.baseUrl + '/min-side');
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const { code } = await signInEmail(browser, server.baseUrl, email);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/min-side$/);
  // The anonymous entry is fresh (an entry lives 10 s, and signing in may take longer on a busy machine).
  await get(programme);
  const signedIn = await page.goto(server.baseUrl + programme);
  expect(signedIn?.headers()[CACHE]).toBeUndefined();
  expect(signedIn?.headers()['cache-control']).toBe('private, no-store');
  await expect(page.getByRole('link', { name: 'Konsol' })).toBeVisible();
  const anonymous = await get(programme);
  expect(anonymous.headers.get(CACHE)).toBe('hit');
  expect(anonymous.body).toBe(first.body);
  expect(anonymous.body).not.toContain('Konsol');

  // The organiser renames the first session in the console …
  const [session] = await db<{ id: string; title: string }[]>`
    select s.id, s.title from public.sessions s join public.events e on e.id = s.event_id
     where e.slug = ${EVENT} and s.cancelled_at is null order by s.starts_at, s.title limit 1`;
  expect(first.body).toContain(session!.title);
  const renamed = `Åbning ${stamp}`;
  await page.goto(`${server.baseUrl}/konsol/${EVENT}/program/sessioner/${session!.id}`);
  await page.getByLabel('Titel', { exact: true }).fill(renamed);
  await page.getByRole('button', { name: 'Gem ændringer', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');
  const saved = performance.now();

  // … and anonymous visitors see it within seconds (the version is at most 1 s old, then one render).
  let seenAfter = Number.POSITIVE_INFINITY;
  for (;;) {
    const now = await get(programme);
    if (now.body.includes(renamed)) {
      seenAfter = performance.now() - saved;
      expect(now.headers.get(CACHE)).toBe('miss');
      expect(now.headers.get('etag')).not.toBe(etag);
      expect(now.body).toContain('<html lang="da"');
      expect(now.body).not.toContain('Konsol');
      break;
    }
    if (performance.now() - saved > 5_000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`page cache: the change reached anonymous visitors after ${seenAfter.toFixed(0)} ms`);
  expect(seenAfter).toBeLessThan(3_000);
  // A browser holding the old page gets the new one, not a 304.
  expect((await get(programme, { 'if-none-match': etag })).status).toBe(200);
});
