// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the
// embedded database) without starting the web server.
import { readEnv } from '../src/lib/config.ts';
import { prepareDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';

try {
  const env = readEnv({ ...process.env, MIGRATE_ON_START: 'true' });
  const database = await prepareDatabase(env, (line) => console.log(`samspil: ${line}`));
  console.log(`samspil: database is up to date (${JSON.stringify(database.timings)})`);
  await database.stop();
} catch (error) {
  console.error(`samspil: ${startupErrorMessage(error) ?? String((error as Error).stack ?? error)}`);
  process.exit(1);
}
