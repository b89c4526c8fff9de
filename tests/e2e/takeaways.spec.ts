// The day after, in Chromium against the built server: an attendee who was
// scanned into two sessions and one gallery round (and booked a session where
// nobody scanned) takes a note on a session's page, opens My takeaways,
// downloads the PDF, the .ics and the certificate (whose text we read, and
// whose QR link verifies on the public page, while a tampered one fails),
// and contacts a solution's team by keyboard; the message arrives in the dev
// mailbox without the attendee's address, the team answers on the reply link,
// and the answer reaches the attendee. Before a day ends the page says when
// it opens. The days are dated relative to now.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { readPdf } from './pdf.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// The tests share the days beforeAll makes, so they run in order in one worker, with one beforeAll.
test.describe.configure({ mode: 'default' });
// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let TAG: string;
let db: Sql;
let day: PastDay;
let tomorrow: PastDay;

test.beforeAll(async () => {
  TAG = `e2e-udbytte-${freshStamp()}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  day = await insertPastDay(db, { slug: TAG, attendees: 2 });
  tomorrow = await insertPastDay(db, { slug: `${TAG}-i-morgen`, attendees: 1, hoursAgo: -24 });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** Signs in from the sign-in page `page` is on (or is sent to from `target`), and comes back to `target`. */
async function signIn(page: Page, browser: Browser, baseURL: string, email: string, target: string): Promise<void> {
  if (!/\/log-ind\?next=/.test(page.url())) await page.goto(target);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
}

/** Opens the newest dev-mailbox message to `to` whose subject matches; returns its text and the page. */
async function openMail(page: Page, to: string, subject: RegExp): Promise<string> {
  const rows = () => page.getByRole('row').filter({ hasText: to }).filter({ hasText: subject });
  await expect
    .poll(
      async () => {
        await page.goto('/dev/mailbox');
        return rows().count();
      },
      { timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toBeGreaterThan(0);
  await rows().first().getByRole('link').click();
  return (await page.locator('pre').first().textContent()) ?? '';
}

test('an attendee opens their takeaways, gets a verified certificate and hears back from a solution team', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const me = day.attendees[0]!;
  const takeaways = `/min-side/${day.slug}/udbytte`;

  // A note on a session's page, during (or after) the day: signed out, the page offers sign-in.
  const sessionPage = `/${day.slug}/program/${day.slugs.track}`;
  await page.goto(sessionPage);
  await page.getByRole('link', { name: 'Log ind for at tage noter, som kun du kan se.' }).click();
  await signIn(page, browser, baseURL!, me.email, sessionPage);
  await page.getByLabel('Noter til denne session').fill('Spørg om tjeklisten.\nRing til Lene.');
  await page.getByRole('button', { name: 'Gem noter' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Dine noter er gemt.' })).toBeVisible();
  await expect(page.getByLabel('Noter til denne session')).toHaveValue('Spørg om tjeklisten.\nRing til Lene.');
  await expectAccessible(page);

  // My page links to the takeaways.
  await page.goto('/min-side');
  await page.getByRole('link', { name: `Mit udbytte af Dagen derpå ${day.slug}` }).click();
  await expect(page).toHaveURL(new RegExp(`${takeaways}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Mit udbytte af Dagen derpå ${day.slug}` })).toBeVisible();
  const attended = page.getByRole('region', { name: 'Det, du deltog i' });
  const card = (title: string) => attended.getByRole('listitem').filter({ hasText: title });
  await expect(card('Når politikere og bureaukrater mødes')).toContainText('Deltog');
  await expect(card('Værksted: sociale partnerskaber')).toContainText('Deltog');
  await expect(card('Løsningsgalleri: nærhed')).toContainText('Deltog');
  await expect(card('Paneldebat om nærhedsreformen')).toContainText('Booket');
  await expect(attended.getByText('Sidste session')).toHaveCount(0);
  await expect(page.getByText('Ring til Lene.')).toBeVisible();
  await expectAccessible(page);

  // The whole takeaways as a PDF, and what I attended as a calendar.
  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent det hele som PDF' }).click(),
  ]);
  const takeawaysPdf = await readPdf((await pdfDownload.path())!);
  expect(takeawaysPdf.text).toContain('Værksted: sociale partnerskaber');
  expect(takeawaysPdf.text).toContain('Borgerservice-to-go');
  expect(takeawaysPdf.text).toContain('Ring til Lene.');
  const [icsDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /kalenderfil/ }).click(),
  ]);
  const ics = await readFile((await icsDownload.path())!, 'utf8');
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);

  // The certificate: its text, and its QR link verified on the public page.
  const [certificateDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent deltagerbevis (PDF)' }).click(),
  ]);
  const certificate = await readPdf((await certificateDownload.path())!);
  expect(certificate.text).toContain('Deltagerbevis');
  expect(certificate.text).toContain(`Deltager ${me.email.split('@')[0]}`);
  expect(certificate.text).toContain(`Dagen derpå ${day.slug}`);
  expect(certificate.text).toContain('4 timer');
  expect(certificate.text).toContain('Løsningsgalleri: nærhed');
  const verifyUrl = certificate.links.find((link) => link.includes('/bevis/'));
  expect(verifyUrl).toBeTruthy();
  const verify = new URL(verifyUrl!);

  const verifier = await browser.newContext({ baseURL: baseURL! });
  const checker = await verifier.newPage();
  await checker.goto(verify.pathname);
  await expect(checker.getByRole('status')).toContainText('Beviset er ægte');
  await expect(checker.getByText(`Deltager ${me.email.split('@')[0]}`)).toBeVisible();
  await expect(checker.getByText('4 timer')).toBeVisible();
  await expectAccessible(checker);
  // One character of the token changed: the signature no longer holds.
  const token = verify.pathname.split('/').pop()!;
  const middle = Math.floor(token.length / 2);
  const tampered = `${token.slice(0, middle)}${token[middle] === 'A' ? 'B' : 'A'}${token.slice(middle + 1)}`;
  const response = await checker.goto(`/bevis/${tampered}`);
  expect(response?.status()).toBe(404);
  await expect(checker.getByRole('alert')).toContainText('Beviset kunne ikke bekræftes');
  await expect(checker.getByText(`Deltager ${me.email.split('@')[0]}`)).toHaveCount(0);

  // Contact the team, by keyboard.
  await page.goto(takeaways);
  const summary = page.locator('summary').filter({ hasText: 'Borgerservice-to-go' });
  await summary.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Din besked' }).first()).toBeFocused();
  await page.keyboard.type('Kan vi låne jeres tjekliste?');
  await page.keyboard.press('Tab'); // share my name (on)
  await page.keyboard.press('Tab'); // share my email (off)
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Din besked er sendt.' })).toBeVisible();
  await expect(page.getByText(/Du skrev til teamet/)).toBeVisible();
  await expectAccessible(page);

  // The team's email: the message and a reply link, never the attendee's address.
  const mailbox = await verifier.newPage();
  const message = await openMail(mailbox, day.contactEmail, /Borgerservice-to-go/);
  expect(message).toContain('Kan vi låne jeres tjekliste?');
  expect(message).not.toContain(me.email);
  const replyLink = await mailbox.locator('pre a[href*="/svar/"]').first().getAttribute('href');
  expect(replyLink).toBeTruthy();

  // The team answers on the link's page, and then sees what the attendee shared.
  await checker.goto(new URL(replyLink!).pathname);
  await expect(checker.getByText('Kan vi låne jeres tjekliste?')).toBeVisible();
  await expect(checker.getByText(me.email)).toHaveCount(0);
  await expectAccessible(checker);
  await checker.getByLabel('Jeres svar').fill('Selvfølgelig – vi sender den i morgen.');
  await checker.getByRole('button', { name: 'Send svaret' }).click();
  await expect(checker.getByRole('status')).toContainText('Jeres svar er sendt.');
  await expect(checker.getByText(me.email)).toBeVisible();
  await expect(checker.getByText(`Deltager ${me.email.split('@')[0]}`)).toBeVisible();

  // The answer reaches the attendee with the team's address, and shows in the takeaways.
  const answer = await openMail(mailbox, me.email, /Svar fra teamet bag Borgerservice-to-go/);
  expect(answer).toContain('Selvfølgelig – vi sender den i morgen.');
  expect(answer).toContain(day.contactEmail);
  await verifier.close();
  await page.goto(takeaways);
  await expect(page.getByText('Selvfølgelig – vi sender den i morgen.')).toBeVisible();

  // The same page in English.
  await page.goto(`/en${takeaways}`);
  await expect(
    page.getByRole('heading', { level: 1, name: `My takeaways from The day after ${day.slug}` }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download certificate (PDF)' })).toBeVisible();
});

test('before the day ends, the takeaways say when they open', async ({ page, browser, baseURL }) => {
  const takeaways = `/min-side/${tomorrow.slug}/udbytte`;
  await signIn(page, browser, baseURL!, tomorrow.attendees[0]!.email, takeaways);
  await expect(page.getByRole('status')).toContainText('Dit udbytte åbner, når dagen slutter');
  await expect(page.getByRole('link', { name: 'Hent deltagerbevis (PDF)' })).toHaveCount(0);
  const certificate = await page.request.get(`/min-side/${tomorrow.slug}/bevis.pdf`);
  expect(certificate.status()).toBe(409);
  await expectAccessible(page);
});
