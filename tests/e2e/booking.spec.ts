// Booking in Chromium against the built server: an attendee with a ticket
// signs in with the code from the dev mailbox, books a gallery round on the
// gallery page (through the JSON endpoint with JavaScript, a plain form post
// without), sees it under My programme, and downloads the round as part of
// their programme's .ics, read back with node-ical.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import ical, { type VEvent } from 'node-ical';
import postgres from 'postgres';
import { demoStartsAt } from './demo-day.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInAt, signInEmail } from './mailbox.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';

async function withDb<T>(work: (db: postgres.Sql) => Promise<T>): Promise<T> {
  const db = postgres(process.env.E2E_DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** A paid free order with one valid ticket for `email`, written directly (registration is tested elsewhere). */
async function giveTicket(email: string): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set');
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await db.begin(async (tx) => {
      const [event] = await tx<{ id: string; type_id: string }[]>`
        select e.id, (select id from public.ticket_types where event_id = e.id order by position limit 1) as type_id
          from public.events e where e.slug = ${EVENT}`;
      const [order] = await tx<{ id: string }[]>`
        insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, confirmation_queued_at)
        values (${event!.id}, 'E2E Deltager', ${email}, 'paid', 0, now(), now()) returning id`;
      await tx`
        insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore,
                                    attendee_name, attendee_email, sector, issued_at)
        values (${event!.id}, ${order!.id}, ${event!.type_id}, 1, 'valid', 0, 'E2E Deltager', ${email}, 'kommune', now())`;
    });
  } finally {
    await db.end();
  }
}

/** Clicks the first button named `name`: the first POST it sends, by path and status. */
async function post(page: Page, name: RegExp | string): Promise<{ path: string; status: number }> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
    page.getByRole('button', { name }).first().click(),
  ]);
  return { path: new URL(response.url()).pathname, status: response.status() };
}

async function submit(page: Page, name: RegExp | string): Promise<number> {
  const { status } = await post(page, name);
  await page.waitForLoadState();
  return status;
}

test('an attendee books a gallery round, sees it on My page and downloads the .ics', async ({
  page,
  browser,
  baseURL,
}) => {
  const email = `booker-${Date.now()}@e2e-kommune.dk`;
  await giveTicket(email);

  // Signed out, the gallery offers sign-in and comes back here.
  await page.goto(`/${EVENT}/galleri`);
  const signIn = page.getByRole('link', { name: 'Log ind for at booke en plads' }).first();
  await expect(signIn).toHaveAttribute('href', `/log-ind?next=${encodeURIComponent(`/${EVENT}/galleri`)}`);
  await signIn.click();
  await page.getByLabel('E-mailadresse').fill(email);
  expect(await submit(page, 'Send link og kode')).toBe(200);
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL!, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`/${EVENT}/galleri$`));

  // Book the first round: the form's script posts it to the JSON endpoint (which the built server answers
  // before Astro), then opens the page the answer names, with the outcome.
  expect(await post(page, /^Book plads/)).toEqual({ path: '/api/booking', status: 200 });
  await page.waitForURL(/[?&]booking=confirmed/);
  await expect(page.getByRole('status').filter({ hasText: 'Du har fået en plads.' })).toBeVisible();
  // Said once: the notice, not the notice and the status line beside it.
  await expect(page.getByText('Du har en plads.')).toBeHidden();
  // In the gallery's cells too, the controls are the size of every other button (their text was 15 px).
  for (const control of [
    page.locator('summary', { hasText: 'Giv slip på pladsen' }).first(),
    page.getByRole('button', { name: /^Book plads/ }).first(),
  ]) {
    expect(
      Number.parseFloat(await control.evaluate((element) => getComputedStyle(element).fontSize)),
    ).toBeGreaterThanOrEqual(16);
    expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  await expectAccessible(page);

  await page.goto('/min-side/program');
  await expect(page.getByRole('heading', { level: 1, name: 'Mit program' })).toBeVisible();
  await expect(page.getByText('Du har en plads.')).toBeVisible();
  const booked = (await page.locator('.programme-list h3 a').first().textContent())?.trim();
  const bookedPage = await page.locator('.programme-list h3 a').first().getAttribute('href');
  expect(booked).toBeTruthy();
  // Where it is: the room, as the programme names it.
  const [where] = await withDb(
    (db) => db<{ room: string }[]>`
    select r.name as room from public.bookings b
      join public.sessions s on s.id = b.session_id join public.rooms r on r.id = s.room_id
     join public.tickets t on t.id = b.ticket_id where t.attendee_email = ${email} and b.status = 'confirmed'`,
  );
  await expect(page.locator('.programme-list li').first()).toContainText(where!.room);
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent dit program som kalenderfil (.ics)' }).click(),
  ]);
  const ics = await readFile((await download.path())!, 'utf8');
  const events = Object.values(ical.sync.parseICS(ics)).filter((item): item is VEvent => item?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  expect(String(events[0]!.summary)).toBe(booked);
  expect(events[0]!.uid).toMatch(/^session-[0-9a-f-]{36}@samspil$/);
  // Gallery rounds of the demo day start at 11:00 or later, Copenhagen time: 2½ hours after the day begins at 08:30.
  expect(events[0]!.start.getTime()).toBeGreaterThan(demoStartsAt().getTime() + (150 - 1) * 60_000);
  // Giving the seat up asks first, then says so; the booking is gone from My programme.
  await page.locator('summary', { hasText: 'Giv slip på pladsen' }).first().press('Enter');
  await expect(page.getByText('Vil du give slip på din plads?')).toBeVisible();
  await expectAccessible(page);
  expect(await submit(page, /^Ja, giv slip på pladsen/)).toBe(303);
  await expect(page.getByRole('status').filter({ hasText: 'Din booking er annulleret.' })).toBeVisible();
  await expect(page.locator('.programme-list h3 a', { hasText: booked! })).toHaveCount(0);
  // Nothing booked any more: the page says where to look, with the way there.
  await expect(page.getByRole('link', { name: 'Programmet for Velfærdens Innovationsdag 2027' })).toHaveAttribute(
    'href',
    `/${EVENT}/program`,
  );

  // On the session's own page the booking button is as large as every other button (not the browser's 13px).
  await page.goto(bookedPage!);
  const book = page.getByRole('button', { name: /^Book plads/ });
  // Its accessible name reads "Book plads: <session>", without a stray space before the colon.
  await expect(book).toHaveAccessibleName(`Book plads: ${booked}`);
  expect(Number.parseFloat(await book.evaluate((button) => getComputedStyle(button).fontSize))).toBeGreaterThanOrEqual(
    16,
  );
  expect((await book.boundingBox())!.height).toBeGreaterThanOrEqual(44);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the booking form books through its own action: POST, then 303 back with the outcome', async ({
    page,
    baseURL,
  }) => {
    const email = `booker-nojs-${Date.now()}@e2e-kommune.dk`;
    await giveTicket(email);
    await signInAt(page, baseURL!, email, '/min-side');
    await page.goto(`/${EVENT}/galleri`);
    expect(await post(page, /^Book plads/)).toEqual({ path: `/${EVENT}/galleri`, status: 303 });
    await expect(page.getByRole('status').filter({ hasText: 'Du har fået en plads.' })).toBeVisible();
    // The seat goes back, so the demo day's rounds are as other tests expect them.
    await page.locator('summary', { hasText: 'Giv slip på pladsen' }).first().click();
    expect(await submit(page, /^Ja, giv slip på pladsen/)).toBe(303);
    await expect(page.getByRole('status').filter({ hasText: 'Din booking er annulleret.' })).toBeVisible();
  });
});
