// `npm run dev`: the same database preparation as `npm start`, then Astro's dev server.
import { dev } from 'astro';
import { readEnv } from '../src/lib/config.ts';
import { prepareDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';

try {
  const env = readEnv();
  const database = await prepareDatabase(env, (line) => console.log(`samspil: ${line}`));
  process.env.DATABASE_URL = database.url;
  const server = await dev({ root: process.cwd(), server: { port: env.PORT } });
  const stop = async () => {
    await server.stop();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  console.error(`samspil: ${startupErrorMessage(error) ?? String((error as Error).stack ?? error)}`);
  process.exit(1);
}
