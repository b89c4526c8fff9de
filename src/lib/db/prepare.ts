// Gets a database ready for the app: DATABASE_URL if set, otherwise the
// embedded Postgres under SAMSPIL_DATA_DIR; then checks the connection,
// bootstraps a vanilla server, applies pending migrations and seeds a new one.
import { ConfigError, describeDatabaseUrl, type Env } from '../config.ts';
import { connect } from './db.server.ts';
import { EmbeddedPostgresError, startEmbeddedPostgres, stopOrphanedPostgres } from './embedded.ts';
import { bootstrapIfVanilla, MigrationError, migrate, pendingMigrations, seedOnce } from './migrate.ts';

export interface PreparedDatabase {
  url: string;
  mode: 'embedded' | 'external';
  timings: Record<string, number>;
  stop(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

/** The one-line message for a failure we expect at start, or null for a bug. */
export function startupErrorMessage(error: unknown): string | null {
  const expected = [ConfigError, DatabaseUnavailableError, MigrationError, EmbeddedPostgresError];
  return expected.some((kind) => error instanceof kind) ? (error as Error).message : null;
}

export async function checkConnection(url: string): Promise<void> {
  const probe = connect(url, { max: 1 });
  try {
    await probe`select 1`;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const reason = err.code && !/^\d/.test(err.code) ? `${err.code}: ${err.message}` : err.message;
    throw new DatabaseUnavailableError(`Cannot reach the database at ${describeDatabaseUrl(url)} (${reason})`);
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

export async function prepareDatabase(env: Env, log: (line: string) => void = () => {}): Promise<PreparedDatabase> {
  const timings: Record<string, number> = {};
  let started = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - started);
    started = now;
  };

  let url = env.DATABASE_URL;
  let stop = async () => {};
  let mode: PreparedDatabase['mode'] = 'external';
  if (!url) {
    if ((await stopOrphanedPostgres(env.SAMSPIL_DATA_DIR, log)) === 'stopped') lap('orphan stopped');
    const embedded = await startEmbeddedPostgres({ dir: env.SAMSPIL_DATA_DIR, persistent: true });
    url = embedded.url;
    stop = embedded.stop;
    mode = 'embedded';
    lap(embedded.created ? 'initdb+start' : 'start');
    log(`${embedded.created ? 'Created' : 'Started'} the embedded Postgres in ${env.SAMSPIL_DATA_DIR}/pg`);
  }

  try {
    await checkConnection(url);
    // Migrations may take another road than the app's requests (a session connection beside a
    // transaction pooler); the embedded database has only the one.
    const migrationUrl = (mode === 'external' && env.DATABASE_MIGRATION_URL) || url;
    if (migrationUrl !== url) await checkConnection(migrationUrl);
    const db = connect(migrationUrl, { max: 1, pooler: env.DATABASE_POOLER });
    try {
      if ((await bootstrapIfVanilla(db)) === 'applied') lap('bootstrap');
      if (env.MIGRATE_ON_START || mode === 'embedded') {
        const result = await migrate(db);
        lap('migrate');
        if (result.applied.length > 0) log(`Applied ${result.applied.length} migration(s)`);
      } else {
        const pending = await pendingMigrations(db);
        if (pending.length > 0) {
          throw new MigrationError(
            `${pending.length} migration(s) pending and MIGRATE_ON_START=false; run \`npm run db:migrate\` first.`,
          );
        }
      }
      if ((mode === 'embedded' || env.SEED_DEMO) && (await seedOnce(db))) {
        lap('seed');
        log('Seeded the demo event');
      }
    } finally {
      await db.end({ timeout: 5 });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, mode, timings, stop };
}
