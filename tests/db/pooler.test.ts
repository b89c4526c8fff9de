// The migration runner, the seed and the app's transactions through a real
// transaction-mode pooler (PgBouncer, as Supabase's port 6543), where
// consecutive statements of one client may run on different server
// connections: concurrent starts apply each file once and leave no lock held.
import { afterAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/lib/config.ts';
import { asUser, connect } from '../../src/lib/db/db.server.ts';
import { bootstrapIfVanilla, migrate, readMigrations, seedOnce } from '../../src/lib/db/migrate.ts';
import { prepareDatabase } from '../../src/lib/db/prepare.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { startPgBouncer } from '../fixtures/pgbouncer.ts';

const files = await readMigrations();

describe('three instances starting at once through PgBouncer in transaction mode', async () => {
  const { sql, url } = await freshDatabase({ template: null });
  // Two server connections for six clients: their statements are spread over both.
  const bouncer = await startPgBouncer({ upstream: url, poolSize: 2 });
  afterAll(() => bouncer.stop());

  it('apply each migration once, seed once, and leave no advisory lock held', async () => {
    const instances = [1, 2, 3].map(() => connect(bouncer.url, { max: 2, pooler: true }));
    try {
      await Promise.all(instances.map((db) => bootstrapIfVanilla(db)));
      const results = await Promise.all(instances.map((db) => migrate(db)));
      const seeded = await Promise.all(instances.map((db) => seedOnce(db)));

      const applied = results.flatMap((result) => result.applied);
      expect(applied.sort()).toEqual(files.map((file) => `${file.version}_${file.name}`));
      for (const result of results) expect(result.applied.length + result.alreadyApplied).toBe(files.length);
      expect(seeded.filter(Boolean)).toHaveLength(1);
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from samspil_meta.migrations`;
      expect(row!.n).toBe(files.length);
      // The runner's lock is transaction-scoped: nothing outlives its transaction on a pooled connection.
      expect(
        await sql`select pid from pg_locks where locktype = 'advisory'
                   and database = (select oid from pg_database where datname = current_database())`,
      ).toEqual([]);

      // A restarted instance finds everything applied, without waiting on anything.
      const again = await migrate(instances[0]!);
      expect(again).toEqual({ applied: [], alreadyApplied: files.length });
    } finally {
      await Promise.all(instances.map((db) => db.end({ timeout: 5 })));
    }
  });

  it('keeps role and claims inside their transaction: the next one on the same server connection has none', async () => {
    const db = connect(bouncer.url, { max: 4, pooler: true });
    try {
      const sub = '00000000-0000-4000-8000-0000000000aa';
      const claims = { role: 'authenticated', sub, email: 'pooled@example.org', aud: 'authenticated' } as const;
      const inside = await Promise.all(
        Array.from({ length: 8 }, () =>
          asUser(
            claims,
            (tx) => tx<{ uid: string; role: string }[]>`select auth.uid() as uid, current_user as role`,
            db,
          ),
        ),
      );
      for (const [row] of inside) expect(row).toEqual({ uid: sub, role: 'authenticated' });
      const outside = await Promise.all(
        Array.from(
          { length: 8 },
          () => db<{ uid: string | null; role: string }[]>`select auth.uid() as uid, current_user as role`,
        ),
      );
      for (const [row] of outside) expect(row).toEqual({ uid: null, role: 'postgres' });
    } finally {
      await db.end({ timeout: 5 });
    }
  });
});

describe('DATABASE_MIGRATION_URL beside a transaction pooler', async () => {
  const { sql, url } = await freshDatabase({ template: null });
  const bouncer = await startPgBouncer({ upstream: url, poolSize: 2 });
  afterAll(() => bouncer.stop());

  it('migrates over the direct connection while another instance migrates through the pooler, once', async () => {
    const pooled = { DATABASE_URL: bouncer.url, DATABASE_POOLER: 'true', SEED_DEMO: 'true' };
    const lines: string[][] = [[], []];
    const prepared = await Promise.all([
      prepareDatabase(readEnv({ ...pooled, DATABASE_MIGRATION_URL: url }), (line) => lines[0]!.push(line)),
      prepareDatabase(readEnv(pooled), (line) => lines[1]!.push(line)),
    ]);

    // The app itself keeps DATABASE_URL (the pooler); only the start's migrations took the other road.
    expect(prepared.map((database) => database.url)).toEqual([bouncer.url, bouncer.url]);
    const applied = lines.flat().map((line) => Number(/Applied (\d+) migration/.exec(line)?.[1] ?? 0));
    expect(applied.reduce((sum, n) => sum + n, 0)).toBe(files.length);
    expect(lines.flat().filter((line) => line === 'Seeded the demo event')).toHaveLength(1);
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from samspil_meta.migrations`;
    expect(row!.n).toBe(files.length);
    expect(
      await sql`select pid from pg_locks where locktype = 'advisory'
                 and database = (select oid from pg_database where datname = current_database())`,
    ).toEqual([]);
  });

  it('is refused with the variable named when it is not a Postgres URL', () => {
    expect(() => readEnv({ DATABASE_MIGRATION_URL: 'http://example.org' })).toThrow(/DATABASE_MIGRATION_URL/);
  });
});
