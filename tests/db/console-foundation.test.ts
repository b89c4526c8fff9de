// The console's two shared rules (migration 20261203110000): row versions for
// optimistic concurrency, and the append-only audit log the triggers fill.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type Claims, type Tx } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { rolledBack, sqlState, type TransactionRunner } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

const person = (name: string) => {
  const id = randomUUID();
  const email = `${name}@revision.dk`;
  const claims: Claims = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims, run: ((work) => asUser(claims, work, sql)) as TransactionRunner };
};
const organiser = person('organisator');
const staff = person('tjekind');
const otherOrganiser = person('anden');

let world: EventWorld;
let other: EventWorld;

/** Runs `work` as the superuser with `who`'s claims set, as a security-definer function would run. */
const actingAs = <T>(who: { claims: Claims } | null, work: (tx: Tx) => Promise<T>) =>
  sql.begin(async (tx) => {
    if (who) await tx`select set_config('request.jwt.claims', ${JSON.stringify(who.claims)}, true)`;
    return work(tx);
  }) as Promise<T>;

const versionOf = async (id: string) =>
  (await sql<{ version: number }[]>`select version from public.sessions where id = ${id}`)[0]!.version;

const auditOf = (rowId: string) =>
  sql<
    {
      actor_id: string;
      table_name: string;
      action: string;
      row_label: string | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[]
  >`select actor_id, table_name, action::text, row_label, before, after
    from public.audit_log where row_key ->> 'id' = ${rowId} order by id`;

beforeAll(async () => {
  for (const p of [organiser, staff, otherOrganiser]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  world = await insertEventWorld(sql, { slug: 'revision-a', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'revision-b', status: 'published' });
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.id}, 'organiser'),
      (${world.eventId}, ${staff.id}, 'checkin_staff'),
      (${other.eventId}, ${otherOrganiser.id}, 'organiser')`;
});

describe('row versions', () => {
  it('rise by one when an editable column changes', async () => {
    const before = await versionOf(world.keynoteId);
    await sql`update public.sessions set title = 'Åbning' where id = ${world.keynoteId}`;
    expect(await versionOf(world.keynoteId)).toBe(before + 1);
  });

  it('stay put when only counters move (a booking never invalidates an open form)', async () => {
    const before = await versionOf(world.keynoteId);
    await sql`update public.sessions set seats_taken = seats_taken + 1 where id = ${world.keynoteId}`;
    await sql`update public.sessions set seats_taken = seats_taken - 1, calendar_version = calendar_version + 1
              where id = ${world.keynoteId}`;
    expect(await versionOf(world.keynoteId)).toBe(before);
  });

  it('cannot be set by hand', async () => {
    const before = await versionOf(world.keynoteId);
    await sql`update public.sessions set version = 1000 where id = ${world.keynoteId}`;
    expect(await versionOf(world.keynoteId)).toBe(before);
  });

  it('make the second of two saves from the same version miss (no silent overwrite)', async () => {
    const shown = await versionOf(world.keynoteId);
    const save = (title: string) =>
      sql`update public.sessions set title = ${title} where id = ${world.keynoteId} and version = ${shown} returning id`;
    const [first, second] = await Promise.all([save('Først'), save('Anden')]);
    expect([first.length, second.length].sort()).toEqual([0, 1]);
    const [row] = await sql<{ title: string }[]>`select title from public.sessions where id = ${world.keynoteId}`;
    expect(row!.title).toBe(first.length === 1 ? 'Først' : 'Anden');
  });

  it('are on every table the console edits', async () => {
    const rows = await sql<{ table: string }[]>`
      select c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where t.tgfoid = 'private.bump_version'::regproc order by 1`;
    expect(rows.map((r) => r.table)).toEqual([
      'attendee_notes',
      'awards',
      'broadcasts',
      'event_reminders',
      'events',
      'invoice_settings',
      'materials',
      'review_criteria',
      'review_scores',
      'rooms',
      'session_drafts',
      'sessions',
      'speaker_emails',
      'speakers',
      'survey_questions',
      'takeaway_article_images',
      'takeaway_articles',
      'ticket_types',
      'tickets',
      'tracks',
    ]);
  });
});

describe('the audit log', () => {
  it("records who changed what: before → after of the changed columns only, with the row's name", async () => {
    await actingAs(organiser, (tx) => tx`update public.rooms set capacity = 120 where id = ${world.roomId}`);
    const entries = await auditOf(world.roomId);
    expect(entries.at(-1)).toEqual({
      actor_id: organiser.id,
      table_name: 'rooms',
      action: 'update',
      row_label: 'Sal A',
      before: { capacity: 100 },
      after: { capacity: 120 },
    });
  });

  it('records inserts and deletes as whole rows, and composite keys', async () => {
    const trackId = await actingAs(organiser, async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        insert into public.tracks (event_id, slug, name) values (${world.eventId}, 'nyt-spor', 'Nyt spor') returning id`;
      await tx`delete from public.tracks where id = ${row!.id}`;
      await tx`delete from public.session_speakers where session_id = ${world.keynoteId}`;
      return row!.id;
    });
    const entries = await auditOf(trackId);
    expect(entries.map((e) => e.action)).toEqual(['insert', 'delete']);
    expect(entries[0]!.before).toBeNull();
    expect(entries[0]!.after).toMatchObject({ name: 'Nyt spor', slug: 'nyt-spor' });
    expect(entries[1]!.before).toMatchObject({ name: 'Nyt spor' });
    expect(entries[1]!.after).toBeNull();
    const [speakerEntry] = await sql<{ row_key: Record<string, string> }[]>`
      select row_key from public.audit_log where table_name = 'session_speakers'`;
    expect(speakerEntry!.row_key).toEqual({ session_id: world.keynoteId, speaker_id: world.speakerId });
  });

  it('ignores counters, writes that change nothing, and changes without a person (jobs, the seed)', async () => {
    const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from public.audit_log`)[0]!.n;
    const before = await count();
    await actingAs(
      organiser,
      (tx) => tx`update public.sessions set seats_taken = seats_taken + 1 where id = ${world.keynoteId}`,
    );
    await actingAs(organiser, (tx) => tx`update public.rooms set capacity = capacity where id = ${world.roomId}`);
    await actingAs(null, (tx) => tx`update public.rooms set capacity = 90 where id = ${world.spareRoomId}`);
    expect(await count()).toBe(before);
  });

  it("is readable by the event's organisers only", async () => {
    await actingAs(otherOrganiser, (tx) => tx`update public.rooms set capacity = 33 where id = ${other.spareRoomId}`);
    const seen = (run: TransactionRunner) =>
      run((tx) => tx<{ event_id: string }[]>`select distinct event_id from public.audit_log order by 1`);
    expect((await seen(organiser.run)).map((r) => r.event_id)).toEqual([world.eventId]);
    expect((await seen(otherOrganiser.run)).map((r) => r.event_id)).toEqual([other.eventId]);
    expect(await seen(staff.run)).toEqual([]);
    expect(await sqlState(asUser({ role: 'anon' }, (tx) => tx`select * from public.audit_log`, sql))).toBe('42501');
  });

  it('is append-only: nobody writes, changes or deletes entries, the service role included', async () => {
    const [entry] = await sql<
      { id: string }[]
    >`select id from public.audit_log where event_id = ${world.eventId} limit 1`;
    const tries = (run: TransactionRunner) => [
      () => run((tx) => tx`update public.audit_log set actor_id = ${staff.id} where id = ${entry!.id}`),
      () => run((tx) => tx`delete from public.audit_log where id = ${entry!.id}`),
      () => run((tx) => tx`truncate public.audit_log`),
      () =>
        run(
          (tx) => tx`
            insert into public.audit_log (event_id, actor_id, table_name, row_key, action)
            values (${world.eventId}, ${organiser.id}, 'rooms', '{}', 'update')`,
        ),
    ];
    const service: TransactionRunner = (work) => asService(work, sql);
    for (const attempt of [...tries(organiser.run), ...tries(service)]) {
      expect(await sqlState(attempt())).toBe('42501');
    }
  });

  it('never blocks deleting an event or a person whose changes it records', async () => {
    const doomed = await insertEventWorld(sql, { slug: 'revision-slettes', status: 'draft' });
    const leaving = person('forlader');
    await sql`insert into auth.users (id, email) values (${leaving.id}, ${leaving.email})`;
    await sql`insert into public.event_roles (event_id, user_id, role) values (${doomed.eventId}, ${leaving.id}, 'organiser')`;
    await rolledBack(sql, async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(leaving.claims)}, true)`;
      await tx`delete from auth.users where id = ${leaving.id}`;
      await tx`delete from public.events where id = ${doomed.eventId}`;
      const [row] = await tx<{ n: number }[]>`
        select count(*)::int as n from public.audit_log where event_id = ${doomed.eventId} and actor_id = ${leaving.id}`;
      // The role, the event and its rows: recorded, and nothing refused.
      expect(row!.n).toBeGreaterThan(3);
    });
  });
});
