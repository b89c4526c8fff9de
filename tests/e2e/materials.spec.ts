// Materials through the browser: an organiser attaches a file and a link to a
// session by keyboard (bad input and a disguised file refused at the field),
// an anonymous visitor sees only the public one, an attendee who booked the
// session opens the file through its signed link, and after the organiser
// removes it the link opens nothing; a solution's team attaches a link on its
// own page, and the public solution page shows it. Every page axe-clean.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let organiserEmail: string;
let teamEmail: string;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

let db: Sql;
let world: EventWorld;
let attendeeEmail: string;

// Serial: each test builds on the one before. Several sign-ins and axe scans each: generous time on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-materialer-${stamp}`;
  organiserEmail = `arrangoer-${stamp}@e2e-kommune.dk`;
  teamEmail = `team-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  world = await insertEventWorld(db, { slug: EVENT, status: 'published' });
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
  const [attendee] = await insertAttendees(db, { eventId: world.eventId, count: 1, tag: `materialer-${stamp}` });
  attendeeEmail = attendee!.email;
  await db`update public.sessions set capacity = 50, seats_taken = 1 where id = ${world.keynoteId}`;
  await db`
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
    values (${world.eventId}, ${world.keynoteId}, ${attendee!.ticketId}, 'confirmed', now())`;
  const [member] = await db<{ id: string }[]>`insert into auth.users (email) values (${teamEmail}) returning id`;
  await db`
    insert into public.solution_team_members (event_id, solution_id, role, invited_email, user_id, accepted_at)
    values (${world.eventId}, ${world.acceptedSolutionId}, 'owner', ${teamEmail}, ${member!.id}, now())`;
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string): Promise<void> {
  await page.goto('/min-side');
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/min-side$/);
}

/** A Windows program: the MZ header and a PE signature. */
function windowsExe(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.set([0x4d, 0x5a], 0);
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.set([0x50, 0x45, 0, 0, 0x4c, 0x01], 0x80);
  return bytes;
}

let fileHref = '';
// The organiser's signed-in browser state: a second sign-in within a minute would meet the per-address limit.
let organiserState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

test('an organiser attaches a file and a link by keyboard; bad input is refused at the field', async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, browser, baseURL!, organiserEmail);
  organiserState = await page.context().storageState();
  await page.goto(`/konsol/${EVENT}/materialer`);
  await expect(page.getByRole('heading', { level: 1, name: 'Materialer' })).toBeVisible();
  await expect(page.getByText('Ingen materialer endnu.')).toBeVisible();
  await expectAccessible(page);

  // Nothing filled in: every field says what is missing, with a 400.
  const submit = page.getByRole('button', { name: 'Tilføj materiale' });
  await submit.focus();
  const [empty] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.keyboard.press('Enter'),
  ]);
  expect(empty.status()).toBe(400);
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Vælg en session eller en løsning.');
  await expect(summary).toContainText('Skriv en titel.');
  await expectAccessible(page);

  // An .exe named .pdf: 415 at the file field, and what was typed is kept.
  const subject = page.getByLabel('Session eller løsning');
  await subject.focus();
  await subject.selectOption(`session:${world.keynoteId}`);
  await page.getByLabel('Titel', { exact: true }).focus();
  await page.keyboard.type('Slides fra keynoten');
  await page.getByLabel('Deltagere i sessionen (booket eller tjekket ind)').focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Fil').setInputFiles({ name: 'slides.pdf', mimeType: 'application/pdf', buffer: windowsExe() });
  await submit.focus();
  const [disguised] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.keyboard.press('Enter'),
  ]);
  expect(disguised.status()).toBe(415);
  await expect(page.locator('#file-error')).toHaveText(/Filen er ikke en type, vi tager imod/);
  await expect(page.getByLabel('Titel', { exact: true })).toHaveValue('Slides fra keynoten');
  await expect(page.getByLabel('Deltagere i sessionen (booket eller tjekket ind)')).toBeChecked();
  await expectAccessible(page);

  // The real PDF.
  await page
    .getByLabel('Fil')
    .setInputFiles({ name: 'Slides fra keynoten.pdf', mimeType: 'application/pdf', buffer: PDF });
  await submit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Materialet er tilføjet.');
  const list = page.getByRole('region', { name: 'Materialer' }).last();
  await expect(list.getByRole('link', { name: 'Slides fra keynoten' })).toBeVisible();
  await expect(list).toContainText('Kan ses af: Deltagere i sessionen (booket eller tjekket ind)');

  // A public link.
  await page.getByLabel('Session eller løsning').selectOption(`session:${world.keynoteId}`);
  await page.getByLabel('Titel', { exact: true }).fill('Optagelse af keynoten');
  await page.getByLabel('Titel på engelsk').fill('Recording of the keynote');
  await page.getByLabel('Eller et link').fill('https://video.example.org/keynote');
  await submit.click();
  await expect(page.getByRole('status')).toHaveText('Materialet er tilføjet.');
  await expect(list.getByRole('link', { name: 'Optagelse af keynoten' })).toHaveAttribute(
    'href',
    'https://video.example.org/keynote',
  );
  await expectAccessible(page);
});

test('an anonymous visitor sees only the public material; an attendee of the session opens the file', async ({
  page,
  browser,
  baseURL,
  request,
}) => {
  await page.goto(`/${EVENT}/program/keynote`);
  const section = page.getByRole('region', { name: 'Materialer' });
  await expect(section.getByRole('link', { name: 'Optagelse af keynoten' })).toBeVisible();
  await expect(section.getByRole('link', { name: 'Slides fra keynoten' })).toHaveCount(0);
  await expect(section).toContainText('Deltagere kan se flere materialer, når de er logget ind.');
  await expectAccessible(page);
  await page.goto(`/en/${EVENT}/program/keynote`);
  await expect(page.getByRole('link', { name: 'Recording of the keynote' })).toBeVisible();

  await signIn(page, browser, baseURL!, attendeeEmail);
  await page.goto(`/${EVENT}/program/keynote`);
  const file = page.getByRole('region', { name: 'Materialer' }).getByRole('link', { name: 'Slides fra keynoten' });
  await expect(file).toBeVisible();
  fileHref = (await file.getAttribute('href'))!;
  expect(fileHref).toMatch(/^\/api\/storage\/materials\/.+\.pdf\?exp=\d+&name=.+&sig=/);
  const download = await request.get(fileHref);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(Buffer.from(await download.body()).equals(PDF)).toBe(true);
  await expectAccessible(page);
});

test('the organiser removes the file, and its link opens nothing', async ({ browser, baseURL, request }) => {
  expect(fileHref).not.toBe('');
  if (!organiserState) throw new Error('the first test signs the organiser in');
  const context = await browser.newContext({ baseURL: baseURL!, storageState: organiserState });
  const page = await context.newPage();
  await page.goto(`/konsol/${EVENT}/materialer`);
  await page.getByRole('button', { name: /^Fjern\s*: Slides fra keynoten$/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Materialet er fjernet.');
  await expect(page.getByRole('link', { name: 'Slides fra keynoten' })).toHaveCount(0);
  expect((await request.get(fileHref)).status()).toBe(404);
  await context.close();
});

test('a solution’s team attaches a link on its own page; the public solution page shows it', async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, browser, baseURL!, teamEmail);
  await page.goto(`/min-side/losninger/${world.acceptedSolutionId}`);
  const section = page.getByRole('region', { name: 'Materialer til jeres løsning' });
  await expect(section).toContainText('Ingen materialer endnu.');
  await expectAccessible(page);
  await section.getByLabel('Titel', { exact: true }).fill('Evalueringsrapport');
  await section.getByLabel('Eller et link').fill('javascript:alert(1)');
  await section.getByRole('button', { name: 'Tilføj materiale' }).click();
  await expect(page.locator('#link-error')).toHaveText('Skriv en hel webadresse, der begynder med https://');
  await expectAccessible(page);
  await section.getByLabel('Eller et link').fill('https://rapport.example.org/evaluering.pdf');
  await section.getByRole('button', { name: 'Tilføj materiale' }).click();
  await expect(section.getByRole('status')).toHaveText('Materialet er tilføjet.');
  await expect(section.getByRole('link', { name: 'Evalueringsrapport' })).toBeVisible();

  await page.goto(`/${EVENT}/losninger/godkendt`);
  await expect(
    page.getByRole('region', { name: 'Materialer' }).getByRole('link', { name: 'Evalueringsrapport' }),
  ).toHaveAttribute('href', 'https://rapport.example.org/evaluering.pdf');
  await expectAccessible(page);
});
