// The one way the app talks to Postgres. Every user request runs in a
// transaction that takes on the caller's role and JWT claims exactly as
// PostgREST does, so row-level security decides what it may see and change.
import postgres from 'postgres';
import { readEnv } from '../config.ts';
import { DatabaseTimeoutError } from './outage.ts';

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Supabase-shaped claims; the database cannot tell embedded and hosted auth apart. */
export type Claims =
  { role: 'anon' } | { role: 'authenticated'; sub: string; email?: string; aud: 'authenticated'; exp?: number };

export const ANON: Claims = { role: 'anon' };

/** The claims of a signed-in user: what every use case that acts for someone takes. */
export type SignedIn = Extract<Claims, { role: 'authenticated' }>;

export function isSignedIn(claims: Claims): claims is SignedIn {
  return claims.role === 'authenticated';
}

export interface ConnectOptions {
  max?: number;
  /** How the connections name themselves to Postgres (pg_stat_activity); default 'samspil'. */
  applicationName?: string;
  pooler?: boolean;
  /** Seconds to wait for a new connection before giving up (default 10). */
  connectTimeoutSeconds?: number;
  /**
   * Per transaction of asUser/asService: the server's statement_timeout and a
   * client-side deadline for the whole transaction, queueing for a connection
   * included. Unset: no limits (tests, migrations, scripts).
   */
  timeouts?: TransactionTimeouts;
}

export interface TransactionTimeouts {
  statementMs: number;
  transactionMs: number;
}

const timeoutsOf = new WeakMap<Sql, TransactionTimeouts>();

export function connect(url: string, options: ConnectOptions = {}): Sql {
  const db = postgres(url, {
    max: options.max ?? 10,
    // Transaction-mode poolers (Supabase's on port 6543) cannot keep prepared statements.
    prepare: !options.pooler,
    idle_timeout: 30,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    // Seconds before a failed connection tries again. The driver's default grows to 20 s, so
    // requests would wait out their deadline and recovery lag the database's return; at most 1 s.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'samspil' },
  });
  if (options.timeouts) timeoutsOf.set(db, options.timeouts);
  return db;
}

let pool: Sql | undefined;
let poolName = 'samspil';

/** Names the process-wide pool's connections (before its first use): the jobs process's are 'samspil-jobs'. */
export function setPoolApplicationName(name: string): void {
  poolName = name;
}

/** The process-wide pool, opened on first use from DATABASE_URL. */
export function sql(): Sql {
  if (!pool) {
    const env = readEnv();
    if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set; start the app with `npm start` or `npm run dev`.');
    pool = connect(env.DATABASE_URL, {
      max: env.DATABASE_POOL_MAX,
      pooler: env.DATABASE_POOLER,
      connectTimeoutSeconds: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
      applicationName: poolName,
      timeouts: { statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS, transactionMs: env.DATABASE_TRANSACTION_TIMEOUT_MS },
    });
  }
  return pool;
}

export async function closePool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.end({ timeout: 5 });
}

/** Runs `work` as the given user, under RLS, in one transaction. */
export function asUser<T>(claims: Claims, work: (tx: Tx) => Promise<T>, db: Sql = sql()): Promise<T> {
  return inTransaction(db, claims.role, claims, work);
}

/**
 * Like asUser, for a response that streams rows from a cursor while the
 * client downloads them (exports): the transaction lives as long as the
 * download, so it gets `STREAM_TRANSACTION_MS` for its statement (a cursor is
 * one statement until its last row) and for the whole transaction instead of
 * the pool's request-sized limits.
 */
export function asUserStreaming<T>(claims: Claims, work: (tx: Tx) => Promise<T>, db: Sql = sql()): Promise<T> {
  const limits = timeoutsOf.get(db);
  const long = limits ? { statementMs: STREAM_TRANSACTION_MS, transactionMs: STREAM_TRANSACTION_MS } : undefined;
  return inTransaction(db, claims.role, claims, work, long);
}

/** How long a streamed download may take before it is cut off (ten minutes). */
export const STREAM_TRANSACTION_MS = 600_000;

/** Runs `work` with the service role. Only for server jobs: webhooks, the outbox worker, seeding. */
export function asService<T>(work: (tx: Tx) => Promise<T>, db: Sql = sql()): Promise<T> {
  return inTransaction(db, 'service_role', { role: 'service_role' }, work);
}

/**
 * One transaction in the given role. With the pool's timeouts, a statement
 * the server works on too long is cancelled there (statement_timeout, set
 * locally in the same round trip as the role, so it works through a
 * transaction pooler), and a server that does not answer at all (frozen, or
 * a network that drops packets) fails the caller at the deadline instead of
 * hanging. A transaction the caller has given up on never commits: it rolls
 * back once the server answers again.
 */
function inTransaction<T>(
  db: Sql,
  role: string,
  claims: object,
  work: (tx: Tx) => Promise<T>,
  limits: TransactionTimeouts | undefined = timeoutsOf.get(db),
): Promise<T> {
  let expired = false;
  const run = db.begin(async (tx) => {
    if (expired) throw new DatabaseTimeoutError();
    await (limits
      ? tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('statement_timeout', ${String(limits.statementMs)}, true)`
      : tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`);
    const result = await work(tx);
    if (expired) throw new DatabaseTimeoutError();
    return result;
  }) as Promise<T>;
  if (!limits) return run;
  // The caller has its answer (a 503) by then; what the transaction does later only matters to it.
  run.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new DatabaseTimeoutError());
    }, limits.transactionMs);
  });
  return Promise.race([run, deadline]).finally(() => clearTimeout(timer));
}

/**
 * One statement as the given user, under RLS, in a transaction of its own
 * that travels in one write: BEGIN, the role and claims, the statement and
 * COMMIT leave together (postgres.js pipelines them on one reserved
 * connection) and come back together. One round trip instead of four; and a
 * row lock the statement takes is held only until the server reaches the
 * COMMIT already waiting behind it — never across a round trip to this
 * process, whose event loop may be busy with other requests. That is what
 * lets a thousand bookings of one gallery round pass its session row quickly.
 * A failed statement aborts the transaction, so the COMMIT rolls it back.
 *
 * With the pool's timeouts the server cancels a slow statement as asUser
 * does, and the transaction carries the caller's deadline (less a margin for
 * the answer's way back): if the server only gets to it after the caller has
 * given up (a frozen database), a check in front of the COMMIT aborts it, so
 * it rolls back instead of committing. Once the server has passed that check
 * the caller waits a grace period for the COMMIT's answer rather than answer
 * a 503 for a booking that is being made.
 * Through a transaction pooler (no prepared statements) postgres.js waits for
 * each statement's description first: still correct, just more round trips.
 */
export function asUserInOneTrip<T extends readonly object[]>(
  claims: Claims,
  statement: (tx: Sql) => postgres.PendingQuery<T>,
  db: Sql = sql(),
): Promise<T> {
  return inOneTrip(db, claims.role, claims, statement);
}

/** Like asUserInOneTrip, with the service role: for a server step such as taking a rate limit. */
export function asServiceInOneTrip<T extends readonly object[]>(
  statement: (tx: Sql) => postgres.PendingQuery<T>,
  db: Sql = sql(),
): Promise<T> {
  return inOneTrip(db, 'service_role', { role: 'service_role' }, statement);
}

function inOneTrip<T extends readonly object[]>(
  db: Sql,
  role: string,
  claims: object,
  statement: (tx: Sql) => postgres.PendingQuery<T>,
  limits: TransactionTimeouts | undefined = timeoutsOf.get(db),
): Promise<T> {
  const started = Date.now();
  // The server must have passed its check a while before the caller gives up,
  // so that its answer is back by then (a commit under load takes its time).
  const deadline = limits ? new Date(started + limits.transactionMs - commitMargin(limits)) : undefined;
  // Set once the server passed the deadline check: it is committing, and its answer is on the way.
  let committing = false;
  const run = (async () => {
    const tx = await db.reserve();
    try {
      if (deadline && Date.now() > deadline.getTime()) throw new DatabaseTimeoutError();
      const check = deadline ? tx`select private.commit_before(${deadline})` : undefined;
      const steps: Promise<unknown>[] = [
        tx`begin`,
        limits
          ? tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('statement_timeout', ${String(limits.statementMs)}, true)`
          : tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`,
        statement(tx),
        ...(check ? [check] : []),
        tx`commit`,
      ];
      // postgres.js sends a query when its `then` is first called: call them here, in this order.
      // Every step settles (the COMMIT of an aborted transaction rolls back) before the connection goes back.
      const outcomes = steps.map((step) =>
        step.then(
          (value) => ({ status: 'fulfilled' as const, value }),
          (reason: unknown) => ({ status: 'rejected' as const, reason }),
        ),
      );
      if (check) void outcomes[3]!.then((outcome) => (committing = outcome.status === 'fulfilled'));
      const settled = await Promise.all(outcomes);
      const failed = settled.find((step) => step.status === 'rejected');
      if (failed) throw failed.reason;
      return (settled[2] as { value: T }).value;
    } finally {
      tx.release();
    }
  })();
  if (!limits) return run;
  run.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    let graceGiven = false;
    const expire = () =>
      // Answers already read from the socket are handled first (setImmediate runs after I/O):
      // a transaction the server is committing gets a grace period instead of a 503 it would contradict.
      setImmediate(() => {
        if (committing && !graceGiven) {
          graceGiven = true;
          timer = setTimeout(expire, commitMargin(limits) * 4);
        } else {
          reject(new DatabaseTimeoutError());
        }
      });
    timer = setTimeout(expire, limits.transactionMs);
  });
  return Promise.race([run, timedOut]).finally(() => clearTimeout(timer));
}

/** How long before the caller's deadline the server must have checked it: a quarter, at most a second. */
function commitMargin(limits: TransactionTimeouts): number {
  return Math.min(1000, limits.transactionMs / 4);
}

/**
 * A step of a user's transaction that only the service role may take (queueing
 * an email, offering a freed seat), in the same transaction so it commits or
 * rolls back with the user's change. Switches back afterwards; a failed step
 * aborts the whole transaction, so there is nothing to switch back then.
 */
export async function withServiceRole<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const [current] = await tx<{ role: string }[]>`select current_setting('role') as role`;
  await tx`select set_config('role', 'service_role', true)`;
  const result = await work();
  await tx`select set_config('role', ${current!.role}, true)`;
  return result;
}
