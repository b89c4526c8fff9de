// A seat released as a no-show, in Chromium against the built server: the
// attendee signs in and My programme tells them, in Danish and in English,
// why the seat went, next to the session it was in; so does the session's own
// page, above the form to book it again. The release itself and
// its email are tested on a real Postgres (tests/db/no-show-notice.test.ts);
// here the released booking is written directly.
import postgres from 'postgres';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';

/** A valid ticket for `email` and a booking of a gallery round released as a no-show after 10 minutes. */
async function releasedBooking(email: string): Promise<{ title: string; slug: string }> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set');
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await db.begin(async (tx) => {
      const [event] = await tx<{ id: string; type_id: string }[]>`
        select e.id, (select id from public.ticket_types where event_id = e.id order by position limit 1) as type_id
          from public.events e where e.slug = ${EVENT}`;
      const [order] = await tx<{ id: string }[]>`
        insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, confirmation_queued_at)
        values (${event!.id}, 'E2E Udeblevet', ${email}, 'paid', 0, now(), now()) returning id`;
      const [ticket] = await tx<{ id: string }[]>`
        insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore,
                                    attendee_name, attendee_email, sector, issued_at)
        values (${event!.id}, ${order!.id}, ${event!.type_id}, 1, 'valid', 0, 'E2E Udeblevet', ${email}, 'kommune', now())
        returning id`;
      const [session] = await tx<{ id: string; title: string; slug: string }[]>`
        select id, title, slug from public.sessions where event_id = ${event!.id} and booking_required
         order by starts_at, title limit 1`;
      await tx`
        insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at, cancelled_at,
                                     cancel_reason, no_show_minutes)
        values (${event!.id}, ${session!.id}, ${ticket!.id}, 'cancelled', now(), now(), 'no_show', 10)`;
      return { title: session!.title, slug: session!.slug };
    });
  } finally {
    await db.end();
  }
}

test('My programme and the session page tell an attendee their seat was released as a no-show, in Danish and English', async ({
  page,
  browser,
  baseURL,
}) => {
  const email = `udeblevet-${Date.now()}@e2e-kommune.dk`;
  const { title, slug } = await releasedBooking(email);

  await page.goto('/min-side/program');
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL!, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/min-side\/program$/);

  const card = page.locator('.programme-list li').filter({ hasText: title });
  await expect(card).toHaveCount(1);
  await expect(
    card.getByText('Din plads blev givet videre, fordi du ikke var scannet ind 10 minutter efter start.'),
  ).toBeVisible();
  await expect(card.getByText('Din billet gælder stadig.', { exact: false })).toBeVisible();
  // No booking form for a seat that is gone.
  await expect(card.getByRole('button')).toHaveCount(0);
  await expectAccessible(page);

  await page.goto('/en/min-side/program');
  await expect(
    page.getByText('Your seat was passed on because you had not been scanned in 10 minutes after the start.'),
  ).toBeVisible();
  await expectAccessible(page);

  // The session page says the same, above the form: they may book again.
  await page.goto(`/${EVENT}/program/${slug}`);
  const booking = page.getByRole('region', { name: 'Book en plads' });
  const told = booking.getByText('Din plads blev givet videre, fordi du ikke var scannet ind 10 minutter efter start.');
  await expect(told).toBeVisible();
  await expect(booking.getByText('Din billet gælder stadig.', { exact: false })).toBeVisible();
  const book = booking.getByRole('button', { name: /^(Book plads|Skriv mig på ventelisten)/ });
  await expect(book).toBeVisible();
  expect((await told.boundingBox())!.y).toBeLessThan((await book.boundingBox())!.y);
  await expectAccessible(page);

  await page.goto(`/en/${EVENT}/program/${slug}`);
  await expect(
    page.getByText('Your seat was passed on because you had not been scanned in 10 minutes after the start.'),
  ).toBeVisible();
  await expectAccessible(page);

  // Someone else, or nobody signed in, is told nothing of it.
  await page.context().clearCookies();
  await page.goto(`/${EVENT}/program/${slug}`);
  await expect(page.getByText('Din plads blev givet videre', { exact: false })).toHaveCount(0);
});
