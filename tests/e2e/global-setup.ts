// Serves the built site (dist/) on a free port against a throwaway embedded
// Postgres that is migrated and seeded, exactly as `npm start` would.
import os from 'node:os';
import path from 'node:path';
import { connect } from '../../src/lib/db/db.server.ts';
import { startTestServer } from '../fixtures/server.ts';

export default async function globalSetup() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-e2e-${process.pid}`),
    // Every browser test signs in from 127.0.0.1; the suite's sign-ins would otherwise meet the
    // per-IP hourly limit (60) meant for one client. The per-address limits stay as they are.
    env: { AUTH_IP_LIMIT_PER_HOUR: '10000' },
  });
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_DATABASE_URL = server.databaseUrl;
  // The seed dates the demo relative to today (see demo-day.ts); the workers read the day from here.
  const db = connect(server.databaseUrl, { max: 1 });
  const [demo] = await db<{ starts_at: Date }[]>`
    select starts_at from public.events where slug = 'velfaerdens-innovationsdag-2027'`;
  await db.end();
  process.env.E2E_DEMO_STARTS_AT = demo!.starts_at.toISOString();
  return async () => {
    await server.stop();
  };
}
