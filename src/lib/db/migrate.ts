// Applies the Supabase-layout migrations to any Postgres: pending files in
// order, each in its own transaction, recorded with a checksum. A changed file
// that has already been applied stops the start with a message naming it.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from './db.server.ts';

export const SUPABASE_DIR = path.resolve(import.meta.dirname, '../../../supabase');

export interface MigrationFile {
  version: string;
  name: string;
  checksum: string;
  body: string;
}

export class MigrationError extends Error {}

const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export function checksumOf(body: string): string {
  return createHash('sha256').update(body.replace(/\r\n/g, '\n')).digest('hex');
}

export async function readMigrations(dir = path.join(SUPABASE_DIR, 'migrations')): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const fileName of names) {
    const match = FILE_PATTERN.exec(fileName);
    if (!match)
      throw new MigrationError(`Migration file name ${fileName} must look like <14-digit timestamp>_<name>.sql`);
    const body = await readFile(path.join(dir, fileName), 'utf8');
    files.push({ version: match[1]!, name: match[2]!, checksum: checksumOf(body), body });
  }
  return files;
}

/** A vanilla Postgres has no `auth` schema; Supabase always has one. */
export async function looksLikeSupabase(db: Sql): Promise<boolean> {
  const [row] = await db`select exists (select 1 from pg_namespace where nspname = 'auth') as present`;
  return Boolean(row?.present);
}

const BOOTSTRAP_MARKER = 'samspil_meta.bootstrap';

/** Makes a vanilla Postgres look like Supabase to the migrations. Never touches a hosted project. */
export async function bootstrapIfVanilla(db: Sql): Promise<'applied' | 'skipped'> {
  const [row] = await db`select to_regclass(${BOOTSTRAP_MARKER}) is not null as ours`;
  if (!row?.ours && (await looksLikeSupabase(db))) return 'skipped';
  const body = await readFile(path.join(SUPABASE_DIR, 'local', 'bootstrap.sql'), 'utf8');
  await db.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('samspil.bootstrap'))`;
    await tx.unsafe(body);
    await tx.unsafe(
      `create schema if not exists samspil_meta; create table if not exists ${BOOTSTRAP_MARKER} (applied_at timestamptz not null default now())`,
    );
  });
  return 'applied';
}

export interface MigrateResult {
  /** Files this run applied, in order. */
  applied: string[];
  /** Files found applied: before this run, or by another instance while this one waited for the lock. */
  alreadyApplied: number;
}

const MIGRATE_LOCK = "hashtext('samspil.migrate')";

/**
 * Several app instances may start at once: each file is applied by whoever
 * holds the migration lock first, and the others find it recorded. The lock
 * is transaction-scoped (`pg_advisory_xact_lock`) and taken inside the very
 * transaction that checks and applies one file, so it ends with that
 * transaction on whatever server connection ran it. A session-level lock and
 * its unlock may land on different server connections behind a
 * transaction-mode pooler (PgBouncer, Supabase's port 6543), leaving the lock
 * held by an idle pooled connection and the next instance waiting forever.
 */
export async function migrate(db: Sql, files?: MigrationFile[]): Promise<MigrateResult> {
  const migrations = files ?? (await readMigrations());
  // `create … if not exists` is not safe against a concurrent create of the same name: under the lock.
  await db.begin(async (tx) => {
    await tx.unsafe(`select pg_advisory_xact_lock(${MIGRATE_LOCK})`);
    await tx.unsafe(`
      create schema if not exists samspil_meta;
      revoke all on schema samspil_meta from public;
      create table if not exists samspil_meta.migrations (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      );`);
  });
  const rows = await db<{ version: string; name: string; checksum: string }[]>`
    select version, name, checksum from samspil_meta.migrations order by version`;
  const recorded = new Map(rows.map((row) => [row.version, row]));
  for (const file of migrations) {
    const seen = recorded.get(file.version);
    if (seen && seen.checksum !== file.checksum) {
      throw new MigrationError(
        `Migration ${file.version}_${file.name}.sql has changed since it was applied. ` +
          'Never edit an applied migration: restore it and add a new migration instead.',
      );
    }
  }
  const pushedBySupabaseCli = await supabaseCliVersions(db);
  const applied: string[] = [];
  let alreadyApplied = recorded.size;
  for (const file of migrations) {
    if (recorded.has(file.version)) continue;
    const run = !pushedBySupabaseCli.has(file.version);
    let outcome: 'applied' | 'recorded elsewhere';
    try {
      outcome = (await db.begin(async (tx) => {
        await tx.unsafe(`select pg_advisory_xact_lock(${MIGRATE_LOCK})`);
        // Another instance may have applied it while this one waited for the lock.
        const [other] = await tx<{ checksum: string }[]>`
          select checksum from samspil_meta.migrations where version = ${file.version}`;
        if (other) return 'recorded elsewhere';
        if (run) await tx.unsafe(file.body);
        await tx`insert into samspil_meta.migrations (version, name, checksum) values (${file.version}, ${file.name}, ${file.checksum})`;
        return 'applied';
      })) as typeof outcome;
    } catch (error) {
      throw new MigrationError(`Migration ${file.version}_${file.name}.sql failed: ${(error as Error).message}`);
    }
    if (outcome === 'recorded elsewhere') alreadyApplied += 1;
    else if (run) applied.push(`${file.version}_${file.name}`);
  }
  return { applied, alreadyApplied };
}

/** Versions that `supabase db push` already applied, so we record rather than re-run them. */
async function supabaseCliVersions(tx: Sql): Promise<Set<string>> {
  const [row] = await tx`select to_regclass('supabase_migrations.schema_migrations') is not null as present`;
  if (!row?.present) return new Set();
  const rows = await tx.unsafe<{ version: string }[]>('select version from supabase_migrations.schema_migrations');
  return new Set(rows.map((r) => r.version));
}

/** Seeds once per database: the marker row is written in the seed's own transaction. */
export async function seedOnce(db: Sql): Promise<boolean> {
  const body = await readFile(path.join(SUPABASE_DIR, 'seed.sql'), 'utf8');
  return db.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('samspil.seed'))`;
    await tx.unsafe(
      'create schema if not exists samspil_meta; create table if not exists samspil_meta.seeded (seeded_at timestamptz not null default now())',
    );
    const [done] = await tx`select 1 from samspil_meta.seeded`;
    if (done) return false;
    await tx.unsafe(body);
    await tx`insert into samspil_meta.seeded default values`;
    return true;
  }) as Promise<boolean>;
}

/** Migration files not yet recorded in the database. */
export async function pendingMigrations(db: Sql, files?: MigrationFile[]): Promise<MigrationFile[]> {
  const migrations = files ?? (await readMigrations());
  const [table] = await db`select to_regclass('samspil_meta.migrations') is not null as present`;
  if (!table?.present) return migrations;
  const rows = await db<{ version: string }[]>`select version from samspil_meta.migrations`;
  const recorded = new Set(rows.map((row) => row.version));
  return migrations.filter((file) => !recorded.has(file.version));
}
