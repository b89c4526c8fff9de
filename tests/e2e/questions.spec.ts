// Questions in a session in Chromium against the built server, on a day that
// is under way (the keynote moved to "now"): an attendee on a phone asks (HTML
// is refused at the field with a 400, a plain question is posted), a second
// attendee up-votes it, the session's moderator pins it and marks it answered
// by keyboard, and the big screen — already open — shows the pinned question
// by itself within seconds. An axe scan of each new screen: ask, moderate,
// big screen.
import { devices, type Browser, type Page } from '@playwright/test';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { freshStamp } from '../fixtures/stamp.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { collectCspViolations, expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let TAG: string;
let MODERATOR: string;
let db: Sql;
let day: PastDay;

test.beforeAll(async () => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  TAG = `e2e-sp-${freshStamp()}`;
  MODERATOR = `moderator-${TAG}@example.org`;
  db = connect(url, { max: 1 });
  day = await insertPastDay(db, { slug: TAG, attendees: 2, hoursAgo: 2 });
  // The keynote is happening now, so its questions are open by the clock.
  await db`
    update public.sessions set room_id = null, starts_at = now() - interval '10 minutes',
                               ends_at = now() + interval '50 minutes'
     where id = ${day.sessions.keynote}`;
  await insertUser(db, MODERATOR);
  const [speaker] = await db<{ id: string }[]>`
    insert into public.speakers (event_id, slug, name) values (${day.eventId}, 'ordstyrer', 'Ole Ordstyrer') returning id`;
  await db`
    insert into public.session_speakers (event_id, session_id, speaker_id, role)
    values (${day.eventId}, ${day.sessions.keynote}, ${speaker!.id}, 'moderator')`;
  await db`
    insert into public.speaker_emails (speaker_id, event_id, email) values (${speaker!.id}, ${day.eventId}, ${MODERATOR})`;
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string, target: string) {
  await page.goto(target);
  // The attendees' page offers sign-in (it is readable signed out); the moderator's sends there.
  if (!page.url().includes('/log-ind'))
    await page.getByRole('link', { name: 'Log ind for at stille spørgsmål og stemme' }).click();
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
}

test('an attendee asks from a phone, another up-votes, the moderator pins and answers by keyboard, the big screen follows', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const askPath = `/${TAG}/spoergsmaal/${day.slugs.keynote}`;
  const question = 'Hvordan kommer en kommune & en virksomhed i gang sammen?';

  // The session's page points to its questions.
  const phone = await browser.newContext({ ...devices['Pixel 7'], baseURL: baseURL! });
  const phoneViolations = await collectCspViolations(phone);
  const asker = await phone.newPage();
  await asker.goto(`/${TAG}/program/${day.slugs.keynote}`);
  await asker.getByRole('link', { name: 'Stil et spørgsmål' }).click();
  await expect(asker).toHaveURL(new RegExp(`${askPath}$`));
  await signIn(asker, browser, baseURL!, day.attendees[0]!.email, askPath);

  // HTML is refused at the field, with a 400 and nothing stored; a plain question is posted.
  await asker.getByLabel('Dit spørgsmål').fill('<b>Se her</b>');
  const [refused] = await Promise.all([
    asker.waitForResponse((response) => response.request().method() === 'POST'),
    asker.getByRole('button', { name: 'Send spørgsmål' }).click(),
  ]);
  expect(refused.status()).toBe(400);
  await expect(asker.locator('.field-error')).toHaveText(/almindelig tekst uden HTML-koder/);
  await asker.getByLabel('Dit spørgsmål').fill(question);
  await asker.getByRole('button', { name: 'Send spørgsmål' }).click();
  await expect(asker.getByRole('status')).toHaveText('Tak – dit spørgsmål er sendt.');
  await expect(asker.locator('.question-body')).toHaveText([question]);
  await expectAccessible(asker);

  // A second attendee, on their own phone, up-votes it once.
  const secondPhone = await browser.newContext({ ...devices['Pixel 7'], baseURL: baseURL! });
  const voter = await secondPhone.newPage();
  await signIn(voter, browser, baseURL!, day.attendees[1]!.email, askPath);
  await voter.getByRole('button', { name: `Stem op: ${question}` }).click();
  await expect(voter.getByRole('status')).toHaveText('Din stemme er talt.');
  await expect(voter.locator('.question-votes')).toHaveText(['1 stemme']);
  await expect(voter.getByRole('button', { name: `Fortryd stemme: ${question}` })).toBeVisible();
  await secondPhone.close();

  // The moderator opens the big screen first, then moderates by keyboard.
  const moderatePath = `/${TAG}/moderer/${day.slugs.keynote}`;
  await signIn(page, browser, baseURL!, MODERATOR, moderatePath);
  await expect(page.locator('.moderate-votes')).toHaveText(['1 stemme']);
  await expectAccessible(page);
  const screen = await page.context().newPage();
  await screen.goto(`/${TAG}/skaerm/${day.slugs.keynote}`);
  await expect(screen.getByRole('img', { name: 'Scan for at spørge' })).toBeVisible();
  await expect(screen.locator('.screen-next-body')).toHaveText([question]);
  await expectAccessible(screen);

  await page.getByRole('button', { name: 'Fastgør' }).focus();
  await Promise.all([page.waitForURL(new RegExp(`${moderatePath}$`)), page.keyboard.press('Enter')]);
  await expect(page.locator('.moderate-badge')).toHaveText('Besvares nu');
  // The screen swaps its live part in every 5 s: the pinned question appears without a reload.
  await expect(screen.locator('.screen-now-body')).toHaveText(question, { timeout: 12_000 });

  // Tab from "Unpin" to "Mark as answered", Enter.
  await page.getByRole('button', { name: 'Fjern fastgørelse' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Marker som besvaret' })).toBeFocused();
  await Promise.all([page.waitForURL(new RegExp(`${moderatePath}$`)), page.keyboard.press('Enter')]);
  await expect(page.getByText('Åbne: 0 · Besvarede: 1 · Skjulte: 0')).toBeVisible();

  // The asker's page says it was answered.
  await asker.goto(askPath);
  await expect(asker.locator('.question').first()).toContainText('Besvaret');
  const stored = await db<{ status: string; votes: number }[]>`
    select q.status, (select count(*)::int from private.question_votes v where v.question_id = q.id) as votes
      from public.questions q where q.event_id = ${day.eventId}`;
  expect(stored).toEqual([{ status: 'answered', votes: 1 }]);
  await phone.close();
  expect(phoneViolations, 'Content-Security-Policy violations on the phone').toEqual([]);
});
