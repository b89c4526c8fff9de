// Samspil behind a real TLS-terminating reverse proxy (nginx, configured as
// docs/DEPLOY.md shows, self-signed certificate), reached by Chromium at a
// public-looking name: a person registers, signs in with the code from the
// dev mailbox and books a gallery round through it. Every form post passes
// Astro's origin check, cookies are Secure, links and redirects stay on
// https://, and HSTS and the CSP come with the pages.
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import config from '../../playwright.config.ts';
import { freePort } from '../../src/lib/db/embedded.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { startTlsProxy, type TlsProxy } from '../fixtures/tls-proxy.ts';
import { expect, test } from './fixtures.ts';
import { signInEmailInBrowser } from './mailbox.ts';

const HOSTNAME = 'samspil.test';
const EVENT = '/velfaerdens-innovationsdag-2027';
const launchOptions = config.use?.launchOptions ?? {};

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    ...launchOptions,
    args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${HOSTNAME} 127.0.0.1`],
  },
});
test.describe.configure({ mode: 'serial' });

let server: TestServer;
let proxy: TlsProxy;

// Playwright hands hooks their fixtures first; this one needs none.
// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  const port = await freePort();
  server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-proxy-e2e-${process.pid}`),
    env: { SITE_URL: `https://${HOSTNAME}:${port}`, TRUSTED_PROXY_HOPS: '1', AUTH_IP_LIMIT_PER_HOUR: '1000' },
  });
  proxy = await startTlsProxy({ hostname: HOSTNAME, port, upstream: server.baseUrl });
});

test.afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

/** A request to the proxy from Node, by the name the browser uses (Node's resolver does not know it). */
function throughProxy(
  method: string,
  pathAndQuery: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port: proxy.port,
        servername: HOSTNAME,
        rejectUnauthorized: false,
        method,
        path: pathAndQuery,
        headers: { host: `${HOSTNAME}:${proxy.port}`, ...options.headers },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

async function submit(page: Page, name: RegExp | string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
    page.getByRole('button', { name }).first().click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

test('a person registers, signs in and books through an HTTPS reverse proxy', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const origin = proxy.origin;
  const email = `proxy-${Date.now()}@e2e-kommune.dk`;

  // Register a free ticket: the form posts to the public https:// origin.
  const registration = await page.goto(`${origin}${EVENT}/tilmelding`);
  expect(registration!.headers()['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
  expect(registration!.headers()['content-security-policy']).toContain("default-src 'self'");
  // Links the server builds from the request's URL carry the public origin and scheme.
  await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute(
    'href',
    `${origin}/en${EVENT}/tilmelding`,
  );
  await page.getByRole('radio', { name: /Studerende/ }).check();
  await page.getByLabel('Antal deltagere').fill('1');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.locator('#attendees-0-name').fill('Petra Proxy');
  await page.locator('#attendees-0-email').fill(email);
  await page.locator('#attendees-0-sector').selectOption({ label: 'Kommune' });
  expect(await submit(page, 'Tilmeld')).toBe(303);
  await expect(page).toHaveURL(new RegExp(`^${origin}${EVENT}/tilmelding/tak(\\?|$)`));
  await expect(page.getByRole('heading', { level: 1, name: 'Tak for din tilmelding' })).toBeVisible();

  // Sign in with the code from the dev mailbox (read through the proxy as well).
  await page.goto(`${origin}${EVENT}/galleri`);
  await page.getByRole('link', { name: 'Log ind for at booke en plads' }).first().click();
  await page.getByLabel('E-mailadresse').fill(email);
  expect(await submit(page, 'Send link og kode')).toBe(200);
  const { code, link } = await signInEmailInBrowser(browser, origin, email, { ignoreHTTPSErrors: true });
  expect(link.startsWith(`${origin}/log-ind/bekraeft?`)).toBe(true);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  expect(await submit(page, 'Log ind')).toBe(303);
  await expect(page).toHaveURL(`${origin}${EVENT}/galleri`);
  const cookies = await page.context().cookies(origin);
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies)
    expect({ name: cookie.name, secure: cookie.secure }).toEqual({ name: cookie.name, secure: true });

  // Book a gallery round: the form's script posts to the JSON endpoint through the proxy (the fast lane takes
  // our origin from the proxy's headers), then opens the https:// page with the outcome.
  const [booked] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
    page
      .getByRole('button', { name: /^Book plads/ })
      .first()
      .click(),
  ]);
  expect({ url: booked.url(), status: booked.status() }).toEqual({
    url: `${origin}/api/booking?lang=da`,
    status: 200,
  });
  await page.waitForURL(new RegExp(`^${origin}${EVENT}/galleri\\?booking=confirmed`));
  await expect(page.getByRole('status').filter({ hasText: 'Du har fået en plads.' })).toBeVisible();
});

test('the proxy keeps the origin check: a cross-site post and a forged host are refused', async ({ request }) => {
  const crossSite = await throughProxy('POST', '/log-ind?_action=auth.requestSignIn', {
    headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=nobody%40e2e-kommune.dk',
  });
  expect(crossSite.status).toBe(403);
  // A forwarded host other than SITE_URL's is dropped (nginx overwrites it, and the app would too),
  // so the page's links keep the real origin.
  const forged = await throughProxy('GET', `${EVENT}/`, { headers: { 'x-forwarded-host': 'evil.example' } });
  expect(forged.status).toBe(200);
  expect(forged.body).not.toContain('evil.example');
  expect(forged.body).toContain(`hreflang="en" href="${proxy.origin}/en${EVENT}/"`);
  // Where no proxy is trusted (the suite's own server, TRUSTED_PROXY_HOPS=0), forwarded headers are nobody's word.
  const base = process.env.E2E_BASE_URL!;
  const direct = await request.get(`${base}${EVENT}/`, {
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
  });
  const html = await direct.text();
  expect(html).not.toContain('evil.example');
  expect(html).toContain(`hreflang="en" href="${base}/en${EVENT}/"`);
  expect(direct.headers()['strict-transport-security']).toBeUndefined();
});

test('the dev mailbox opens to this machine, not to a client elsewhere behind the proxy', async ({ request }) => {
  // Through nginx from this machine: the forwarded client is 127.0.0.1.
  const local = await throughProxy('GET', '/dev/mailbox');
  expect(local.status).toBe(200);
  expect(local.body).toContain('Dev-postkasse');
  // As the proxy would forward a client from elsewhere, whatever that client wrote itself.
  for (const forwardedFor of ['203.0.113.9', '127.0.0.1, 203.0.113.9']) {
    for (const path of ['/dev/mailbox', '/en/dev/mailbox']) {
      const remote = await request.get(`${server.baseUrl}${path}`, { headers: { 'x-forwarded-for': forwardedFor } });
      expect({ path, forwardedFor, status: remote.status() }).toEqual({ path, forwardedFor, status: 404 });
      expect(await remote.text()).not.toContain('Dev-postkasse');
    }
  }
});
