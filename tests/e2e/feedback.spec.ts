// Rating a session from My takeaways, in Chromium against the built server:
// an attendee scanned into a session rates it by keyboard with an HTML
// comment (shown back as text), a missing rating gets a field message and a
// 400, and rating again edits the one rating. The day is dated relative to now.
import type { Browser, Page } from '@playwright/test';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

const TAG = `e2e-feedback-${Date.now().toString(36)}`;
let db: Sql;
let day: PastDay;

test.beforeAll(async () => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  day = await insertPastDay(db, { slug: TAG, attendees: 1 });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string, target: string): Promise<void> {
  await page.goto(target);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
}

test('an attendee scanned into a session rates it, and rating again edits the rating', async ({
  page,
  browser,
  baseURL,
}) => {
  const takeaways = `/min-side/${day.slug}/udbytte`;
  await signIn(page, browser, baseURL!, day.attendees[0]!.email, takeaways);
  const rate = page.locator(`#rate-${day.sessions.track}`);

  // No rating chosen: a field message and a 400, nothing stored.
  const [missing] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    rate.getByRole('button', { name: /Send bedømmelse/ }).click(),
  ]);
  expect(missing.status()).toBe(400);
  await expect(rate.getByText('Vælg en bedømmelse fra 1 til 5.')).toBeVisible();
  await expectAccessible(page);

  // By keyboard: focus the first radio, arrow to 4, type the comment, submit.
  await rate.getByRole('radio', { name: '1', exact: true }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(rate.getByRole('radio', { name: '4', exact: true })).toBeChecked();
  await rate.getByLabel('Kommentar (valgfri)').fill('<script>alert(1)</script> Godt');
  await rate.getByRole('button', { name: /Send bedømmelse/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Din feedback er gemt' })).toBeVisible();
  await expect(rate.getByText('Du gav 4 af 5.')).toBeVisible();
  await expect(rate.getByLabel('Kommentar (valgfri)')).toHaveValue('<script>alert(1)</script> Godt');
  await expectAccessible(page);

  await rate.getByText('5', { exact: true }).click();
  await rate.getByRole('button', { name: /Gem ændringer/ }).click();
  await expect(rate.getByText('Du gav 5 af 5.')).toBeVisible();
  const rows = await db<{ rating: number; comment: string }[]>`
    select rating, comment from public.session_feedback where session_id = ${day.sessions.track}`;
  expect(rows).toEqual([{ rating: 5, comment: '<script>alert(1)</script> Godt' }]);

  // The survey: answered once, and answering again edits the answer.
  const survey = page.locator('section', { has: page.getByRole('heading', { name: 'Evaluering af dagen' }) });
  await survey.getByText('9', { exact: true }).click();
  await survey.getByLabel(/Hvad skal vi gøre bedre/).fill('Mere tid til netværk');
  await survey.getByRole('button', { name: 'Send evaluering' }).click();
  await expect(survey.getByText('Du svarede 9 af 10.')).toBeVisible();
  await survey.getByText('10', { exact: true }).click();
  await survey.getByRole('button', { name: 'Gem ændringer' }).click();
  await expect(survey.getByText('Du svarede 10 af 10.')).toBeVisible();
  await expectAccessible(page);
  const answers = await db<{ score: number }[]>`
    select score from public.survey_responses where event_id = ${day.eventId}`;
  expect(answers).toEqual([{ score: 10 }]);
});
