// The organisers' takeaways article, in Chromium against the built server: an
// organiser of a day that is over writes it in the console (an image with its
// alt text, a quote, a YouTube link, a linked track and solution — and a
// script payload), partly by keyboard; a missing heading and a missing alt
// text are refused at their fields; the preview shows it exactly as readers
// will; after publishing, an anonymous visitor finds it on the event page
// and its own page, and an attendee in their takeaways. The payload never
// runs (no dialog, no script in the article, CSP clean). A published article
// of a day still to come changes nothing. Every screen axe-clean. The days
// are dated relative to now.
import type { Browser, Page } from '@playwright/test';
import sharp from 'sharp';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { collectCspViolations, expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { readPdf } from './pdf.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let TAG: string;
let organiserEmail: string;
const TITLE = 'Fire takeaways fra dagen derpå';
const QUOTE = 'Det tager tid at udvikle nyt på tværs af sektorer. Men det nytter.';
let db: Sql;
let day: PastDay;
let tomorrow: PastDay;

// Serial: the attendee reads what the organiser published (each test signs in its own person).
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stamp = freshStamp();
  TAG = `e2e-artikel-${stamp}`;
  organiserEmail = `arrangoer-${stamp}@e2e-artikel.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  day = await insertPastDay(db, { slug: TAG, attendees: 1 });
  tomorrow = await insertPastDay(db, { slug: `${TAG}-kommer`, attendees: 1, hoursAgo: -48 });
  await db`insert into public.tracks (event_id, slug, name) values (${day.eventId}, 'naerhed', 'Nærhedssporet')`;
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: TAG, createUser: true });
  // Published ahead of a day still to come: nobody but its organisers sees it before the day is over.
  await db`
    insert into public.takeaway_articles (event_id, title, lead, body, published_at)
    values (${tomorrow.eventId}, 'For tidligt', 'Skrevet på forhånd', 'Hemmelig tekst', now())`;
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

test('an organiser writes, previews and publishes the takeaways article; readers see it after the day, a payload never runs', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  // Before it is written, the event page has no article, and a day still to come shows none either.
  await page.goto(`/${TAG}/`);
  await expect(page.getByRole('heading', { name: 'Takeaways fra dagen' })).toHaveCount(0);
  await page.goto(`/${tomorrow.slug}/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('For tidligt')).toHaveCount(0);
  expect((await page.goto(`/${tomorrow.slug}/udbytte`))!.status()).toBe(404);

  // The organiser finds the tool in the console.
  const editor = `/konsol/${TAG}/artikel`;
  await signIn(page, browser, baseURL!, organiserEmail, `/konsol/${TAG}`);
  await page.getByRole('link', { name: 'Artikel om dagen' }).click();
  await expect(page).toHaveURL(new RegExp(`${editor}$`));
  await expect(page.getByText('Artiklen er ikke skrevet endnu.')).toBeVisible();
  await expectAccessible(page);

  // An image without alt text is refused at the field; with one it is stored and numbered.
  const photo = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#0a5c5a' } })
    .png()
    .toBuffer();
  await page
    .getByLabel('Billede', { exact: true })
    .setInputFiles({ name: 'galleri.png', mimeType: 'image/png', buffer: photo });
  await page.getByRole('button', { name: 'Tilføj billede' }).click();
  await expect(page.locator('#alt-error')).toHaveText('Skriv en alternativ tekst, der beskriver billedet.');
  await page
    .getByLabel('Billede', { exact: true })
    .setInputFiles({ name: 'galleri.png', mimeType: 'image/png', buffer: photo });
  await page.getByLabel('Alternativ tekst', { exact: true }).fill('Social Talks fortæller i løsningsgalleriet');
  await page.locator('#caption').fill('Foto: Arthur Cammelbeeck');
  await page.getByRole('button', { name: 'Tilføj billede' }).click();
  await expect(page.getByRole('status')).toContainText('Indsæt det i teksten med ![](billede:1)');

  // Saving without a heading is refused at the field (400), the text kept.
  const body = [
    '# Nærhed fylder',
    '',
    'Øksnehallen summede af **energi**.',
    '',
    `> ${QUOTE}`,
    '> — Karen Bisgaard',
    '',
    '![](billede:1)',
    '',
    '[Lene fortæller, hvorfor vi deltager](https://www.youtube.com/watch?v=HeElO9mWpOA)',
    '',
    '<script>alert("xss")</script>',
    '',
    'Tryk <img src=x onerror="alert(1)"> på [klik](javascript:alert(2)) her.',
  ].join('\n');
  await page.getByLabel('Artiklen', { exact: true }).fill(body);
  const refused = page.waitForResponse((response) => response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Gem kladde' }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.locator('#title-error')).toHaveText('Skriv en overskrift.');
  await expect(page.getByLabel('Artiklen', { exact: true })).toHaveValue(body);

  // By keyboard: the heading, the lead, a solution and a track, then "save and preview".
  await page.getByLabel('Overskrift', { exact: true }).focus();
  await page.keyboard.type(TITLE);
  await page.keyboard.press('Tab');
  await expect(page.locator('#lead')).toBeFocused();
  await page.keyboard.type('Fire nedslag fra en dag om nærhed.');
  await page.getByLabel('Borgerservice-to-go').focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Nærhedssporet').focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Gem og forhåndsvis' }).focus();
  await page.keyboard.press('Enter');

  // The preview, exactly as readers will see it.
  await expect(page).toHaveURL(new RegExp(`${editor}/forhaandsvisning$`));
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText('Forhåndsvisning – sådan ser artiklen ud for læserne.')).toBeVisible();
  await expectArticle(page);
  await expectAccessible(page);

  // Publish.
  await page.getByRole('link', { name: 'Tilbage til redigering' }).click();
  await page.getByRole('button', { name: 'Udgiv artiklen' }).click();
  await expect(page.getByRole('status')).toHaveText('Artiklen er udgivet.');
  await expect(page.getByText(/^Udgivet /)).toBeVisible();

  // An anonymous visitor: the event page leads with it, its own page shows it.
  const visitor = await browser.newContext({ baseURL: baseURL! });
  const visitorCsp = await collectCspViolations(visitor);
  const anonymous = await visitor.newPage();
  anonymous.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await anonymous.goto(`/${TAG}/`);
  const teaser = anonymous.getByRole('region', { name: 'Takeaways fra dagen' });
  await expect(teaser.getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(teaser).toContainText('Fire nedslag fra en dag om nærhed.');
  await expectAccessible(anonymous);
  await teaser.getByRole('link', { name: `Læs artiklen: ${TITLE}` }).click();
  await expect(anonymous).toHaveURL(new RegExp(`/${TAG}/udbytte$`));
  await expect(anonymous.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expectArticle(anonymous);
  await expect(anonymous.getByRole('link', { name: 'Borgerservice-to-go' })).toHaveAttribute(
    'href',
    `/${TAG}/losninger/borgerservice-to-go`,
  );
  await expect(anonymous.getByRole('link', { name: 'Nærhedssporet' })).toHaveAttribute(
    'href',
    `/${TAG}/program?spor=naerhed`,
  );
  await expectAccessible(anonymous);
  // English readers get the Danish text, marked as Danish.
  await anonymous.goto(`/en/${TAG}/udbytte`);
  await expect(anonymous.getByText('The article is only available in Danish.')).toBeVisible();
  await expect(anonymous.locator('.article-body')).toHaveAttribute('lang', 'da');
  await visitor.close();
  expect(visitorCsp, 'Content-Security-Policy violations').toEqual([]);

  expect(dialogs).toEqual([]);
});

test('an attendee finds the published article in their takeaways, the payload stripped', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, browser, baseURL!, day.attendees[0]!.email, `/min-side/${TAG}/udbytte`);
  const published = page.getByRole('region', { name: 'Arrangørernes udbytte af dagen' });
  await expect(published.getByRole('heading', { level: 3, name: TITLE })).toBeVisible();
  await expectArticle(page);
  await expectAccessible(page);
  expect(dialogs).toEqual([]);
  // The takeaways PDF carries the article too, as text.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent det hele som PDF' }).click(),
  ]);
  const pdf = await readPdf((await download.path())!);
  expect(pdf.text).toContain(TITLE);
  expect(pdf.text).toContain(QUOTE);
  expect(pdf.text).not.toContain('<script');
});

/** The article's parts as rendered: quote, image with its alt text (loaded), video card; no payload. */
async function expectArticle(page: Page): Promise<void> {
  const article = page.locator('.article-body');
  await expect(article.locator('blockquote')).toContainText(QUOTE);
  const image = article.getByRole('img', { name: 'Social Talks fortæller i løsningsgalleriet' });
  await expect(image).toBeVisible();
  // Lazy: it loads when it comes into view.
  await image.scrollIntoViewIfNeeded();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(article.locator('figcaption')).toHaveText('Foto: Arthur Cammelbeeck');
  await expect(article.getByRole('link', { name: /Lene fortæller, hvorfor vi deltager/ })).toHaveAttribute(
    'href',
    'https://www.youtube.com/watch?v=HeElO9mWpOA',
  );
  await expect(article.locator('script, iframe, [onerror], a[href^="javascript:"]')).toHaveCount(0);
  await expect(article.getByRole('img')).toHaveCount(1);
  await expect(article).toContainText('klik');
}
