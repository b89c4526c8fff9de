// What the check-in app's pages read: the events the signed-in user may check
// people in at, and one of them by slug. Under the user's own claims: RLS
// shows a user their own roles, and the role check is the database's.
import { asUser, type Claims, sql, type Sql } from '../db/db.server.ts';
import { localized } from '../i18n/localized.ts';
import type { Lang } from '../i18n/locales.ts';

export interface CheckinEvent {
  id: string;
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  /** Organisers also undo check-ins and see the dashboard. */
  role: 'organiser' | 'checkin_staff';
}

interface Row {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  starts_at: Date;
  ends_at: Date;
  organiser: boolean;
}

function toEvent(row: Row, lang: Lang): CheckinEvent {
  return {
    id: row.id,
    slug: row.slug,
    name: localized(lang, row.name, row.name_en),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    role: row.organiser ? 'organiser' : 'checkin_staff',
  };
}

/** The user's check-in events, the soonest first; nothing for anon. */
export async function listCheckinEvents(claims: Claims, lang: Lang, db: Sql = sql()): Promise<CheckinEvent[]> {
  if (claims.role !== 'authenticated') return [];
  const rows = await asUser(
    claims,
    (tx) => tx<Row[]>`
      select e.id, e.slug, e.name, e.name_en, e.starts_at, e.ends_at,
             bool_or(r.role = 'organiser') as organiser
        from public.event_roles r
        join public.events e on e.id = r.event_id
       where r.user_id = (select auth.uid()) and r.role in ('organiser', 'checkin_staff')
       group by e.id
       order by e.starts_at, e.slug`,
    db,
  );
  return rows.map((row) => toEvent(row, lang));
}

/** One event by slug, when the user may check people in at it; null otherwise. */
export async function loadCheckinEvent(
  claims: Claims,
  slug: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<CheckinEvent | null> {
  return (await listCheckinEvents(claims, lang, db)).find((event) => event.slug === slug) ?? null;
}
