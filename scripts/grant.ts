// `npm run grant -- <email> <role> <event-slug>`: gives someone a role at an
// event, e.g. the first organiser. Uses DATABASE_URL, or the embedded database.
import { readEnv } from '../src/lib/config.ts';
import { connect } from '../src/lib/db/db.server.ts';
import { runningEmbeddedPostgresUrl } from '../src/lib/db/embedded.ts';
import { checkConnection, prepareDatabase, type PreparedDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';
import { GrantError, grantEventRole } from '../src/lib/auth/roles.server.ts';
import { EVENT_ROLES } from '../src/lib/auth/roles.ts';

const USAGE = `Usage: npm run grant -- <email> <role> <event-slug>
Roles: ${EVENT_ROLES.join(', ')}
Example: npm run grant -- anne@kommune.dk organiser velfaerdens-innovationsdag-2027`;

const args = process.argv.slice(2);
if (args.length !== 3 || args.includes('--help') || args.includes('-h')) {
  console.error(USAGE);
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}
const [email, role, eventSlug] = args as [string, string, string];

/** The URL when a server answers there (a stale postmaster.pid after a crash does not). */
async function reachable(url: string | null): Promise<string | null> {
  if (!url) return null;
  return checkConnection(url).then(
    () => url,
    () => null,
  );
}

let exitCode = 0;
try {
  const env = readEnv();
  const supabaseAuth = Boolean(env.SUPABASE_URL);
  // With `npm start` running, its embedded Postgres holds the data directory: use that server.
  const running = env.DATABASE_URL ? null : await reachable(await runningEmbeddedPostgresUrl(env.SAMSPIL_DATA_DIR));
  const database: Pick<PreparedDatabase, 'url' | 'stop'> = running
    ? { url: running, stop: async () => {} }
    : await prepareDatabase(env, (line) => console.log(`samspil: ${line}`));
  const db = connect(database.url, { max: 1, pooler: env.DATABASE_POOLER });
  try {
    const result = await grantEventRole(db, { email, role, eventSlug, createUser: !supabaseAuth });
    const who = `${result.email} (user ${result.userId}${result.userCreated ? ', created now' : ''})`;
    console.log(
      result.granted
        ? `samspil: ${who} is now ${result.role} of ${result.eventSlug}.`
        : `samspil: ${who} was already ${result.role} of ${result.eventSlug}; nothing changed.`,
    );
  } catch (error) {
    if (!(error instanceof GrantError)) throw error;
    console.error(`samspil: ${error.message}`);
    if (error.code === 'invalid_role' || error.code === 'invalid_email') console.error(USAGE);
    exitCode = 1;
  } finally {
    await db.end({ timeout: 5 });
    await database.stop();
  }
} catch (error) {
  console.error(`samspil: ${startupErrorMessage(error) ?? String((error as Error).stack ?? error)}`);
  exitCode = 1;
}
process.exit(exitCode);
