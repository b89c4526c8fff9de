// My takeaways, the use cases: the page's data (what I attended with its
// materials, the solutions I met and my contacts with them, my notes, the
// organisers' published takeaways), the calendar of what I attended, and my
// notes on a session's page. Everything runs as the signed-in attendee under
// RLS; what they may not read directly (session check-ins) comes through
// private.my_attendance, which returns only their own rows.
import { asUser, type Claims, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import { buildCalendar, type CalendarEntry, icsFileName, sessionUid } from '../calendar/calendar.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { t } from '../i18n/messages.ts';
import { listMaterialsFor } from '../materials/materials.server.ts';
import { pathsFor } from '../site/paths.ts';
import { refused } from '../site/refusal.ts';
import { type AttendanceStatus, mergeAttendance, type NoteInput, type NoteRefusal } from './takeaways.ts';

export interface TakeawaysEvent {
  id: string;
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string;
  organiserName: string;
}

export interface TakeawayMaterial {
  title: string;
  /** A file's signed link (it expires) or the link itself. */
  href: string;
  kind: 'file' | 'link';
  /** "PDF, 1,2 MB" or the link's host. */
  detail: string;
}

export interface AttendedSession {
  id: string;
  slug: string;
  kind: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  status: AttendanceStatus;
  href: string;
  materials: TakeawayMaterial[];
}

export interface MetSolution {
  id: string;
  slug: string;
  title: string;
  summary: string;
  targetGroup: string | null;
  results: string | null;
  linkUrl: string | null;
  partners: string[];
  href: string;
  roundTitle: string;
  contact: { sentAt: Date; answeredAt: Date | null; reply: string | null } | null;
  materials: TakeawayMaterial[];
}

export interface MyNote {
  sessionId: string;
  sessionTitle: string;
  sessionHref: string;
  body: string;
  updatedAt: Date;
}

export interface PublishedTakeaway {
  title: string;
  body: string;
  quote: string | null;
  quoteAttribution: string | null;
  linkUrl: string | null;
  videoUrl: string | null;
  sessionTitle: string | null;
}

export type TakeawaysPage =
  | { state: 'not_open'; event: TakeawaysEvent }
  | { state: 'no_ticket'; event: TakeawaysEvent }
  | {
      state: 'open';
      event: TakeawaysEvent;
      attendeeName: string;
      checkedIn: boolean;
      sessions: AttendedSession[];
      solutions: MetSolution[];
      notes: MyNote[];
      published: PublishedTakeaway[];
    };

interface EventRow {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  venue_name: string;
  organiser_name: string;
  open: boolean;
  has_ticket: boolean;
}

async function readEvent(
  tx: Tx,
  eventSlug: string,
  lang: Lang,
): Promise<{ row: EventRow; event: TakeawaysEvent } | null> {
  const [row] = await tx<EventRow[]>`
    select e.id, e.slug, e.name, e.name_en, e.starts_at, e.ends_at, e.timezone, e.venue_name, e.organiser_name,
           now() >= e.ends_at as open, private.holds_valid_ticket(e.id) as has_ticket
      from public.events e
     where e.slug = ${eventSlug}`;
  if (!row) return null;
  return {
    row,
    event: {
      id: row.id,
      slug: row.slug,
      name: localized(lang, row.name, row.name_en),
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone: row.timezone,
      venueName: row.venue_name,
      organiserName: row.organiser_name,
    },
  };
}

interface AttendanceRow {
  session_id: string;
  status: AttendanceStatus;
  slug: string;
  kind: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  room_name: string | null;
  room_name_en: string | null;
}

/** The caller's sessions at the event by the attended-vs-booked rule, in programme order. */
async function readAttendance(tx: Tx, eventId: string, eventSlug: string, lang: Lang): Promise<AttendedSession[]> {
  const rows = await tx<AttendanceRow[]>`
    select a.session_id, a.status, s.slug, s.kind, s.title, s.title_en, s.starts_at, s.ends_at,
           r.name as room_name, r.name_en as room_name_en
      from private.my_attendance(${eventId}) a
      join public.sessions s on s.id = a.session_id
      left join public.rooms r on r.id = s.room_id
     order by s.starts_at, s.id`;
  const paths = pathsFor(lang);
  return mergeAttendance(rows.map((row) => ({ ...row, sessionId: row.session_id }))).map((row) => ({
    id: row.session_id,
    slug: row.slug,
    kind: row.kind,
    title: localized(lang, row.title, row.title_en),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    room: localized(lang, row.room_name, row.room_name_en),
    status: row.status,
    href: paths.session(eventSlug, row.slug),
    materials: [],
  }));
}

interface SolutionRow {
  id: string;
  slug: string;
  title: string;
  title_en: string | null;
  summary: string;
  summary_en: string | null;
  target_group: string | null;
  target_group_en: string | null;
  results: string | null;
  results_en: string | null;
  link_url: string | null;
  session_id: string;
  partners: { name: string; name_en: string | null }[];
  sent_at: Date | null;
  answered_at: Date | null;
  reply: string | null;
}

async function readSolutions(
  tx: Tx,
  rounds: readonly AttendedSession[],
  eventSlug: string,
  lang: Lang,
): Promise<MetSolution[]> {
  if (rounds.length === 0) return [];
  const rows = await tx<SolutionRow[]>`
    select distinct on (s.id)
           s.id, s.slug, s.title, s.title_en, s.summary, s.summary_en, s.target_group, s.target_group_en,
           s.results, s.results_en, s.link_url, gp.session_id,
           coalesce((select json_agg(json_build_object('name', o.name, 'name_en', o.name_en) order by sp.role, sp.position)
                       from public.solution_partners sp join public.organisations o on o.id = sp.organisation_id
                      where sp.solution_id = s.id), '[]'::json) as partners,
           c.created_at as sent_at, c.answered_at, c.reply
      from public.gallery_presentations gp
      join public.solutions s on s.id = gp.solution_id
      left join public.solution_contacts c on c.solution_id = s.id and c.sender_user_id = (select auth.uid())
     where gp.session_id = any (${rounds.map((round) => round.id)}::uuid[])
     order by s.id`;
  const roundTitle = new Map(rounds.map((round) => [round.id, round.title]));
  const order = new Map(rounds.map((round, index) => [round.id, index]));
  const paths = pathsFor(lang);
  return rows
    .sort((a, b) => order.get(a.session_id)! - order.get(b.session_id)! || a.title.localeCompare(b.title))
    .map((row) => ({
      id: row.id,
      slug: row.slug,
      title: localized(lang, row.title, row.title_en),
      summary: localized(lang, row.summary, row.summary_en),
      targetGroup: localized(lang, row.target_group, row.target_group_en),
      results: localized(lang, row.results, row.results_en),
      linkUrl: row.link_url,
      partners: row.partners.map((partner) => localized(lang, partner.name, partner.name_en)),
      href: paths.solution(eventSlug, row.slug),
      roundTitle: roundTitle.get(row.session_id) ?? '',
      contact: row.sent_at ? { sentAt: row.sent_at, answeredAt: row.answered_at, reply: row.reply } : null,
      materials: [],
    }));
}

async function readNotes(tx: Tx, eventId: string, eventSlug: string, lang: Lang): Promise<MyNote[]> {
  const rows = await tx<
    { session_id: string; slug: string; title: string; title_en: string | null; body: string; updated_at: Date }[]
  >`
    select n.session_id, s.slug, s.title, s.title_en, n.body, n.updated_at
      from public.session_notes n
      join public.sessions s on s.id = n.session_id
     where n.event_id = ${eventId}
     order by s.starts_at, s.id`;
  const paths = pathsFor(lang);
  return rows.map((row) => ({
    sessionId: row.session_id,
    sessionTitle: localized(lang, row.title, row.title_en),
    sessionHref: paths.session(eventSlug, row.slug),
    body: row.body,
    updatedAt: row.updated_at,
  }));
}

async function readPublished(
  tx: Tx,
  eventId: string,
  sessions: readonly AttendedSession[],
  lang: Lang,
): Promise<PublishedTakeaway[]> {
  const rows = await tx<
    {
      title: string;
      title_en: string | null;
      body: string;
      body_en: string | null;
      quote: string | null;
      quote_attribution: string | null;
      link_url: string | null;
      video_url: string | null;
      session_title: string | null;
      session_title_en: string | null;
    }[]
  >`
    select k.title, k.title_en, k.body, k.body_en, k.quote, k.quote_attribution, k.link_url, k.video_url,
           s.title as session_title, s.title_en as session_title_en
      from public.takeaways k
      left join public.sessions s on s.id = k.session_id
     where k.event_id = ${eventId}
       and (k.session_id is null or k.session_id = any (${sessions.map((session) => session.id)}::uuid[]))
     order by k.session_id is not null, s.starts_at, k.position`;
  return rows.map((row) => ({
    title: localized(lang, row.title, row.title_en),
    body: localized(lang, row.body, row.body_en),
    quote: row.quote,
    quoteAttribution: row.quote_attribution,
    linkUrl: row.link_url,
    videoUrl: row.video_url,
    sessionTitle: localized(lang, row.session_title, row.session_title_en),
  }));
}

/** The takeaways page for the caller at an event; null when there is no such event. */
export async function loadMyTakeaways(
  claims: SignedIn,
  eventSlug: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<TakeawaysPage | null> {
  const page = await asUser(
    claims,
    async (tx): Promise<TakeawaysPage | null> => {
      const found = await readEvent(tx, eventSlug, lang);
      if (!found) return null;
      const { row, event } = found;
      if (!row.has_ticket) return { state: 'no_ticket', event };
      if (!row.open) return { state: 'not_open', event };
      const sessions = await readAttendance(tx, event.id, event.slug, lang);
      const rounds = sessions.filter((session) => session.kind === 'gallery_round');
      const [solutions, notes, published, [presence]] = await Promise.all([
        readSolutions(tx, rounds, event.slug, lang),
        readNotes(tx, event.id, event.slug, lang),
        readPublished(tx, event.id, sessions, lang),
        tx<{ checked_in: boolean; name: string | null }[]>`
          select private.i_was_checked_in(${event.id}) as checked_in,
                 (select t.attendee_name from public.tickets t
                   where t.event_id = ${event.id} and t.status = 'valid'
                     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
                   order by t.created_at limit 1) as name`,
      ]);
      return {
        state: 'open',
        event,
        attendeeName: presence?.name ?? '',
        checkedIn: presence?.checked_in ?? false,
        sessions,
        solutions,
        notes,
        published,
      };
    },
    db,
  );
  if (page?.state !== 'open') return page;
  // The materials of what I attended and the solutions I met, as RLS lets me
  // see them (visibility "attendees of that session" included), with signed links.
  const materials = await listMaterialsFor(
    claims,
    {
      sessionIds: page.sessions.map((session) => session.id),
      solutionIds: page.solutions.map((solution) => solution.id),
    },
    lang,
    { db },
  );
  const of = (key: 'sessionId' | 'solutionId', id: string): TakeawayMaterial[] =>
    materials
      .filter((material) => material[key] === id)
      .map((material) => ({ title: material.title, href: material.url, kind: material.kind, detail: material.detail }));
  return {
    ...page,
    sessions: page.sessions.map((session) => ({ ...session, materials: of('sessionId', session.id) })),
    solutions: page.solutions.map((solution) => ({ ...solution, materials: of('solutionId', solution.id) })),
  };
}

/** What I attended at the event as one .ics file; null when there is nothing to give (no event, not open, no ticket). */
export async function loadMyAttendedCalendar(
  claims: SignedIn,
  input: { eventSlug: string; lang: Lang; origin: string },
  db: Sql = sql(),
): Promise<{ ics: string; fileName: string } | null> {
  return asUser(
    claims,
    async (tx) => {
      const found = await readEvent(tx, input.eventSlug, input.lang);
      if (!found || !found.row.has_ticket || !found.row.open) return null;
      const sessions = await readAttendance(tx, found.event.id, found.event.slug, input.lang);
      const versions = await tx<
        { id: string; calendar_version: number; description: string | null; description_en: string | null }[]
      >`
        select id, calendar_version, description, description_en from public.sessions
         where id = any (${sessions.map((session) => session.id)}::uuid[])`;
      const byId = new Map(versions.map((row) => [row.id, row]));
      const entries: CalendarEntry[] = sessions.map((session) => {
        const row = byId.get(session.id);
        return {
          uid: sessionUid(session.id),
          title: session.title,
          description: localized(input.lang, row?.description ?? null, row?.description_en) ?? undefined,
          location: session.room ? `${session.room}, ${found.event.venueName}` : found.event.venueName,
          url: new URL(session.href, input.origin).href,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          sequence: row?.calendar_version ?? 0,
        };
      });
      const name = t(input.lang)('takeaways.title', { event: found.event.name });
      return { ics: buildCalendar(entries, { name }), fileName: icsFileName(`${found.event.slug}-udbytte`) };
    },
    db,
  );
}

// ── Notes on a session's page ──────────────────────────────────────────────

/** The caller's note on a session, and whether they may take one (a valid ticket for its event); null signed out. */
export async function loadMyNote(
  claims: Claims,
  eventSlug: string,
  sessionSlug: string,
  db: Sql = sql(),
): Promise<{ sessionId: string; canWrite: boolean; body: string } | null> {
  if (claims.role !== 'authenticated') return null;
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ id: string; can_write: boolean; body: string | null }[]>`
        select s.id, private.holds_valid_ticket(s.event_id) as can_write,
               (select n.body from public.session_notes n where n.session_id = s.id) as body
          from public.sessions s join public.events e on e.id = s.event_id
         where e.slug = ${eventSlug} and s.slug = ${sessionSlug}`;
      return row ? { sessionId: row.id, canWrite: row.can_write, body: row.body ?? '' } : null;
    },
    db,
  );
}

/**
 * Saves (or, empty, deletes) the caller's note on a session. Refused without
 * a valid ticket for the session's event: the insert policy says so too.
 */
export async function saveMyNote(
  claims: SignedIn,
  input: Pick<NoteInput, 'sessionId' | 'body'>,
  db: Sql = sql(),
): Promise<{ ok: true; saved: 'saved' | 'deleted' } | NoteRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const [session] = await tx<{ event_id: string; allowed: boolean }[]>`
        select s.event_id, private.holds_valid_ticket(s.event_id) as allowed
          from public.sessions s where s.id = ${input.sessionId}`;
      if (!session?.allowed) return refused('no_ticket');
      if (input.body === '') {
        await tx`delete from public.session_notes where session_id = ${input.sessionId} and user_id = ${claims.sub}`;
        return { ok: true, saved: 'deleted' } as const;
      }
      await tx`
        insert into public.session_notes (event_id, session_id, user_id, body)
        values (${session.event_id}, ${input.sessionId}, ${claims.sub}, ${input.body})
        on conflict (user_id, session_id) do update set body = excluded.body`;
      return { ok: true, saved: 'saved' } as const;
    },
    db,
  );
}
