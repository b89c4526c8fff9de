// The check-in forms that post to Astro Actions as plain forms: the door
// page's desk without JavaScript (a typed code, an attendee found by name;
// axe cannot run in a page without JavaScript, and the desk is no new screen)
// and the organiser's no-show setting, a page with no script of its own,
// checked with axe. Bad input answers 400 with its message, never a 500.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
// One organiser per test: sign-in mails are limited to one a minute per address.
let deskEmail: string;
let settingsEmail: string;

let db: Sql;
let eventId: string;
let attendees: Attendee[];

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-formularer-${stamp}`;
  deskEmail = `arrangoer-doer-${stamp}@e2e-kommune.dk`;
  settingsEmail = `arrangoer-indstilling-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  // Today, so the tickets are valid at the door now; a draft keeps it off the public pages.
  const [event] = await db<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${EVENT}, 'Formulardagen E2E', now() - interval '1 hour', now() + interval '6 hours', 'Testhallen',
            'Testfolket', 'draft')
    returning id`;
  eventId = event!.id;
  attendees = await insertAttendees(db, { eventId, count: 2, tag: `formular-${stamp}` });
  for (const email of [deskEmail, settingsEmail]) {
    await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
  }
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** A page signed in as an organiser through the sign-in forms, at `path`. */
async function signedIn(
  browser: Browser,
  baseURL: string,
  email: string,
  path: string,
  javaScriptEnabled: boolean,
): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const { code } = await signInEmail(browser, baseURL, email);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  return page;
}

test('the door page checks people in without JavaScript: a typed code, and a name found at the desk', async ({
  browser,
  baseURL,
}) => {
  const path = `/checkin/${EVENT}`;
  const page = await signedIn(browser, baseURL!, deskEmail, path, false);

  // A code that is no ticket: the server's red verdict, as an answer (not an error).
  await page.getByLabel('Billetkode').fill('ikke-en-billet');
  await page.getByRole('button', { name: 'Kontrollér' }).click();
  const verdict = page.getByRole('status').filter({ hasText: 'Afvist' });
  await expect(verdict).toContainText('Koden er ikke en Samspil-billet.');

  // Found by name, checked in with one press; the list then says so.
  const name = `Deltager ${attendees[1]!.email.split('@')[0]}`;
  await page.getByLabel('Navn, organisation eller billetreference').fill(name);
  await page.getByRole('button', { name: 'Søg' }).click();
  await page.getByRole('button', { name: `Tjek ${name} ind` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Velkommen' })).toContainText(name);
  await expect(page.getByRole('listitem').filter({ hasText: name })).toContainText('Tjekket ind');
  const [row] = await db<{ count: number }[]>`
    select count(*)::int as count from public.check_ins
     where ticket_id = ${attendees[1]!.ticketId} and result = 'ok' and device = 'web-form'`;
  expect(row!.count).toBe(1);

  // A form that is not ours (no nonce, another event's id): 400, nothing written.
  const origin = new URL(baseURL!).origin;
  const hostile = await page.request.post(`${path}?_action=checkin.scan`, {
    headers: { origin },
    form: { event: eventId, code: 'x' },
  });
  expect(hostile.status()).toBe(400);
  const notAnId = await page.request.post(`${path}?_action=checkin.scan`, {
    headers: { origin },
    form: { event: 'drop table', code: 'x', nonce: randomUUID() },
  });
  expect(notAnId.status()).toBe(400);
  await page.context().close();
});

test('the no-show setting is saved by a plain form; a bad value comes back at its field with a 400', async ({
  browser,
  baseURL,
}) => {
  const path = `/konsol/${EVENT}/indtjekning/indstillinger`;
  const page = await signedIn(browser, baseURL!, settingsEmail, path, true);
  await expectAccessible(page);
  const field = page.getByLabel('Minutter efter sessionens start');

  await field.fill('abc');
  const [refused] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Gem indstilling' }).click(),
  ]);
  expect(refused.status()).toBe(400);
  await expect(page.getByText('Skriv et helt antal minutter fra 1 til 120', { exact: false }).first()).toBeVisible();
  await expect(field).toHaveValue('abc');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await field.fill('15');
  await page.getByRole('button', { name: 'Gem indstilling' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}\\?saved=1$`));
  await expect(page.getByRole('status')).toHaveText('Indstillingen er gemt.');
  await expect(field).toHaveValue('15');
  const [event] = await db<{ minutes: number }[]>`
    select no_show_release_minutes as minutes from public.events where id = ${eventId}`;
  expect(event!.minutes).toBe(15);

  // A body without the field does not read as "off".
  const stray = await page.request.post(`${path}?_action=checkin.setNoShowRelease`, {
    headers: { origin: new URL(baseURL!).origin },
    form: { event: eventId },
  });
  expect(stray.status()).toBe(400);
  const [still] = await db<{ minutes: number }[]>`
    select no_show_release_minutes as minutes from public.events where id = ${eventId}`;
  expect(still!.minutes).toBe(15);
  await page.context().close();
});
