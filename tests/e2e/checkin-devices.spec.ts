// Door phones and the personal data they hold, in Chromium against the built
// server: a pack of an event that is over is dropped when the app starts;
// signing out with scans still waiting removes nothing and says what to do,
// and once they are uploaded removes the attendee list and signs out. An
// organiser sees the phone on the devices page (axe, keyboard only), revokes
// it; the phone then drops its list and says so, its scan is held, and the
// organiser accepts it.
import { randomUUID } from 'node:crypto';
import { type Browser, devices, type Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { codesFor, openCheckInWindow } from '../fixtures/checkin-world.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { collectCspViolations, expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let staff: string;
let leaver: string;
let headerLeaver: string;
let organiser: string;
const TICKETS = 6;

let db: Sql;
let eventId: string;
let attendees: Attendee[];
let codes: string[];

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-enheder-${stamp}`;
  staff = `vagt-${stamp}@e2e-kommune.dk`;
  leaver = `gaar-${stamp}@e2e-kommune.dk`;
  headerLeaver = `gaar-ogsaa-${stamp}@e2e-kommune.dk`;
  organiser = `arrangoer-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  eventId = (await insertEventWorld(db, { slug: EVENT, status: 'published' })).eventId;
  // Postgres refuses a check-in outside the event's window: the event starts in two hours.
  await openCheckInWindow(db, eventId);
  attendees = await insertAttendees(db, { eventId, count: TICKETS, tag: `enheder-${stamp}` });
  codes = await codesFor(db, eventId, attendees);
  await grantEventRole(db, { email: staff, role: 'checkin_staff', eventSlug: EVENT, createUser: true });
  await grantEventRole(db, { email: leaver, role: 'checkin_staff', eventSlug: EVENT, createUser: true });
  await grantEventRole(db, { email: headerLeaver, role: 'checkin_staff', eventSlug: EVENT, createUser: true });
  await grantEventRole(db, { email: organiser, role: 'organiser', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** Content-Security-Policy violations in every context a test opened; each test ends with none. */
let violations: string[][] = [];
test.beforeEach(() => {
  violations = [];
});
test.afterEach(() => {
  expect(violations.flat(), 'Content-Security-Policy violations').toEqual([]);
});

async function signedIn(
  browser: Browser,
  baseURL: string,
  email: string,
  path: string,
  options: { phone?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ ...(options.phone ? devices['Pixel 7'] : {}), baseURL });
  violations.push(await collectCspViolations(context));
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  return page;
}

async function setUp(page: Page, gate: string, name: string) {
  await expect(page.locator('.checkin-app[data-ready="true"]')).toBeVisible();
  await page.getByLabel('Indgang', { exact: true }).fill(gate);
  await page.getByLabel('Enhedens navn').fill(name);
  await page.getByRole('button', { name: 'Start indtjekning' }).click();
  await expect(page.getByText(`Billetliste: ${TICKETS} billetter`)).toBeVisible();
}

async function scan(page: Page, code: string) {
  await page.getByLabel('Billetkode').fill(code);
  await page.getByLabel('Billetkode').press('Enter');
  await expect(page.getByTestId('verdict')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('verdict')).toHaveCount(0);
}

/** What the phone keeps in IndexedDB (the app has opened its database by now). */
function kept(page: Page): Promise<{ packs: string[]; queue: number; deviceId: string | null }> {
  return page.evaluate(async () => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('samspil-checkin');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const ask = <T>(store: string, request: (s: IDBObjectStore) => IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        const asked = request(database.transaction(store).objectStore(store));
        asked.onsuccess = () => resolve(asked.result);
        asked.onerror = () => reject(asked.error);
      });
    const packs = (await ask('packs', (s) => s.getAllKeys())) as string[];
    const queue = await ask('queue', (s) => s.count());
    const meta = (await ask('meta', (s) => s.get('device-id'))) as { value: string } | undefined;
    database.close();
    return { packs, queue, deviceId: meta?.value ?? null };
  });
}

/** Puts a pack of an event that ended (expired yesterday) into the phone's IndexedDB, as a forgotten phone would hold. */
function keepStalePack(page: Page, staleEventId: string): Promise<void> {
  return page.evaluate(async (id) => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('samspil-checkin');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = database.transaction('packs', 'readwrite');
      tx.objectStore('packs').put({
        eventId: id,
        fetchedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        pack: {
          eventId: id,
          generatedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
          expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
          keys: [],
          revocations: {},
          unpaid: [],
          tickets: [{ id, name: 'Glemt Deltager', organisation: 'Gammel Kommune' }],
          sessions: [],
        },
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    database.close();
  }, staleEventId);
}

test('signing out keeps the list while scans wait and says so; once they are sent it removes it and signs out', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const path = `/checkin/${EVENT}`;
  const phone = await signedIn(browser, baseURL!, leaver, path);
  await setUp(phone, 'Vest', 'Vest-telefon');

  // A pack of an event that is over, left from long ago, is dropped when the app starts.
  const stale = randomUUID();
  await keepStalePack(phone, stale);
  expect((await kept(phone)).packs).toContain(stale);
  await phone.reload();
  await expect(phone.locator('.checkin-app[data-ready="true"]')).toBeVisible();
  await expect(phone.getByText(`Billetliste: ${TICKETS} billetter`)).toBeVisible();
  expect((await kept(phone)).packs).toEqual([eventId]);

  // Offline, one scan waits in the queue: signing out removes nothing and says what to do.
  await phone.context().setOffline(true);
  await expect(phone.getByTestId('connection')).toHaveText(/Offline/);
  await scan(phone, codes[0]!);
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '1');
  await phone.getByRole('button', { name: 'Log ud og fjern deltagerlisten' }).click();
  const blocked = phone.getByTestId('sign-out-blocked');
  await expect(blocked).toContainText('1 scanning er endnu ikke sendt');
  await expect(blocked).toContainText('Synkronisér nu');
  expect(await kept(phone)).toMatchObject({ packs: [eventId], queue: 1 });
  await expectAccessible(phone);

  // Online, but the check-in API unreachable: the site's own sign-out page holds too, and says why.
  await phone.route('**/api/checkin/**', (route) => route.abort());
  await phone.context().setOffline(false);
  await phone.goto('/log-ud');
  await phone.getByRole('button', { name: 'Log ud', exact: true }).click();
  await expect(phone.getByRole('alert')).toContainText('scanninger fra indtjekningen, som endnu ikke er sendt');
  await expect(phone).toHaveURL(/\/log-ud$/);
  expect(await kept(phone)).toMatchObject({ packs: [eventId], queue: 1 });
  await expectAccessible(phone);

  // Reachable again: the scan goes up first, then the list and the scans are removed and the phone signed out.
  await phone.unroute('**/api/checkin/**');
  await phone.goto(path);
  await expect(phone.locator('.checkin-app[data-ready="true"]')).toBeVisible();
  await phone.getByRole('button', { name: 'Log ud og fjern deltagerlisten' }).click();
  await expect(phone.getByTestId('signed-out')).toContainText(
    'Du er logget ud. Deltagerlisten og telefonens scanninger er fjernet fra denne enhed.',
  );
  expect(await kept(phone)).toMatchObject({ packs: [], queue: 0 });
  const [checkIn] = await db<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${attendees[0]!.ticketId} and result = 'ok'`;
  expect(checkIn!.n).toBe(1);
  await expectAccessible(phone);
  // The session is over on the server too.
  await phone.goto(path);
  await expect(phone).toHaveURL(/\/log-ind\?next=/);
  await phone.context().close();
});

test('signing out from the site’s own sign-out page removes the attendee list too', async ({ browser, baseURL }) => {
  const phone = await signedIn(browser, baseURL!, headerLeaver, `/checkin/${EVENT}`);
  await setUp(phone, 'Øst', 'Øst-telefon');
  await scan(phone, codes[3]!);
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '0');
  await phone.getByRole('link', { name: 'Log ud' }).click();
  await phone.getByRole('button', { name: 'Log ud', exact: true }).click();
  await expect(phone).toHaveURL(/\/$/);
  expect(await kept(phone)).toMatchObject({ packs: [], queue: 0 });
  await phone.context().close();
});

test('an organiser sees the phone and revokes it by keyboard; the phone drops its list, its scan is held and then accepted', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const phone = await signedIn(browser, baseURL!, staff, `/checkin/${EVENT}`);
  await setUp(phone, 'Nord', 'Nord-telefon');
  await scan(phone, codes[1]!);
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '0');

  const consolePage = await signedIn(browser, baseURL!, organiser, `/konsol/${EVENT}/enheder`);
  const row = consolePage.getByRole('row', { name: /Nord-telefon/ });
  await expect(row).toContainText(staff);
  await expect(row).toContainText('I brug');
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');
  await expect(row).toContainText('Version');
  await expectAccessible(consolePage);

  // The phone scans while offline; meanwhile the organiser revokes it, with the keyboard only.
  await phone.context().setOffline(true);
  await expect(phone.getByTestId('connection')).toHaveText(/Offline/);
  await scan(phone, codes[2]!);
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '1');

  const revoke = consolePage.getByRole('button', { name: 'Spær Nord-telefon' });
  for (
    let presses = 0;
    presses < 40 && !(await revoke.evaluate((button) => button === document.activeElement));
    presses++
  ) {
    await consolePage.keyboard.press('Tab');
  }
  await expect(revoke).toBeFocused();
  await consolePage.keyboard.press('Enter');
  await expect(consolePage.getByRole('status')).toContainText('Enheden Nord-telefon er spærret');
  await expect(consolePage.getByRole('row', { name: /Nord-telefon/ })).toContainText('Spærret');

  // Back online: the queued scan goes up at once and is held; the phone drops its list and says why.
  await phone.context().setOffline(false);
  const notice = phone.getByTestId('device-revoked');
  await expect(notice).toContainText('En arrangør har spærret denne enhed');
  await expect(notice).toContainText('Alle scanninger er sendt');
  await expect(phone.getByLabel('Billetkode')).toHaveCount(0);
  const onPhone = await kept(phone);
  expect(onPhone).toMatchObject({ packs: [], queue: 0 });
  await expectAccessible(phone);
  // The API refuses the pack to this device, in words the app understands.
  const refused = await phone.request.get(`/api/checkin/${eventId}/offline-pack`, {
    headers: { 'x-checkin-device': onPhone.deviceId! },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: 'device_revoked' });
  const [applied] = await db<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${attendees[2]!.ticketId}`;
  expect(applied!.n).toBe(0);

  // The organiser sees the held scan and accepts it, by keyboard.
  await consolePage.reload();
  const name = (
    await db<{ name: string }[]>`select attendee_name as name from public.tickets where id = ${attendees[2]!.ticketId}`
  )[0]!.name;
  const accept = consolePage.getByRole('button', { name: `Godkend scanningen af ${name}` });
  await expect(accept).toBeVisible();
  await expectAccessible(consolePage);
  await accept.focus();
  await consolePage.keyboard.press('Enter');
  await expect(consolePage.getByRole('status')).toContainText('Scanningen er godkendt');
  await expect(consolePage.getByText('Ingen scanninger venter på gennemsyn.')).toBeVisible();
  const [accepted] = await db<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${attendees[2]!.ticketId} and result = 'ok'`;
  expect(accepted!.n).toBe(1);

  await phone.context().close();
  await consolePage.context().close();
});

test('a scan the server cannot read (a control character in the gate) is a 400 the phone sets aside with its reason, never retried', async ({
  browser,
  baseURL,
}) => {
  const phone = await signedIn(browser, baseURL!, staff, `/checkin/${EVENT}`, { phone: true });
  // A gate name with a control character: the server refuses the scan with a 400 (it used to be a 503 with
  // Retry-After, so the phone retried it forever).
  await setUp(phone, 'Nord\u0001', 'Telefon med fejl');
  await phone.getByLabel('Billetkode').fill(codes[4]!);
  await phone.getByLabel('Billetkode').press('Enter');
  const verdict = phone.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-code', 'bad_request');
  await expect(verdict).toContainText('Serveren kunne ikke læse skanningen');
  await phone.keyboard.press('Escape');
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '0');
  await expect(phone.locator('.recent li').first()).toContainText('lagt til side og sendes ikke igen');
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${attendees[4]!.ticketId}`;
  expect(row!.n).toBe(0);
  await phone.context().close();
});

test('rehearsal the day before records nothing and says ØVELSE; afterwards every refusal its reason, and an undo reaches the phone’s list', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  // An event of its own: rehearsal switches the whole event's door, and the other tests here scan in parallel.
  const slug = `e2e-oevelse-${stamp}`;
  const rehearsalEvent = (await insertEventWorld(db, { slug, status: 'published' })).eventId;
  // Starts in two hours: rehearsal may still be switched on, and real check-ins count once it is off.
  await openCheckInWindow(db, rehearsalEvent);
  const people = await insertAttendees(db, { eventId: rehearsalEvent, count: 3, tag: `oevelse-${stamp}` });
  const inForce = await codesFor(db, rehearsalEvent, people);
  // Valid from tomorrow, as every real ticket is until 24 hours before the event.
  const opens = new Date(Date.now() + 26 * 3_600_000);
  const [notYet] = await codesFor(db, rehearsalEvent, [people[1]!], {
    from: opens,
    until: new Date(opens.getTime() + 48 * 3_600_000),
  });
  // A cancelled ticket whose code is not valid yet either: its reason is the cancellation, not "not yet".
  const [cancelledNotYet] = await codesFor(db, rehearsalEvent, [people[2]!], {
    from: opens,
    until: new Date(opens.getTime() + 48 * 3_600_000),
  });
  await db`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${people[2]!.ticketId}`;
  const rehearsalStaff = `oevelse-vagt-${stamp}@e2e-kommune.dk`;
  const rehearsalOrganiser = `oevelse-arrangoer-${stamp}@e2e-kommune.dk`;
  await grantEventRole(db, { email: rehearsalStaff, role: 'checkin_staff', eventSlug: slug, createUser: true });
  await grantEventRole(db, { email: rehearsalOrganiser, role: 'organiser', eventSlug: slug, createUser: true });
  const checkIns = async (ticketId: string) =>
    (
      await db<{ all: number; active: number }[]>`
        select count(*)::int as all,
               count(*) filter (where result = 'ok' and undone_at is null)::int as active
          from public.check_ins where ticket_id = ${ticketId}`
    )[0]!;

  // The organiser switches rehearsal on, in the check-in settings.
  const settings = await signedIn(browser, baseURL!, rehearsalOrganiser, `/konsol/${slug}/indtjekning/indstillinger`);
  await expect(settings.getByTestId('rehearsal-state')).toHaveText(/slået fra/);
  await settings.getByRole('button', { name: 'Slå øvelsestilstand til' }).click();
  await expect(settings.getByRole('status')).toContainText('Øvelsestilstand er slået til');
  await expect(settings.getByTestId('rehearsal-state')).toHaveText(/slået til siden/);
  await expectAccessible(settings);

  // A volunteer's phone: ØVELSE in purple, a ticket not valid until tomorrow is let in as practice, twice amber.
  const phone = await signedIn(browser, baseURL!, rehearsalStaff, `/checkin/${slug}`, { phone: true });
  await expect(phone.locator('.checkin-app[data-ready="true"]')).toBeVisible();
  await phone.getByLabel('Indgang', { exact: true }).fill('Øvelse');
  await phone.getByLabel('Enhedens navn').fill('Øvelsestelefon');
  await phone.getByRole('button', { name: 'Start indtjekning' }).click();
  await expect(phone.getByText('Billetliste: 3 billetter')).toBeVisible();
  await expect(phone.getByTestId('rehearsal-banner')).toContainText('ØVELSE');
  const verdict = phone.getByTestId('verdict');
  const scanOnPhone = async (code: string) => {
    const before = (await verdict.count()) > 0 ? await verdict.getAttribute('data-at') : null;
    await phone.getByLabel('Billetkode').fill(code);
    await phone.getByLabel('Billetkode').press('Enter');
    await expect(verdict).toBeVisible();
    await expect(verdict).not.toHaveAttribute('data-at', before ?? '-');
  };
  await scanOnPhone(notYet!);
  await expect(verdict).toHaveAttribute('data-colour', 'green');
  await expect(verdict).toHaveAttribute('data-practice', 'true');
  await expect(phone.getByTestId('verdict-practice')).toHaveText('ØVELSE – ikke registreret');
  await expectAccessible(phone);
  await scanOnPhone(notYet!);
  await expect(verdict).toHaveAttribute('data-colour', 'amber');
  await expect(verdict).toHaveAttribute('data-practice', 'true');
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '0');
  expect(await checkIns(people[1]!.ticketId)).toEqual({ all: 0, active: 0 });

  // Rehearsal off; "Synkronisér nu" brings it to the phone at once. The same ticket: not valid yet, and from when.
  await settings.getByRole('button', { name: 'Slå øvelsestilstand fra' }).click();
  await expect(settings.getByRole('status')).toContainText('Øvelsestilstand er slået fra');
  // A form the action cannot read is a 400 with the message, never a 500 or a silent switch.
  const unreadable = await settings.request.post(
    `/konsol/${slug}/indtjekning/indstillinger?_action=checkin.setRehearsal`,
    {
      form: { event: rehearsalEvent, rehearsal: 'maaske' },
      headers: { origin: new URL(baseURL!).origin },
      maxRedirects: 0,
    },
  );
  expect(unreadable.status()).toBe(400);
  expect(await unreadable.text()).toContain('Formularen kunne ikke læses');
  await phone.keyboard.press('Escape');
  await phone.getByRole('button', { name: 'Synkronisér nu' }).click();
  await expect(phone.getByTestId('rehearsal-banner')).toHaveCount(0);
  await scanOnPhone(notYet!);
  await expect(verdict).toHaveAttribute('data-code', 'not_yet_valid');
  await expect(verdict).toHaveAttribute('data-practice', 'false');
  // "fredag den 4. december 2026 kl. 21.50" in the browser's Danish (Node's ICU may leave out "den").
  const part = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', ...options }).format(opens);
  await expect(verdict).toContainText(
    new RegExp(
      `Billetten gælder ikke endnu – den gælder fra ${part({ weekday: 'long' })} (den )?${part({ day: 'numeric' })} ${part({ month: 'long' })}`,
    ),
  );
  await phone.keyboard.press('Escape');
  expect(await checkIns(people[1]!.ticketId)).toEqual({ all: 0, active: 0 });
  await scanOnPhone(cancelledNotYet!);
  await expect(verdict).toHaveAttribute('data-code', 'cancelled');
  await expect(verdict).toContainText('annulleret');
  await phone.keyboard.press('Escape');

  // A real check-in; the phone goes offline; the organiser undoes it on the dashboard.
  await scanOnPhone(inForce[0]!);
  await expect(verdict).toHaveAttribute('data-colour', 'green');
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '0');
  await phone.keyboard.press('Escape');
  await phone.context().setOffline(true);
  await expect(phone.getByTestId('connection')).toHaveText(/Offline/);
  await settings.goto(`/konsol/${slug}/indtjekning`);
  await settings
    .getByRole('button', { name: /^Fortryd indtjekningen af / })
    .first()
    .click();
  await expect(settings.getByRole('status').filter({ hasText: 'Indtjekningen er fortrudt.' })).toBeVisible();
  expect(await checkIns(people[0]!.ticketId)).toMatchObject({ active: 0 });

  // Back online, "Synkronisér nu" fetches a fresh list; offline again, the phone judges alone: green, then amber.
  await phone.context().setOffline(false);
  const fetchedBefore = await phone.getByTestId('pack').getAttribute('data-fetched-at');
  await phone.getByRole('button', { name: 'Synkronisér nu' }).click();
  await expect(phone.getByTestId('pack')).not.toHaveAttribute('data-fetched-at', fetchedBefore ?? '-');
  await phone.context().setOffline(true);
  await expect(phone.getByTestId('connection')).toHaveText(/Offline/);
  await scanOnPhone(inForce[0]!);
  await expect(verdict).toHaveAttribute('data-colour', 'green');
  await phone.keyboard.press('Escape');
  await scanOnPhone(inForce[0]!);
  await expect(verdict).toHaveAttribute('data-colour', 'amber');
  await phone.keyboard.press('Escape');
  await phone.context().setOffline(false);
  await expect(phone.getByTestId('queue')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  expect(await checkIns(people[0]!.ticketId)).toMatchObject({ active: 1 });

  await phone.context().close();
  await settings.context().close();
});
