// `npm run grant -- <email> <role> <event-slug>`: gives someone a role at an
// event, e.g. the first organiser; `npm run grant -- <email> event_creator
// <organisation> [sector]` lets someone create events for an organisation
// (created with the sector when it does not exist yet). Uses DATABASE_URL,
// or the embedded database.
import { readEnv } from '../src/lib/config.ts';
import { connect } from '../src/lib/db/db.server.ts';
import { runningEmbeddedPostgresUrl } from '../src/lib/db/embedded.ts';
import { checkConnection, prepareDatabase, type PreparedDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';
import { GrantError, grantEventCreator, grantEventRole } from '../src/lib/auth/roles.server.ts';
import { EVENT_ROLES } from '../src/lib/auth/roles.ts';
import { SECTORS } from '../src/lib/events/events.ts';

const USAGE = `Usage: npm run grant -- <email> <role> <event-slug>
       npm run grant -- <email> event_creator <organisation> [sector]
Roles at an event: ${EVENT_ROLES.join(', ')}
event_creator may create events for the organisation in the console (/konsol);
an organisation not found by name is created when its sector is given.
Sectors: ${SECTORS.join(', ')}
Examples: npm run grant -- anne@kommune.dk organiser velfaerdens-innovationsdag-2027
          npm run grant -- anne@kommune.dk event_creator "Københavns Kommune" kommune`;

const args = process.argv.slice(2);
const creator = args[1] === 'event_creator';
const arity = creator ? args.length === 3 || args.length === 4 : args.length === 3;
if (!arity || args.includes('--help') || args.includes('-h')) {
  console.error(USAGE);
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}
const [email, role, target, sector] = args as [string, string, string, string | undefined];

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
    if (creator) {
      const result = await grantEventCreator(db, { email, organisation: target, sector, createUser: !supabaseAuth });
      const who = `${result.email} (user ${result.userId}${result.userCreated ? ', created now' : ''})`;
      const where = `${result.organisationName}${result.organisationCreated ? ' (organisation created now)' : ''}`;
      console.log(
        result.granted
          ? `samspil: ${who} may now create events for ${where}.`
          : `samspil: ${who} could already create events for ${where}; nothing changed.`,
      );
    } else {
      const result = await grantEventRole(db, { email, role, eventSlug: target, createUser: !supabaseAuth });
      const who = `${result.email} (user ${result.userId}${result.userCreated ? ', created now' : ''})`;
      console.log(
        result.granted
          ? `samspil: ${who} is now ${result.role} of ${result.eventSlug}.`
          : `samspil: ${who} was already ${result.role} of ${result.eventSlug}; nothing changed.`,
      );
    }
  } catch (error) {
    if (!(error instanceof GrantError)) throw error;
    console.error(`samspil: ${error.message}`);
    if (error.code === 'invalid_role' || error.code === 'invalid_email' || error.code === 'invalid_sector') {
      console.error(USAGE);
    }
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
