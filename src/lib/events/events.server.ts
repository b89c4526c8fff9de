// Reading events for the public pages, as the visitor (RLS hides drafts from
// everyone but their organisers, who see them as a preview).
import { asUser, type Claims, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { buildKeynotes, type KeynoteRow, type KeynoteView, type PersonRow } from '../programme/programme.ts';
import type { CallWindow } from '../solutions/solutions.ts';
import { imageLink } from '../storage/image-link.server.ts';
import {
  eventStats,
  orderForHome,
  toEventView,
  type EventCounts,
  type EventRow,
  type EventStatKey,
  type EventView,
  type HomeEvents,
} from './events.ts';

/** One published event by slug; empty when there is none (or it is a draft). */
export function selectEvent(tx: Tx, slug: string) {
  return tx<EventRow[]>`
    select id, slug, name, name_en, theme, theme_en, tagline, tagline_en, description, description_en,
           starts_at, ends_at, timezone, venue_name, venue_address, organiser_name, contact_email,
           expected_attendees, accessibility_statement_url, status
    from public.events
    where slug = ${slug}`;
}

export async function listPublicEvents(claims: Claims, lang: Lang, now = new Date()): Promise<HomeEvents<EventView>> {
  const rows = await asUser(
    claims,
    (tx) => tx<EventRow[]>`
      select id, slug, name, name_en, theme, theme_en, tagline, tagline_en, description, description_en,
             starts_at, ends_at, timezone, venue_name, venue_address, organiser_name, contact_email,
             expected_attendees, accessibility_statement_url, status
      from public.events
      -- An organiser's drafts are readable to them, but the home page lists only public days.
      where status in ('published', 'archived')
      order by starts_at`,
  );
  return orderForHome(
    rows.map((row) => toEventView(row, lang)),
    now,
  );
}

export interface EventLanding {
  event: EventView;
  stats: { key: EventStatKey; value: number }[];
  keynotes: KeynoteView[];
  /** The call for solutions' window (both null: no call). */
  call: CallWindow;
  /** The event's image, when it has one: a signed link and its alternative text. */
  image: { src: string; alt: string } | null;
}

export async function loadEventLanding(claims: Claims, slug: string, lang: Lang): Promise<EventLanding | null> {
  return asUser(claims, async (tx) => {
    // Independent queries keyed by the slug, pipelined on the transaction's connection.
    const [[event], [counts], keynotes, people] = await Promise.all([
      selectEvent(tx, slug),
      tx<
        (Omit<EventCounts, 'expectedAttendees'> & {
          call_opens_at: Date | null;
          call_closes_at: Date | null;
          image_key: string | null;
          image_alt: string | null;
          image_alt_en: string | null;
        })[]
      >`
        select
          e.call_opens_at, e.call_closes_at, e.image_key, e.image_alt, e.image_alt_en,
          (select count(*)::int from public.sessions s
            where s.event_id = e.id and s.kind not in ('break', 'networking', 'gallery_round')) as sessions,
          (select count(*)::int from public.tracks t where t.event_id = e.id) as tracks,
          (select count(distinct s.room_id)::int from public.sessions s
            where s.event_id = e.id and s.kind = 'gallery_round') as galleries,
          (select count(distinct gp.solution_id)::int from public.gallery_presentations gp
            where gp.event_id = e.id) as solutions,
          (select count(*)::int from public.solutions so
            where so.event_id = e.id and so.award_nominee) as nominees
        from public.events e
        where e.slug = ${slug}`,
      tx<KeynoteRow[]>`
        select s.id, s.slug, s.title, s.title_en, s.starts_at, s.ends_at
        from public.sessions s
        join public.events e on e.id = s.event_id
        where e.slug = ${slug} and s.kind = 'keynote'
        order by s.starts_at`,
      tx<PersonRow[]>`
        select ss.session_id, sp.slug, coalesce(case when ${lang} = 'en' then nullif(btrim(sp.name_en), '') end, sp.name) as name, sp.job_title, sp.job_title_en,
               coalesce(case when ${lang} = 'en' then nullif(btrim(o.name_en), '') end, o.name) as organisation_name, ss.role
        from public.session_speakers ss
        join public.sessions s on s.id = ss.session_id
        join public.events e on e.id = s.event_id
        join public.speakers sp on sp.id = ss.speaker_id
        left join public.organisations o on o.id = sp.organisation_id
        where e.slug = ${slug} and s.kind = 'keynote'
        order by ss.position, sp.name`,
    ]);
    if (!event || !counts) return null;
    const { call_opens_at, call_closes_at, image_key, image_alt, image_alt_en, ...countsOnly } = counts;
    const image =
      image_key && image_alt
        ? { src: await imageLink(image_key), alt: lang === 'en' ? (image_alt_en ?? image_alt) : image_alt }
        : null;
    return {
      event: toEventView(event, lang),
      stats: eventStats({ ...countsOnly, expectedAttendees: event.expected_attendees }),
      keynotes: buildKeynotes({ eventSlug: event.slug, timeZone: event.timezone, sessions: keynotes, people }, lang),
      call: { opensAt: call_opens_at, closesAt: call_closes_at },
      image,
    };
  });
}
