// Reading the solution gallery and single solutions for the public pages, as
// the anonymous visitor. Never selects contact_email or contact_phone: anon has
// no privilege on them, so naming them would fail the whole query.
import { asUser, type Claims } from '../db/db.server.ts';
import { selectEvent } from '../events/events.server.ts';
import { toEventView, type EventView } from '../events/events.ts';
import type { Lang } from '../i18n/locales.ts';
import {
  buildGalleryGrid,
  buildSolutionDetail,
  type GalleryGrid,
  type GalleryPresentationRow,
  type GalleryRoundRow,
  type PartnerRow,
  type SolutionDetail,
  type SolutionRow,
  type SolutionSlotRow,
} from './gallery.ts';

export interface GalleryPage {
  event: EventView;
  grid: GalleryGrid;
}

export async function loadGallery(claims: Claims, eventSlug: string, lang: Lang): Promise<GalleryPage | null> {
  return asUser(claims, async (tx) => {
    const eventId = tx`(select id from public.events where slug = ${eventSlug})`;
    const [[event], rounds, presentations] = await Promise.all([
      selectEvent(tx, eventSlug),
      tx<GalleryRoundRow[]>`
        select s.id, s.slug, s.title, s.title_en, s.starts_at, s.ends_at, s.room_id,
               r.name as room_name, r.name_en as room_name_en, r.position as room_position
        from public.sessions s
        left join public.rooms r on r.id = s.room_id
        where s.event_id = ${eventId} and s.kind = 'gallery_round'
        order by s.starts_at, r.position`,
      tx<GalleryPresentationRow[]>`
        select gp.session_id, gp.position, so.slug, so.title, so.title_en, so.award_nominee
        from public.gallery_presentations gp
        join public.solutions so on so.id = gp.solution_id
        where gp.event_id = ${eventId}
        order by gp.session_id, gp.position`,
    ]);
    if (!event) return null;
    return {
      event: toEventView(event, lang),
      grid: buildGalleryGrid({ eventSlug: event.slug, timeZone: event.timezone, rounds, presentations }, lang),
    };
  });
}

export interface SolutionPage {
  event: EventView;
  solution: SolutionDetail;
}

export async function loadSolution(
  claims: Claims,
  eventSlug: string,
  solutionSlug: string,
  lang: Lang,
): Promise<SolutionPage | null> {
  return asUser(claims, async (tx) => {
    const eventId = tx`(select id from public.events where slug = ${eventSlug})`;
    const solutionId = tx`(select id from public.solutions where event_id = ${eventId} and slug = ${solutionSlug})`;
    const [[event], [solution], partners, slots, roundStarts] = await Promise.all([
      selectEvent(tx, eventSlug),
      tx<SolutionRow[]>`
        select id, slug, title, title_en, summary, summary_en, target_group, target_group_en, results, results_en,
               -- As JSON: postgres.js reads a NULL element of a text[] as the text 'NULL'.
               link_url, theme_tags, to_jsonb(theme_tags_en) as theme_tags_en, award_nominee, contact_name
        from public.solutions
        where id = ${solutionId}`,
      tx<Omit<PartnerRow, 'solution_id'>[]>`
        select coalesce(case when ${lang} = 'en' then nullif(btrim(o.name_en), '') end, o.name) as name, o.sector, o.website_url, sp.role
        from public.solution_partners sp
        join public.organisations o on o.id = sp.organisation_id
        where sp.solution_id = ${solutionId}
        order by sp.position, o.name`,
      tx<SolutionSlotRow[]>`
        select s.slug as session_slug, s.title, s.title_en, s.starts_at, s.ends_at,
               r.name as room_name, r.name_en as room_name_en
        from public.gallery_presentations gp
        join public.sessions s on s.id = gp.session_id
        left join public.rooms r on r.id = s.room_id
        where gp.solution_id = ${solutionId}
        order by s.starts_at`,
      tx<{ starts_at: Date }[]>`
        select distinct starts_at from public.sessions
        where event_id = ${eventId} and kind = 'gallery_round'`,
    ]);
    if (!event || !solution) return null;
    return {
      event: toEventView(event, lang),
      solution: buildSolutionDetail(
        {
          eventSlug: event.slug,
          timeZone: event.timezone,
          solution,
          partners,
          slots,
          roundStarts: roundStarts.map((row) => row.starts_at),
        },
        lang,
      ),
    };
  });
}
