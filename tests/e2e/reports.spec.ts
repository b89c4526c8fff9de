// The organisers' report and operations page in Chromium against the built
// server. One organiser walks the report (steering-group figures, a chart and
// its table opened from the keyboard, the CSV downloaded and parsed), then the
// operations page, where a failed email is retried from the keyboard and
// arrives in the dev mailbox. Check-in staff of the same event get a 404 on
// both. Both pages pass axe.
import type { Browser, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let organiserEmail: string;
let staffEmail: string;
let failedRecipient: string;
let REPORT: string;
let OPERATIONS: string;

let db: Sql;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-rapport-${stamp}`;
  organiserEmail = `arrangoer-rapport-${stamp}@e2e-kommune.dk`;
  staffEmail = `doer-rapport-${stamp}@e2e-kommune.dk`;
  failedRecipient = `tak-${stamp}@e2e-kommune.dk`;
  REPORT = `/konsol/${EVENT}/rapport`;
  OPERATIONS = `/konsol/${EVENT}/drift`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  // A draft running today, so the public pages other tests read keep the demo as the next event.
  const [event] = await db<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${EVENT}, 'Rapportdagen E2E', now() - interval '1 hour', now() + interval '6 hours', 'Testhallen',
            'Testfolket', 'draft')
    returning id`;
  const eventId = event!.id;
  const attendees = await insertAttendees(db, { eventId, count: 6, tag: `rapport-${stamp}` });
  // Two from a region, one company; the rest municipal staff from two municipalities.
  await db`update public.tickets set sector = 'region', organisation_name = 'Region Midtjylland'
            where id in ${db([attendees[0]!.ticketId, attendees[1]!.ticketId])}`;
  await db`update public.tickets set sector = 'privat_virksomhed', organisation_name = 'Firma A/S'
            where id = ${attendees[2]!.ticketId}`;
  await db`update public.tickets set organisation_name = 'Aarhus Kommune', municipality = 'Aarhus'
            where id in ${db([attendees[3]!.ticketId, attendees[4]!.ticketId])}`;
  await db`update public.tickets set organisation_name = 'Odense Kommune', municipality = 'Odense'
            where id = ${attendees[5]!.ticketId}`;
  for (const [i, attendee] of attendees.slice(0, 3).entries()) {
    await db`
      insert into public.check_ins (event_id, ticket_id, device, nonce, scanned_at, result, revision)
      values (${eventId}, ${attendee.ticketId}, 'telefon-e2e', gen_random_uuid(),
              now() - make_interval(mins => ${30 - i * 10}), 'ok', 1)`;
  }
  await db`
    insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at, capacity)
    values (${eventId}, 'runde-1', 'gallery_round', 'Morgenrunden', now() + interval '1 hour',
            now() + interval '2 hours', 30)`;
  // An email about the event that failed for good: the provider refused it.
  const [email] = await db<{ id: string }[]>`
    select id from private.enqueue_email(${`thank-you/${eventId}/${failedRecipient}`}, ${failedRecipient}, 'da',
      'thank-you', ${db.json({
        recipientName: 'Tove Tak',
        eventName: 'Rapportdagen E2E',
        attended: true,
        takeawaysUrl: 'http://localhost:4321/min-side',
      })}, false, now() + interval '1 day')`;
  await db`
    update private.jobs set status = 'dead', attempts = 8, due_at = null, finished_at = now(),
                            last_error = 'resend: 422 the address bounced'
     where id = ${email!.id}`;
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
  await grantEventRole(db, { email: staffEmail, role: 'checkin_staff', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string, path: string) {
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

test('an organiser reads the report, downloads it as CSV and retries a failed email', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signIn(page, browser, baseURL!, organiserEmail, REPORT);

  // The steering group's figures, on one screen at the top.
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport: Rapportdagen E2E' })).toBeVisible();
  const steering = page.getByRole('region', { name: 'Til styregruppen' });
  await expect(steering.getByText('6 af 7 pladser')).toBeVisible();
  await expect(steering.getByText('3 af 6', { exact: true })).toBeVisible();
  await expect(steering.getByRole('term').filter({ hasText: /^Kommune$/ })).toBeVisible();
  await expect(steering.getByText('Deltagere: 3 · organisationer: 2')).toBeVisible();
  await expect(steering.getByText('Deltagere: 2 · organisationer: 1')).toBeVisible();

  // A chart is an image named by its title and summary, with its figures as a table behind a toggle.
  const sectorChart = page.getByRole('img', { name: /Efter sektor.*Flest fra Kommune: 3 af 6 tilmeldte/ });
  await expect(sectorChart).toBeVisible();
  const figure = page.locator('figure#chart-sectors');
  const table = figure.getByRole('table');
  await expect(table).toBeHidden();
  await figure.getByText('Vis tallene som tabel').focus();
  await page.keyboard.press('Enter');
  await expect(table).toBeVisible();
  await expect(table.getByRole('row', { name: /Region 2 1 2/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Privat virksomhed 1 1 1/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Indtjekning på dagen.*3 af 6 tjekket ind/ })).toBeVisible();
  await expect(
    page.getByRole('img', { name: /Tilmeldinger pr\. dag.*6 tilmeldt i alt, med plads til 7/ }),
  ).toBeVisible();
  await expectAccessible(page);

  // The CSV: UTF-8 with a BOM, ';' between fields, every figure a line.
  const downloadLink = page.getByRole('link', { name: 'Hent rapporten som CSV' });
  const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes
    .toString('utf8')
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(';'));
  expect(lines[0]).toEqual(['Afsnit', 'Emne', 'Mål', 'Værdi']);
  expect(lines).toContainEqual(['Overblik', 'Tilmeldte', 'Antal', '6']);
  expect(lines).toContainEqual(['Efter sektor', 'Region', 'Tilmeldte', '2']);
  expect(lines).toContainEqual(['Efter kommune', 'Aarhus', 'Tilmeldte', '2']);
  expect(lines).toContainEqual(['E-mails', 'Tak for i dag', 'Fejlet', '1']);

  // Operations: the failed email, why, and a retry from the keyboard.
  await page.goto(OPERATIONS);
  await expect(page.getByRole('heading', { level: 1, name: 'Drift' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(failedRecipient) });
  await expect(row).toContainText('Tak for i dag');
  await expect(row).toContainText('resend: 422 the address bounced');
  await expectAccessible(page);
  await row.getByRole('button', { name: `Prøv igen at sende e-mailen til ${failedRecipient}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${OPERATIONS}\\?gjort=email$`));
  await expect(page.getByRole('status')).toHaveText('E-mailen er sat i kø igen.');
  await expect(page.getByRole('row', { name: new RegExp(failedRecipient) })).toContainText(/Prøvet igen/);
  await expect(page.getByRole('button', { name: `Prøv igen at sende e-mailen til ${failedRecipient}` })).toHaveCount(0);

  // The new email goes out: the dev mailbox has it.
  const mailbox = await browser.newContext({ baseURL: baseURL! });
  const inbox = await mailbox.newPage();
  await expect
    .poll(
      async () => {
        await inbox.goto('/dev/mailbox');
        return inbox.getByRole('row').filter({ hasText: failedRecipient }).count();
      },
      { timeout: 20_000, intervals: [500, 1000] },
    )
    .toBe(1);
  await mailbox.close();
});

test('check-in staff of the event find neither page', async ({ page, browser, baseURL }) => {
  await signIn(page, browser, baseURL!, staffEmail, `/checkin/${EVENT}`);
  for (const path of [REPORT, OPERATIONS]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  const csv = await page.request.get(`/konsol/${EVENT}/rapport.csv`);
  expect(csv.status()).toBe(404);
});
