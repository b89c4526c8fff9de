// One page of an event's audit log for its organisers, newest first, with
// the names of what the entries mention. Read under RLS as the organiser:
// public.audit_log shows only the events they organise, and people's
// addresses come through private.event_people, which answers that event's
// organisers only.
import { asUser, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import {
  type AuditAction,
  type AuditEntry,
  KNOWN_TABLES,
  LOG_KINDS,
  LOG_PAGE_SIZE,
  type LogFilters,
  type LogNames,
  mentionedIds,
} from './audit-log.ts';

export interface AuditLogPage {
  entries: AuditEntry[];
  total: number;
  names: LogNames;
  /** Everyone who has changed something at the event, for the "who" filter. */
  actors: { id: string; email: string | null }[];
}

interface Row {
  id: string;
  actor_id: string;
  at: Date;
  table_name: string;
  row_key: Record<string, unknown>;
  row_label: string | null;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  total: number;
}

export async function loadAuditLog(
  claims: SignedIn,
  event: { id: string; timeZone: string },
  filters: LogFilters,
  db: Sql = sql(),
): Promise<AuditLogPage> {
  return asUser(
    claims,
    async (tx) => {
      const tables = filters.kind && filters.kind !== 'other' ? [...LOG_KINDS[filters.kind]] : null;
      const rows = await tx<Row[]>`
        select id::text, actor_id, at, table_name, row_key, row_label, action, before, after,
               count(*) over ()::int as total
          from public.audit_log
         where event_id = ${event.id}
           ${filters.actor ? tx`and actor_id = ${filters.actor}` : tx``}
           ${tables ? tx`and table_name = any (${tables}::text[])` : tx``}
           ${filters.kind === 'other' ? tx`and table_name <> all (${[...KNOWN_TABLES]}::text[])` : tx``}
           ${filters.from ? tx`and at >= (${filters.from}::date)::timestamp at time zone ${event.timeZone}` : tx``}
           ${filters.to ? tx`and at < ((${filters.to}::date) + 1)::timestamp at time zone ${event.timeZone}` : tx``}
         order by at desc, id desc
         limit ${LOG_PAGE_SIZE} offset ${(filters.page - 1) * LOG_PAGE_SIZE}`;
      const entries: AuditEntry[] = rows.map((row) => ({
        id: row.id,
        actorId: row.actor_id,
        at: row.at,
        table: row.table_name,
        rowKey: row.row_key,
        label: row.row_label,
        action: row.action,
        before: row.before,
        after: row.after,
      }));
      const actorIds = (
        await tx<{ actor_id: string }[]>`select distinct actor_id from public.audit_log where event_id = ${event.id}`
      ).map((row) => row.actor_id);
      const mentioned = entries.map(mentionedIds);
      const people = await peopleOf(tx, event.id, [...actorIds, ...mentioned.flatMap((m) => m.people)]);
      const things = await thingsOf(
        tx,
        event.id,
        mentioned.flatMap((m) => m.things),
      );
      return {
        entries,
        // A page past the end has no row to carry the count: it shows none and links back.
        total: rows[0]?.total ?? 0,
        names: { things, people },
        actors: actorIds
          .map((id) => ({ id, email: people.get(id) ?? null }))
          .sort((a, b) => (a.email ?? '~').localeCompare(b.email ?? '~')),
      };
    },
    db,
  );
}

async function peopleOf(tx: Tx, eventId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx<{ user_id: string; email: string }[]>`
    select user_id, email from private.event_people(${eventId}, ${unique}::uuid[])`;
  return new Map(rows.map((row) => [row.user_id, row.email]));
}

/** The current names of the rows entries mention, where they still exist. */
async function thingsOf(tx: Tx, eventId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx<{ id: string; name: string }[]>`
    select id, name from public.rooms where event_id = ${eventId} and id = any (${unique}::uuid[])
    union all select id, name from public.tracks where event_id = ${eventId} and id = any (${unique}::uuid[])
    union all select id, title from public.sessions where event_id = ${eventId} and id = any (${unique}::uuid[])
    union all select id, name from public.speakers where event_id = ${eventId} and id = any (${unique}::uuid[])
    union all select id, title from public.solutions where event_id = ${eventId} and id = any (${unique}::uuid[])
    union all select id, name from public.organisations where id = any (${unique}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.name]));
}
