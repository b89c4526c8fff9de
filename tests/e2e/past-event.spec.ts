// A day that is over says so on its landing page and offers no registration:
// what an old demo database or last year's event shows. The event is dated a
// month before today, so this holds on any date.
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let EVENT: string;

let db: Sql;

test.beforeAll(async () => {
  EVENT = `e2e-forbi-${freshStamp()}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  // Published, a month ago, with a call for solutions that closed before the day.
  await db`
    insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status,
                               call_opens_at, call_closes_at)
    values (${EVENT}, 'Den afsluttede dag', 'The finished day', now() - interval '30 days',
            now() - interval '30 days' + interval '8 hours', 'Testhallen', 'Testfolket', 'published',
            now() - interval '90 days', now() - interval '40 days')`;
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

test('a past day says it is over and offers neither registration nor the call @phone', async ({ page }) => {
  await page.goto(`/${EVENT}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Den afsluttede dag' })).toBeVisible();
  await expect(
    page.getByText('Dagen er forbi. Programmet, talerne og løsningsgalleriet kan stadig læses her.'),
  ).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByRole('link', { name: 'Tilmeld dig' })).toHaveCount(0);
  await expect(main.getByRole('link', { name: 'Indsend en løsning' })).toHaveCount(0);
  await expect(main.getByRole('link', { name: 'Se programmet' })).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/en/${EVENT}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'The finished day' })).toBeVisible();
  await expect(page.getByText('This day is over.', { exact: false })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Register' })).toHaveCount(0);
});

test('the demo day, still ahead, does not say it is over', async ({ page }) => {
  await page.goto('/velfaerdens-innovationsdag-2027/');
  await expect(page.getByRole('main').getByRole('link', { name: 'Tilmeld dig' })).toBeVisible();
  await expect(page.getByText('Dagen er forbi.', { exact: false })).toHaveCount(0);
});
