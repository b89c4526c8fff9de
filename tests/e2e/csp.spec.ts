// The Content-Security-Policy holds for what Samspil actually runs: Chromium
// walks the public pages, My page, the organiser console and the check-in app
// (its service worker, and the camera scanner compiling ZXing's WebAssembly,
// with a fake camera) and no page may report a violation. Each page comes
// with the policy as a header: hashes for scripts, never 'unsafe-inline' or
// 'unsafe-eval' for them. (Every other browser test fails on a violation too,
// through the guard in fixtures.ts; this one makes sure every screen is seen.)
import type { Page } from '@playwright/test';
import config from '../../playwright.config.ts';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect } from '../../src/lib/db/db.server.ts';
import { expect, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
const launchOptions = config.use?.launchOptions ?? {};

test.use({
  launchOptions: {
    ...launchOptions,
    args: [...(launchOptions.args ?? []), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  },
});

/** Opens a page, checks its policy header, and lets its islands and lazy scripts run. */
async function visit(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy, `the policy of ${path}`).toContain("default-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  expect(scriptSrc).toContain("'sha256-");
  // Nothing inline without a hash: no script, no <style>, and no style attribute (track colours are classes).
  expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|style-src-attr/);
  // All response headers must fit a reverse proxy's default buffer (nginx: 4 KB); the policy is most of them.
  expect(policy.length, `the policy of ${path} is ${policy.length} bytes`).toBeLessThan(2048);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
}

/**
 * Every element that shows a track colour has it from the colour stylesheet (no style attribute:
 * the policy allows none), and every style attribute the page does carry — none from the server —
 * is one a script set through the CSSOM, which the policy allows.
 */
async function expectColoursPainted(page: Page): Promise<void> {
  const painted = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[class*="colour-"]')].map((element) => {
      const hex = /colour-([0-9a-f]{6})/.exec(element.className)?.[1] ?? '';
      return { hex, colour: getComputedStyle(element).getPropertyValue('--colour').trim() };
    }),
  );
  for (const { hex, colour } of painted) expect(colour).toBe(`#${hex}`);
}

/** The server's HTML carries no style attribute: the policy would block it. */
async function expectNoStyleAttributes(page: Page, path: string): Promise<void> {
  const response = await page.request.get(path);
  expect(await response.text(), `style attributes in ${path}`).not.toMatch(/<[^>]+\sstyle=/);
}

/** Hrefs of the first link inside `selector` on the current page. */
async function firstLink(page: Page, selector: string): Promise<string> {
  const href = await page.locator(selector).first().getAttribute('href');
  if (!href) throw new Error(`no link at ${selector} on ${page.url()}`);
  return href;
}

test('public pages run without a CSP violation', async ({ page }) => {
  test.setTimeout(90_000);
  for (const path of ['/', `/${EVENT}/`, `/${EVENT}/program`, `/${EVENT}/galleri`, `/${EVENT}/talere`]) {
    await visit(page, path);
  }
  // The programme shows every track's colour, on each session's edge and on its chip.
  await visit(page, `/${EVENT}/program`);
  await expectNoStyleAttributes(page, `/${EVENT}/program`);
  await expect(page.locator('.programme-list .track-chip').first()).toBeVisible();
  expect(await page.locator('.programme-list [class*="colour-"]').count()).toBeGreaterThan(1);
  await expectColoursPainted(page);
  await visit(page, `/${EVENT}/program`);
  await visit(page, await firstLink(page, `main a[href^="/${EVENT}/program/"]`));
  await visit(page, `/${EVENT}/galleri`);
  await visit(page, await firstLink(page, `main a[href^="/${EVENT}/losninger/"]`));
  await visit(page, `/${EVENT}/talere`);
  await visit(page, await firstLink(page, `main a[href^="/${EVENT}/talere/"]`));
  for (const path of [
    `/${EVENT}/tilmelding`,
    `/${EVENT}/tilmelding?billettype=studerende&antal=1&deltager=ja`,
    `/${EVENT}/indsend`,
    '/log-ind',
    '/tilgaengelighed',
    '/en/',
    `/en/${EVENT}/program`,
    '/dev/mailbox',
  ]) {
    await visit(page, path);
  }
  await visit(page, '/findes-ikke', 404);
});

test('My page, the organiser console and the check-in app run without a CSP violation', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const email = `csp-${Date.now()}@e2e-kommune.dk`;
  const db = connect(process.env.E2E_DATABASE_URL!, { max: 1 });
  try {
    await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
  } finally {
    await db.end();
  }

  // A ticket of one's own, registered through the form, for My page's ticket view.
  await page.goto(`/${EVENT}/tilmelding?billettype=studerende&antal=1&deltager=ja`);
  await page.locator('#attendees-0-name').fill('Carla CSP');
  await page.locator('#attendees-0-email').fill(email);
  await page.locator('#attendees-0-sector').selectOption({ label: 'Kommune' });
  await page.getByRole('button', { name: 'Tilmeld' }).click();
  await expect(page).toHaveURL(/\/tilmelding\/tak(\?|$)/);

  await page.goto('/log-ind?next=%2Fmin-side');
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL!, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/min-side$/);

  for (const path of ['/min-side', '/min-side/program', '/min-side/losninger', '/min-side/slet-konto']) {
    await visit(page, path);
  }
  await visit(page, '/min-side');
  await visit(page, await firstLink(page, 'main a[href^="/min-side/billetter/"]'));
  await expect(page.locator('.ticket-qr svg')).toBeVisible();
  // The dev mailbox shows an email's HTML in a sandboxed frame, which inherits the page's policy.
  await visit(page, '/dev/mailbox');
  await visit(page, await firstLink(page, 'table a[href^="/dev/mailbox/"]'));
  // The email is styled by style attributes: its frame loads it from a route with a policy of its own,
  // where they apply (in a srcdoc frame, which inherits the page's policy, they would be blocked).
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('[style]').first()).toBeAttached();
  expect(
    await frame
      .locator('[style]')
      .evaluateAll((elements) => elements.filter((element) => (element as HTMLElement).style.length === 0).length),
  ).toBe(0);

  // The pages that show organisers' colours: the schedule grid (and its drag board), the tracks, the charts.
  for (const path of [
    `/konsol/${EVENT}/skema`,
    `/konsol/${EVENT}/program/spor`,
    `/konsol/${EVENT}/rapport`,
    `/konsol/${EVENT}/feedback`,
  ]) {
    await visit(page, path);
    await expectNoStyleAttributes(page, path);
    await expectColoursPainted(page);
  }

  for (const path of [
    '/konsol',
    `/konsol/${EVENT}`,
    `/konsol/${EVENT}/losninger`,
    `/konsol/${EVENT}/indtjekning`,
    `/konsol/${EVENT}/indtjekning/indstillinger`,
    `/konsol/${EVENT}/navneskilte`,
  ]) {
    await visit(page, path);
  }
  await visit(page, `/konsol/${EVENT}/losninger`);
  await visit(page, await firstLink(page, `main a[href^="/konsol/${EVENT}/losninger/"]`));

  // The check-in app: its service worker registers, and the camera scanner loads ZXing's wasm.
  await page.context().grantPermissions(['camera']);
  await visit(page, '/checkin/');
  await visit(page, `/checkin/${EVENT}`);
  await expect(page.locator('.checkin-app[data-ready="true"]')).toBeVisible({ timeout: 20_000 });
  expect(
    await page.evaluate(() => navigator.serviceWorker.ready.then((registration) => registration.active !== null)),
  ).toBe(true);
  await page.getByLabel('Indgang', { exact: true }).fill('CSP');
  await page.getByLabel('Enhedens navn').fill('CSP-telefon');
  await page.getByRole('button', { name: 'Start indtjekning' }).click();
  await expect(page.getByText(/Billetliste: \d+ billet/)).toBeVisible();
  const [wasm] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('.wasm')),
    page.getByRole('button', { name: 'Start kamera' }).click(),
  ]);
  expect(wasm.status()).toBe(200);
  await expect(page.getByRole('button', { name: 'Stop kamera' })).toBeVisible();
  // The module compiles the .wasm as it streams in: give it time to report a violation if there is one.
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Stop kamera' }).click();
});
