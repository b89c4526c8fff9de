// The migration runner against real, initially empty databases: it applies
// every file once, in order, records checksums, refuses edited history, keeps
// what succeeded when a file fails, and serialises concurrent starts.
import { describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import {
  bootstrapIfVanilla,
  checksumOf,
  migrate,
  MigrationError,
  type MigrationFile,
  readMigrations,
  seedOnce,
} from '../../src/lib/db/migrate.ts';
import { freshDatabase } from '../fixtures/db.ts';

const files = await readMigrations();
const allVersions = files.map((file) => `${file.version}_${file.name}`);

function fakeMigration(version: string, name: string, body: string): MigrationFile {
  return { version, name, body, checksum: checksumOf(body) };
}

async function recorded(sql: Sql) {
  return sql<{ version: string; name: string; checksum: string }[]>`
    select version, name, checksum from samspil_meta.migrations order by version`;
}

async function tableExists(sql: Sql, name: string): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`select to_regclass(${name}) is not null as present`;
  return row!.present;
}

describe('a database migrated from scratch', async () => {
  const { sql } = await freshDatabase({ template: null });

  it('bootstraps and applies every migration file in order', async () => {
    expect(files.length).toBeGreaterThan(0);
    expect(await bootstrapIfVanilla(sql)).toBe('applied');

    const result = await migrate(sql);

    expect(result).toEqual({ applied: allVersions, alreadyApplied: 0 });
    expect(await tableExists(sql, 'public.events')).toBe(true);
  });

  it('records each file with the checksum of its contents', async () => {
    const rows = await recorded(sql);
    expect(rows).toEqual(files.map(({ version, name, body }) => ({ version, name, checksum: checksumOf(body) })));
  });

  it('applies nothing on a second run', async () => {
    expect(await migrate(sql)).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it('treats Windows line endings as the same file', async () => {
    const crlf = files.map((file) => fakeMigration(file.version, file.name, file.body.replace(/\n/g, '\r\n')));
    expect(await migrate(sql, crlf)).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it('refuses an edited applied migration, names it, and changes nothing', async () => {
    const edited = files[files.length - 1]!;
    const before = await recorded(sql);
    const list = [
      ...files.slice(0, -1),
      fakeMigration(edited.version, edited.name, `${edited.body}\n-- a later edit\n`),
      fakeMigration('29991231000000', 'would_be_next', 'create table public.would_be_next (id int);'),
    ];

    const attempt = migrate(sql, list);

    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(`${edited.version}_${edited.name}.sql has changed`);
    expect(await recorded(sql)).toEqual(before);
    expect(await tableExists(sql, 'public.would_be_next')).toBe(false);
  });

  it('seeds only once', async () => {
    const countEvents = async () => (await sql<{ n: number }[]>`select count(*)::int as n from public.events`)[0]!.n;

    expect(await seedOnce(sql)).toBe(true);
    const seededEvents = await countEvents();
    expect(seededEvents).toBeGreaterThan(0);

    expect(await seedOnce(sql)).toBe(false);
    expect(await countEvents()).toBe(seededEvents);
    expect(await sql`select 1 from samspil_meta.seeded`).toHaveLength(1);
  });
});

describe('a migration that fails', async () => {
  const { sql } = await freshDatabase({ template: null });
  const good = fakeMigration('29990101000000', 'good_extra', 'create table public.good_extra (id int);');
  const bad = fakeMigration(
    '29990102000000',
    'bad_extra',
    'create table public.half_done (id int);\nselect no_such_column from public.good_extra;',
  );
  const later = fakeMigration('29990103000000', 'later_extra', 'create table public.later_extra (id int);');

  it('keeps the earlier files applied and records nothing for itself or later files', async () => {
    await bootstrapIfVanilla(sql);

    const attempt = migrate(sql, [...files, good, bad, later]);

    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(/29990102000000_bad_extra\.sql failed: .*no_such_column/);
    expect((await recorded(sql)).map((row) => row.version)).toEqual([...files, good].map((file) => file.version));
    expect(await tableExists(sql, 'public.good_extra')).toBe(true);
    expect(await tableExists(sql, 'public.half_done')).toBe(false);
    expect(await tableExists(sql, 'public.later_extra')).toBe(false);
  });

  it('releases the migration lock so a corrected run can continue', async () => {
    const fixed = fakeMigration(bad.version, bad.name, 'create table public.half_done (id int);');

    const result = await migrate(sql, [...files, good, fixed, later]);

    expect(result).toEqual({
      applied: ['29990102000000_bad_extra', '29990103000000_later_extra'],
      alreadyApplied: files.length + 1,
    });
  });
});

describe('two instances starting at once', async () => {
  const { sql, url } = await freshDatabase({ template: null });

  it('both succeed and each file is applied exactly once', async () => {
    await bootstrapIfVanilla(sql);
    const first = connect(url, { max: 1 });
    const second = connect(url, { max: 1 });
    try {
      const results = await Promise.all([migrate(first), migrate(second)]);

      expect(results.flatMap((result) => result.applied).sort()).toEqual(allVersions);
      // What one instance did not apply itself, it found applied by the other.
      for (const result of results) expect(result.applied.length + result.alreadyApplied).toBe(files.length);
      expect((await recorded(sql)).map((row) => row.version)).toEqual(files.map((file) => file.version));
      expect(
        await sql`select 1 from pg_locks where locktype = 'advisory' and database = (
        select oid from pg_database where datname = current_database())`,
      ).toHaveLength(0);
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });

  it('seed only once between them', async () => {
    const first = connect(url, { max: 1 });
    const second = connect(url, { max: 1 });
    try {
      const results = await Promise.all([seedOnce(first), seedOnce(second)]);

      expect(results.sort()).toEqual([false, true]);
      expect(await sql`select 1 from samspil_meta.seeded`).toHaveLength(1);
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });
});

describe('the local bootstrap', async () => {
  const vanilla = await freshDatabase({ template: null });
  const hosted = await freshDatabase({ template: null });

  it('is idempotent', async () => {
    const { sql } = vanilla;
    expect(await bootstrapIfVanilla(sql)).toBe('applied');
    expect(await bootstrapIfVanilla(sql)).toBe('applied');

    const [row] = await sql<{ users: boolean; uid: boolean; jwt: boolean; role: boolean }[]>`
      select to_regclass('auth.users') is not null as users,
             to_regprocedure('auth.uid()') is not null as uid,
             to_regprocedure('auth.jwt()') is not null as jwt,
             to_regprocedure('auth.role()') is not null as role`;
    expect(row).toEqual({ users: true, uid: true, jwt: true, role: true });
    expect(await migrate(sql)).toMatchObject({ applied: allVersions });
  });

  it('reads claims inside a transaction and none after it, where the setting reads back as empty', async () => {
    const { sql } = vanilla;
    const sub = '00000000-0000-4000-8000-000000000001';
    const conn = await sql.reserve();
    try {
      await conn`begin`;
      await conn`select set_config('request.jwt.claims', ${JSON.stringify({ sub, role: 'authenticated' })}, true)`;
      expect(await conn`select auth.uid() as uid, auth.role() as role`).toEqual([{ uid: sub, role: 'authenticated' }]);
      await conn`commit`;

      expect(await conn`select current_setting('request.jwt.claims', true) as raw`).toEqual([{ raw: '' }]);
      expect(await conn`select auth.uid() as uid, auth.jwt() as jwt`).toEqual([{ uid: null, jwt: null }]);
    } finally {
      conn.release();
    }
  });

  it('leaves a database that already looks like Supabase alone', async () => {
    const { sql } = hosted;
    await sql`create schema auth`;

    expect(await bootstrapIfVanilla(sql)).toBe('skipped');
    expect(await tableExists(sql, 'auth.users')).toBe(false);
    expect(await tableExists(sql, 'samspil_meta.bootstrap')).toBe(false);
  });
});
