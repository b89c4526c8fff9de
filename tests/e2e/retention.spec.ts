// The organiser's retention setting: how long attendees' personal data is kept
// after the day. Works without JavaScript, bad input at the field with a 400,
// a save from a stale page refused (409) rather than overwriting, the
// registration form tells attendees the months — and the English page.
import type { Browser, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertRegistrationRows } from '../fixtures/registration-world.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let organiserEmail: string;

let db: Sql;
let eventId: string;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-persondata-${stamp}`;
  organiserEmail = `arrangoer-persondata-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  eventId = (await insertEventWorld(db, { slug: EVENT, status: 'published' })).eventId;
  await insertRegistrationRows(db, eventId, stamp);
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signedIn(browser: Browser, baseURL: string, path: string): Promise<Page> {
  // The form has no script of its own; axe needs JavaScript to scan.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel(/E-mailadresse|Email address/).fill(organiserEmail);
  await page.getByRole('button', { name: /Send link og kode|Send link and code/ }).click();
  const code = (await signInEmail(browser, baseURL, organiserEmail)).code;
  await page.getByLabel(/Kode fra e-mailen|Code from the email/).fill(code);
  await page.getByRole('button', { name: /Log ind|Sign in/ }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  return page;
}

test('an organiser sets how long personal data is kept, and a stale save is refused', async ({ browser, baseURL }) => {
  const path = `/konsol/${EVENT}/persondata`;
  const page = await signedIn(browser, baseURL!, path);
  await expect(page.getByRole('heading', { level: 1, name: 'Persondata og sletning' })).toBeVisible();
  await expect(page.getByText('Persondata gemmes indtil')).toBeVisible();
  await expect(page.getByText('Lige nu har 1 billet navn og e-mailadresse.')).toBeVisible();
  await expectAccessible(page);

  const field = page.getByLabel('Måneder efter dagen');
  await expect(field).toHaveValue('12');
  await field.fill('200');
  const [refused] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Gem' }).click(),
  ]);
  expect(refused.status()).toBe(400);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveValue('200');
  await expect(page.getByText('Skriv et helt antal måneder fra 1 til 120.').first()).toBeVisible();
  await expectAccessible(page);

  // Keyboard alone: type and submit with Enter.
  await field.fill('');
  await field.focus();
  await page.keyboard.type('6');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${path}\\?saved=1$`));
  await expect(page.getByRole('status')).toHaveText('Indstillingen er gemt.');
  await expect(field).toHaveValue('6');
  const [row] = await db<
    { months: number }[]
  >`select retention_months as months from public.events where id = ${eventId}`;
  expect(row!.months).toBe(6);

  // The registration form tells attendees.
  await page.goto(`/${EVENT}/tilmelding?billettype=type-${stamp}&antal=1`);
  await expect(page.getByText('Navn, e-mail og behov slettes 6 måneder efter dagen', { exact: false })).toBeVisible();

  // In English, from a page opened before another organiser saved: refused, not overwritten.
  await page.goto(`/en/konsol/${EVENT}/persondata`);
  await expect(page.getByRole('heading', { level: 1, name: 'Personal data and deletion' })).toBeVisible();
  // Someone else saves in between.
  await db`update public.events set retention_months = 24 where id = ${eventId}`;
  await page.getByLabel('Months after the day').fill('3');
  const [stale] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Save' }).click(),
  ]);
  expect(stale.status()).toBe(409);
  await expect(page.getByText('Someone else saved a change here').first()).toBeVisible();
  const [after] = await db<
    { months: number }[]
  >`select retention_months as months from public.events where id = ${eventId}`;
  expect(after!.months).toBe(24);
  await expectAccessible(page);
});
