// `npm run dev`: the same database preparation as `npm start`, then Astro's dev server. The
// background jobs (the same list as a server's jobs process, scripts/jobs-process.ts) run in this
// process: without a forwarder, a request's kick runs where it is made.
import { dev } from 'astro';
import { readEnv } from '../src/lib/config.ts';
import { prepareDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';
import { loadJobs } from './jobs-process.ts';

try {
  const env = readEnv();
  const log = (line: string) => console.log(`samspil: ${line}`);
  const database = await prepareDatabase(env, log);
  process.env.DATABASE_URL = database.url;
  process.env.SAMSPIL_DATABASE_MODE = database.mode;
  const jobs = (await loadJobs())(log);
  const server = await dev({ root: process.cwd(), server: { port: env.PORT } });
  const stop = async () => {
    await server.stop();
    for (const job of jobs) await job.stop().catch(() => {});
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  console.error(`samspil: ${startupErrorMessage(error) ?? String((error as Error).stack ?? error)}`);
  process.exit(1);
}
