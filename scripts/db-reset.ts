// `npm run db:reset`: deletes the embedded database so the next start creates,
// migrates and seeds it again. Refuses to touch an external DATABASE_URL.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { readEnv } from '../src/lib/config.ts';

const env = readEnv();
if (env.DATABASE_URL) {
  console.error(
    'samspil: db:reset only resets the embedded database; unset DATABASE_URL or reset that server yourself.',
  );
  process.exit(1);
}
const dir = path.resolve(env.SAMSPIL_DATA_DIR, 'pg');
await rm(dir, { recursive: true, force: true });
console.log(`samspil: removed ${dir}; the next \`npm start\` creates, migrates and seeds it again.`);
