// The programme editor in the browser: an organiser builds rooms, a track, a
// speaker and sessions through plain forms (also with JavaScript off); the
// database's rules come back as messages at the field with a 4xx; a second
// organiser's save over the first is refused; a photo or an event image that
// is not an image or is too large is refused at its field; every page is
// axe-clean and the forms are usable by keyboard alone.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { UPLOAD_MAX_BYTES } from '../../src/lib/limits/uploads.ts';
import { WORLD_DAY } from '../fixtures/clock.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

let db: Sql;

test.beforeAll(() => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** A fresh event (the test world: room "Sal A" holds the keynote 09:00–10:00) and an organiser's address. */
async function organisedEvent(tag: string): Promise<{ slug: string; email: string }> {
  const stamp = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const slug = `e2e-program-${tag}-${stamp}`;
  const email = `arrangoer-${tag}-${stamp}@e2e-kommune.dk`;
  await insertEventWorld(db, { slug, status: 'published' });
  await grantEventRole(db, { email, role: 'organiser', eventSlug: slug, createUser: true });
  return { slug, email };
}

/** Signs in through the dev mailbox's code on the way to `path`, and lands there. */
async function signInTo(page: Page, browser: Browser, baseURL: string, email: string, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel(/E-mailadresse|Email address/).fill(email);
  await page.getByRole('button', { name: /Send link og kode|Send link and code/ }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel(/Kode fra e-mailen|Code from the email/).fill(code);
  await page.getByRole('button', { name: /Log ind|Sign in/ }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

/** Submits the form of the page's main button and answers the HTTP status of the page it lands on. */
async function submit(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' || r.request().isNavigationRequest()),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

test('an organiser builds rooms, a track, a speaker and sessions through plain forms', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { slug, email } = await organisedEvent('bygger');
  await signInTo(page, browser, baseURL!, email, `/konsol/${slug}/program`);
  await expect(page.getByRole('heading', { level: 1, name: 'Program' })).toBeVisible();
  await expect(page.getByRole('row', { name: /keynote/ })).toBeVisible();
  await expectAccessible(page);

  // A room, typed by keyboard alone: Tab from the name through the fields, Enter submits.
  await page.getByRole('link', { name: /Lokaler \(2 lokaler\)/ }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nyt lokale' }).click();
  await page.getByLabel('Navn', { exact: true }).focus();
  await page.keyboard.type('Sal C');
  await page.keyboard.press('Tab'); // English name
  await page.keyboard.press('Tab'); // seats
  await page.keyboard.type('-3');
  await page.keyboard.press('Tab'); // floor
  await page.keyboard.type('1. sal');
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  // A negative capacity: a message at the field, linked from the summary, and nothing created.
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Der er et problem');
  await expect(summary.getByRole('link', { name: 'Skriv et helt tal fra 1 til 100.000.' })).toHaveAttribute(
    'href',
    '#capacity',
  );
  await expect(page.getByLabel('Pladser i lokalet')).toHaveValue('-3');
  await expect(page.getByLabel('Navn', { exact: true })).toHaveValue('Sal C');
  await expectAccessible(page);
  await page.getByLabel('Pladser i lokalet').fill('60');
  await page.getByLabel(/^Tilgængelighed\s*\(valgfrit\)$/).fill('Elevator og teleslynge');
  expect(await submit(page, 'Opret')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Oprettet.');
  await expect(page.getByLabel(/^Tilgængelighed\s*\(valgfrit\)$/)).toHaveValue('Elevator og teleslynge');
  await expectAccessible(page);

  // A room name the event already has: 409 at the name.
  await page.goto(`/konsol/${slug}/program/lokaler/ny`);
  await page.getByLabel('Navn', { exact: true }).fill('Sal A');
  await page.getByLabel('Pladser i lokalet').fill('10');
  expect(await submit(page, 'Opret')).toBe(409);
  await expect(page.getByText('Navnet bruges allerede i denne begivenhed.').first()).toBeVisible();

  // A track with its colour, and a speaker from a new organisation.
  await page.goto(`/konsol/${slug}/program/spor/ny`);
  await page.getByLabel('Navn', { exact: true }).fill('Nærhed i velfærden');
  await page.getByLabel('Farve').fill('#8a3b12');
  expect(await submit(page, 'Opret')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Oprettet.');
  await expect(page.getByLabel('Webadresse')).toHaveValue('naerhed-i-velfaerden');
  await expectAccessible(page);

  await page.goto(`/konsol/${slug}/program/talere/ny`);
  await page.getByLabel('Navn', { exact: true }).fill('Mira Moderator');
  await page.getByLabel(/^Organisation\s*\(valgfrit\)$/).fill('Samskabelsescentret');
  expect(await submit(page, 'Opret')).toBe(400);
  await expect(page.getByText('Organisationen findes ikke endnu.').first()).toBeVisible();
  await page.getByLabel('Organisationens sektor').selectOption({ label: 'Fond' });
  expect(await submit(page, 'Opret')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Oprettet.');
  await expectAccessible(page);

  // A workshop in the new room with a moderator and an interviewer, needing booking.
  await page.goto(`/konsol/${slug}/program/sessioner/ny`);
  await expectAccessible(page);
  await page.getByLabel('Type').selectOption({ label: 'Workshop' });
  await page.getByLabel('Titel', { exact: true }).fill('Test nye værktøjer');
  await page.getByLabel('Dato').fill(WORLD_DAY);
  await page.getByLabel('Starter').fill('10:30');
  await page.getByLabel('Slutter').fill('11:30');
  await page.getByLabel('Lokale').selectOption({ label: 'Sal C' });
  await page.getByLabel('Temaspor').selectOption({ label: 'Nærhed i velfærden' });
  await page.getByLabel('Antal pladser').fill('40');
  await page.getByLabel('Ja, deltagerne tilmelder sig på forhånd').check();
  await page.getByLabel('Taler 1', { exact: true }).selectOption({ label: 'Mira Moderator (Samskabelsescentret)' });
  await page.getByLabel('Rolle for taler 1').selectOption({ label: 'Moderator' });
  await page.getByLabel('Taler 2', { exact: true }).selectOption({ label: 'Tale Talersen (' + `${slug} Kommune)` });
  await page.getByLabel('Rolle for taler 2').selectOption({ label: 'Interviewer' });
  expect(await submit(page, 'Opret')).toBeLessThan(400);
  await expect(page).toHaveURL(/\/program\/sessioner\/[0-9a-f-]{36}\?saved=created$/);
  await expect(page.getByRole('status')).toHaveText('Oprettet.');
  await expect(page.getByLabel('Rolle for taler 2')).toHaveValue('interviewer');
  await expect(page.getByLabel('Webadresse')).toHaveValue('test-nye-vaerktoejer');
  await expectAccessible(page);

  // The public programme shows it, with its speakers.
  await page.goto(`/${slug}/program/test-nye-vaerktoejer`);
  await expect(page.getByRole('heading', { level: 1, name: 'Test nye værktøjer' })).toBeVisible();
  await expect(page.getByText('Mira Moderator')).toBeVisible();

  // Room A holds the keynote from 09:00 to 10:00: a session over it is refused at the room, with the clash named.
  await page.goto(`/konsol/${slug}/program/sessioner/ny`);
  await page.getByLabel('Type').selectOption({ label: 'Paneldebat' });
  await page.getByLabel('Titel', { exact: true }).fill('Debat');
  await page.getByLabel('Dato').fill(WORLD_DAY);
  await page.getByLabel('Starter').fill('09:30');
  await page.getByLabel('Slutter').fill('09:15');
  await page.getByLabel('Lokale').selectOption({ label: 'Sal A' });
  expect(await submit(page, 'Opret')).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Sluttidspunktet skal ligge efter starttidspunktet.');
  await page.getByLabel('Slutter').fill('10:15');
  expect(await submit(page, 'Opret')).toBe(409);
  await expect(page.getByRole('alert')).toContainText(
    'Lokalet er optaget på det tidspunkt af »keynote« (09.00–10.00).',
  );
  await expect(page.getByLabel('Titel', { exact: true })).toHaveValue('Debat');
  await expectAccessible(page);
  // The summary's link takes the keyboard to the room field.
  await page.getByRole('alert').getByRole('link').first().press('Enter');
  await expect(page.locator('#roomId')).toBeFocused();

  // A 10,000-character title (past the field's maxlength, as a script could send): 400 at the title, never a 500.
  await page.locator('#title').evaluate((input) => input.removeAttribute('maxlength'));
  await page.getByLabel('Titel', { exact: true }).fill('x'.repeat(10_000));
  await page.getByLabel('Lokale').selectOption({ label: 'Intet lokale' });
  expect(await submit(page, 'Opret')).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Teksten er for lang.');
});

test('the second of two organisers saving the same session is told, a session is deleted, a bad picture refused', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { slug, email } = await organisedEvent('samtidig');
  await signInTo(page, browser, baseURL!, email, `/konsol/${slug}/program`);
  await page.getByRole('link', { name: 'keynote', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ret session' })).toBeVisible();
  const editor = page.url();

  // A second tab of the same organiser stands in for a colleague with the page open.
  const other = await page.context().newPage();
  await other.goto(editor);
  await page.getByLabel('Titel', { exact: true }).fill('Åbningstale');
  expect(await submit(page, 'Gem ændringer')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');

  await other.getByLabel('Titel', { exact: true }).fill('Velkomst');
  expect(await submit(other, 'Gem ændringer')).toBe(409);
  await expect(other.getByRole('alert')).toContainText('En anden har gemt en ændring her');
  await expectAccessible(other);
  await other.close();
  await page.reload();
  await expect(page.getByLabel('Titel', { exact: true })).toHaveValue('Åbningstale');

  // A session without bookings is deleted, back to the programme.
  await page.goto(`/konsol/${slug}/program/sessioner/ny`);
  await page.getByLabel('Type').selectOption({ label: 'Pause' });
  await page.getByLabel('Titel', { exact: true }).fill('Kaffe');
  await page.getByLabel('Starter').fill('10:00');
  await page.getByLabel('Slutter').fill('10:20');
  expect(await submit(page, 'Opret')).toBeLessThan(400);
  expect(await submit(page, 'Slet')).toBeLessThan(400);
  await expect(page).toHaveURL(new RegExp(`/konsol/${slug}/program\\?deleted=1$`));
  await expect(page.getByRole('status')).toHaveText('Slettet.');
  await expect(page.getByRole('link', { name: 'Kaffe' })).toHaveCount(0);

  // Pictures: a file that is not an image, and one over the limit, are refused at the file field
  // with a 4xx, on the speaker's photo and the event's image alike, and nothing is stored.
  const notImage = { name: 'portræt.png', mimeType: 'image/png', buffer: Buffer.from('Dette er ikke et billede.\n') };
  const tooLarge = {
    name: 'stort.png',
    mimeType: 'image/png',
    // A PNG signature, then zeros: one byte over the image limit.
    buffer: Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(UPLOAD_MAX_BYTES.image - 7),
    ]),
  };
  await page.goto(`/konsol/${slug}/program/talere`);
  await page.getByRole('link', { name: 'Tale Talersen' }).click();
  for (const [file, status, message] of [
    [notImage, 415, 'Filen er ikke et billede, vi kan bruge.'],
    [tooLarge, 413, 'Filen er for stor. Den må højst fylde 10 MB.'],
  ] as const) {
    await page.getByLabel('Nyt foto').setInputFiles(file);
    expect(await submit(page, 'Gem foto')).toBe(status);
    await expect(page.getByLabel('Nyt foto')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#photo-error')).toContainText(message);
  }
  await expectAccessible(page);
  await page.goto(`/konsol/${slug}/begivenhed`);
  for (const [file, status, message] of [
    [notImage, 415, 'Filen er ikke et billede, vi kan bruge.'],
    [tooLarge, 413, 'Filen er for stor. Den må højst fylde 10 MB.'],
  ] as const) {
    await page.getByLabel('Nyt billede').setInputFiles(file);
    await page.getByLabel('Beskrivelse af billedet (alt-tekst)').fill('Salen fyldt med deltagere');
    expect(await submit(page, 'Gem billede')).toBe(status);
    await expect(page.locator('#image-error')).toContainText(message);
  }
  const [stored] = await db<{ images: number; photos: number }[]>`
    select (select count(image_key) from public.events where slug = ${slug})::int as images,
           (select count(photo_key) from public.speakers s join public.events e on e.id = s.event_id
             where e.slug = ${slug})::int as photos`;
  expect(stored).toEqual({ images: 0, photos: 0 });

  // In English the editor speaks English and stays under /en/.
  await page.goto(`/en/konsol/${slug}/program/sessioner/ny`);
  await expect(page.getByRole('heading', { level: 1, name: 'New session' })).toBeVisible();
  await expect(page.getByLabel('Title in English')).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/en/konsol/${slug}/program/talere`);
  await expect(page.getByRole('link', { name: 'Tale Talersen' })).toHaveAttribute(
    'href',
    new RegExp(`^/en/konsol/${slug}/program/talere/[0-9a-f-]{36}$`),
  );
  await expectAccessible(page);
});

test('check-in staff and organisers of other events get no programme editor', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const { slug } = await organisedEvent('fremmed');
  const other = await organisedEvent('anden');
  const stamp = randomUUID().slice(0, 8);
  const staffEmail = `vagt-${stamp}@e2e-kommune.dk`;
  await grantEventRole(db, { email: staffEmail, role: 'checkin_staff', eventSlug: slug, createUser: true });
  await signInTo(page, browser, baseURL!, staffEmail, `/checkin/${slug}`);
  for (const path of [
    `/konsol/${slug}/program`,
    `/konsol/${slug}/program/sessioner/ny`,
    `/konsol/${slug}/program/spor`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  await page.context().clearCookies();
  await signInTo(page, browser, baseURL!, other.email, `/konsol/${other.slug}/program`);
  const response = await page.goto(`/konsol/${slug}/program/lokaler`);
  expect(response?.status()).toBe(404);
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('the forms work as plain HTML: refused at the field, then saved', async ({ page, browser, baseURL }) => {
    test.setTimeout(90_000);
    const { slug, email } = await organisedEvent('utenjs');
    await signInTo(page, browser, baseURL!, email, `/konsol/${slug}/program/sessioner/ny`);
    await page.getByLabel('Type').selectOption({ label: 'Åbent rum' });
    await page.getByLabel('Titel', { exact: true }).fill('Social Talks');
    await page.getByLabel('Starter').fill('12:00');
    await page.getByLabel('Slutter').fill('12:45');
    await page.getByLabel('Antal pladser').fill('25');
    await page.getByLabel('Ja, deltagerne tilmelder sig på forhånd').check();
    await page.getByLabel('Lokale').selectOption({ label: 'Sal A' });
    await page.getByLabel('Starter').fill('09:45');
    expect(await submit(page, 'Opret')).toBe(409);
    await expect(page.getByText('Lokalet er optaget på det tidspunkt af »keynote«').first()).toBeVisible();
    await page.getByLabel('Lokale').selectOption({ label: 'Sal B' });
    expect(await submit(page, 'Opret')).toBeLessThan(400);
    await expect(page.getByRole('status')).toHaveText('Oprettet.');
    await page.getByLabel('Antal pladser').fill('0');
    expect(await submit(page, 'Gem ændringer')).toBe(400);
    await expect(page.getByText('Skriv et helt tal fra 1 til 100.000.').first()).toBeVisible();
    await page.getByLabel('Antal pladser').fill('30');
    expect(await submit(page, 'Gem ændringer')).toBeLessThan(400);
    await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');
    await expect(page.getByLabel('Antal pladser')).toHaveValue('30');
  });
});
