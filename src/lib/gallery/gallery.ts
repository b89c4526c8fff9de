// The solution gallery: gallery rounds (time) × galleries (rooms), three
// solutions under a themed heading in each cell, and the page per solution.
import type { Sector } from '../events/events.ts';
import { formatTimeRange } from '../i18n/format.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized, localizedTags } from '../i18n/localized.ts';
import { pathsFor } from '../site/paths.ts';

/**
 * Rounds are numbered by their distinct start times, earliest first: every
 * gallery that starts at 10:30 belongs to round 1 if nothing starts earlier.
 */
export function numberRounds(starts: readonly Date[]): Map<number, number> {
  const distinct = [...new Set(starts.map((d) => d.getTime()))].sort((a, b) => a - b);
  return new Map(distinct.map((time, index) => [time, index + 1]));
}

export interface GalleryRoundRow {
  id: string;
  slug: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  room_id: string | null;
  room_name: string | null;
  room_name_en: string | null;
  room_position: number | null;
}

export interface GalleryPresentationRow {
  session_id: string;
  position: number;
  slug: string;
  title: string;
  title_en: string | null;
  award_nominee: boolean;
}

export interface GalleryCell {
  sessionHref: string;
  heading: string;
  solutions: { slug: string; href: string; title: string; nominee: boolean }[];
}

export interface GalleryRow {
  round: number;
  startsIso: string;
  timeLabel: string;
  /** One per column; null where a gallery has no presentation in this round. */
  cells: (GalleryCell | null)[];
}

export interface GalleryGrid {
  columns: { key: string; name: string }[];
  rows: GalleryRow[];
  hasNominees: boolean;
}

const NO_ROOM = 'no-room';

export function buildGalleryGrid(
  input: {
    eventSlug: string;
    timeZone: string;
    rounds: readonly GalleryRoundRow[];
    presentations: readonly GalleryPresentationRow[];
  },
  lang: Lang,
): GalleryGrid {
  const paths = pathsFor(lang);
  const columnRows = new Map<string, GalleryRoundRow>();
  for (const round of input.rounds) {
    const key = round.room_id ?? NO_ROOM;
    if (!columnRows.has(key)) columnRows.set(key, round);
  }
  // Galleries in the venue's room order; a round without a room (a data gap) goes last.
  const columns = [...columnRows.entries()]
    .sort(([, a], [, b]) => {
      if (a.room_id === null || b.room_id === null) return Number(a.room_id === null) - Number(b.room_id === null);
      return (
        (a.room_position ?? 0) - (b.room_position ?? 0) || (a.room_name ?? '').localeCompare(b.room_name ?? '', 'da')
      );
    })
    .map(([key, row]) => ({
      key,
      name: row.room_name === null ? '–' : localized(lang, row.room_name, row.room_name_en),
    }));
  const columnIndex = new Map(columns.map((column, index) => [column.key, index]));

  const bySession = new Map<string, GalleryPresentationRow[]>();
  for (const row of input.presentations) bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), row]);

  const numbers = numberRounds(input.rounds.map((r) => r.starts_at));
  const rows = new Map<number, GalleryRow>();
  for (const round of [...input.rounds].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())) {
    const number = numbers.get(round.starts_at.getTime()) ?? 0;
    let row = rows.get(number);
    if (!row) {
      row = {
        round: number,
        startsIso: round.starts_at.toISOString(),
        timeLabel: formatTimeRange(lang, round.starts_at, round.ends_at, input.timeZone),
        cells: columns.map(() => null),
      };
      rows.set(number, row);
    }
    row.cells[columnIndex.get(round.room_id ?? NO_ROOM) ?? 0] = {
      sessionHref: paths.session(input.eventSlug, round.slug),
      heading: localized(lang, round.title, round.title_en),
      solutions: (bySession.get(round.id) ?? [])
        .sort((a, b) => a.position - b.position)
        .map((p) => ({
          slug: p.slug,
          href: paths.solution(input.eventSlug, p.slug),
          title: localized(lang, p.title, p.title_en),
          nominee: p.award_nominee,
        })),
    };
  }
  return {
    columns,
    rows: [...rows.values()],
    hasNominees: input.presentations.some((p) => p.award_nominee),
  };
}

// --- Partners and the solution page ---

export interface PartnerRow {
  solution_id: string;
  name: string;
  sector: Sector;
  website_url: string | null;
  role: 'lead' | 'partner';
}

export interface PartnerView {
  name: string;
  sector: Sector;
  websiteUrl: string | null;
  role: 'lead' | 'partner';
}

/** Partner rows of each solution, lead partner first (rows arrive in the organiser's order). */
export function partnersBySolution(rows: readonly PartnerRow[]): Map<string, PartnerView[]> {
  const result = new Map<string, PartnerView[]>();
  for (const row of rows) {
    const list = result.get(row.solution_id) ?? [];
    list.push({ name: row.name, sector: row.sector, websiteUrl: row.website_url, role: row.role });
    result.set(row.solution_id, list);
  }
  for (const list of result.values()) list.sort((a, b) => Number(b.role === 'lead') - Number(a.role === 'lead'));
  return result;
}

export interface SolutionRow {
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
  theme_tags: string[];
  theme_tags_en: (string | null)[] | null;
  award_nominee: boolean;
  /** Null when the contact deleted their account. */
  contact_name: string | null;
}

export interface SolutionSlotRow {
  session_slug: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  room_name: string | null;
  room_name_en: string | null;
}

export interface SolutionSlot {
  sessionHref: string;
  /** The solution's own question list in that round (asked of its team). */
  questionsHref: string;
  heading: string;
  round: number | null;
  gallery: string | null;
  startsIso: string;
  timeLabel: string;
}

export interface SolutionDetail {
  /** For what hangs off the solution (its materials). */
  id: string;
  slug: string;
  title: string;
  summary: string;
  targetGroup: string | null;
  results: string | null;
  linkUrl: string | null;
  themes: string[];
  nominee: boolean;
  contactName: string | null;
  partners: PartnerView[];
  sectors: Sector[];
  slots: SolutionSlot[];
}

export function buildSolutionDetail(
  input: {
    eventSlug: string;
    timeZone: string;
    solution: SolutionRow;
    partners: readonly Omit<PartnerRow, 'solution_id'>[];
    slots: readonly SolutionSlotRow[];
    /** Start times of every gallery round of the event, to number the rounds. */
    roundStarts: readonly Date[];
  },
  lang: Lang,
): SolutionDetail {
  const { solution } = input;
  const paths = pathsFor(lang);
  const partners =
    partnersBySolution(input.partners.map((row) => ({ ...row, solution_id: solution.id }))).get(solution.id) ?? [];
  const numbers = numberRounds(input.roundStarts);
  return {
    id: solution.id,
    slug: solution.slug,
    title: localized(lang, solution.title, solution.title_en),
    summary: localized(lang, solution.summary, solution.summary_en),
    targetGroup: localized(lang, solution.target_group, solution.target_group_en),
    results: localized(lang, solution.results, solution.results_en),
    linkUrl: solution.link_url,
    themes: localizedTags(lang, solution.theme_tags, solution.theme_tags_en),
    nominee: solution.award_nominee,
    contactName: solution.contact_name,
    partners,
    sectors: [...new Set(partners.map((p) => p.sector))],
    slots: [...input.slots]
      .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())
      .map((slot) => ({
        sessionHref: paths.session(input.eventSlug, slot.session_slug),
        questionsHref: paths.questions(input.eventSlug, slot.session_slug, solution.slug),
        heading: localized(lang, slot.title, slot.title_en),
        round: numbers.get(slot.starts_at.getTime()) ?? null,
        gallery: slot.room_name === null ? null : localized(lang, slot.room_name, slot.room_name_en),
        startsIso: slot.starts_at.toISOString(),
        timeLabel: formatTimeRange(lang, slot.starts_at, slot.ends_at, input.timeZone),
      })),
  };
}
