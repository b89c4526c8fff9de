// The organisers' live check-in dashboard in Chromium against the built
// server: it passes axe, a check-in recorded elsewhere (written straight into
// Postgres, as another server instance would) appears without a reload, and
// the undo button takes a check-in back.
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let organiserEmail: string;
let PATH: string;

let db: Sql;
let eventId: string;
let attendees: Attendee[];
let gateId: string;

async function checkIn(attendee: Attendee, minutesAgo: number): Promise<void> {
  await db`
    insert into public.check_ins (event_id, ticket_id, gate_id, device, nonce, scanned_at, result, revision)
    values (${eventId}, ${attendee.ticketId}, ${gateId}, 'telefon-e2e', gen_random_uuid(),
            now() - make_interval(mins => ${minutesAgo}), 'ok', 1)`;
}

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-indtjekning-${stamp}`;
  organiserEmail = `arrangoer-indtjek-${stamp}@e2e-kommune.dk`;
  PATH = `/konsol/${EVENT}/indtjekning`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  // The event runs today, so the dashboard shows today's arrivals and sessions. A draft: an
  // organiser's dashboard works the same, and the public home page (which other tests read)
  // keeps the seeded demo as the next event.
  const [event] = await db<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${EVENT}, 'Indtjekningsdagen E2E', now() - interval '1 hour', now() + interval '6 hours', 'Testhallen',
            'Testfolket', 'draft')
    returning id`;
  eventId = event!.id;
  await db`
    insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at, capacity)
    values (${eventId}, 'runde-1', 'gallery_round', 'Morgenrunden', now() + interval '1 hour', now() + interval '2 hours', 30)`;
  attendees = await insertAttendees(db, { eventId, count: 4, tag: `indtjek-${stamp}` });
  const [gate] = await db<{ id: string }[]>`
    insert into public.checkin_gates (event_id, name) values (${eventId}, 'Hovedindgang') returning id`;
  gateId = gate!.id;
  await checkIn(attendees[0]!, 12);
  await checkIn(attendees[1]!, 4);
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

test('an organiser follows check-in live and undoes a check-in', async ({ page, browser, baseURL }) => {
  await page.goto(PATH);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(organiserEmail);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL!, organiserEmail)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${PATH}$`));

  await expect(page.getByRole('heading', { level: 1, name: 'Indtjekning: Indtjekningsdagen E2E' })).toBeVisible();
  const headline = page.getByTestId('checked-in');
  await expect(headline).toHaveText('2 af 4 tjekket ind');
  await expect(page.getByRole('img', { name: /Søjlediagram over ankomster pr\. 5 minutter/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Navneskilte' })).toHaveAttribute('href', `/konsol/${EVENT}/navneskilte`);
  await expect(page.getByRole('link', { name: 'Indtjekningsappen til døren' })).toHaveAttribute(
    'href',
    `/checkin/${EVENT}`,
  );
  // The island has subscribed once it says when it last heard from the server.
  await expect(page.getByText(/^Opdateret kl\./)).toBeVisible({ timeout: 10_000 });
  await expectAccessible(page);

  // A check-in at the door, through another instance: it arrives without a reload.
  await checkIn(attendees[2]!, 0);
  await expect(headline).toHaveText('3 af 4 tjekket ind', { timeout: 8_000 });
  const newest = page.getByRole('row').filter({ hasText: 'Deltager indtjek' }).first();
  await expect(newest.getByRole('rowheader')).toHaveText(`Deltager indtjek-${stamp}-3`);

  // Undo it with the form button: back on the dashboard with a status message.
  await newest.getByRole('button', { name: /^Fortryd indtjekningen af Deltager indtjek-.*-3/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Indtjekningen er fortrudt.' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${PATH}\\?fortryd=undone$`));
  await expect(headline).toHaveText('2 af 4 tjekket ind');
  await expect(page.getByRole('row').filter({ hasText: `indtjek-${stamp}-3` })).toContainText('Fortrudt kl.');

  // Forms we cannot act on get a 4xx page, never a 500.
  const post = (checkInId: string) =>
    page.request.post(`${PATH}?_action=checkin.undo`, {
      form: { checkInId },
      headers: { origin: new URL(baseURL!).origin },
      maxRedirects: 0,
    });
  expect((await post('ikke-et-id')).status()).toBe(400);
  expect((await post('00000000-0000-4000-8000-000000000000')).status()).toBe(404);

  // The same page in English.
  await page.goto(`/en${PATH}`);
  await expect(page.getByTestId('checked-in')).toHaveText('2 of 4 checked in');
  await expect(page.getByRole('button', { name: /^Undo the check-in of / }).first()).toBeVisible();
});

test('without signing in: a redirect to sign in, and a 401 from the API', async ({ request }) => {
  const pageResponse = await request.get(PATH, { maxRedirects: 0 });
  expect(pageResponse.status()).toBe(303);
  expect(pageResponse.headers()['location']).toMatch(/^\/log-ind\?next=/);
  expect((await request.get(`/api/checkin/${eventId}/dashboard`)).status()).toBe(401);
});
