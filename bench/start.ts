// `npm run bench:start`: how long `npm start` takes until the server answers
// GET /api/health/ready with 200 — the time a person waits after typing it.
// First start: no build (dist/ removed) and no database (a new data
// directory: initdb, migrations, demo seed). Warm start: the same directory
// again with nothing changed (BENCH_REPEATS times). Each start is timed from
// the spawn of `npm start` to the first 200, polled every 25 ms, and then
// stopped with SIGTERM.
//
// `node --experimental-strip-types bench/start.ts [checkout]` measures another
// checkout's `npm start` (e.g. an older commit, for a before/after in one run);
// the default is this one. It removes that checkout's dist/ for the first start.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/lib/db/embedded.ts';
import { printSetup } from './lib/setup.ts';

const CHECKOUT = path.resolve(process.argv[2] ?? '.');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/** A start slower than this is given up on (and reported), not waited for. */
const GIVE_UP_SECONDS = Number(process.env.BENCH_START_GIVE_UP_SECONDS ?? 180);
/** The targets of issue #16. */
const WARM_TARGET_SECONDS = 3;
const FIRST_TARGET_SECONDS = 15;

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

/** Runs `npm start` in the checkout until it is ready; returns the seconds it took, then stops it. */
async function timeStart(dataDir: string): Promise<{ seconds: number; output: string }> {
  const port = await freePort();
  const began = performance.now();
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: CHECKOUT,
    env: {
      ...process.env,
      SAMSPIL_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}/api/health/ready`;
  let seconds = Number.NaN;
  while (!exited && performance.now() - began < GIVE_UP_SECONDS * 1000) {
    if (await ready(url)) {
      seconds = (performance.now() - began) / 1000;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!exited) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    // npm and its node child: the whole process group.
    process.kill(-child.pid!, 'SIGTERM');
    await gone;
  }
  // npm may be gone before the embedded Postgres has finished its shutdown; the next start needs it down.
  const pid = path.join(dataDir, 'pg', 'postmaster.pid');
  for (let waited = 0; existsSync(pid) && waited < 30_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (Number.isNaN(seconds)) throw new Error(`npm start in ${CHECKOUT} did not become ready:\n${output}`);
  return { seconds, output };
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samspil-bench-start-'));
// Run as root, the embedded Postgres runs as the `postgres` user, who must reach its directory.
await chmod(dataDir, 0o755);
try {
  console.log(`npm start until /api/health/ready answers 200, in ${CHECKOUT}`);
  await printSetup(null, { concurrency: 1, pool: process.env.DATABASE_POOL_MAX ?? 10, note: 'embedded Postgres' });
  await rm(path.join(CHECKOUT, 'dist'), { recursive: true, force: true });
  const rows = [];
  const loadBefore = () =>
    os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  let load = loadBefore();
  const first = await timeStart(path.join(dataDir, 'data'));
  const built = /building the site|astro build|\[build\] Complete!/.test(first.output);
  const firstReady = /samspil: ready in .*/.exec(first.output)?.[0];
  console.log(`first start: ${built ? 'built the site' : 'NO BUILD SEEN'}; ${firstReady ?? 'no ready line'}`);
  rows.push({
    start: 'first (no build, no database)',
    seconds: Number(first.seconds.toFixed(2)),
    target: `≤ ${FIRST_TARGET_SECONDS} s`,
    met: first.seconds <= FIRST_TARGET_SECONDS ? 'met' : 'MISSED',
    'load before': load,
  });
  for (let n = 1; n <= REPEATS; n += 1) {
    load = loadBefore();
    const warm = await timeStart(path.join(dataDir, 'data'));
    rows.push({
      start: `warm #${n} (nothing changed)`,
      seconds: Number(warm.seconds.toFixed(2)),
      target: `≤ ${WARM_TARGET_SECONDS} s`,
      met: warm.seconds <= WARM_TARGET_SECONDS ? 'met' : 'MISSED',
      'load before': load,
    });
    if (n === REPEATS) {
      const line = /samspil: ready in .*/.exec(warm.output)?.[0];
      if (line) console.log(`the server's own account of the last warm start: ${line}`);
    }
  }
  console.table(rows);
} finally {
  await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
}
