// Serves the built site (dist/) on a free port against a throwaway embedded
// Postgres that is migrated and seeded, exactly as `npm start` would.
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../../src/lib/db/db.server.ts';
import { makeClusterTemplate, startTestServer } from '../fixtures/server.ts';

export default async function globalSetup() {
  const dataDir = path.join(os.tmpdir(), `samspil-e2e-${process.pid}`);
  // One cluster migrated and seeded once, stopped: this server and every spec that starts a seeded
  // server of its own (limits, outage, page cache, proxy, …) start from a copy of it, not initdb.
  const template = path.join(os.tmpdir(), `samspil-e2e-template-${process.pid}`);
  await makeClusterTemplate(template);
  process.env.E2E_PG_TEMPLATE_DIR = template;
  const server = await startTestServer({
    dataDir,
    template,
    // Every browser test signs in, registers and books from 127.0.0.1; the suite would otherwise
    // meet the per-IP limits meant for one client (sign-in 60 an hour, forms 30 a minute). The
    // per-address and per-person limits stay as they are; tests/e2e/limits.spec.ts runs its own
    // server with the defaults.
    env: {
      AUTH_IP_LIMIT_PER_HOUR: '10000',
      FORM_IP_LIMIT_PER_MINUTE: '10000',
      FORM_IP_LIMIT_PER_HOUR: '100000',
      // Tests change content and look at it the next moment: the page cache asks Postgres for the
      // content version on every request here, instead of trusting one up to a second old.
      // tests/e2e/page-cache.spec.ts runs a server of its own with the default.
      PAGE_CACHE_VERSION_MS: '0',
    },
  });
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_DATABASE_URL = server.databaseUrl;
  // The server's storage folder (tests/fixtures/server.ts), for tests that place files themselves.
  process.env.E2E_STORAGE_DIR = path.join(dataDir, 'storage');
  // The seed dates the demo relative to today (see demo-day.ts); the workers read the day from here.
  const db = connect(server.databaseUrl, { max: 1 });
  const [demo] = await db<{ starts_at: Date }[]>`
    select starts_at from public.events where slug = 'velfaerdens-innovationsdag-2027'`;
  await db.end();
  process.env.E2E_DEMO_STARTS_AT = demo!.starts_at.toISOString();
  return async () => {
    await server.stop();
    await rm(template, { recursive: true, force: true });
  };
}
