// The audit log in human words: which kind of thing a row is, a sentence for
// each entry ("Session 'Keynote' changed: starts 09:00 → 09:30"), its fields'
// before → after, and the page's filters. Pure: no I/O.
import { formatDateTime, formatDkk, formatTime } from '../i18n/format.ts';
import type { Lang } from '../i18n/locales.ts';
import { isMessageKey, type MessageKey, type Translate } from '../i18n/messages.ts';

export type AuditAction = 'insert' | 'update' | 'delete';

export interface AuditEntry {
  id: string;
  actorId: string;
  at: Date;
  table: string;
  rowKey: Record<string, unknown>;
  label: string | null;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The filter's kinds of change, by the tables they cover; 'other' is every table not named here. */
export const LOG_KINDS = {
  event: ['events'],
  programme: ['tracks', 'rooms', 'sessions', 'speakers', 'session_speakers'],
  tickets: ['ticket_types', 'tickets', 'attendee_notes', 'outbox_emails', 'refund_requests'],
  team: ['event_roles', 'team_invitations', 'solution_team_members'],
  gallery: ['gallery_presentations'],
  exports: ['exports'],
  other: [],
} as const satisfies Record<string, readonly string[]>;
export type LogKind = keyof typeof LOG_KINDS;
export const LOG_KIND_NAMES = Object.keys(LOG_KINDS) as LogKind[];
export const KNOWN_TABLES: readonly string[] = Object.values(LOG_KINDS).flat();

export const LOG_PAGE_SIZE = 50;

export interface LogFilters {
  actor: string | null;
  kind: LogKind | null;
  /** Local dates (YYYY-MM-DD) in the event's time zone, both inclusive. */
  from: string | null;
  to: string | null;
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The filters from the page's query (a GET form: a filtered log has its own
 * address). Anything malformed is dropped, and a malformed date is reported
 * so the page can say so at its field.
 */
export function filtersFromQuery(query: URLSearchParams): { filters: LogFilters; badDates: ('from' | 'to')[] } {
  const text = (name: string) => (query.get(name) ?? '').trim();
  const actor = text('hvem');
  const kind = text('hvad');
  const badDates: ('from' | 'to')[] = [];
  const date = (name: string, key: 'from' | 'to') => {
    const value = text(name);
    if (value === '') return null;
    if (validDate(value)) return value;
    badDates.push(key);
    return null;
  };
  const page = Number.parseInt(text('side'), 10);
  return {
    filters: {
      actor: UUID.test(actor) ? actor.toLowerCase() : null,
      kind: (LOG_KIND_NAMES as string[]).includes(kind) ? (kind as LogKind) : null,
      from: date('fra', 'from'),
      to: date('til', 'to'),
      page: Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
    },
    badDates,
  };
}

/** The query of a filtered log page, for its pagination links. */
export function queryFor(filters: LogFilters, page: number): string {
  const query = new URLSearchParams();
  if (filters.actor) query.set('hvem', filters.actor);
  if (filters.kind) query.set('hvad', filters.kind);
  if (filters.from) query.set('fra', filters.from);
  if (filters.to) query.set('til', filters.to);
  if (page > 1) query.set('side', String(page));
  const text = query.toString();
  return text ? `?${text}` : '';
}

// ── Words ──────────────────────────────────────────────────────────────────

/** Names the log can give to ids it finds (rooms, tracks, sessions, …) and people's addresses. */
export interface LogNames {
  things: ReadonlyMap<string, string>;
  people: ReadonlyMap<string, string>;
}

export interface DescribedChange {
  field: string;
  before: string;
  after: string;
}

export interface DescribedEntry {
  summary: string;
  changes: DescribedChange[];
}

/** Columns that say nothing to a reader: keys, bookkeeping, and the event itself. */
const HIDDEN_COLUMNS = new Set([
  'id',
  'event_id',
  'version',
  'created_at',
  'updated_at',
  'invited_by',
  'granted_by',
  'accepted_by',
  'revoked_by',
  'owner_user_id',
  'calendar_version',
  'seats_taken',
  'waitlist_issued',
  'sold',
]);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)$/;

function key(candidate: string): MessageKey | null {
  return isMessageKey(candidate) ? candidate : null;
}

/** A column's label: the dictionary's word, or the column's own name made readable. */
export function fieldLabel(tr: Translate, column: string): string {
  const known = key(`log.field.${column}`);
  return known ? tr(known) : column.replace(/_/g, ' ');
}

function sameLocalDay(a: Date, b: Date, timeZone: string): boolean {
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone });
  return day(a) === day(b);
}

interface ValueContext {
  tr: Translate;
  lang: Lang;
  timeZone: string;
  names: LogNames;
}

/** One value in words; `other` is the value on the other side of the arrow (times of one day show as clock times). */
export function formatValue(column: string, value: unknown, other: unknown, context: ValueContext): string {
  const { tr, lang, timeZone, names } = context;
  if (value === null || value === undefined || value === '') return tr('log.empty');
  if (typeof value === 'boolean') return tr(value ? 'log.yes' : 'log.no');
  if (typeof value === 'number') {
    return column.endsWith('_ore') ? formatDkk(lang, value) : String(value);
  }
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) {
        const otherDate = typeof other === 'string' && ISO_INSTANT.test(other) ? new Date(other) : null;
        return otherDate && sameLocalDay(date, otherDate, timeZone)
          ? formatTime(lang, date, timeZone)
          : formatDateTime(lang, date, timeZone);
      }
    }
    if (UUID.test(value)) {
      return names.things.get(value) ?? names.people.get(value) ?? value.slice(0, 8);
    }
    if (column === 'role') {
      const role = key(`team.role.${value}`);
      if (role) return tr(role);
    }
    if (column === 'language' && (value === 'da' || value === 'en')) return tr(`team.language.${value}`);
    return value.length > 140 ? `${value.slice(0, 139)}…` : value;
  }
  const json = JSON.stringify(value);
  return json.length > 140 ? `${json.slice(0, 139)}…` : json;
}

function changesOf(entry: AuditEntry, context: ValueContext): DescribedChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const columns = entry.action === 'delete' ? Object.keys(before) : Object.keys(after);
  return columns
    .filter((column) => !HIDDEN_COLUMNS.has(column))
    .filter((column) => entry.action === 'update' || (column in before ? before[column] : after[column]) != null)
    .map((column) => ({
      field: fieldLabel(context.tr, column),
      before:
        entry.action === 'insert'
          ? context.tr('log.empty')
          : formatValue(column, before[column], after[column], context),
      after:
        entry.action === 'delete'
          ? context.tr('log.empty')
          : formatValue(column, after[column], before[column], context),
    }));
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** What a row is, in words: "Session 'Keynote'". */
function thingOf(entry: AuditEntry, context: ValueContext): string {
  const { tr, names } = context;
  const row = { ...(entry.before ?? {}), ...(entry.after ?? {}) };
  const sessionId = text(entry.rowKey['session_id']) ?? text(row['session_id']);
  const label =
    entry.table === 'session_speakers' || entry.table === 'gallery_presentations'
      ? ((sessionId && names.things.get(sessionId)) ?? '')
      : (entry.label ?? '');
  const thing = key(`log.thing.${entry.table}`);
  return thing ? tr(thing, { label }) : tr('log.thing.other', { table: entry.table.replace(/_/g, ' '), label });
}

/** A download of a list (src/lib/exports/): which list, format, how many columns, for whom. */
function exportSentence(entry: AuditEntry, context: ValueContext): string {
  const { tr } = context;
  const listKey = key(`lists.list.${entry.label ?? ''}`);
  const list = listKey ? tr(listKey) : (entry.label ?? '');
  const after = entry.after ?? {};
  const count = Array.isArray(after['columns']) ? after['columns'].length : 0;
  const detail = text(after['detail']);
  const params = {
    list,
    format: String(after['format'] ?? '').toUpperCase(),
    count,
    detail: detail ? ` – ${detail}` : '',
  };
  return tr(after['third_party'] === true ? 'log.export.thirdParty' : 'log.export', params);
}

/** A sentence for a team change, or null for any other row. */
function teamSentence(entry: AuditEntry, context: ValueContext): string | null {
  const { tr, names } = context;
  const row = { ...(entry.before ?? {}), ...(entry.after ?? {}) };
  const roleOf = (value: unknown) => {
    const role = key(`team.role.${String(value)}`);
    return role ? tr(role) : String(value);
  };
  // An organisation's event creators (20261203130501) read as an event's roles do.
  if (entry.table === 'event_roles' || entry.table === 'organisation_roles') {
    const userId = text(entry.rowKey['user_id']);
    const person = (userId && names.people.get(userId)) || tr('log.deletedUser');
    const role = roleOf(entry.rowKey['role'] ?? row['role']);
    if (entry.action === 'insert') return tr('log.team.granted', { person, role });
    if (entry.action === 'delete') return tr('log.team.revokedRole', { person, role });
    return null;
  }
  if (entry.table === 'team_invitations') {
    const email = entry.label ?? text(row['email']) ?? '';
    const role = roleOf(row['role'] ?? row['organisation_role']);
    if (entry.action === 'insert') return tr('log.team.invited', { email, role });
    if (entry.action === 'update') {
      const after = entry.after ?? {};
      if (after['accepted_at']) return tr('log.team.invitationAccepted', { email });
      if (after['revoked_at']) return tr('log.team.invitationRevoked', { email });
      if ('expires_at' in after) return tr('log.team.invitationRenewed', { email });
    }
    return null;
  }
  if (entry.table === 'solution_team_members') {
    const email = entry.label ?? text(row['invited_email']) ?? '';
    const solutionId = text(row['solution_id']);
    const title = (solutionId && names.things.get(solutionId)) ?? '';
    if (entry.action === 'insert') {
      return tr(row['accepted_at'] ? 'log.team.joined' : 'log.team.teamInvited', { email, title });
    }
    if (entry.action === 'update' && (entry.after ?? {})['accepted_at']) return tr('log.team.joined', { email, title });
    if (entry.action === 'delete') return tr('log.team.left', { email, title });
    return null;
  }
  return null;
}

/** One entry in words: the sentence and the fields' before → after. */
export function describeEntry(entry: AuditEntry, context: ValueContext): DescribedEntry {
  const { tr } = context;
  if (entry.table === 'exports') return { summary: exportSentence(entry, context), changes: [] };
  const changes = changesOf(entry, context);
  const team = teamSentence(entry, context);
  if (team) return { summary: team, changes };
  const thing = thingOf(entry, context);
  const done = tr(`log.action.${entry.action}`, { thing });
  const first = changes[0];
  if (entry.action !== 'update' || !first) return { summary: done, changes };
  const detail = `${first.field} ${first.before} → ${first.after}`;
  const more = changes.length > 1 ? `, ${tr('log.more', { count: changes.length - 1 })}` : '';
  return { summary: `${done}: ${detail}${more}`, changes };
}

/** The ids an entry mentions whose names the page looks up (rooms, tracks, sessions, solutions, people). */
export function mentionedIds(entry: AuditEntry): { things: string[]; people: string[] } {
  const things: string[] = [];
  const people: string[] = [entry.actorId];
  const rows = [entry.before ?? {}, entry.after ?? {}, entry.rowKey];
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (typeof value !== 'string' || !UUID.test(value)) continue;
      if (column === 'user_id') people.push(value);
      else if (column.endsWith('_id') && column !== 'event_id') things.push(value);
    }
  }
  return { things, people };
}
