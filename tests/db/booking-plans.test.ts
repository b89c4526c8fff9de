// The booking rush's plans without statistics (#16,
// 20261205300100_booking_plans_without_statistics.sql): a batch of bookings
// reads what its index lookups find, never a whole table, even when the
// tables' statistics are gone — as on a new installation's first day, or when
// a rush fills a table faster than autovacuum analyses it. What a batch read
// is counted by Postgres itself inside the batch's transaction
// (pg_stat_xact_all_tables), so this checks plans, not time.
import { beforeAll, describe, expect, it } from 'vitest';
import { formRateRules } from '../../src/lib/limits/form-limits.ts';
import { worldAt } from '../fixtures/clock.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 2 });
const TABLES = ['public.bookings', 'private.rate_limit_hits', 'private.auth_sessions'];
const PEOPLE = 150;

let eventId: string;
let people: Attendee[];
let authSessions: Map<string, string>;

beforeAll(async () => {
  eventId = (await insertEventWorld(sql, { slug: 'booking-plans', status: 'published' })).eventId;
  await sql`update public.events set max_gallery_rounds_per_attendee = null where id = ${eventId}`;
  people = await insertAttendees(sql, { eventId, count: PEOPLE, tag: 'plans' });
  const rows = await sql<{ user_id: string; id: string }[]>`
    select u as user_id, private.start_auth_session(u, interval '1 hour') as id
      from unnest(${people.map((person) => person.userId)}::uuid[]) u`;
  authSessions = new Map(rows.map((row) => [row.user_id, row.id]));
  // Nothing analyses these tables behind the test's back.
  for (const table of TABLES) await sql.unsafe(`alter table ${table} set (autovacuum_enabled = false)`);
});

/** Forgets every statistic of the rush's tables, as if they had never been analysed. */
async function forgetStatistics(): Promise<void> {
  for (const table of TABLES) {
    const [schema, name] = table.split('.') as [string, string];
    await sql`select pg_clear_relation_stats(${schema}, ${name})`;
    await sql`
      select pg_clear_attribute_stats(${schema}, ${name}, a.attname, false)
        from pg_attribute a
       where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped`;
  }
}

/** One batch as the web tier sends it (each item's rate limit and session check), and what it read. */
async function batch(sessionId: string, round: number) {
  const items = people.map((person, index) => {
    const rules = formRateRules(
      'booking',
      { ip: `10.${round}.${index >> 8}.${index & 255}`, userId: person.userId },
      { FORM_IP_LIMIT_PER_MINUTE: 1_000, FORM_IP_LIMIT_PER_HOUR: 10_000, BOOKING_USER_LIMIT_PER_MINUTE: 60 },
    );
    return {
      claims: JSON.stringify(person.claims),
      event_id: eventId,
      session_id: sessionId,
      swap: false,
      auth_session: { id: authSessions.get(person.userId), user_id: person.userId },
      limit: {
        buckets: rules.map((rule) => rule.bucket),
        limits: rules.map((rule) => rule.limit),
        windows: rules.map((rule) => rule.windowSeconds),
      },
    };
  });
  // The counts are this connection's since its last report to the statistics system (which waits
  // for an idle moment), so the batch's own are the difference across its transaction.
  const counted = (tx: typeof sql) => tx<{ relation: string; seq_scan: number; rows_scanned: number }[]>`
    select t.relation, coalesce(s.seq_scan, 0)::int as seq_scan, coalesce(s.seq_tup_read, 0)::int as rows_scanned
      from unnest(${TABLES}::text[]) with ordinality t(relation, n)
      left join pg_stat_xact_all_tables s on s.schemaname || '.' || s.relname = t.relation
     order by t.n`;
  return sql.begin(async (tx) => {
    const before = await counted(tx as unknown as typeof sql);
    await tx`set local role service_role`;
    const [row] = await tx<{ answers: { result: { code: string } | null }[] }[]>`
      select private.book_sessions(${tx.json(items)}) as answers`;
    await tx`reset role`;
    const after = await counted(tx as unknown as typeof sql);
    return {
      codes: row!.answers.map((answer) => answer.result?.code),
      read: after.map((table, index) => ({
        relation: table.relation,
        seq_scan: table.seq_scan - before[index]!.seq_scan,
        rows_scanned: table.rows_scanned - before[index]!.rows_scanned,
      })),
    };
  });
}

async function round(hour: number, capacity: number): Promise<string> {
  const at = (minutes: number) => worldAt(`${String(hour).padStart(2, '0')}:${minutes === 0 ? '00' : '30'}`);
  return insertBookableSession(sql, { eventId, slug: `plans-${hour}`, startsAt: at(0), endsAt: at(30), capacity });
}

describe('a booking batch without statistics', () => {
  it('reads no table of the rush whole: every booking is index lookups', async () => {
    // A first rush fills the tables (and their statistics say nothing of it).
    expect((await batch(await round(9, 30), 1)).codes.filter((code) => code === 'confirmed')).toHaveLength(30);
    await forgetStatistics();
    const second = await batch(await round(10, 30), 2);
    expect(second.codes.filter((code) => code === 'confirmed')).toHaveLength(30);
    expect(second.codes.filter((code) => code === 'waitlisted')).toHaveLength(PEOPLE - 30);
    expect(second.read).toEqual(TABLES.map((relation) => ({ relation, seq_scan: 0, rows_scanned: 0 })));
  });
});
