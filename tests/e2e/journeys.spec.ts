// The attendee's session pages, programme and My programme in English and
// Danish, on an event of this spec's own (#13 items 4, 5 and 7): rooms,
// speakers and organisations in English where English text exists, seat lines
// through the plural rules ("All 3 seats are free", "Only 1 of 2 seats left",
// never "40 seats left of 40"), a place on the waitlist said once with no
// second offer to join, booking controls as large as every other button, and
// the English programme download answering with a calendar.
import postgres from 'postgres';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { freshStamp } from '../fixtures/stamp.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import type { Locator } from '@playwright/test';

let slug = '';
let waiting: Attendee;

test.beforeAll(async () => {
  const stamp = freshStamp();
  slug = `e2e-rejse-${stamp}`;
  const db = postgres(process.env.E2E_DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const starts = new Date(Date.now() + 30 * 86_400_000);
    const at = (hours: number) => new Date(starts.getTime() + hours * 3_600_000);
    const [event] = await db<{ id: string }[]>`
      insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
      values (${slug}, 'Rejsedagen', 'Journey day', ${starts}, ${at(8)}, 'Hallen', 'Arrangøren', 'published')
      returning id`;
    const eventId = event!.id;
    const [room] = await db<{ id: string }[]>`
      insert into public.rooms (event_id, name, name_en, capacity) values (${eventId}, 'Lille sal', 'Small hall', 50)
      returning id`;
    const [organisation] = await db<{ id: string }[]>`
      insert into public.organisations (name, name_en, sector)
      values (${`Rejse Kommune ${stamp}`}, ${`Journey Municipality ${stamp}`}, 'kommune') returning id`;
    const [speaker] = await db<{ id: string }[]>`
      insert into public.speakers (event_id, slug, name, name_en, organisation_id)
      values (${eventId}, 'borgmesteren', 'Borgmesteren', 'The Mayor', ${organisation!.id}) returning id`;
    const session = async (sessionSlug: string, title: string, titleEn: string, hour: number, capacity: number) => {
      const [row] = await db<{ id: string }[]>`
        insert into public.sessions (event_id, slug, kind, title, title_en, starts_at, ends_at, room_id, capacity)
        values (${eventId}, ${sessionSlug}, 'workshop', ${title}, ${titleEn}, ${at(hour)}, ${at(hour + 1)},
                ${room!.id}, ${capacity})
        returning id`;
      await db`insert into public.session_speakers (event_id, session_id, speaker_id, role)
               values (${eventId}, ${row!.id}, ${speaker!.id}, 'speaker')`;
      return row!.id;
    };
    const full = await session('fuld', 'Den fulde', 'The full one', 1, 1);
    const some = await session('halv', 'Den halve', 'The half one', 2, 2);
    await session('tom', 'Den tomme', 'The empty one', 3, 3);
    const [holder, waiter] = await insertAttendees(db, { eventId, count: 2, tag: `rejse-${stamp}`, language: 'en' });
    waiting = waiter!;
    await db`
      insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at) values
        (${eventId}, ${full}, ${holder!.ticketId}, 'confirmed', now()),
        (${eventId}, ${some}, ${holder!.ticketId}, 'confirmed', now())`;
    await db`update public.sessions set seats_taken = 1 where id in (${full}, ${some})`;
    await db`
      insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number)
      values (${eventId}, ${full}, ${waiting.ticketId}, 'waitlisted', 1)`;
  } finally {
    await db.end();
  }
});

/** A control at least as large as every other button: 16 px text or more, 44 px tall or more. */
async function expectFullSize(control: Locator): Promise<void> {
  expect(
    Number.parseFloat(await control.evaluate((element) => getComputedStyle(element).fontSize)),
  ).toBeGreaterThanOrEqual(16);
  expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
}

test('in English: the room, speaker and seat lines in English and counted; the waitlist said once; full-size controls; the programme downloads', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  // Signed out on the English session page: sign-in, and back to it.
  await page.goto(`/en/${slug}/program/fuld`);
  await page.getByRole('link', { name: 'Sign in to book a seat' }).click();
  await page.getByLabel('Email address').fill(waiting.email);
  await page.getByRole('button', { name: 'Send link and code' }).click();
  await page.getByLabel('Code from the email').fill((await signInEmail(browser, baseURL!, waiting.email)).code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/en/${slug}/program/fuld$`));

  await expect(page.getByRole('heading', { level: 1, name: 'The full one' })).toBeVisible();
  await expect(page.getByText('Small hall')).toBeVisible();
  await expect(page.getByText('The Mayor').first()).toBeVisible();
  await expect(page.getByText(/Journey Municipality/).first()).toBeVisible();
  await expect(page.getByText(/Borgmesteren|Lille sal|Rejse Kommune/)).toHaveCount(0);
  const booking = page.getByRole('region', { name: 'Book a seat' });
  await expect(booking.getByText('The only seat is booked.', { exact: true })).toBeVisible();
  // The place in line, said once; no second offer to join the line the visitor is in.
  await expect(page.getByText(/on the waitlist/)).toHaveCount(1);
  await expect(booking.getByText('You are number 1 on the waitlist.')).toBeVisible();
  await expect(booking.getByRole('button', { name: /^Join the waitlist/ })).toHaveCount(0);
  const leave = booking.locator('summary', { hasText: 'Leave the waitlist' });
  await expectFullSize(leave);
  await leave.press('Enter');
  await expect(booking.getByText('Leave the waitlist? You lose your place in the queue.')).toBeVisible();
  await expectFullSize(booking.getByRole('button', { name: /^Yes, leave the waitlist/ }));
  await expectAccessible(page);

  // The programme counts seats by the plural rules, in English and in Danish.
  await page.goto(`/en/${slug}/program`);
  const seatLine = (title: string) => page.locator('.session', { hasText: title }).locator('[data-session-id]');
  await expect(seatLine('The empty one')).toHaveText('All 3 seats are free');
  await expect(seatLine('The half one')).toHaveText('Only 1 of 2 seats left');
  await expect(seatLine('The full one')).toHaveText('The only seat is booked – you can join the waitlist.');
  await expect(page.locator('.session', { hasText: 'The half one' })).toContainText('Small hall');
  await expect(page.locator('.session', { hasText: 'The half one' })).toContainText('The Mayor');
  await expectAccessible(page);
  await page.goto(`/${slug}/program`);
  await expect(seatLine('Den tomme')).toHaveText('Alle 3 pladser er ledige');
  await expect(seatLine('Den halve')).toHaveText('1 af 2 pladser er ledig');

  // My programme in English: the room by its English name, and the download (404 under /en/ once) answers.
  await page.goto('/en/min-side/program');
  const card = page.locator('.programme-list li', { hasText: 'The full one' });
  await expect(card).toContainText('Small hall');
  await expect(card.getByText('You are number 1 on the waitlist.')).toBeVisible();
  const download = page.getByRole('link', { name: 'Download your programme as a calendar file (.ics)' });
  const calendar = await page.request.get((await download.getAttribute('href'))!);
  expect(calendar.status()).toBe(200);
  expect(calendar.headers()['content-type']).toContain('text/calendar');
  // Named in English; a place in line is not in the calendar (only seats are).
  expect(await calendar.text()).toContain('X-WR-CALNAME:My programme – Journey day');
  await expectAccessible(page);
});
