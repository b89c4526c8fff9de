// The one way the app talks to Postgres. Every user request runs in a
// transaction that takes on the caller's role and JWT claims exactly as
// PostgREST does, so row-level security decides what it may see and change.
import postgres from 'postgres';
import { readEnv } from '../config.ts';

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

export function connect(url: string, options: { max?: number; pooler?: boolean } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    // Transaction-mode poolers (Supabase's on port 6543) cannot keep prepared statements.
    prepare: !options.pooler,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: 'samspil' },
  });
}

let pool: Sql | undefined;

/** The process-wide pool, opened on first use from DATABASE_URL. */
export function sql(): Sql {
  if (!pool) {
    const env = readEnv();
    if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set; start the app with `npm start` or `npm run dev`.');
    pool = connect(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, pooler: env.DATABASE_POOLER });
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
  return db.begin(async (tx) => {
    await tx`select set_config('role', ${claims.role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return work(tx);
  }) as Promise<T>;
}

/** Runs `work` with the service role. Only for server jobs: webhooks, the outbox worker, seeding. */
export function asService<T>(work: (tx: Tx) => Promise<T>, db: Sql = sql()): Promise<T> {
  return db.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify({ role: 'service_role' })}, true)`;
    return work(tx);
  }) as Promise<T>;
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
