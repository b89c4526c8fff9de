// Exhibitor leads in Chromium against the built server, one journey: a team
// member opens the scanner at their gallery round and types two visitors'
// ticket references — the one who consented is stored, the one who did not
// is told kindly and nothing is stored; a forged reference is a 4xx. The
// team notes the lead, downloads CSV and XLSX and reads them back. Then the
// visitor, on My page's exhibitor section, sees the team and takes their
// details back. axe scans the scanner and the visitor's page.
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { freshStamp } from '../fixtures/stamp.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let EVENT: string;
let exhibitorEmail: string;
let yesEmail: string;
let noEmail: string;
let title: string;

let db: Sql;
let solutionId = '';
let yesReference = '';
let noReference = '';

test.beforeAll(async () => {
  const stamp = freshStamp();
  EVENT = `e2e-leads-${stamp}`;
  exhibitorEmail = `udstiller-${stamp}@e2e-leads.dk`;
  yesEmail = `ja-${stamp}@e2e-leads.dk`;
  noEmail = `nej-${stamp}@e2e-leads.dk`;
  title = `Borgerdesign ${stamp}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  // The service role's work, done directly: an event today, a round with the team's solution, two visitors.
  const [event] = await db<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${EVENT}, 'Leadsdagen E2E', now() - interval '1 hour', now() + interval '6 hours', 'Testhallen',
            'Testfolket', 'published')
    returning id`;
  const eventId = event!.id;
  const [round] = await db<{ id: string }[]>`
    insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at, capacity)
    values (${eventId}, 'runde-1', 'gallery_round', 'Runde 1: Nærhed', now(), now() + interval '1 hour', 30)
    returning id`;
  const [exhibitor] = await db<{ id: string }[]>`
    insert into auth.users (id, email) values (gen_random_uuid(), ${exhibitorEmail}) returning id`;
  const [solution] = await db<{ id: string }[]>`
    insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status, owner_user_id)
    values (${eventId}, 'borgerdesign', ${title}, 'Resumé', 'Kontakt', ${exhibitorEmail}, 'accepted', ${exhibitor!.id})
    returning id`;
  solutionId = solution!.id;
  await db`
    insert into public.gallery_presentations (event_id, session_id, solution_id, position)
    values (${eventId}, ${round!.id}, ${solutionId}, 1)`;
  const [type] = await db<{ id: string }[]>`
    insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity)
    values (${eventId}, 'gratis', 'Gratis', 'public_sector', 0, 10) returning id`;
  for (const [email, consent] of [
    [yesEmail, true],
    [noEmail, false],
  ] as const) {
    const [order] = await db<{ id: string; reference: string }[]>`
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at)
      values (${eventId}, 'Besøgende', ${email}, 'paid', 0, now()) returning id, reference`;
    await db`
      insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore, attendee_name,
                                  attendee_email, organisation_name, job_title, sector, issued_at, consent_share_contact)
      values (${eventId}, ${order!.id}, ${type!.id}, 1, 'valid', 0, ${consent ? 'Ja Jensen' : 'Nej Nielsen'}, ${email},
              'Aarhus Kommune', 'Innovationskonsulent', 'kommune', now(), ${consent})`;
    if (consent) yesReference = `${order!.reference}-1`;
    else noReference = `${order!.reference}-1`;
  }
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const { code } = await signInEmail(browser, baseURL, email);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, '\\$&')}$`));
}

async function saved(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

test('a team scans a consenting and a non-consenting visitor, notes and exports the lead; the visitor takes it back', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const scannerPath = `/min-side/losninger/${solutionId}/leads`;

  // ── The team member at their round ─────────────────────────────────────
  await signIn(page, browser, baseURL!, exhibitorEmail, scannerPath);
  await expect(page.getByRole('heading', { level: 1, name: `Leads – ${title}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Scan ved Runde 1: Nærhed' })).toBeVisible();
  await expectAccessible(page);

  const code = page.getByLabel('Billettens reference eller kode');
  const scan = async (text: string) => {
    await code.fill(text);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('leads')),
      page.getByRole('button', { name: 'Gem lead' }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  };

  expect(await scan(yesReference.toLowerCase())).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'Ja Jensen er gemt i jeres leads.' })).toBeVisible();

  expect(await scan(noReference)).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'har ikke valgt at dele sine oplysninger' })).toBeVisible();

  expect(await scan('ZZZZZZZZ-1')).toBe(404);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Der er ingen billet med den reference' }).first(),
  ).toBeVisible();

  // The same visitor again: still one lead.
  expect(await scan(yesReference)).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'er allerede i jeres leads' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Jeres leads (1)' })).toBeVisible();
  await expect(page.locator(`[data-lead="${noEmail}"]`)).toHaveCount(0);

  // The note and the interest level.
  const lead = page.locator(`[data-lead="${yesEmail}"]`);
  await lead.getByLabel('Interesse').selectOption({ label: 'Høj' });
  await lead.getByLabel('Note').fill('Vil pilotere i Aarhus; ring i januar');
  await lead.getByRole('button', { name: /Gem note/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Noten er gemt.' })).toBeVisible();
  await expect(page.locator(`[data-lead="${yesEmail}"]`).getByLabel('Note')).toHaveValue(
    'Vil pilotere i Aarhus; ring i januar',
  );

  // The exports.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent som CSV' }).click(),
  ]);
  const csv = (await saved(csvDownload)).toString('utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const [header, row] = csv.slice(1).split('\r\n');
  expect(header).toBe('Navn;E-mail;Organisation;Stilling;Interesse;Note;Runde;Scannet');
  expect(row).toContain(
    `Ja Jensen;${yesEmail};Aarhus Kommune;Innovationskonsulent;Høj;"Vil pilotere i Aarhus; ring i januar";Runde 1: Nærhed;`,
  );
  expect(csv).not.toContain(noEmail);

  const [xlsxDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent som Excel (XLSX)' }).click(),
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await saved(xlsxDownload)) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  expect(sheet.rowCount).toBe(2);
  expect(sheet.getRow(2).getCell(2).value).toBe(yesEmail);
  expect(sheet.getRow(2).getCell(5).value).toBe('Høj');

  // ── The visitor, on their own phone ────────────────────────────────────
  const visitorContext = await browser.newContext({ baseURL: baseURL!, viewport: { width: 390, height: 844 } });
  const visitor = await visitorContext.newPage();
  await signIn(visitor, browser, baseURL!, yesEmail, '/min-side/udstillere');
  await expect(visitor.getByRole('heading', { level: 1, name: 'Udstillere og dine oplysninger' })).toBeVisible();
  const team = visitor.locator(`[data-my-lead="${title}"]`);
  await expect(team).toBeVisible();
  await expectAccessible(visitor);
  await team.getByRole('button', { name: /Tag mine oplysninger tilbage/ }).click();
  await expect(
    visitor.getByRole('status').filter({ hasText: 'Teamet har ikke længere dine oplysninger.' }),
  ).toBeVisible();
  await expect(visitor.locator(`[data-my-lead="${title}"]`)).toHaveCount(0);
  await visitorContext.close();

  // The team's list no longer has them.
  await page.goto(scannerPath);
  await expect(page.getByRole('heading', { name: 'Jeres leads (0)' })).toBeVisible();
});
