// Email to attendees, end to end: an organiser writes a broadcast by keyboard
// in Danish and English to the people with a seat in one session, previews
// it as the email will look, sends a test to themself, sends it, and watches
// the progress bar reach 100 % (live, through Server-Sent Events, and after a
// reload); exactly that segment gets it, once, each in their own language.
// One recipient follows the unsubscribe link from the email in the dev
// mailbox and confirms; the next broadcast to that segment skips them.
// Compose, preview and progress pages are scanned by axe.
import { request as httpRequest } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

test.describe.configure({ timeout: 90_000 });

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;

let db: Sql;
let sessionId: string;
let seated: Attendee[] = [];
let english: Attendee[] = [];
let others: Attendee[] = [];

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-post-${stamp}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  const world = await insertEventWorld(db, { slug: EVENT, status: 'published' });
  const starts = Date.now() + 40 * 86_400_000;
  sessionId = await insertBookableSession(db, {
    eventId: world.eventId,
    slug: 'workshop',
    kind: 'workshop',
    startsAt: new Date(starts).toISOString(),
    endsAt: new Date(starts + 3_600_000).toISOString(),
    capacity: 10,
  });
  // Two Danish and one English attendee hold a seat in the session; two others do not.
  seated = await insertAttendees(db, { eventId: world.eventId, count: 2, tag: `post-da-${stamp}` });
  english = await insertAttendees(db, { eventId: world.eventId, count: 1, tag: `post-en-${stamp}`, language: 'en' });
  others = await insertAttendees(db, { eventId: world.eventId, count: 2, tag: `post-andre-${stamp}` });
  for (const attendee of [...seated, ...english]) {
    await db`
      insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
      values (${world.eventId}, ${sessionId}, ${attendee.ticketId}, 'confirmed', now())`;
  }
  await db`update public.sessions set seats_taken = 3 where id = ${sessionId}`;
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** A request as a mail provider's server makes it: no browser, no cookie, no Origin header. */
function fetchWithoutOrigin(
  method: 'GET' | 'POST',
  url: URL,
  form?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method, headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {} },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(form);
  });
}

async function signInAsOrganiser(page: Page, browser: Browser, baseURL: string, label: string): Promise<string> {
  const email = `arrangoer-${label}-${stamp}@e2e-kommune.dk`;
  await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
  await page.goto(`/konsol/${EVENT}/email`);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}/email$`));
  return email;
}

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const summary = (violations: { id: string; help: string }[]) => violations.map((v) => `${v.id}: ${v.help}`);

/**
 * The preview page, scanned in two parts: the page around the previews, and each previewed email
 * as a page of its own (axe cannot run inside a sandboxed frame that allows no scripts).
 */
async function expectPreviewAccessible(page: Page, browser: Browser): Promise<void> {
  const around = await new AxeBuilder({ page }).withTags(WCAG).exclude('iframe.preview').analyze();
  expect(summary(around.violations), `axe violations on ${page.url()}`).toEqual([]);
  const context = await browser.newContext({ javaScriptEnabled: true });
  const email = await context.newPage();
  try {
    // Each frame loads the email from a route with a policy of its own (style attributes allowed there only).
    for (const src of await page
      .locator('iframe.preview')
      .evaluateAll((frames) => frames.map((frame) => frame.getAttribute('src') ?? ''))) {
      const framed = await page.request.get(src);
      expect(framed.headers()['content-security-policy']).toContain('sandbox');
      await email.setContent(await framed.text());
      const results = await new AxeBuilder({ page: email }).withTags(WCAG).analyze();
      expect(summary(results.violations), 'axe violations in the previewed email').toEqual([]);
    }
  } finally {
    await context.close();
  }
}

/** Writes a broadcast to the session's seat holders by keyboard alone and saves it. */
async function composeByKeyboard(page: Page, subject: string, english: boolean): Promise<void> {
  await page.getByLabel('Emne', { exact: true }).focus();
  await page.keyboard.type(subject);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Kære deltager\n\nHusk **vand** og [kortet](https://example.org/kort).');
  if (english) {
    await page.getByLabel('Emne på engelsk').focus();
    await page.keyboard.type(`${subject} (EN)`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Dear attendee\n\nBring **water**.');
  }
  // The segment radios: from "everyone", two steps down is "a seat in one session".
  await page.getByLabel('Alle med en gyldig billet').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Alle med en plads på en bestemt session')).toBeChecked();
  await page.getByLabel('Session', { exact: true }).selectOption(sessionId);
  await page.getByRole('button', { name: 'Gem og se forhåndsvisning' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Kladden er gemt.' })).toBeVisible();
}

test('a broadcast reaches exactly its segment once, in each language, with the progress bar at 100 %; unsubscribing works', async ({
  page,
  browser,
  baseURL,
}) => {
  const organiser = await signInAsOrganiser(page, browser, baseURL!, 'post');
  await expect(page.getByRole('heading', { name: 'Skriv en ny e-mail' })).toBeVisible();
  await expectAccessible(page);

  // A mistake is shown at its field with a 400, and what was typed stays.
  await page.getByLabel('Emne på engelsk').fill('Only a subject');
  await page.getByRole('button', { name: 'Gem og se forhåndsvisning' }).click();
  await expect(page.getByRole('alert')).toContainText('Skriv et emne.');
  await expect(page.getByLabel('Emne på engelsk')).toHaveValue('Only a subject');
  await page.getByLabel('Emne på engelsk').fill('');

  const subject = `Praktisk ${stamp}`;
  await composeByKeyboard(page, subject, true);

  // The draft: its count, its preview as the email looks in both languages.
  await expect(page.getByText('Sendes nu til 3 personer.')).toBeVisible();
  const danish = page.frameLocator('iframe[title="E-mailen på dansk"]');
  await expect(danish.getByRole('heading', { name: subject })).toBeVisible();
  await expect(danish.locator('strong')).toHaveText('vand');
  await expect(danish.getByRole('link', { name: 'kortet' })).toHaveAttribute('href', 'https://example.org/kort');
  const inEnglish = page.frameLocator('iframe[title="E-mailen på engelsk"]');
  await expect(inEnglish.getByRole('heading', { name: `${subject} (EN)` })).toBeVisible();
  await expectPreviewAccessible(page, browser);

  // A test to oneself, in both languages, through the outbox.
  await page.getByRole('button', { name: 'Send en prøve til mig' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Prøven er sendt til ${organiser}.` })).toBeVisible();
  await expect
    .poll(async () => {
      const [row] = await db<{ n: number }[]>`
        select count(*)::int as n from private.dev_mailbox where recipient = ${organiser} and subject like ${`${subject}%`}`;
      return row!.n;
    })
    .toBe(2);

  // Send, by keyboard; the page becomes the delivery page and the bar reaches 100 % live.
  await page.getByRole('button', { name: 'Send til 3 personer nu' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'E-mailen er sat i kø til 3 personer.' })).toBeVisible();
  const bar = page.getByRole('progressbar');
  await expect(bar).toHaveAttribute('value', '100', { timeout: 30_000 });
  await expect(page.locator('#delivery-text')).toContainText('3 af 3 færdige (100 %)');
  await expectAccessible(page);

  // After a reload the state comes from the database: still 100 %, each recipient sent.
  await page.reload();
  await expect(bar).toHaveAttribute('value', '100');
  await expect(page.getByRole('row').filter({ hasText: 'Sendt' })).toHaveCount(3);

  // Exactly the segment, once each, in their own language.
  const broadcastId = /\/email\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const delivered = await db<{ recipient: string; subject: string }[]>`
    select recipient, subject from private.dev_mailbox where idempotency_key like ${`broadcast/${broadcastId}/%`}
     order by recipient`;
  expect(delivered.map((row) => row.recipient).sort()).toEqual(
    [...seated, ...english].map((attendee) => attendee.email).sort(),
  );
  expect(delivered.find((row) => row.recipient === english[0]!.email)!.subject).toBe(`${subject} (EN)`);
  expect(delivered.filter((row) => row.recipient !== english[0]!.email).map((row) => row.subject)).toEqual([
    subject,
    subject,
  ]);
  expect(delivered.map((row) => row.recipient)).not.toContain(others[0]!.email);

  // A recipient unsubscribes with the link in the email they got (no sign-in; one click, then confirmed).
  const context = await browser.newContext({ baseURL: baseURL! });
  const reader = await context.newPage();
  await reader.goto('/dev/mailbox');
  await reader
    .getByRole('row')
    .filter({ hasText: seated[0]!.email })
    .filter({ hasText: subject })
    .getByRole('link')
    .click();
  const link = await reader.locator('pre a[href*="/afmeld/"]').first().getAttribute('href');
  await reader.goto(link!);
  await expect(reader.getByRole('heading', { name: 'Afmeld nyheder' })).toBeVisible();
  await reader.getByRole('button', { name: 'Ja, afmeld mig' }).click();
  await expect(reader.getByRole('status')).toContainText(`Du er afmeldt`);
  await expect(reader.getByRole('status')).toContainText(seated[0]!.email);
  await expectAccessible(reader);
  await context.close();

  // The English recipient's mail provider unsubscribes them in one click (RFC 8058): a POST to the
  // link with no Origin and no cookie. The GET still only asks; the POST records it, and again changes nothing.
  const [english0] = await db<{ url: string }[]>`
    select template_data ->> 'unsubscribeUrl' as url from private.outbox_emails
     where idempotency_key like ${`broadcast/${broadcastId}/%`} and recipient = ${english[0]!.email}`;
  const oneClick = new URL(english0!.url);
  expect(oneClick.pathname).toMatch(/^\/en\/afmeld\//);
  const unsubscribed = () =>
    db<{ n: number }[]>`select count(*)::int as n from public.email_unsubscribes where email = ${english[0]!.email}`;
  const asked = await fetchWithoutOrigin('GET', oneClick);
  expect(asked.status).toBe(200);
  expect(asked.body).toContain('Yes, unsubscribe me');
  expect((await unsubscribed())[0]!.n).toBe(0);
  for (let time = 0; time < 2; time += 1) {
    const posted = await fetchWithoutOrigin('POST', oneClick, 'List-Unsubscribe=One-Click');
    expect(posted.status).toBe(200);
    expect(posted.body).toContain('You are unsubscribed');
    expect((await unsubscribed())[0]!.n).toBe(1);
  }
  // Anything else posted without an Origin is still refused as a cross-site form.
  expect(
    (await fetchWithoutOrigin('POST', new URL(`${oneClick.href}?_action=broadcast.unsubscribe`), 'x=1')).status,
  ).toBe(403);

  // The next broadcast to the same segment counts them out.
  await page.goto(`/konsol/${EVENT}/email`);
  await composeByKeyboard(page, `Igen ${stamp}`, false);
  await expect(page.getByText('Sendes nu til 1 person.')).toBeVisible();
});
