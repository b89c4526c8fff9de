// Reading the programme and single sessions for the public pages, as the anonymous visitor.
import { asUser, type Claims } from '../db/db.server.ts';
import { selectEvent } from '../events/events.server.ts';
import { toEventView, type EventView } from '../events/events.ts';
import type { PartnerRow } from '../gallery/gallery.ts';
import type { Lang } from '../i18n/locales.ts';
import {
  buildProgramme,
  buildSessionDetail,
  type PersonRow,
  type PresentedSolutionRow,
  type Programme,
  type RoomRow,
  type SessionDetail,
  type SessionDetailRow,
  type SessionRow,
  type SessionSpeakerRow,
  type TrackRow,
} from './programme.ts';

export interface ProgrammePage {
  event: EventView;
  programme: Programme;
}

export async function loadProgramme(claims: Claims, eventSlug: string, lang: Lang): Promise<ProgrammePage | null> {
  return asUser(claims, async (tx) => {
    const eventId = tx`(select id from public.events where slug = ${eventSlug})`;
    const [[event], tracks, rooms, sessions, speakers] = await Promise.all([
      selectEvent(tx, eventSlug),
      tx<TrackRow[]>`
        select id, slug, name, name_en, colour, position from public.tracks
        where event_id = ${eventId} order by position, name`,
      tx<RoomRow[]>`
        select id, name, name_en, position from public.rooms
        where event_id = ${eventId} order by position, name`,
      tx<SessionRow[]>`
        select id, slug, kind, title, title_en, starts_at, ends_at, room_id, track_id,
               booking_required, capacity, seats_taken, cancelled_at from public.sessions
        where event_id = ${eventId} order by starts_at, ends_at`,
      tx<SessionSpeakerRow[]>`
        select ss.session_id, sp.slug, coalesce(case when ${lang} = 'en' then nullif(btrim(sp.name_en), '') end, sp.name) as name, ss.role
        from public.session_speakers ss
        join public.speakers sp on sp.id = ss.speaker_id
        where ss.event_id = ${eventId}
        order by ss.session_id, ss.position, sp.name`,
    ]);
    if (!event) return null;
    return {
      event: toEventView(event, lang),
      programme: buildProgramme(
        { eventSlug: event.slug, timeZone: event.timezone, tracks, rooms, sessions, speakers },
        lang,
      ),
    };
  });
}

export interface SessionPage {
  event: EventView;
  session: SessionDetail;
}

export async function loadSession(
  claims: Claims,
  eventSlug: string,
  sessionSlug: string,
  lang: Lang,
): Promise<SessionPage | null> {
  return asUser(claims, async (tx) => {
    const eventId = tx`(select id from public.events where slug = ${eventSlug})`;
    const sessionId = tx`(select id from public.sessions where event_id = ${eventId} and slug = ${sessionSlug})`;
    const [[event], [session], people, solutions, partners, roundStarts] = await Promise.all([
      selectEvent(tx, eventSlug),
      tx<SessionDetailRow[]>`
        select s.id, s.slug, s.kind, s.title, s.title_en, s.description, s.description_en, s.starts_at, s.ends_at,
               s.cancelled_at,
               s.discussion_questions, s.discussion_questions_en,
               r.name as room_name, r.name_en as room_name_en,
               r.location_note as room_location_note, r.location_note_en as room_location_note_en,
               t.slug as track_slug, t.name as track_name, t.name_en as track_name_en, t.colour as track_colour
        from public.sessions s
        left join public.rooms r on r.id = s.room_id
        left join public.tracks t on t.id = s.track_id
        where s.id = ${sessionId}`,
      tx<PersonRow[]>`
        select ss.session_id, sp.slug, coalesce(case when ${lang} = 'en' then nullif(btrim(sp.name_en), '') end, sp.name) as name, sp.job_title, sp.job_title_en,
               coalesce(case when ${lang} = 'en' then nullif(btrim(o.name_en), '') end, o.name) as organisation_name, ss.role
        from public.session_speakers ss
        join public.speakers sp on sp.id = ss.speaker_id
        left join public.organisations o on o.id = sp.organisation_id
        where ss.session_id = ${sessionId}
        order by ss.position, sp.name`,
      tx<PresentedSolutionRow[]>`
        select so.id, so.slug, so.title, so.title_en, so.summary, so.summary_en, so.award_nominee, gp.position
        from public.gallery_presentations gp
        join public.solutions so on so.id = gp.solution_id
        where gp.session_id = ${sessionId}
        order by gp.position`,
      tx<PartnerRow[]>`
        select sp.solution_id, coalesce(case when ${lang} = 'en' then nullif(btrim(o.name_en), '') end, o.name) as name, o.sector, o.website_url, sp.role
        from public.gallery_presentations gp
        join public.solution_partners sp on sp.solution_id = gp.solution_id
        join public.organisations o on o.id = sp.organisation_id
        where gp.session_id = ${sessionId}
        order by sp.position, o.name`,
      tx<{ starts_at: Date }[]>`
        select distinct starts_at from public.sessions
        where event_id = ${eventId} and kind = 'gallery_round'`,
    ]);
    if (!event || !session) return null;
    return {
      event: toEventView(event, lang),
      session: buildSessionDetail(
        {
          eventSlug: event.slug,
          timeZone: event.timezone,
          session,
          people,
          solutions,
          partners,
          roundStarts: roundStarts.map((row) => row.starts_at),
        },
        lang,
      ),
    };
  });
}
