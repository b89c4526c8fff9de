// `npm start`: database first (embedded unless DATABASE_URL is set), then the
// built Astro server. Exits with one clear line when something is wrong.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readEnv } from '../src/lib/config.ts';
import { closePool } from '../src/lib/db/db.server.ts';
import { startOutboxWorker } from '../src/lib/mail/worker.server.ts';
import { startBookingJobs } from '../src/lib/booking/jobs.server.ts';
import { startCheckInJobs } from '../src/lib/checkin/jobs.server.ts';
import { startStorageJobs } from '../src/lib/storage/jobs.server.ts';
import { startRegistrationJobs } from '../src/lib/registration/jobs.server.ts';
import { startRetentionJob } from '../src/lib/privacy/retention.server.ts';
import { startAfterDayJobs } from '../src/lib/after-day/thank-you.server.ts';
import { startReminderJobs } from '../src/lib/broadcast/reminder.server.ts';
import { prepareDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';
import { refuseOversizedBody } from '../src/lib/limits/body-limit.ts';
import { FORWARDED_HEADERS, forwardedHeaders } from '../src/lib/site/network.ts';

function fail(message: string): never {
  console.error(`samspil: ${message}`);
  process.exit(1);
}

async function main() {
  const began = performance.now();
  const env = readEnv();
  const entry = path.resolve('dist/server/entry.mjs');
  if (!existsSync(entry)) fail('no build found in dist/; run `npm run build` (or `npm start`, which builds first).');

  const database = await prepareDatabase(env, (line) => console.log(`samspil: ${line}`));
  process.env.DATABASE_URL = database.url;
  process.env.SAMSPIL_DATABASE_MODE = database.mode;
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: http.RequestListener };

  // Astro trusts forwarded headers on every request (security.allowedDomains in astro.config.mjs);
  // here each request keeps only those its trusted proxies vouch for (TRUSTED_PROXY_HOPS, SITE_URL).
  const policy = { trustedHops: env.TRUSTED_PROXY_HOPS, siteUrl: env.SITE_URL };
  const server = http.createServer((req, res) => {
    if (refuseOversizedBody(req, res, env.REQUEST_BODY_LIMIT_BYTES)) return;
    const trusted = forwardedHeaders(req.headers, policy);
    for (const name of FORWARDED_HEADERS) delete req.headers[name];
    Object.assign(req.headers, trusted);
    handler(req, res);
  });
  // Sends what requests wrote to the outbox, after their commits; every instance runs one.
  const outbox = startOutboxWorker({ log: (line) => console.log(`samspil: ${line}`) });
  // Releases expired seat holds, passes waitlist offers on, queues order confirmations, executes refunds.
  const registrationJobs = startRegistrationJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const bookingJobs = startBookingJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const checkInJobs = startCheckInJobs({ log: (line) => console.log(`samspil: ${line}`) });
  // Deletes stored files whose rows are gone (materials removed, events deleted).
  const storageJobs = startStorageJobs({ log: (line) => console.log(`samspil: ${line}`) });
  // Anonymises attendees of events whose retention period has run out.
  const retentionJob = startRetentionJob({ log: (line) => console.log(`samspil: ${line}`) });
  // The thank-you email the morning after an event.
  const afterDayJobs = startAfterDayJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const reminderJobs = startReminderJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const shutdown = async (code = 0) => {
    server.close();
    server.closeAllConnections();
    await outbox.stop().catch(() => {});
    await registrationJobs.stop().catch(() => {});
    await bookingJobs.stop().catch(() => {});
    await checkInJobs.stop().catch(() => {});
    await storageJobs.stop().catch(() => {});
    await retentionJob.stop().catch(() => {});
    await afterDayJobs.stop().catch(() => {});
    await reminderJobs.stop().catch(() => {});
    await closePool().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(code);
  };
  server.on('error', async (error: NodeJS.ErrnoException) => {
    const message =
      error.code === 'EADDRINUSE'
        ? `port ${env.PORT} is already in use; stop the other process or set PORT to a free port.`
        : error.code === 'EACCES'
          ? `no permission to listen on port ${env.PORT}; choose a port above 1023 with PORT.`
          : `could not listen on ${env.HOST}:${env.PORT}: ${error.message}`;
    console.error(`samspil: ${message}`);
    await shutdown(1);
  });
  server.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const seconds = ((performance.now() - began) / 1000).toFixed(2);
    console.log(`samspil: ready in ${seconds}s (${database.mode} database ${JSON.stringify(database.timings)})`);
    console.log(`samspil: serving http://localhost:${port}`);
  });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

main().catch((error: unknown) => {
  const message = startupErrorMessage(error);
  if (message) fail(message);
  console.error(error);
  fail('unexpected error during start (see above).');
});
