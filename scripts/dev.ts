// `npm run dev`: the same database preparation as `npm start`, then Astro's dev server.
import { dev } from 'astro';
import { readEnv } from '../src/lib/config.ts';
import { startOutboxWorker } from '../src/lib/mail/worker.server.ts';
import { startBookingJobs } from '../src/lib/booking/jobs.server.ts';
import { startCheckInJobs } from '../src/lib/checkin/jobs.server.ts';
import { startStorageJobs } from '../src/lib/storage/jobs.server.ts';
import { startRegistrationJobs } from '../src/lib/registration/jobs.server.ts';
import { startRetentionJob } from '../src/lib/privacy/retention.server.ts';
import { startAfterDayJobs } from '../src/lib/after-day/thank-you.server.ts';
import { startInvoiceReminderJobs } from '../src/lib/invoice/reminders.server.ts';
import { prepareDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';

try {
  const env = readEnv();
  const database = await prepareDatabase(env, (line) => console.log(`samspil: ${line}`));
  process.env.DATABASE_URL = database.url;
  process.env.SAMSPIL_DATABASE_MODE = database.mode;
  const outbox = startOutboxWorker({ log: (line) => console.log(`samspil: ${line}`) });
  const registrationJobs = startRegistrationJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const bookingJobs = startBookingJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const checkInJobs = startCheckInJobs({ log: (line) => console.log(`samspil: ${line}`) });
  // Deletes stored files whose rows are gone (materials removed, events deleted).
  const storageJobs = startStorageJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const retentionJob = startRetentionJob({ log: (line) => console.log(`samspil: ${line}`) });
  const afterDayJobs = startAfterDayJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const invoiceReminderJobs = startInvoiceReminderJobs({ log: (line) => console.log(`samspil: ${line}`) });
  const server = await dev({ root: process.cwd(), server: { port: env.PORT } });
  const stop = async () => {
    await server.stop();
    await outbox.stop();
    await registrationJobs.stop();
    await bookingJobs.stop();
    await checkInJobs.stop();
    await storageJobs.stop();
    await retentionJob.stop();
    await afterDayJobs.stop();
    await invoiceReminderJobs.stop();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  console.error(`samspil: ${startupErrorMessage(error) ?? String((error as Error).stack ?? error)}`);
  process.exit(1);
}
