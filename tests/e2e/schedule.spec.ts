// The schedule grid in Chromium against the built server, by keyboard and
// without the island's help: an organiser opens /konsol/<e>/skema (rooms ×
// time, axe-clean), goes from a session in the table to its page, is told
// at the field when the end is before the start or the room is taken,
// prepares a move and a cancellation, and publishes them together; the public
// pages then show the new time and the cancellation. The island moves a
// session by arrow keys, by a pointer drag, and lengthens it by Shift+arrows,
// each posting the same prepared change as the form. The emails and the
// database's rules are proven in tests/db/schedule.test.ts.
import type { Browser, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let organiserEmail: string;

let db: Sql;
let world: EventWorld;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-skema-${stamp}`;
  organiserEmail = `skema-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  world = await insertEventWorld(db, { slug: EVENT, status: 'published' });
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel(/E-mailadresse|Email address/).fill(organiserEmail);
  await page.getByRole('button', { name: /Send link og kode|Send link and code/ }).click();
  const code = (await signInEmail(browser, baseURL, organiserEmail)).code;
  await page.getByLabel(/Kode fra e-mailen|Code from the email/).fill(code);
  await page.getByRole('button', { name: /^(Log ind|Sign in)$/ }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

test('an organiser moves and cancels sessions from the grid by keyboard and publishes them together; the island drags and resizes', async ({
  page,
  browser,
  baseURL,
}) => {
  // One organiser's whole round trip, with six axe scans: longer than the default on a busy machine.
  test.setTimeout(120_000);
  const grid = `/konsol/${EVENT}/skema`;
  await signIn(page, browser, baseURL!, grid);
  await expect(page.getByRole('heading', { level: 1, name: 'Skema' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Tid', 'Sal A', 'Sal B']);
  await expect(table.getByRole('rowheader').first()).toHaveText('09.00');
  await expect(page.getByText('Ingen forberedte ændringer.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Brødkrumme' }).getByRole('link')).toHaveText([
    `Konsol: Testdag ${EVENT}`,
  ]);
  await expectAccessible(page);

  // The table scrolls sideways as a focusable region; its links are reached and followed by keyboard.
  const region = page.getByRole('region', { name: /^Tabel over lokaler og tider/ });
  await region.focus();
  await page.keyboard.press('Tab');
  await expect(region.getByRole('link', { name: 'keynote', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Flyt eller aflys: keynote' })).toBeVisible();
  await expectAccessible(page);

  // The end before the start: a message at the field and a 4xx, nothing saved.
  await page.getByLabel('Starttid').fill('12:00');
  await page.getByLabel('Sluttid').fill('11:00');
  const refused = page.waitForResponse((response) => response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Forbered ændringen' }).press('Enter');
  expect((await refused).status()).toBe(422);
  await expect(page.locator('#schedule-end-error')).toHaveText('Sluttiden skal ligge efter starttiden.');
  await expect(page.getByRole('alert')).toContainText('Ændringen blev ikke gemt');
  await expectAccessible(page);

  // A room that is taken at the new time: the database names what is there.
  await page.getByLabel('Starttid').fill('10:30');
  await page.getByLabel('Sluttid').fill('11:30');
  await page.getByLabel('Lokale').selectOption({ label: 'Sal A' });
  await page.getByRole('button', { name: 'Forbered ændringen' }).press('Enter');
  await expect(page.locator('#schedule-room-error')).toContainText('»runde-1«');

  // A free room: prepared, shown on the grid, not yet public.
  await page.getByLabel('Starttid').fill('13:00');
  await page.getByLabel('Sluttid').fill('14:00');
  await page.getByLabel('Lokale').selectOption({ label: 'Sal B' });
  await page.getByRole('button', { name: 'Forbered ændringen' }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`${grid}\\?done=staged$`));
  await expect(page.getByRole('status')).toHaveText(
    'Ændringen er forberedt. Den træder i kraft, når du udgiver ændringerne.',
  );
  const pending = page.getByRole('region', { name: 'Forberedte ændringer' });
  await expect(pending).toContainText('1 ændring venter på at blive udgivet.');
  await expect(pending.getByRole('listitem')).toContainText('keynote');
  await expectAccessible(page);

  // Cancel a round: refused without the tick, prepared with it.
  await page.getByRole('link', { name: 'runde-2', exact: true }).first().click();
  await page.getByRole('button', { name: 'Aflys sessionen' }).press('Enter');
  await expect(page.locator('#schedule-confirm-error')).toBeVisible();
  await page.getByLabel('Ja, aflys sessionen').check();
  await page.getByRole('button', { name: 'Aflys sessionen' }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`${grid}\\?done=staged$`));
  await expect(pending).toContainText('2 ændringer venter på at blive udgivet.');

  // Published together.
  await pending.getByRole('button', { name: 'Udgiv og giv deltagerne besked' }).press('Enter');
  await expect(page.getByRole('status')).toHaveText(
    '2 ændringer er udgivet, og de berørte deltagere får besked på e-mail.',
  );
  await expect(page.getByText('Ingen forberedte ændringer.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Aflyste sessioner' })).toContainText('runde-2');
  await expectAccessible(page);

  // The island: a session moved by keyboard alone (down four quarter hours, Enter) is prepared the same way.
  const board = page.getByRole('group', { name: /^Flyt sessioner med træk eller tastatur/ });
  const block = board.getByRole('button', { name: /^runde-1/ });
  await block.focus();
  for (let step = 0; step < 4; step += 1) await page.keyboard.press('ArrowDown');
  await expect(block).toContainText('11:00–12:00');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${grid}\\?done=staged$`));
  await expect(pending.getByRole('listitem')).toContainText('runde-1');
  await expect(pending.getByRole('listitem')).toContainText('11.00–12.00');
  await expectAccessible(page);
  // Dragged with the pointer two quarter hours down, it is prepared again at 11:30–12:30 …
  await block.scrollIntoViewIfNeeded();
  const box = (await block.boundingBox())!;
  const rowHeight = box.height / 4;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height / 2 + rowHeight, { steps: 3 });
  await page.mouse.move(x, box.y + box.height / 2 + 2 * rowHeight, { steps: 3 });
  await expect(block).toContainText('11:30–12:30');
  await page.mouse.up();
  await expect(pending.getByRole('listitem')).toContainText('11.30–12.30');
  // … and made half an hour longer by keyboard (Shift+down twice, Enter).
  await block.focus();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(block).toContainText('11:30–13:00');
  await page.keyboard.press('Enter');
  await expect(pending.getByRole('listitem')).toContainText('11.30–13.00');
  await pending.getByRole('button', { name: 'Kassér alle forberedte ændringer' }).press('Enter');
  await expect(page.getByRole('status')).toHaveText('De forberedte ændringer er kasseret.');

  // The public pages show the new time and the cancellation.
  await page.goto(`/${EVENT}/program/keynote`);
  await expect(page.locator('.facts')).toContainText('13.00');
  await page.goto(`/${EVENT}/program/runde-2`);
  await expect(page.getByText('Denne session er aflyst.')).toBeVisible();
  await page.goto(`/${EVENT}/program`);
  await expect(page.locator('.session').filter({ hasText: 'runde-2' })).toContainText('Aflyst');

  // In English too.
  await page.goto(`/en${grid}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
  await expect(page.getByRole('table').first().getByRole('columnheader').first()).toHaveText('Time');
  await expectAccessible(page);
  const [row] = await db<{ cancelled_at: Date | null }[]>`
    select cancelled_at from public.sessions where id = ${world.emptyRoundId}`;
  expect(row!.cancelled_at).not.toBeNull();
});
