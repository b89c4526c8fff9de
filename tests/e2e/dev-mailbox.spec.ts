// The dev mailbox shows every live sign-in code, so a site with a public
// origin never shows it: not to this machine, not with the development flag.
// (Loopback and a remote client behind a trusted proxy: behind-proxy.spec.ts.)
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { expect, test } from './fixtures.ts';

let server: TestServer;

// Playwright hands hooks their fixtures first; this one needs none.
// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-e2e-public-${process.pid}`),
    env: { SITE_URL: 'https://innovationsdag.dk', DEV_MAILBOX_REMOTE: 'true' },
  });
});

test.afterAll(async () => {
  await server?.stop();
});

test('a site with a public SITE_URL never shows the dev mailbox, not even to this machine', async ({ request }) => {
  // An email in the mailbox first, so a leak would have something to show.
  const signIn = await request.post(`${server.baseUrl}/log-ind?_action=auth.requestSignIn`, {
    form: { email: 'offentlig@e2e-kommune.dk', next: '/min-side' },
    headers: { origin: server.baseUrl },
  });
  expect(signIn.status()).toBeLessThan(400);
  for (const path of ['/dev/mailbox', '/en/dev/mailbox', '/dev/mailbox/1']) {
    const response = await request.get(`${server.baseUrl}${path}`);
    expect({ path, status: response.status() }).toEqual({ path, status: 404 });
    expect(await response.text()).not.toMatch(/Dev-postkasse|Dev mailbox|offentlig@e2e-kommune\.dk/);
  }
});
