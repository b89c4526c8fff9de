// The events where the signed-in user has work to do: organiser (the console),
// check-in staff (the door app) or reviewer (the solutions to review). Read under the user's own claims: RLS
// shows a user only their own rows in event_roles, and an event only when it
// is published or they organise it, so nothing here needs a service role and
// nobody can list anyone else's roles.
import { asUser, type Claims, type SignedIn, sql, type Sql } from '../db/db.server.ts';
import { localized } from '../i18n/localized.ts';
import type { Lang } from '../i18n/locales.ts';

/** An event as the role lists and the tool pages name it. */
interface EventSummary {
  id: string;
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
}

export interface MyEventRoles extends EventSummary {
  status: 'draft' | 'published' | 'archived';
  organiser: boolean;
  checkinStaff: boolean;
  /** Reviews the event's solutions (/konsol/<event>/losninger). */
  reviewer: boolean;
}

interface Row {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  status: 'draft' | 'published' | 'archived';
  organiser: boolean;
  checkin_staff: boolean;
  reviewer: boolean;
}

/**
 * The user's organiser, check-in staff and reviewer roles, one entry per event. Events
 * not yet over come first, soonest first; then past ones, the latest first,
 * so the event being prepared is at the top and old ones sink. Empty for anon.
 */
export async function listMyEventRoles(claims: Claims, lang: Lang, db: Sql = sql()): Promise<MyEventRoles[]> {
  if (claims.role !== 'authenticated') return [];
  const rows = await asUser(
    claims,
    (tx) => tx<Row[]>`
      select e.id, e.slug, e.name, e.name_en, e.starts_at, e.ends_at, e.timezone, e.status,
             bool_or(r.role = 'organiser') as organiser,
             bool_or(r.role = 'checkin_staff') as checkin_staff,
             bool_or(r.role = 'reviewer') as reviewer
        from public.event_roles r
        join public.events e on e.id = r.event_id
       where r.user_id = (select auth.uid()) and r.role in ('organiser', 'checkin_staff', 'reviewer')
       group by e.id
       order by e.ends_at < now(),
                case when e.ends_at >= now() then e.starts_at end,
                e.starts_at desc,
                e.slug`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: localized(lang, row.name, row.name_en),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.timezone,
    status: row.status,
    organiser: row.organiser,
    checkinStaff: row.checkin_staff,
    reviewer: row.reviewer,
  }));
}

/**
 * Whether the header shows the console link: the user organises, checks
 * people in or reviews solutions at some event, or may create events. One indexed probe per
 * signed-in page; false for anon without a query.
 */
export async function hasConsoleAccess(claims: Claims, db: Sql = sql()): Promise<boolean> {
  if (claims.role !== 'authenticated') return false;
  const [row] = await asUser(
    claims,
    (tx) => tx<{ access: boolean }[]>`
      select exists (
               select 1 from public.event_roles r
                where r.user_id = (select auth.uid()) and r.role in ('organiser', 'checkin_staff', 'reviewer'))
          or exists (
               select 1 from public.organisation_roles o
                where o.user_id = (select auth.uid()) and o.role = 'event_creator') as access`,
    db,
  );
  return row?.access ?? false;
}

/** The user's organiser events only: what the console lists. */
export async function listMyOrganisedEvents(claims: Claims, lang: Lang, db: Sql = sql()): Promise<MyEventRoles[]> {
  return (await listMyEventRoles(claims, lang, db)).filter((event) => event.organiser);
}

/**
 * The roles that open an event's tools: the console (organisers), the door
 * (check-in staff) and the solution review (reviewers).
 */
export type ToolRole = 'organiser' | 'checkin_staff' | 'reviewer';

export interface MyEvent extends EventSummary {
  /** The highest role the user holds there: organisers may also check people in. */
  role: ToolRole;
}

/**
 * One event by slug when the user holds `role` there — an organiser also
 * counts as check-in staff and as reviewer; null otherwise, exactly as for an event that does
 * not exist, so a page answers both with the same 404. Every organiser and
 * check-in page finds its event through here: "the event I organise" is
 * asked in one place. Drafts are found too, since their organisers may read them.
 */
export async function loadMyEvent(
  claims: SignedIn,
  slug: string,
  role: ToolRole,
  lang: Lang,
  db: Sql = sql(),
): Promise<MyEvent | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<Omit<Row, 'checkin_staff' | 'status'>[]>`
      select e.id, e.slug, e.name, e.name_en, e.starts_at, e.ends_at, e.timezone,
             private.has_event_role(e.id, 'organiser') as organiser
        from public.events e
       where e.slug = ${slug}
         and private.has_event_role(e.id, variadic ${role === 'organiser' ? ['organiser'] : ['organiser', role]}::public.event_role[])`,
    db,
  );
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: localized(lang, row.name, row.name_en),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.timezone,
    role: row.organiser ? 'organiser' : role,
  };
}
