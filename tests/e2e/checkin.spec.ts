// The check-in app in Chromium against the built server, at a small scale of
// the day at the door: two staff phones, both offline for a while, scanning
// overlapping tickets (typed, and from a hand scanner that types like a
// keyboard), one of them reloaded while offline; then both sync. The server
// must hold exactly one check-in per ticket, the second phone must show the
// offline duplicates as conflicts, and refused tickets must get their reason.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, devices, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { codesFor, openCheckInWindow } from '../fixtures/checkin-world.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
/** A second event, for the desk, so the two tests do not count each other's check-ins. */
let DESK_EVENT: string;
/** A day 90 days ahead: nothing typed at its door counts yet. */
let FAR_EVENT: string;
let far: Attendee[];
let staffA: string;
let staffB: string;
let deskStaff: string;
let cameraStaff: string;
let outsider: string;

let db: Sql;
let eventId: string;
let attendees: Attendee[];
let codes: string[];
let cancelledCode: string;
let desk: Attendee[];
let deskCodes: string[];
let deskRound: string;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-indtjek-${stamp}`;
  DESK_EVENT = `e2e-skranke-${stamp}`;
  FAR_EVENT = `e2e-fjern-${stamp}`;
  staffA = `vagt-a-${stamp}@e2e-kommune.dk`;
  staffB = `vagt-b-${stamp}@e2e-kommune.dk`;
  deskStaff = `skranke-${stamp}@e2e-kommune.dk`;
  cameraStaff = `kamera-${stamp}@e2e-kommune.dk`;
  outsider = `fremmed-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  eventId = (await insertEventWorld(db, { slug: EVENT, status: 'published' })).eventId;
  // Postgres refuses a check-in outside the event's window: the event starts in two hours.
  await openCheckInWindow(db, eventId);
  attendees = await insertAttendees(db, { eventId, count: 13, tag: `indtjek-${stamp}` });
  codes = await codesFor(db, eventId, attendees);
  // The last ticket is cancelled after its code was issued.
  cancelledCode = codes.pop()!;
  await db`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${attendees.at(-1)!.ticketId}`;
  const deskEventId = (await insertEventWorld(db, { slug: DESK_EVENT, status: 'published' })).eventId;
  desk = await insertAttendees(db, { eventId: deskEventId, count: 4, tag: `skranke-${stamp}` });
  deskCodes = await codesFor(db, deskEventId, desk);
  // The desk checks in by name: inside the window a code would carry (before it, it refuses as a scan does).
  await db`update public.events set starts_at = now() - interval '1 hour', ends_at = now() + interval '8 hours'
            where id = ${deskEventId}`;
  deskRound = (
    await db<{ id: string }[]>`
    update public.sessions set capacity = 30 where event_id = ${deskEventId} and slug = 'runde-1' returning id`
  )[0]!.id;
  await db`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${desk[2]!.ticketId}`;
  await grantEventRole(db, { email: staffA, role: 'checkin_staff', eventSlug: EVENT, createUser: true });
  await grantEventRole(db, { email: deskStaff, role: 'checkin_staff', eventSlug: DESK_EVENT, createUser: true });
  const farEventId = (await insertEventWorld(db, { slug: FAR_EVENT, status: 'published' })).eventId;
  far = await insertAttendees(db, { eventId: farEventId, count: 2, tag: `fjern-${stamp}` });
  await db`update public.events set starts_at = now() + interval '90 days', ends_at = now() + interval '90 days 8 hours'
            where id = ${farEventId}`;
  await grantEventRole(db, { email: deskStaff, role: 'checkin_staff', eventSlug: FAR_EVENT, createUser: true });
  await grantEventRole(db, { email: staffB, role: 'checkin_staff', eventSlug: EVENT, createUser: true });
  await grantEventRole(db, { email: cameraStaff, role: 'checkin_staff', eventSlug: DESK_EVENT, createUser: true });
  // Someone signed in but with no role at this event.
  await grantEventRole(db, {
    email: outsider,
    role: 'checkin_staff',
    eventSlug: 'velfaerdens-innovationsdag-2027',
    createUser: true,
  });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signedIn(
  browser: Browser,
  baseURL: string,
  email: string,
  path: string,
  landsOn: RegExp = new RegExp(`${path}$`),
): Promise<Page> {
  // In the phone project, a phone: Playwright's device settings apply to the default context only.
  const device = test.info().project.name === 'phone' ? devices['Pixel 7'] : {};
  const context = await browser.newContext({ ...device, baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(landsOn);
  return page;
}

/** Opens the app, names the gate, and waits until the ticket list is on the device. */
async function setUp(page: Page, gate: string, tickets = 13) {
  await expect(page.locator('.checkin-app[data-ready="true"]')).toBeVisible();
  await page.getByLabel('Indgang', { exact: true }).fill(gate);
  await page.getByLabel('Enhedens navn').fill(`${gate}-telefon`);
  await page.getByRole('button', { name: 'Start indtjekning' }).click();
  await expect(page.getByText(`Billetliste: ${tickets} billetter`)).toBeVisible();
}

async function scan(page: Page, code: string) {
  const shown = page.getByTestId('verdict');
  const before = (await shown.count()) > 0 ? await shown.getAttribute('data-at') : null;
  await page.getByLabel('Billetkode').fill(code);
  await page.getByLabel('Billetkode').press('Enter');
  await expect(page.getByTestId('verdict')).toBeVisible();
  await expect(page.getByTestId('verdict')).not.toHaveAttribute('data-at', before ?? '-');
  await expect(page.getByLabel('Billetkode')).toHaveValue('');
}

const verdict = (page: Page) => page.getByTestId('verdict');

/** Clears the verdict sheet (Escape), as staff do with "Næste", so nothing below is covered. */
async function dismiss(page: Page) {
  if ((await verdict(page).count()) > 0) await page.keyboard.press('Escape');
  await expect(verdict(page)).toHaveCount(0);
}

async function checkInsOfEvent(): Promise<{ ok: number; tickets: number; conflicts: number }> {
  const [row] = await db<{ ok: number; tickets: number; conflicts: number }[]>`
    select count(*) filter (where result = 'ok' and undone_at is null)::int as ok,
           count(distinct ticket_id) filter (where result = 'ok' and undone_at is null)::int as tickets,
           count(*) filter (where conflict)::int as conflicts
      from public.check_ins where event_id = ${eventId}`;
  return row!;
}

test('two phones scan offline, one reloads, both sync: one check-in per ticket, conflicts shown', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const path = `/checkin/${EVENT}`;
  const phoneA = await signedIn(browser, baseURL!, staffA, path);
  const phoneB = await signedIn(browser, baseURL!, staffB, path);
  await setUp(phoneA, 'Nord');
  await setUp(phoneB, 'Syd');
  await expectAccessible(phoneA);

  // Online first: the server's verdict, green then amber with where and when.
  await scan(phoneA, codes[0]!);
  await expect(verdict(phoneA)).toHaveAttribute('data-colour', 'green');
  await expect(verdict(phoneA)).toContainText('Deltager indtjek');
  await scan(phoneB, codes[0]!);
  await expect(verdict(phoneB)).toHaveAttribute('data-code', 'already_checked_in');
  await expect(verdict(phoneB)).toContainText('ved Nord');
  await expectAccessible(phoneB);

  // Both lose the connection.
  await phoneA.context().setOffline(true);
  await phoneB.context().setOffline(true);
  await expect(phoneA.getByTestId('connection')).toHaveText(/Offline/);
  await expect(phoneB.getByTestId('connection')).toHaveText(/Offline/);

  // Phone A: tickets 1–7, one of them twice; a hand scanner types ticket 8 with no field focused.
  for (const code of codes.slice(1, 8)) {
    await scan(phoneA, code);
    await expect(verdict(phoneA)).toHaveAttribute('data-colour', 'green');
    await expect(verdict(phoneA)).toContainText('Kontrolleret på enheden');
  }
  await scan(phoneA, codes[3]!);
  await expect(verdict(phoneA)).toHaveAttribute('data-code', 'already_checked_in');
  await phoneA.locator('h1').click();
  await phoneA.keyboard.type(codes[8]!, { delay: 0 });
  await phoneA.keyboard.press('Enter');
  await expect(phoneA.getByTestId('queue')).toHaveAttribute('data-pending', '9');

  // Refusals offline: a tampered code, a foreign QR code, a cancelled ticket.
  const tampered = codes[9]!.slice(0, 60) + (codes[9]![60] === 'A' ? 'B' : 'A') + codes[9]!.slice(61);
  await scan(phoneA, tampered);
  await expect(verdict(phoneA)).toHaveAttribute('data-code', 'bad_signature');
  await scan(phoneA, 'https://example.org/not-a-ticket');
  await expect(verdict(phoneA)).toHaveAttribute('data-code', 'malformed');
  await scan(phoneA, cancelledCode);
  await expect(verdict(phoneA)).toHaveAttribute('data-code', 'cancelled');
  await expect(verdict(phoneA)).toContainText('annulleret');

  // Phone B, offline too, lets in 6–11: 6, 7 and 8 are also on phone A.
  for (const code of codes.slice(6, 12)) {
    await scan(phoneB, code);
    await expect(verdict(phoneB)).toHaveAttribute('data-colour', 'green');
    await expect(verdict(phoneB)).toContainText('Kontrolleret på enheden');
  }

  // Phone A is closed and reopened with no connection: the app and its queue are still there.
  await phoneA.reload();
  await expect(phoneA.locator('.checkin-app[data-ready="true"]')).toBeVisible();
  const pendingA = Number(await phoneA.getByTestId('queue').getAttribute('data-pending'));
  expect(pendingA).toBeGreaterThanOrEqual(9);
  expect((await checkInsOfEvent()).ok).toBe(1);

  // Back online: A syncs first, then B, whose three overlapping scans are conflicts.
  await phoneA.context().setOffline(false);
  await dismiss(phoneA);
  await phoneA.getByRole('button', { name: 'Synkronisér nu' }).click();
  await expect(phoneA.getByTestId('queue')).toHaveAttribute('data-pending', '0');
  await phoneB.context().setOffline(false);
  await dismiss(phoneB);
  await phoneB.getByRole('button', { name: 'Synkronisér nu' }).click();
  await expect(phoneB.getByTestId('queue')).toHaveAttribute('data-pending', '0');
  await expect(phoneB.getByTestId('conflicts')).toContainText('3 konflikter');
  await expect(phoneB.getByTestId('last-sync')).toContainText('Sidst synkroniseret');

  // Tickets 0–11 are in, once each; the three overlaps are recorded as conflicts.
  expect(await checkInsOfEvent()).toEqual({ ok: 12, tickets: 12, conflicts: 3 });
  // Syncing again sends nothing and records nothing.
  await phoneB.getByRole('button', { name: 'Synkronisér nu' }).click();
  await expect(phoneB.getByRole('button', { name: 'Synkronisér nu' })).toBeEnabled();
  expect(await checkInsOfEvent()).toEqual({ ok: 12, tickets: 12, conflicts: 3 });

  await phoneA.context().close();
  await phoneB.context().close();
});

/**
 * A camera that films a ticket: the code's QR symbol as a YUV4MPEG2 video,
 * which Chromium plays as its fake camera. Black modules on white, 8 pixels
 * each, centred in 640×480 with a quiet zone.
 */
function qrVideo(code: string): string {
  const { size, data } = QRCode.create(code, { errorCorrectionLevel: 'M' }).modules;
  const [width, height, scale] = [640, 480, 8];
  const luma = Buffer.alloc(width * height, 235);
  const left = (width - size * scale) / 2;
  const top = (height - size * scale) / 2;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (!data[row * size + column]) continue;
      for (let y = 0; y < scale; y++)
        luma.fill(
          16,
          (top + row * scale + y) * width + left + column * scale,
          (top + row * scale + y) * width + left + (column + 1) * scale,
        );
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'samspil-camera-')), 'ticket.y4m');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array(10).fill(frame)]),
  );
  return file;
}

test('the camera reads a ticket’s QR code and lets the attendee in', async ({ baseURL }) => {
  test.setTimeout(60_000);
  const video = qrVideo(deskCodes[1]!);
  const browser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const page = await signedIn(browser, baseURL!, cameraStaff, `/checkin/${DESK_EVENT}`);
    await page.context().grantPermissions(['camera']);
    await setUp(page, 'Kamera', 4);
    await page.getByRole('button', { name: 'Start kamera' }).click();
    await expect(page.getByRole('button', { name: 'Stop kamera' })).toBeVisible();
    await expect(verdict(page)).toHaveAttribute('data-code', 'ok', { timeout: 20_000 });
    await expect(verdict(page)).toContainText(`Deltager ${desk[1]!.email.split('@')[0]}`);
    await page.getByRole('button', { name: 'Stop kamera' }).click();
  } finally {
    await browser.close();
  }
});

test('the desk finds attendees by name and checks one in without a code; a cancelled one cannot be; session door @phone', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const path = `/checkin/${DESK_EVENT}`;
  const page = await signedIn(browser, baseURL!, deskStaff, path);
  await setUp(page, 'Skranke', 4);
  const nameOf = (attendee: Attendee) => `Deltager ${attendee.email.split('@')[0]}`;
  const search = async (text: string) => {
    await dismiss(page);
    await page.getByLabel('Navn, organisation eller billetreference').fill(text);
    await page.getByRole('button', { name: 'Søg' }).click();
  };

  await search(nameOf(desk[0]!));
  await page.getByRole('button', { name: `Tjek ${nameOf(desk[0]!)} ind` }).click();
  await expect(verdict(page)).toHaveAttribute('data-colour', 'green');
  await expect(verdict(page)).toContainText(nameOf(desk[0]!));
  await expect(page.getByText(/Tjekket ind \d\d[.:]\d\d/)).toBeVisible();

  // The reference printed on a ticket or badge, typed into the code field as a person would, finds the ticket.
  const [printed] = await db<{ reference: string }[]>`
    select o.reference || '-' || t.position as reference
      from public.tickets t join public.orders o on o.id = t.order_id where t.id = ${desk[3]!.ticketId}`;
  await dismiss(page);
  await scan(page, printed!.reference.toLowerCase());
  await expect(verdict(page)).toHaveAttribute('data-colour', 'green');
  await expect(verdict(page)).toContainText(nameOf(desk[3]!));

  await search(nameOf(desk[2]!));
  await expect(page.getByText(nameOf(desk[2]!), { exact: true })).toBeVisible();
  // Reference and state, without a stray separator where the attendee gave no organisation.
  const [cancelledRef] = await db<{ reference: string }[]>`
    select o.reference || '-' || t.position as reference
      from public.tickets t join public.orders o on o.id = t.order_id where t.id = ${desk[2]!.ticketId}`;
  await expect(page.getByText(`${cancelledRef!.reference} · Annulleret`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `Tjek ${nameOf(desk[2]!)} ind` })).toHaveCount(0);
  await expectAccessible(page);

  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${desk[0]!.ticketId} and result = 'ok'`;
  expect(row!.n).toBe(1);

  // At a gallery round's door: in, not booked; a second scan is amber; recorded once.
  await dismiss(page);
  await page.getByLabel('Ved en session').check();
  await page.getByLabel('Session', { exact: true }).selectOption(deskRound);
  await scan(page, deskCodes[0]!);
  await expect(verdict(page)).toHaveAttribute('data-colour', 'green');
  await expect(verdict(page)).toContainText('Ikke tilmeldt sessionen');
  await scan(page, deskCodes[0]!);
  await expect(verdict(page)).toHaveAttribute('data-code', 'already_checked_in');
  await scan(page, deskCodes[2]!);
  await expect(verdict(page)).toHaveAttribute('data-code', 'cancelled');
  const [attended] = await db<{ n: number }[]>`
    select count(*)::int as n from public.session_check_ins where session_id = ${deskRound}`;
  expect(attended!.n).toBe(1);
  await page.context().close();
});

test('a reference typed at the door months ahead is refused as not valid yet, with the day it opens; nothing is recorded', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const page = await signedIn(browser, baseURL!, deskStaff, `/checkin/${FAR_EVENT}`);
  await setUp(page, 'Prøve', 2);
  const [printed] = await db<{ reference: string }[]>`
    select o.reference || '-' || t.position as reference
      from public.tickets t join public.orders o on o.id = t.order_id where t.id = ${far[0]!.ticketId}`;
  await scan(page, printed!.reference.toLowerCase());
  await expect(verdict(page)).toHaveAttribute('data-code', 'not_yet_valid');
  await expect(verdict(page)).toContainText('Billetten gælder ikke endnu – den gælder fra');
  await expectAccessible(page);
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${far[0]!.ticketId}`;
  expect(row!.n).toBe(0);
  await page.context().close();
});

test('staff of another event cannot open this event’s check-in or use its API', async ({ browser, baseURL }) => {
  // One event of their own: the start page goes straight there.
  const page = await signedIn(browser, baseURL!, outsider, '/checkin/', /\/checkin\/velfaerdens-innovationsdag-2027$/);
  const response = await page.goto(`/checkin/${EVENT}`);
  expect(response?.status()).toBe(404);
  const pack = await page.request.get(`/api/checkin/${eventId}/offline-pack`, {
    headers: { 'x-checkin-device': randomUUID() },
  });
  expect(pack.status()).toBe(403);
  const search = await page.request.get(`/api/checkin/${eventId}/attendees?q=Deltager`);
  expect(search.status()).toBe(403);

  // The app in English, its manifest in both languages, and its service worker's scope.
  await page.goto('/en/checkin/velfaerdens-innovationsdag-2027');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Check-in –');
  await expect(page.locator('.checkin-app[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
  await expectAccessible(page);
  const manifest = await (await page.request.get('/checkin/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: 'Samspil indtjekning', start_url: '/checkin/', display: 'standalone' });
  const english = await (await page.request.get('/en/checkin/manifest.webmanifest')).json();
  expect(english).toMatchObject({ name: 'Samspil check-in', start_url: '/en/checkin/', lang: 'en' });
  const worker = await page.request.get('/checkin/sw.js');
  expect(worker.headers()['content-type']).toContain('javascript');
  expect(await worker.text()).toContain('samspil-checkin-v1');
  await page.context().close();
});
