// Organisers edit a solution's public content and theme tags in the console,
// in Chromium against the built server: the form is axe-clean and used by
// keyboard; 13 themes are refused at their field with a 400 and nothing
// saved; the tags and their English names then show on the solution's page
// in Danish and English (a theme without an English name stays Danish); a
// second tab's older form is refused as changed by someone else (409) and
// keeps what was typed. The day is dated relative to now.
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { freshStamp } from '../fixtures/stamp.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInAt } from './mailbox.ts';

let TAG: string;
let organiserEmail: string;
let db: Sql;
let day: PastDay;

test.beforeAll(async () => {
  const stamp = freshStamp();
  TAG = `e2e-indhold-${stamp}`;
  organiserEmail = `arrangoer-${stamp}@e2e-indhold.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  day = await insertPastDay(db, { slug: TAG, attendees: 1 });
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: TAG, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

test('an organiser gives a solution its themes in Danish and English; an older form is refused, never overwrites', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const editor = `/konsol/${TAG}/losninger/${day.solutionId}/indhold`;
  await signInAt(page, baseURL!, organiserEmail, `/konsol/${TAG}/losninger/${day.solutionId}`);
  await page.getByRole('link', { name: 'Ret indhold og temaer' }).click();
  await expect(page).toHaveURL(new RegExp(`${editor}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ret indhold og temaer: Borgerservice-to-go');
  await expectAccessible(page);

  // A second tab opens the same form before the first one saves.
  const stale = await page.context().newPage();
  await stale.goto(editor);

  // Too many themes: refused at the field, with the error summary first, and nothing saved.
  const themes = page.getByRole('textbox', { name: /^Temaer(?! på)/ });
  await themes.fill(Array.from({ length: 13 }, (_, i) => `tema ${i + 1}`).join('\n'));
  const [refused] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Gem indhold' }).click(),
  ]);
  expect(refused.status()).toBe(400);
  await expect(page.locator('.field-error')).toHaveText(['Højst 12 temaer.']);
  await expectAccessible(page);
  const [before] = await db<
    { tags: string[] }[]
  >`select theme_tags as tags from public.solutions where id = ${day.solutionId}`;
  expect(before!.tags).toEqual([]);

  // By keyboard: the themes, their English names line by line (the second left Danish), save.
  await themes.fill('nærhed\ndigital inklusion');
  await page.getByLabel('Temaer på engelsk').fill('proximity');
  await page.getByLabel('Titel – Engelsk (valgfrit – tomt viser den danske tekst)').fill('Citizen service to go');
  await page.getByRole('button', { name: 'Gem indhold' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Indholdet er gemt.');

  // The public pages show them, each language its own.
  await page.goto(`/${TAG}/losninger/${day.solutionSlug}`);
  await expect(page.getByRole('region', { name: 'Temaer' })).toContainText('nærhed');
  await page.goto(`/en/${TAG}/losninger/${day.solutionSlug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Citizen service to go');
  const themesEn = page.getByRole('region', { name: 'Themes' });
  await expect(themesEn).toContainText('proximity');
  await expect(themesEn).toContainText('digital inklusion');
  await expect(themesEn).not.toContainText('NULL');

  // The older tab saves over a newer change: refused with 409, what it typed kept, nothing overwritten.
  await stale.getByRole('textbox', { name: /^Temaer(?! på)/ }).fill('forældet');
  const [conflict] = await Promise.all([
    stale.waitForResponse((response) => response.request().method() === 'POST'),
    stale.getByRole('button', { name: 'Gem indhold' }).click(),
  ]);
  expect(conflict.status()).toBe(409);
  await expect(stale.getByRole('alert')).toContainText('En anden har gemt en ændring her');
  await expect(stale.getByRole('textbox', { name: /^Temaer(?! på)/ })).toHaveValue('forældet');
  await expectAccessible(stale);
  const [after] = await db<
    { tags: string[] }[]
  >`select theme_tags as tags from public.solutions where id = ${day.solutionId}`;
  expect(after!.tags).toEqual(['nærhed', 'digital inklusion']);
});
