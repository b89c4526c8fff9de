// Speakers as the public pages show them: the list and the page per speaker
// with the sessions they appear in.
import type { SessionKind, SpeakerRole } from '../events/events.ts';
import { formatTimeRange } from '../i18n/format.ts';
import { INTL_LOCALE, type Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { pathsFor } from '../site/paths.ts';

export interface SpeakerRow {
  slug: string;
  name: string;
  job_title: string | null;
  job_title_en: string | null;
  bio: string | null;
  bio_en: string | null;
  photo_url: string | null;
  organisation_name: string | null;
}

export interface AppearanceRow {
  session_slug: string;
  kind: SessionKind;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  room_name: string | null;
  room_name_en: string | null;
  role: SpeakerRole;
}

export interface SpeakerView {
  slug: string;
  href: string;
  name: string;
  jobTitle: string | null;
  organisation: string | null;
  bio: string | null;
  photoUrl: string | null;
}

export interface AppearanceView {
  href: string;
  kind: SessionKind;
  title: string;
  role: SpeakerRole;
  startsIso: string;
  timeLabel: string;
  room: string | null;
}

export function toSpeakerView(row: SpeakerRow, eventSlug: string, lang: Lang): SpeakerView {
  return {
    slug: row.slug,
    href: pathsFor(lang).speaker(eventSlug, row.slug),
    name: row.name,
    jobTitle: localized(lang, row.job_title, row.job_title_en),
    organisation: row.organisation_name,
    bio: localized(lang, row.bio, row.bio_en),
    photoUrl: row.photo_url,
  };
}

/** Alphabetical in the visitor's language (Danish puts Æ, Ø, Å last). */
export function buildSpeakerList(rows: readonly SpeakerRow[], eventSlug: string, lang: Lang): SpeakerView[] {
  const collator = new Intl.Collator(INTL_LOCALE[lang]);
  return rows.map((row) => toSpeakerView(row, eventSlug, lang)).sort((a, b) => collator.compare(a.name, b.name));
}

export function buildAppearances(
  rows: readonly AppearanceRow[],
  eventSlug: string,
  timeZone: string,
  lang: Lang,
): AppearanceView[] {
  const paths = pathsFor(lang);
  return [...rows]
    .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())
    .map((row) => ({
      href: paths.session(eventSlug, row.session_slug),
      kind: row.kind,
      title: localized(lang, row.title, row.title_en),
      role: row.role,
      startsIso: row.starts_at.toISOString(),
      timeLabel: formatTimeRange(lang, row.starts_at, row.ends_at, timeZone),
      room: row.room_name === null ? null : localized(lang, row.room_name, row.room_name_en),
    }));
}
