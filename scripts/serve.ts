// `npm run serve` (and `npm start`, through scripts/start.ts): database first
// (embedded unless DATABASE_URL is set), then the built Astro server behind the
// public page cache. Exits with one clear line when something is wrong.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Env, readEnv } from '../src/lib/config.ts';
import { closePool, sql } from '../src/lib/db/db.server.ts';
import { type PreparedDatabase, prepareDatabase, startupErrorMessage } from '../src/lib/db/prepare.ts';
import { ContentVersion } from '../src/lib/site/page-cache.ts';
import { withPageCache } from '../src/lib/site/page-cache.server.ts';
import { isKick, setKickForwarder } from '../src/lib/jobs/kicks.ts';
import { frontDoor } from './front-door.ts';
import { type JobsProcess, startJobsProcess } from './jobs-process.ts';

/** Connections the kernel may hold for accepting; capped by net.core.somaxconn. */
export const LISTEN_BACKLOG = 4096;

/** The line a failed listen prints. */
export function listenFailure(env: Env, error: NodeJS.ErrnoException): string {
  return error.code === 'EADDRINUSE'
    ? `port ${env.PORT} is already in use; stop the other process or set PORT to a free port.`
    : error.code === 'EACCES'
      ? `no permission to listen on port ${env.PORT}; choose a port above 1023 with PORT.`
      : `could not listen on ${env.HOST}:${env.PORT}: ${error.message}`;
}

function fail(message: string): never {
  console.error(`samspil: ${message}`);
  process.exit(1);
}

/**
 * The HTTP server of one process: the front door (body limit, trusted
 * forwarded headers, the booking fast lane), then the built Astro handler
 * behind the public page cache. Used by
 * the single-process server and by each worker (scripts/serve-worker.ts).
 */
export async function httpServer(env: Env): Promise<http.Server> {
  const entry = path.resolve('dist/server/entry.mjs');
  const { handler: astro } = (await import(pathToFileURL(entry).href)) as { handler: http.RequestListener };
  // Anonymous public pages from memory, checked against the content version Postgres raises on every change.
  const handler = env.PAGE_CACHE
    ? withPageCache(astro, {
        version: new ContentVersion({
          maxAgeMs: env.PAGE_CACHE_VERSION_MS,
          read: async () => {
            const [row] = await sql()<{ version: string }[]>`
              select version::text as version from private.public_content_version`;
            if (!row) throw new Error('no public content version');
            return row.version;
          },
        }),
      })
    : astro;

  return http.createServer(frontDoor(env, handler));
}

export interface ServeOptions {
  /** When the start began (scripts/start.ts counts its own work). */
  began?: number;
  /** A build running meanwhile (scripts/start.ts): the server waits for it after the database is ready. */
  build?: Promise<void> | undefined;
}

export async function serve(options: ServeOptions = {}) {
  const began = options.began ?? performance.now();
  const env = readEnv();
  const entry = path.resolve('dist/server/entry.mjs');
  if (!options.build && !existsSync(entry)) {
    fail('no build found in dist/; run `npm run build` (or `npm start`, which builds first).');
  }

  const database = await prepareDatabase(env, (line) => console.log(`samspil: ${line}`));
  process.env.DATABASE_URL = database.url;
  process.env.SAMSPIL_DATABASE_MODE = database.mode;
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  if (options.build) {
    const built = await options.build.then(
      () => null,
      (error: unknown) => error,
    );
    if (built) {
      await database.stop().catch(() => {});
      fail(`the build failed (${built instanceof Error ? built.message : String(built)}); see its output above.`);
    }
  }
  const log = (line: string) => console.log(`samspil: ${line}`);
  // The background jobs, in their own process (scripts/jobs-process.ts); it loads while this one does.
  const jobs = startJobsProcess({ log });
  const workers = env.WEB_CONCURRENCY;
  if (workers > 1) return servePrimary({ began, database, jobs, workers, log });
  setKickForwarder((kick) => jobs.send(kick));
  const server = await httpServer(env);
  const shutdown = async (code = 0) => {
    const jobsStopped = jobs.stop();
    server.close();
    server.closeAllConnections();
    await jobsStopped;
    await closePool().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(code);
  };
  server.on('error', async (error: NodeJS.ErrnoException) => {
    console.error(`samspil: ${listenFailure(env, error)}`);
    await shutdown(1);
  });
  // A rush opens many connections at once: Node's default accept queue (511) overflowed under
  // 1,000 simultaneous bookings, and every dropped SYN waited out TCP's 1-3-7 s retransmit while
  // the server sat idle (docs/ARCHITECTURE.md, "Booking in a rush"). The kernel caps it at
  // net.core.somaxconn (docs/DEPLOY.md).
  server.listen({ port: env.PORT, host: env.HOST, backlog: LISTEN_BACKLOG }, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const seconds = ((performance.now() - began) / 1000).toFixed(2);
    console.log(`samspil: ready in ${seconds}s (${database.mode} database ${JSON.stringify(database.timings)})`);
    console.log(`samspil: serving http://localhost:${port}`);
  });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

/** The first process of a server with WEB_CONCURRENCY > 1: database and jobs here, HTTP in the workers. */
async function servePrimary(options: {
  began: number;
  database: PreparedDatabase;
  jobs: JobsProcess;
  workers: number;
  log: (line: string) => void;
}) {
  const { began, database, jobs, workers, log } = options;
  // The workers accept their connections themselves, from the one listening socket they share.
  // Node's default on Linux (round-robin) accepts every connection here and hands it to a worker
  // over IPC: in a rush of 1,000 new connections that cost the workers a quarter of their CPU and
  // made this process a relay (#16, docs/ARCHITECTURE.md "Booking in a rush").
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./serve-worker.ts', import.meta.url)),
    execArgv: process.execArgv,
  });
  let stopping = false;
  let listening = 0;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await jobs.stop();
    await closePool().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(code);
  };
  const fork = () => {
    const worker = cluster.fork({ SAMSPIL_WORKER: '1' });
    worker.on('message', (message: { listening?: number; failed?: string; kick?: unknown }) => {
      // A worker's kick after its commit goes on to the jobs process.
      if (isKick(message.kick)) jobs.send(message.kick);
      else if (message.failed) {
        console.error(`samspil: ${message.failed}`);
        void shutdown(1);
      } else if (message.listening !== undefined && ++listening === workers) {
        const seconds = ((performance.now() - began) / 1000).toFixed(2);
        log(
          `ready in ${seconds}s (${database.mode} database ${JSON.stringify(database.timings)}; ${workers} HTTP workers)`,
        );
        log(`serving http://localhost:${message.listening}`);
      }
    });
    worker.on('exit', (code) => {
      if (stopping) return;
      // A worker that dies is replaced; one that never started means the setup is wrong.
      if (listening < workers) {
        console.error(`samspil: an HTTP worker exited with ${code} during the start`);
        void shutdown(1);
      } else {
        console.error(`samspil: an HTTP worker exited with ${code}; starting another`);
        fork();
      }
    });
  };
  for (let index = 0; index < workers; index += 1) fork();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

export function serveOrFail(options: ServeOptions = {}): void {
  serve(options).catch((error: unknown) => {
    const message = startupErrorMessage(error);
    if (message) fail(message);
    console.error(error);
    fail('unexpected error during start (see above).');
  });
}

// Run directly (`node scripts/serve.ts`), not imported by scripts/start.ts. (import.meta.main is
// newer than the Node 22.12 we support.)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) serveOrFail();
