// `npm run serve` (and `npm start`, through scripts/start.ts): database first
// (embedded unless DATABASE_URL is set), then the built Astro server behind the
// public page cache. Exits with one clear line when something is wrong.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readEnv } from '../src/lib/config.ts';
import { closePool, sql } from '../src/lib/db/db.server.ts';
import { prepareDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';
import { refuseOversizedBody } from '../src/lib/limits/body-limit.ts';
import { FORWARDED_HEADERS, forwardedHeaders } from '../src/lib/site/network.ts';
import { ContentVersion } from '../src/lib/site/page-cache.ts';
import { withPageCache } from '../src/lib/site/page-cache.server.ts';

function fail(message: string): never {
  console.error(`samspil: ${message}`);
  process.exit(1);
}

interface Job {
  stop(): Promise<void>;
}

/**
 * The background loops every instance runs. Loading them (mail templates, QR
 * codes, PDFs) is most of a warm start's work, so it begins at once and
 * overlaps the database's start; they run from just before the server listens.
 */
async function loadJobs(): Promise<(log: (line: string) => void) => Job[]> {
  const [mail, registration, booking, checkIn, storage, retention, afterDay, reminder, invoiceReminders] =
    await Promise.all([
      import('../src/lib/mail/worker.server.ts'),
      import('../src/lib/registration/jobs.server.ts'),
      import('../src/lib/booking/jobs.server.ts'),
      import('../src/lib/checkin/jobs.server.ts'),
      import('../src/lib/storage/jobs.server.ts'),
      import('../src/lib/privacy/retention.server.ts'),
      import('../src/lib/after-day/thank-you.server.ts'),
      import('../src/lib/broadcast/reminder.server.ts'),
      import('../src/lib/invoice/reminders.server.ts'),
    ]);
  return (log) => [
    // Sends what requests wrote to the outbox, after their commits; every instance runs one.
    mail.startOutboxWorker({ log }),
    // Releases expired seat holds, passes waitlist offers on, queues order confirmations, executes refunds.
    registration.startRegistrationJobs({ log }),
    booking.startBookingJobs({ log }),
    checkIn.startCheckInJobs({ log }),
    // Deletes stored files whose rows are gone (materials removed, events deleted).
    storage.startStorageJobs({ log }),
    // Anonymises attendees of events whose retention period has run out.
    retention.startRetentionJob({ log }),
    // The thank-you email the morning after an event.
    afterDay.startAfterDayJobs({ log }),
    reminder.startReminderJobs({ log }),
    // Reminders for overdue invoices, once a day through the job queue.
    invoiceReminders.startInvoiceReminderJobs({ log }),
  ];
}

export interface ServeOptions {
  /** When the start began (scripts/start.ts counts its own work). */
  began?: number;
  /** A build running meanwhile (scripts/start.ts): the server waits for it after the database is ready. */
  build?: Promise<void> | undefined;
}

export async function serve(options: ServeOptions = {}) {
  const began = options.began ?? performance.now();
  const env = readEnv();
  const entry = path.resolve('dist/server/entry.mjs');
  if (!options.build && !existsSync(entry)) {
    fail('no build found in dist/; run `npm run build` (or `npm start`, which builds first).');
  }

  const jobsLoaded = loadJobs();
  // Awaited below; this keeps a failure meanwhile from counting as unhandled.
  jobsLoaded.catch(() => {});
  const database = await prepareDatabase(env, (line) => console.log(`samspil: ${line}`));
  process.env.DATABASE_URL = database.url;
  process.env.SAMSPIL_DATABASE_MODE = database.mode;
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  if (options.build) {
    const built = await options.build.then(
      () => null,
      (error: unknown) => error,
    );
    if (built) {
      await database.stop().catch(() => {});
      fail(`the build failed (${built instanceof Error ? built.message : String(built)}); see its output above.`);
    }
  }
  const { handler: astro } = (await import(pathToFileURL(entry).href)) as { handler: http.RequestListener };
  // Anonymous public pages from memory, checked against the content version Postgres raises on every change.
  const handler = env.PAGE_CACHE
    ? withPageCache(astro, {
        version: new ContentVersion({
          maxAgeMs: env.PAGE_CACHE_VERSION_MS,
          read: async () => {
            const [row] = await sql()<{ version: string }[]>`
              select version::text as version from private.public_content_version`;
            if (!row) throw new Error('no public content version');
            return row.version;
          },
        }),
      })
    : astro;

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
  const jobs = (await jobsLoaded)((line) => console.log(`samspil: ${line}`));
  const shutdown = async (code = 0) => {
    server.close();
    server.closeAllConnections();
    for (const job of jobs) await job.stop().catch(() => {});
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

export function serveOrFail(options: ServeOptions = {}): void {
  serve(options).catch((error: unknown) => {
    const message = startupErrorMessage(error);
    if (message) fail(message);
    console.error(error);
    fail('unexpected error during start (see above).');
  });
}

// Run directly (`node scripts/serve.ts`), not imported by scripts/start.ts. (import.meta.main is
// newer than the Node 22.12 we support.)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) serveOrFail();
