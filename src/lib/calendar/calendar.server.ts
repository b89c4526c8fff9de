// Calendars from the database: one session, the caller's programme, and the
// personal subscription feed behind a secret token. Only the token's hash is
// stored; issuing a new token revokes the old one.
import { createHash, randomBytes } from 'node:crypto';
import { ANON, asUser, type Claims, type Sql, sql, type Tx } from '../db/db.server.ts';
import { t } from '../i18n/messages.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { buildCalendar, type CalendarEntry, icsFileName, sessionUid } from './calendar.ts';
import { requestOrigin } from '../site/origin.ts';
import { pathsFor } from '../site/paths.ts';

export interface CalendarFile {
  ics: string;
  fileName: string;
}

interface SessionRow {
  id: string;
  slug: string;
  title: string;
  title_en: string | null;
  description: string | null;
  description_en: string | null;
  starts_at: Date;
  ends_at: Date;
  calendar_version: number;
  cancelled: boolean;
  room_name: string | null;
  room_name_en: string | null;
  venue_name: string;
  event_slug: string;
  event_name: string;
  event_name_en: string | null;
}

function selectSessions(tx: Tx, ids: readonly string[]) {
  return tx<SessionRow[]>`
    select s.id, s.slug, s.title, s.title_en, s.description, s.description_en, s.starts_at, s.ends_at, s.calendar_version,
           s.cancelled_at is not null as cancelled, r.name as room_name, r.name_en as room_name_en, e.venue_name,
           e.slug as event_slug, e.name as event_name, e.name_en as event_name_en
      from public.sessions s
      join public.events e on e.id = s.event_id
      left join public.rooms r on r.id = s.room_id
     where s.id = any (${ids}::uuid[])
     order by s.starts_at, s.id`;
}

/**
 * A session's entry. Without `personal` it is the session's own file, whose
 * SEQUENCE is the session's calendar version; a personal entry (my programme,
 * the feed) carries the SEQUENCE and status Postgres keeps per ticket and
 * session (20261203101000_calendar_sequence.sql).
 */
function entryOf(
  row: SessionRow,
  lang: Lang,
  origin: string,
  personal?: { sequence: number; cancelled: boolean },
): CalendarEntry {
  const room = localized(lang, row.room_name, row.room_name_en);
  return {
    uid: sessionUid(row.id),
    title: localized(lang, row.title, row.title_en),
    description: localized(lang, row.description, row.description_en) ?? undefined,
    location: room ? `${room}, ${row.venue_name}` : row.venue_name,
    url: new URL(pathsFor(lang).session(row.event_slug, row.slug), origin).href,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    sequence: personal?.sequence ?? row.calendar_version,
    // A session the organisers cancelled is cancelled in every calendar that shows it.
    cancelled: row.cancelled || personal?.cancelled,
  };
}

/** One session as an .ics file; null when there is no such public session. */
export async function loadSessionCalendar(
  claims: Claims,
  input: { eventSlug: string; sessionSlug: string; lang: Lang; origin: string },
  db: Sql = sql(),
): Promise<CalendarFile | null> {
  return asUser(
    claims,
    async (tx) => {
      const [found] = await tx<{ id: string }[]>`
        select s.id from public.sessions s join public.events e on e.id = s.event_id
         where e.slug = ${input.eventSlug} and s.slug = ${input.sessionSlug}`;
      if (!found) return null;
      const [row] = await selectSessions(tx, [found.id]);
      const entry = entryOf(row!, input.lang, input.origin);
      const name = localized(input.lang, row!.event_name, row!.event_name_en);
      return { ics: buildCalendar([entry], { name }), fileName: icsFileName(row!.slug) };
    },
    db,
  );
}

interface PersonalEntry {
  session_id: string;
  cancelled: boolean;
  sequence: number;
}

/**
 * A session per entry, as Postgres chose them: confirmed seats, and (in the
 * feed) seats given up, as cancelled, so a subscribed calendar removes them.
 * Waiting and offered places are not in the calendar.
 */
async function programmeEntries(
  tx: Tx,
  personal: readonly PersonalEntry[],
  lang: Lang,
  origin: string,
  includeCancelled: boolean,
): Promise<CalendarEntry[]> {
  const shown = new Map(
    personal.filter((entry) => includeCancelled || !entry.cancelled).map((entry) => [entry.session_id, entry]),
  );
  if (shown.size === 0) return [];
  const rows = await selectSessions(tx, [...shown.keys()]);
  return rows.map((row) => entryOf(row, lang, origin, shown.get(row.id)!));
}

/** The caller's confirmed sessions at an event as one .ics file; null when there is no such event. */
export async function loadMyProgrammeCalendar(
  claims: Claims,
  input: { eventSlug: string; lang: Lang; origin: string },
  db: Sql = sql(),
): Promise<CalendarFile | null> {
  return asUser(
    claims,
    async (tx) => {
      const [event] = await tx<{ id: string; name: string; name_en: string | null }[]>`
        select id, name, name_en from public.events where slug = ${input.eventSlug}`;
      if (!event) return null;
      const personal = await tx<PersonalEntry[]>`
        select session_id, cancelled, sequence from private.my_calendar_entries(${event.id})`;
      const entries = await programmeEntries(tx, personal, input.lang, input.origin, false);
      const name = t(input.lang)('calendar.myProgrammeName', {
        event: localized(input.lang, event.name, event.name_en),
      });
      return { ics: buildCalendar(entries, { name }), fileName: icsFileName(`${input.eventSlug}-program`) };
    },
    db,
  );
}

export function feedTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A token has 32 random bytes, base64url: 43 characters. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The subscription feed for a token; null for an unknown or revoked one. Read without signing in. */
export async function loadFeedCalendar(
  input: { token: string; origin: string },
  db: Sql = sql(),
): Promise<CalendarFile | null> {
  if (!FEED_TOKEN_PATTERN.test(input.token)) return null;
  return asUser(
    ANON,
    async (tx) => {
      const rows = await tx<
        (Omit<PersonalEntry, 'session_id'> & { session_id: string | null; event_id: string; language: Lang })[]
      >`
        select event_id, language, session_id, cancelled, sequence
          from private.calendar_feed_entries(${feedTokenHash(input.token)})`;
      if (rows.length === 0) return null;
      const [feed] = await tx<{ name: string; name_en: string | null; slug: string }[]>`
        select e.name, e.name_en, e.slug from public.events e where e.id = ${rows[0]!.event_id}`;
      if (!feed) return null;
      const lang = rows[0]!.language;
      const personal = rows.flatMap((row) => (row.session_id === null ? [] : [{ ...row, session_id: row.session_id }]));
      const entries = await programmeEntries(tx, personal, lang, input.origin, true);
      const name = t(lang)('calendar.myProgrammeName', { event: localized(lang, feed.name, feed.name_en) });
      return { ics: buildCalendar(entries, { name }), fileName: icsFileName(`${feed.slug}-program`) };
    },
    db,
  );
}

/** Issues the caller a new feed token for the event (the old one stops working); null without a valid ticket. */
export async function issueFeedToken(claims: Claims, eventId: string, db: Sql = sql()): Promise<string | null> {
  const token = randomBytes(32).toString('base64url');
  const [row] = await asUser(
    claims,
    (tx) => tx<{ id: string | null }[]>`select private.issue_calendar_feed(${eventId}, ${feedTokenHash(token)}) as id`,
    db,
  );
  return row!.id ? token : null;
}

/** Ends the caller's feed for the event; true when there was one. */
export async function revokeFeed(claims: Claims, eventId: string, db: Sql = sql()): Promise<boolean> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ revoked: boolean }[]>`select private.revoke_calendar_feed(${eventId}) as revoked`,
    db,
  );
  return row!.revoked;
}

/** Whether the caller has a live feed for the event (the token itself is never shown again). */
export async function hasLiveFeed(tx: Tx, eventId: string): Promise<boolean> {
  const [row] = await tx<{ live: boolean }[]>`
    select exists (select 1 from public.calendar_feeds where event_id = ${eventId} and revoked_at is null) as live`;
  return row!.live;
}

/** The origin links in a calendar point to: SITE_URL when set, else the request's own. */
export function calendarOrigin(url: URL): string {
  try {
    return requestOrigin(url);
  } catch {
    return url.origin;
  }
}
