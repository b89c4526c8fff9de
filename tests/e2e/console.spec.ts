// Organisers and check-in staff find their tools without knowing the URLs:
// My page lists their roles, the organiser follows it to the console start
// page and its tools; check-in staff get the door app and no console; anon is
// sent to sign in.
import type { Browser, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { WORLD_DAY } from '../fixtures/clock.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let EVENT_NAME: string;
let organiserEmail: string;
let staffEmail: string;

let db: Sql;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-konsol-${stamp}`;
  EVENT_NAME = `Testdag ${EVENT}`;
  organiserEmail = `arrangoer-${stamp}@e2e-kommune.dk`;
  staffEmail = `vagt-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  await insertEventWorld(db, { slug: EVENT, status: 'published' });
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
  await grantEventRole(db, { email: staffEmail, role: 'checkin_staff', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** Signs in through the dev mailbox's code, starting on My page, and lands back there. */
async function signInToMyPage(page: Page, browser: Browser, baseURL: string, email: string): Promise<void> {
  await page.goto('/min-side');
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/min-side$/);
}

test('an organiser finds the console from My page, and every tool from there', async ({ page, browser, baseURL }) => {
  // Sign-in, two axe scans and ten pages: over the default 30 s on a busy machine.
  test.setTimeout(90_000);
  await signInToMyPage(page, browser, baseURL!, organiserEmail);
  const roles = page.getByRole('region', { name: 'Dine roller' });
  await expect(roles.getByRole('heading', { level: 3, name: EVENT_NAME })).toBeVisible();
  await expect(roles.getByRole('listitem').filter({ hasText: EVENT_NAME })).toContainText('Arrangør');
  await expectAccessible(page);

  await roles.getByRole('link', { name: `Åbn arrangørkonsollen – ${EVENT_NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Arrangørkonsol – ${EVENT_NAME}` })).toBeVisible();
  // The world's day (tests/fixtures/clock.ts), e.g. "2. maj 2030".
  const day = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric' });
  await expect(page.getByText(day.format(new Date(`${WORLD_DAY}T12:00:00Z`)))).toBeVisible();
  const tools = page.getByRole('region', { name: 'Værktøjer' });
  const expected: [string, string][] = [
    ['Arrangementet', `/konsol/${EVENT}/begivenhed`],
    ['Skema', `/konsol/${EVENT}/skema`],
    ['Indtjekning – live-overblik', `/konsol/${EVENT}/indtjekning`],
    ['Indstillinger for indtjekning', `/konsol/${EVENT}/indtjekning/indstillinger`],
    ['Løsninger', `/konsol/${EVENT}/losninger`],
    ['Navneskilte', `/konsol/${EVENT}/navneskilte`],
    ['Dørappen til indtjekning', `/checkin/${EVENT}`],
    ['Materialer', `/konsol/${EVENT}/materialer`],
    ['Persondata', `/konsol/${EVENT}/persondata`],
    ['Enheder ved indtjekningen', `/konsol/${EVENT}/enheder`],
  ];
  for (const [name, href] of expected) {
    await expect(tools.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
  }
  await expectAccessible(page);

  // The links lead somewhere real.
  await tools.getByRole('link', { name: 'Navneskilte', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Navneskilte – ${EVENT_NAME}` })).toBeVisible();

  // Every tool leads back to the console start page through its breadcrumb, which print leaves out.
  const crumbs = page.getByRole('navigation', { name: 'Brødkrumme' });
  const start = `Konsol: ${EVENT_NAME}`;
  await expect(crumbs.getByRole('link')).toHaveText([start]);
  await expect(crumbs.getByRole('link', { name: start })).toHaveAttribute('href', `/konsol/${EVENT}`);
  await page.emulateMedia({ media: 'print' });
  await expect(crumbs).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  const trails: [string, string[]][] = [
    [`/konsol/${EVENT}/indtjekning`, [start]],
    [`/konsol/${EVENT}/indtjekning/indstillinger`, [start, 'Indtjekning – live-overblik']],
    [`/konsol/${EVENT}/losninger`, [start]],
    [`/konsol/${EVENT}/enheder`, [start]],
  ];
  // No axe scan here: each of these screens is scanned, with more on it, by its own spec
  // (checkin-dashboard, checkin-forms, solutions, checkin-devices).
  for (const [path, trail] of trails) {
    await page.goto(path);
    await expect(crumbs.getByRole('link')).toHaveText(trail);
  }
  await page.goto(`/konsol/${EVENT}/indtjekning/indstillinger`);
  await crumbs.getByRole('link', { name: 'Indtjekning – live-overblik' }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}/indtjekning$`));
  await crumbs.getByRole('link', { name: start }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Arrangørkonsol – ${EVENT_NAME}` })).toBeVisible();

  // With only one organised event, /konsol goes straight to it.
  await page.goto('/konsol');
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}$`));

  // In English the page and its links stay under /en/.
  await page.goto(`/en/konsol/${EVENT}`);
  await expect(page.getByRole('heading', { level: 1, name: `Organiser console – Test day ${EVENT}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Solutions', exact: true })).toHaveAttribute(
    'href',
    `/en/konsol/${EVENT}/losninger`,
  );
  await expect(page.getByRole('link', { name: 'The check-in door app' })).toHaveAttribute(
    'href',
    `/en/checkin/${EVENT}`,
  );
  await page.goto(`/en/konsol/${EVENT}/navneskilte`);
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: `Console: Test day ${EVENT}` }),
  ).toHaveAttribute('href', `/en/konsol/${EVENT}`);
});

test('check-in staff get the door app from My page and the header, and no console', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInToMyPage(page, browser, baseURL!, staffEmail);
  const roles = page.getByRole('region', { name: 'Dine roller' });
  await expect(roles.getByRole('listitem').filter({ hasText: EVENT_NAME })).toContainText(
    'Personale ved indtjekningen',
  );
  await expect(roles.getByRole('link', { name: `Åbn dørappen – ${EVENT_NAME}` })).toHaveAttribute(
    'href',
    `/checkin/${EVENT}`,
  );
  await expect(roles.getByRole('link', { name: /arrangørkonsollen/ })).toHaveCount(0);
  await page.goto('/en/min-side');
  await expect(
    page.getByRole('region', { name: 'Your roles' }).getByRole('link', { name: /Open the door app/ }),
  ).toHaveAttribute('href', `/en/checkin/${EVENT}`);

  const response = await page.goto(`/konsol/${EVENT}`);
  expect(response?.status()).toBe(404);
  // The header's console link leads staff to their door app.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Din konto' }).getByRole('link', { name: 'Konsol' }).click();
  await expect(page).toHaveURL(/\/konsol$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Dage, hvor du tjekker deltagere ind' })).toBeVisible();
  await expect(page.getByRole('link', { name: `${EVENT_NAME}: Åbn dørappen` })).toHaveAttribute(
    'href',
    `/checkin/${EVENT}`,
  );
  await expect(page.getByRole('link', { name: 'Opret en ny innovationsdag' })).toHaveCount(0);
  await expectAccessible(page);
});

test('anon is sent to sign in from the console', async ({ page }) => {
  await page.goto(`/konsol/${EVENT}`);
  await expect(page).toHaveURL(new RegExp(`/log-ind\\?next=${encodeURIComponent(`/konsol/${EVENT}`)}$`));
  await page.goto('/en/konsol');
  await expect(page).toHaveURL(new RegExp(`/en/log-ind\\?next=${encodeURIComponent('/en/konsol')}$`));
});
