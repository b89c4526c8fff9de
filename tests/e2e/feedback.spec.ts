// Feedback in Chromium against the built server. (1) An attendee scanned into
// a session rates it by keyboard with an HTML comment (shown back as text), a
// missing rating gets a field message and a 400, and rating again edits the
// one rating. (2) The whole loop: an organiser writes a survey question and
// gives a speaker their address; the attendee rates the speaker's session and
// answers the question (a missing required answer is a 400 at the question);
// the answered question keeps its meaning (409 at the field); the organiser
// sees rating, NPS and answer in the report with who wrote them, and
// downloads CSV and XLSX, which the test parses; the speaker sees the comment
// on My page without the attendee's name. Days are dated relative to now.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// The tests share the days beforeAll makes, so they run in order in one worker, with one beforeAll.
test.describe.configure({ mode: 'default' });
// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let TAG: string;
let db: Sql;
let day: PastDay;
let reported: PastDay;
let ORGANISER: string;
let SPEAKER: string;

test.beforeAll(async () => {
  TAG = `e2e-feedback-${freshStamp()}`;
  ORGANISER = `arrangoer-${TAG}@example.org`;
  SPEAKER = `taler-${TAG}@example.org`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  day = await insertPastDay(db, { slug: TAG, attendees: 1 });
  // The loop's own day: an organiser, and a speaker in the track session (no address yet).
  reported = await insertPastDay(db, { slug: `${TAG}-rapport`, attendees: 1 });
  const organiser = await insertUser(db, ORGANISER);
  await db`insert into public.event_roles (event_id, user_id, role) values (${reported.eventId}, ${organiser.id}, 'organiser')`;
  await insertUser(db, SPEAKER);
  const [speaker] = await db<{ id: string }[]>`
    insert into public.speakers (event_id, slug, name) values (${reported.eventId}, 'lene-holm', 'Lene Holm') returning id`;
  await db`
    insert into public.session_speakers (event_id, session_id, speaker_id)
    values (${reported.eventId}, ${reported.sessions.track}, ${speaker!.id})`;
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
  // Three axe scans and a sign-in: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
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

test('an organiser asks a question and gives a speaker access; an attendee rates and answers; the organiser reads and downloads it all', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const slug = reported.slug;
  const attendee = reported.attendees[0]!;

  // The organiser writes a required single-choice question; an empty form is a 400 at its fields.
  const questions = `/konsol/${slug}/feedback/evaluering`;
  await signIn(page, browser, baseURL!, ORGANISER, questions);
  await page.getByRole('link', { name: 'Tilføj et spørgsmål' }).click();
  const [empty] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Tilføj spørgsmål' }).click(),
  ]);
  expect(empty.status()).toBe(400);
  await expect(page.locator('#prompt-error')).toHaveText('Skriv spørgsmålet.');
  await page.getByLabel('Spørgsmål', { exact: true }).fill('Hvad tager du med hjem?');
  await page.getByLabel('Type').selectOption({ label: 'Ét valg blandt flere' });
  await page.locator('#choices').fill('Nye kontakter\nNye idéer\nBegge dele');
  await page.getByLabel('Skal besvares').check();
  await page.getByRole('button', { name: 'Tilføj spørgsmål' }).click();
  await expect(page.getByRole('status')).toHaveText('Spørgsmålet er tilføjet.');
  await expectAccessible(page);
  const questionPage = new URL(page.url()).pathname;

  // …and gives the speaker the address they sign in with, by keyboard.
  await page.goto(questions);
  await page.getByLabel('E-mail til Lene Holm').fill(SPEAKER);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Adressen er gemt.');
  await expectAccessible(page);

  // The attendee rates the speaker's session and answers the survey; the required question first left out.
  const attendeeContext = await browser.newContext({ baseURL: baseURL! });
  const attendeePage = await attendeeContext.newPage();
  const takeaways = `/min-side/${slug}/udbytte`;
  await signIn(attendeePage, browser, baseURL!, attendee.email, takeaways);
  const rate = attendeePage.locator(`#rate-${reported.sessions.track}`);
  await rate.getByText('4', { exact: true }).click();
  await rate.getByLabel('Kommentar (valgfri)').fill('Skarp og konkret');
  await rate.getByRole('button', { name: /Send bedømmelse/ }).click();
  await expect(rate.getByText('Du gav 4 af 5.')).toBeVisible();
  const survey = attendeePage.locator('section', {
    has: attendeePage.getByRole('heading', { name: 'Evaluering af dagen' }),
  });
  await survey.getByText('9', { exact: true }).click();
  const [missing] = await Promise.all([
    attendeePage.waitForResponse((response) => response.request().method() === 'POST'),
    survey.getByRole('button', { name: 'Send evaluering' }).click(),
  ]);
  expect(missing.status()).toBe(400);
  const question = survey.getByRole('group', { name: 'Hvad tager du med hjem?' });
  await expect(question.getByText('Svar på spørgsmålet.')).toBeVisible();
  // What was posted is still chosen.
  await expect(survey.getByRole('radio', { name: '9', exact: true })).toBeChecked();
  await expectAccessible(attendeePage);
  await question.getByLabel('Nye idéer').check();
  await survey.getByRole('button', { name: 'Send evaluering' }).click();
  await expect(survey.getByText('Du svarede 9 af 10.')).toBeVisible();
  await expect(question.getByLabel('Nye idéer')).toBeChecked();
  await attendeeContext.close();

  // The answered question keeps its meaning: a new wording is refused at the field.
  await page.goto(questionPage);
  await expect(page.locator('#prompt-hint')).toContainText('Der er kommet svar på spørgsmålet');
  await page.getByLabel('Spørgsmål', { exact: true }).fill('Hvad savnede du?');
  const [refused] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Gem spørgsmål' }).click(),
  ]);
  expect(refused.status()).toBe(409);
  await expect(page.locator('#prompt-error')).toContainText('dets betydning kan ikke ændres');

  // The report: NPS, the rating with its comment and author, the answer in the question's table.
  await page.goto(`/konsol/${slug}/feedback`);
  await expect(page.getByText('NPS: 100')).toBeVisible();
  const session = page.locator('article', { has: page.getByRole('heading', { name: /Når politikere/ }) });
  await expect(session.getByText('1 bedømmelse, gennemsnit 4,0').first()).toBeVisible();
  await expect(session.getByText('Skarp og konkret')).toBeVisible();
  await expect(session.getByText(`– Deltager ${attendee.email.split('@')[0]}`)).toBeVisible();
  const answers = page.locator('article', { has: page.getByRole('heading', { name: 'Hvad tager du med hjem?' }) });
  await answers.getByText('Vis tallene som tabel').click();
  await expect(answers.getByRole('row', { name: /Nye idéer\s+1/ })).toBeVisible();
  await expectAccessible(page);

  // CSV (the link, as a person downloads it) and XLSX, both parsed.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent feedback som CSV' }).click(),
  ]);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(';'));
  expect(lines[0]).toEqual(['Type', 'Session eller spørgsmål', 'Score', 'Kommentar eller svar', 'Navn', 'Tidspunkt']);
  expect(lines).toContainEqual(
    expect.arrayContaining(['Session', 'Når politikere og bureaukrater mødes', '4', 'Skarp og konkret']),
  );
  expect(lines).toContainEqual(expect.arrayContaining(['Evaluering', '', '9']));
  expect(lines).toContainEqual(expect.arrayContaining(['Spørgsmål', 'Hvad tager du med hjem?', '', 'Nye idéer']));
  const xlsx = await page.request.get(`/konsol/${slug}/feedback/eksport.xlsx`);
  expect(xlsx.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const cells = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
  expect(cells(1)).toEqual(['Type', 'Session eller spørgsmål', 'Score', 'Kommentar eller svar', 'Navn', 'Tidspunkt']);
  const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => cells(i + 2));
  expect(rows).toContainEqual(expect.arrayContaining(['Session', 'Når politikere og bureaukrater mødes', 4]));
  expect(rows).toContainEqual(expect.arrayContaining(['Spørgsmål', 'Hvad tager du med hjem?']));

  // The speaker has been given their address: the next test walks their view.
  const [access] = await db<{ email: string }[]>`
    select se.email from public.speaker_emails se join public.speakers s on s.id = se.speaker_id
     where s.event_id = ${reported.eventId}`;
  expect(access).toEqual({ email: SPEAKER });
});

test('a speaker sees the ratings and comments on their session on My page, without a name', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  // Seeded: the organiser gave the speaker of the first day's track session this address, and its
  // attendee rated it (the test above walks both through the browser).
  const email = `taler-to-${TAG}@example.org`;
  const attendee = day.attendees[0]!;
  await insertUser(db, email);
  const [speaker] = await db<{ id: string }[]>`
    insert into public.speakers (event_id, slug, name) values (${day.eventId}, 'anna-berg', 'Anna Berg') returning id`;
  await db`
    insert into public.session_speakers (event_id, session_id, speaker_id)
    values (${day.eventId}, ${day.sessions.workshop}, ${speaker!.id})`;
  await db`insert into public.speaker_emails (speaker_id, event_id, email) values (${speaker!.id}, ${day.eventId}, ${email})`;
  await db`
    insert into public.session_feedback (event_id, session_id, ticket_id, rating, comment)
    values (${day.eventId}, ${day.sessions.workshop}, ${attendee.ticketId}, 5, 'Skarp og konkret')`;

  await signIn(page, browser, baseURL!, email, '/min-side');
  await page.getByRole('link', { name: 'Feedback på det, jeg præsenterede' }).click();
  const mine = page.locator('article', { has: page.getByRole('heading', { name: /Værksted/ }) });
  await expect(mine.getByText('Skarp og konkret')).toBeVisible();
  await expect(mine.getByText('Som taler')).toBeVisible();
  await expect(mine.getByText('1 bedømmelse, gennemsnit 5,0').first()).toBeVisible();
  await expect(page.getByText(`Deltager ${attendee.email.split('@')[0]}`)).toHaveCount(0);
  await expect(page.getByText(attendee.email)).toHaveCount(0);
  await expectAccessible(page);
});
