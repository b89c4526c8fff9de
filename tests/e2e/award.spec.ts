// The audience award in Chromium against the built server, on a day that is
// under way (dated relative to now): an organiser sets the award up by
// keyboard (a reversed window is a 400 at its field), nominates two solutions
// and opens the big screen; a checked-in attendee votes from their ticket on
// a phone, the vote stands across a reload and a second phone opening the same
// link, and counts once; a ticket whose check-in was undone is told why; the
// organiser closes and announces, and the public page shows the winner.
import { devices, type Browser, type Page } from '@playwright/test';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { collectCspViolations, expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Each worker that runs a test of this file runs beforeAll and makes its own days: the tag must differ
// even when two workers load the file in the same millisecond.
// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let TAG: string;
let ORGANISER: string;
let db: Sql;
let day: PastDay;

test.beforeAll(async () => {
  TAG = `e2e-pris-${freshStamp()}`;
  ORGANISER = `arrangoer-${TAG}@example.org`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  // Began two and a half hours ago; every attendee was checked in at the door.
  day = await insertPastDay(db, { slug: TAG, attendees: 2, hoursAgo: 2 });
  const organiser = await insertUser(db, ORGANISER);
  await db`insert into public.event_roles (event_id, user_id, role) values (${day.eventId}, ${organiser.id}, 'organiser')`;
  // The second attendee's check-in is undone: not allowed to vote.
  await db`update public.check_ins set undone_at = now() where ticket_id = ${day.attendees[1]!.ticketId}`;
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** Copenhagen's wall clock `minutes` from now, as a datetime-local input takes it. */
function wallClock(minutes: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(Date.now() + minutes * 60_000))
    .replace(' ', 'T');
}

async function signIn(page: Page, browser: Browser, baseURL: string, email: string, target: string) {
  await page.goto(target);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
}

test('an organiser runs the audience award; a checked-in attendee votes once from two phones', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const consolePath = `/konsol/${TAG}/pris`;
  await signIn(page, browser, baseURL!, ORGANISER, consolePath);

  // Settings by keyboard; a window that closes before it opens is refused at its field.
  await page.getByLabel('Afstemningen åbner').fill(wallClock(30));
  await page.getByLabel('Afstemningen lukker').fill(wallClock(-30));
  await page.getByLabel('Juryens andel (%)').focus();
  const [refused] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.keyboard.press('Enter'),
  ]);
  expect(refused.status()).toBe(400);
  await expect(page.locator('.field-error').first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Afstemningen åbner').fill(wallClock(-2));
  await page.getByLabel('Afstemningen lukker').fill(wallClock(30));
  await page.getByRole('button', { name: 'Gem indstillinger' }).click();
  await expect(page.getByRole('status')).toHaveText('Gemt.');
  await page.getByRole('button', { name: 'Nominér Borgerservice-to-go' }).click();
  await page.getByRole('button', { name: 'Nominér Social Talks' }).click();
  await expect(page.getByRole('button', { name: 'Fjern Social Talks' })).toBeVisible();
  await expect(page.getByText('0 stemmer afgivet · 1 tjekket ind')).toBeVisible();
  await expectAccessible(page);

  // The big screen: a QR code to vote, the live turnout.
  await page.getByRole('link', { name: 'Vis på storskærmen' }).click();
  await expect(page.getByRole('img', { name: 'Scan for at stemme' })).toBeVisible();
  await expectAccessible(page);

  // The attendee, on a phone: My page's ticket links to their ballot.
  const attendee = day.attendees[0]!;
  const phone = await browser.newContext({ ...devices['Pixel 7'], baseURL: baseURL! });
  const phoneViolations = await collectCspViolations(phone);
  const first = await phone.newPage();
  const [ticketId] = [attendee.ticketId];
  await signIn(first, browser, baseURL!, attendee.email, `/min-side/billetter/${ticketId}`);
  await first.getByRole('link', { name: 'Stem om publikumsprisen' }).click();
  await expect(first.getByRole('heading', { level: 1 })).toHaveText('Stem på Publikumsprisen');
  const ballotUrl = first.url();
  await first.getByText('Borgerservice-to-go').click();
  await first.getByRole('button', { name: 'Afgiv stemme' }).click();
  await expect(first.getByRole('status')).toHaveText('Tak! Din stemme på Borgerservice-to-go er afgivet.');
  await expectAccessible(first);
  await first.reload();
  await expect(first.getByRole('radio', { name: /Borgerservice-to-go/ })).toBeChecked();

  // A second phone opens the same link without signing in: the same vote, and voting again changes nothing.
  const secondPhone = await browser.newContext({ ...devices['Pixel 7'], baseURL: baseURL! });
  const second = await secondPhone.newPage();
  await second.goto(ballotUrl);
  await expect(second.getByText('Du har stemt på Borgerservice-to-go.')).toBeVisible();
  await second.getByRole('button', { name: 'Skift stemme' }).click();
  await expect(second.getByRole('status')).toHaveText('Din stemme på Borgerservice-to-go står uændret.');
  const votes = await db<{ tickets: number; rows: number }[]>`
    select count(distinct ticket_id)::int as tickets, count(*)::int as rows
      from private.award_votes where event_id = ${day.eventId}`;
  expect(votes).toEqual([{ tickets: 1, rows: 1 }]);

  // A ticket whose check-in was undone is told why, with a 403.
  const [undone] = await db<{ token: string }[]>`
    select private.sign_award_link(id, revision) as token from public.tickets where id = ${day.attendees[1]!.ticketId}`;
  const refusedBallot = await second.goto(`/${TAG}/stem/${undone!.token}`);
  expect(refusedBallot?.status()).toBe(403);
  await expect(second.getByText('Du kan stemme, når du er tjekket ind ved indgangen.')).toBeVisible();
  await secondPhone.close();

  // The organiser closes and announces; the public page shows the winner.
  await page.goto(consolePath);
  await expect(page.getByText('1 stemme afgivet · 1 tjekket ind')).toBeVisible();
  await page.getByRole('button', { name: 'Luk afstemningen nu' }).click();
  await page.getByRole('button', { name: 'Offentliggør resultatet' }).click();
  await expect(page.getByRole('button', { name: 'Træk offentliggørelsen tilbage' })).toBeVisible();
  await first.goto(`/${TAG}/pris`);
  await expect(first.getByText('Vinderen er Borgerservice-to-go')).toBeVisible();
  await expect(first.getByRole('img', { name: /Stemmer pr. løsning/ })).toBeVisible();
  await expectAccessible(first);
  await phone.close();
  expect(phoneViolations, 'Content-Security-Policy violations on the phone').toEqual([]);
});
