// Reading speakers for the public pages, as the anonymous visitor.
import { asUser, type Claims } from '../db/db.server.ts';
import { selectEvent } from '../events/events.server.ts';
import { toEventView, type EventView } from '../events/events.ts';
import type { Lang } from '../i18n/locales.ts';
import { imageLink } from '../storage/image-link.server.ts';
import {
  buildAppearances,
  buildSpeakerList,
  toSpeakerView,
  type AppearanceRow,
  type AppearanceView,
  type SpeakerRow,
  type SpeakerView,
} from './speakers.ts';

type StoredSpeakerRow = SpeakerRow & { photo_key: string | null };

/** A photo uploaded through the console (photo_key) wins over a photo address, shown by a signed link. */
function withStoredPhotos(rows: readonly StoredSpeakerRow[]): Promise<SpeakerRow[]> {
  return Promise.all(
    rows.map(async ({ photo_key, ...row }) => (photo_key ? { ...row, photo_url: await imageLink(photo_key) } : row)),
  );
}

export interface SpeakersPage {
  event: EventView;
  speakers: SpeakerView[];
}

export async function loadSpeakers(claims: Claims, eventSlug: string, lang: Lang): Promise<SpeakersPage | null> {
  return asUser(claims, async (tx) => {
    const [[event], speakers] = await Promise.all([
      selectEvent(tx, eventSlug),
      tx<StoredSpeakerRow[]>`
        select sp.slug, coalesce(case when ${lang} = 'en' then nullif(btrim(sp.name_en), '') end, sp.name) as name, sp.job_title, sp.job_title_en, sp.bio, sp.bio_en, sp.photo_url, sp.photo_key,
               coalesce(case when ${lang} = 'en' then nullif(btrim(o.name_en), '') end, o.name) as organisation_name
        from public.speakers sp
        join public.events e on e.id = sp.event_id
        left join public.organisations o on o.id = sp.organisation_id
        where e.slug = ${eventSlug}`,
    ]);
    if (!event) return null;
    const rows = await withStoredPhotos(speakers);
    return { event: toEventView(event, lang), speakers: buildSpeakerList(rows, event.slug, lang) };
  });
}

export interface SpeakerPage {
  event: EventView;
  speaker: SpeakerView;
  appearances: AppearanceView[];
}

export async function loadSpeaker(
  claims: Claims,
  eventSlug: string,
  speakerSlug: string,
  lang: Lang,
): Promise<SpeakerPage | null> {
  return asUser(claims, async (tx) => {
    const eventId = tx`(select id from public.events where slug = ${eventSlug})`;
    const [[event], [speaker], appearances] = await Promise.all([
      selectEvent(tx, eventSlug),
      tx<StoredSpeakerRow[]>`
        select sp.slug, coalesce(case when ${lang} = 'en' then nullif(btrim(sp.name_en), '') end, sp.name) as name, sp.job_title, sp.job_title_en, sp.bio, sp.bio_en, sp.photo_url, sp.photo_key,
               coalesce(case when ${lang} = 'en' then nullif(btrim(o.name_en), '') end, o.name) as organisation_name
        from public.speakers sp
        left join public.organisations o on o.id = sp.organisation_id
        where sp.event_id = ${eventId} and sp.slug = ${speakerSlug}`,
      tx<AppearanceRow[]>`
        select s.slug as session_slug, s.kind, s.title, s.title_en, s.starts_at, s.ends_at,
               r.name as room_name, r.name_en as room_name_en, ss.role
        from public.session_speakers ss
        join public.speakers sp on sp.id = ss.speaker_id
        join public.sessions s on s.id = ss.session_id
        left join public.rooms r on r.id = s.room_id
        where sp.event_id = ${eventId} and sp.slug = ${speakerSlug}
        order by s.starts_at`,
    ]);
    if (!event || !speaker) return null;
    return {
      event: toEventView(event, lang),
      speaker: toSpeakerView((await withStoredPhotos([speaker]))[0]!, event.slug, lang),
      appearances: buildAppearances(appearances, event.slug, event.timezone, lang),
    };
  });
}
