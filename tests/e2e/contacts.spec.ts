// Contact exchange on two phones against the built server, on a day under way
// (dated relative to now). B chooses what to share and shows their contact QR
// on My page; A's phone camera (Chromium's fake camera, playing a video of
// B's QR) reads it in Samspil's scanner, which sends the request; typing B's
// short code again sends nothing (409). B accepts on My page; both see each
// other's card under My contacts, B notes on A, A downloads the vCard and it
// parses with B's details. Each new screen gets an axe scan.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, devices, type Browser, type Page } from '@playwright/test';
import ICAL from 'ical.js';
import QRCode from 'qrcode';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { freshStamp } from '../fixtures/stamp.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { collectCspViolations, expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

let TAG: string;
let db: Sql;
let day: PastDay;

test.beforeAll(async () => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  TAG = `e2e-kontakt-${freshStamp()}`;
  db = connect(url, { max: 1 });
  // Began two hours ago, ends in five: the contact QR shows for a day that is not over.
  day = await insertPastDay(db, { slug: TAG, attendees: 2, hoursAgo: 2 });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string, target: string) {
  await page.goto(target);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${target.replace('?', '\\?')}$`));
}

/**
 * A one-frame Y4M video of `text` as a QR code, black on white: what
 * Chromium's fake camera (--use-file-for-fake-video-capture) plays in a loop.
 */
async function qrVideo(text: string): Promise<string> {
  const [width, height] = [640, 480];
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const scale = Math.floor((height - 80) / size);
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      if (qr.modules.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const file = path.join(tmpdir(), `${TAG}-qr.y4m`);
  await writeFile(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
      luma,
      chroma,
      chroma,
    ]),
  );
  return file;
}

test('two attendees exchange contact cards on their phones: scan, accept, see each other, vCard', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const [a, b] = day.attendees as [PastDay['attendees'][0], PastDay['attendees'][0]];
  const phone = { ...devices['Pixel 7'], baseURL: baseURL! };

  // B chooses what to share, by ticking what the ticket already says (no typing), and shows the QR.
  const bContext = await browser.newContext(phone);
  const bViolations = await collectCspViolations(bContext);
  const bPage = await bContext.newPage();
  await signIn(bPage, browser, baseURL!, b.email, '/min-side/kontakter/kort');
  await bPage.getByRole('checkbox', { name: 'Del Navn' }).check();
  await bPage.getByRole('checkbox', { name: 'Del E-mail' }).check();
  await expectAccessible(bPage);
  await bPage.getByRole('button', { name: 'Gem visitkort' }).click();
  await expect(bPage.getByRole('status')).toHaveText('Dit visitkort er gemt.');
  await bPage.goto('/min-side');
  const qr = bPage.getByRole('img', { name: `Din kontakt-QR til Dagen derpå ${TAG}` });
  await expect(qr).toBeVisible();
  // Big on a phone: most of the screen's width.
  expect((await qr.boundingBox())!.width).toBeGreaterThan(300);
  await expect(bPage.getByText('Du deler: Navn, E-mail.')).toBeVisible();
  const shortCode = (await bPage.locator('[data-short-code]').getAttribute('data-short-code'))!;
  await expectAccessible(bPage);

  // A's phone: its camera sees B's QR (the scanner's URL with B's token).
  const [code] = await db<{ token: string }[]>`
    select c.token from public.contact_codes c join auth.users u on u.id = c.user_id
     where u.email = ${b.email} and c.revoked_at is null`;
  const video = await qrVideo(new URL(`/min-side/kontakter/scan?k=${code!.token}`, baseURL).href);
  const cameraBrowser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const aContext = await cameraBrowser.newContext({ ...phone, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    await aContext.grantPermissions(['camera'], { origin: new URL(baseURL!).origin });
    const aViolations = await collectCspViolations(aContext);
    const aPage = await aContext.newPage();
    await signIn(aPage, browser, baseURL!, a.email, '/min-side/kontakter/kort');
    await aPage.getByRole('checkbox', { name: 'Del Navn' }).check();
    await aPage.getByRole('button', { name: 'Gem visitkort' }).click();
    await expect(aPage.getByRole('status')).toHaveText('Dit visitkort er gemt.');

    await aPage.goto('/min-side');
    await aPage.getByRole('link', { name: 'Scan en andens kode' }).click();
    await expect(aPage.getByRole('heading', { level: 1 })).toHaveText('Scan en kontakt');
    await expectAccessible(aPage);
    // One tap: the camera reads the QR and the request goes.
    const [sent] = await Promise.all([
      aPage.waitForResponse((response) => response.request().method() === 'POST', { timeout: 30_000 }),
      aPage.getByRole('button', { name: 'Start kameraet' }).click(),
    ]);
    expect(sent.status()).toBe(200);
    await expect(aPage.getByRole('status')).toContainText('Anmodningen er sendt.');

    // Typing B's short code (sloppily) asks nothing more: one request, a 409 saying so.
    await aPage
      .getByLabel('Kode', { exact: true })
      .fill(`${shortCode.slice(0, 4).toLowerCase()} ${shortCode.slice(4)}`);
    const [again] = await Promise.all([
      aPage.waitForResponse((response) => response.request().method() === 'POST'),
      aPage.getByRole('button', { name: 'Send anmodning' }).click(),
    ]);
    expect(again.status()).toBe(409);
    await expect(aPage.getByRole('alert')).toContainText('Du har allerede sendt en anmodning');
    const [counted] = await db<{ requests: number }[]>`
      select count(*)::int as requests from public.contact_connections where event_id = ${day.eventId}`;
    expect(counted!.requests).toBe(1);

    // B, still on My page with the QR up, sees the request appear without reloading, and accepts
    // with one tap; My contacts shows A.
    await expect(bPage.getByRole('heading', { name: 'Anmodninger til dig' })).toBeVisible({ timeout: 20_000 });
    await expect(bPage).toHaveURL(/\/min-side$/);
    await expectAccessible(bPage);
    await bPage.getByRole('button', { name: 'Ja, del kort' }).click();
    await expect(bPage).toHaveURL(/\/min-side\/kontakter\?klar=accepted$/);
    await expect(bPage.getByRole('status')).toContainText('Accepteret');
    await expect(bPage.getByRole('heading', { name: 'Deltager', exact: false, level: 3 })).toHaveText(
      `Deltager ${a.email.split('@')[0]}`,
    );
    // B's private note on A.
    await bPage.getByLabel(/Din note/).fill('Tal om nærhed i hjemmeplejen');
    await bPage.getByRole('button', { name: /Gem note/ }).click();
    await expect(bPage.getByRole('status')).toHaveText('Noten er gemt.');
    await expect(bPage.getByLabel(/Din note/)).toHaveValue('Tal om nærhed i hjemmeplejen');
    await expectAccessible(bPage);

    // A sees B's name and email, and downloads B as a vCard that parses.
    await aPage.goto('/min-side/kontakter');
    const bName = `Deltager ${b.email.split('@')[0]}`;
    await expect(aPage.getByRole('heading', { level: 3 })).toHaveText(bName);
    await expect(aPage.getByRole('link', { name: b.email })).toHaveAttribute('href', `mailto:${b.email}`);
    await expect(aPage.getByLabel(/Din note/)).toHaveValue('');
    const [download] = await Promise.all([
      aPage.waitForEvent('download'),
      aPage.getByRole('link', { name: /Hent som vCard/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('samspil-kontakter.vcf');
    const vcard = await readFile((await download.path())!, 'utf8');
    const [, properties] = ICAL.parse(vcard) as [string, [string, object, string, string][]];
    const fields = Object.fromEntries(properties.map(([name, , , value]) => [name, value]));
    expect(fields).toMatchObject({ fn: bName, email: b.email });
    expect(aViolations, 'Content-Security-Policy violations on A’s phone').toEqual([]);
  } finally {
    await cameraBrowser.close();
  }
  await bContext.close();
  expect(bViolations, 'Content-Security-Policy violations on B’s phone').toEqual([]);
});
