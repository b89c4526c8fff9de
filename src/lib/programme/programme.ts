// The programme as the public pages show it: sessions grouped into time slots
// and ordered by room, the track and kind filter, and the session page.
import { isSessionKind, SESSION_KINDS, type SessionKind, type SpeakerRole } from '../events/events.ts';
import { numberRounds, partnersBySolution, type PartnerRow, type PartnerView } from '../gallery/gallery.ts';
import { formatTime, formatTimeRange } from '../i18n/format.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized, localizedList } from '../i18n/localized.ts';
import { pathsFor } from '../site/paths.ts';

export interface TrackRow {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  colour: string;
  position: number;
}

export interface RoomRow {
  id: string;
  name: string;
  name_en: string | null;
  position: number;
}

export interface SessionRow {
  id: string;
  slug: string;
  kind: SessionKind;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  room_id: string | null;
  track_id: string | null;
  /** Set for sessions that need booking: their seats (20261123170000_booking_settings.sql). */
  booking_required?: boolean;
  capacity?: number | null;
  seats_taken?: number;
  /** Set when the session is cancelled (20261203110300_schedule_changes.sql). */
  cancelled_at?: Date | null;
}

export interface SessionSpeakerRow {
  session_id: string;
  slug: string;
  name: string;
  role: SpeakerRole;
}

export interface TrackView {
  slug: string;
  name: string;
  colour: string;
  /** Black or white, whichever reads on `colour` (WCAG AA for normal text). */
  textColour: string;
}

/** Plain data only (no Dates), with the ISO times the page's markup carries. */
export interface ProgrammeItem {
  slug: string;
  href: string;
  kind: SessionKind;
  title: string;
  startsIso: string;
  endsIso: string;
  timeLabel: string;
  room: string | null;
  track: TrackView | null;
  speakers: string[];
  /** Sessions that need booking: their seats, which the page keeps live. */
  seats?: { sessionId: string; capacity: number; taken: number };
  /** The session is cancelled: shown as such, with no seats. */
  cancelled?: boolean;
}

export interface ProgrammeSlot {
  startsIso: string;
  label: string;
  items: ProgrammeItem[];
}

export interface ProgrammeFilter {
  track: string | null;
  kind: SessionKind | null;
}

export interface Programme {
  slots: ProgrammeSlot[];
  /** Tracks that have at least one session, in the organiser's order. */
  tracks: { slug: string; name: string }[];
  /** Kinds that occur, in the enum's order. */
  kinds: SessionKind[];
  total: number;
}

function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

// Pure black, not the page's softer ink: only black and white together
// guarantee 4.5:1 on every possible background (the worst case is about 4.58:1).
export const INK = '#000000';
export const PAPER = '#ffffff';

/** Track colours are chosen by organisers, so chip text picks whichever of black and white reads better. */
export function readableTextColour(background: string): string {
  return contrastRatio(background, PAPER) >= contrastRatio(background, INK) ? PAPER : INK;
}

export function toTrackView(row: Pick<TrackRow, 'slug' | 'name' | 'name_en' | 'colour'>, lang: Lang): TrackView {
  return {
    slug: row.slug,
    name: localized(lang, row.name, row.name_en),
    colour: row.colour,
    textColour: readableTextColour(row.colour),
  };
}

export interface ProgrammeInput {
  eventSlug: string;
  timeZone: string;
  tracks: readonly TrackRow[];
  rooms: readonly RoomRow[];
  sessions: readonly SessionRow[];
  speakers: readonly SessionSpeakerRow[];
}

/** Groups sessions by start time; within a slot, sessions without a room (plenary breaks) first, then by room order. */
export function buildProgramme(input: ProgrammeInput, lang: Lang): Programme {
  const paths = pathsFor(lang);
  const tracks = new Map(input.tracks.map((row) => [row.id, row]));
  const rooms = new Map(input.rooms.map((row) => [row.id, row]));
  const speakers = new Map<string, string[]>();
  for (const row of input.speakers) speakers.set(row.session_id, [...(speakers.get(row.session_id) ?? []), row.name]);

  // Room-less sessions (plenary breaks) sort before any room.
  const roomRank = (session: SessionRow) => {
    const room = session.room_id ? rooms.get(session.room_id) : undefined;
    return room ? { rank: 1, position: room.position, name: room.name } : { rank: 0, position: 0, name: '' };
  };
  const sorted = [...input.sessions].sort((a, b) => {
    const [ra, rb] = [roomRank(a), roomRank(b)];
    return (
      a.starts_at.getTime() - b.starts_at.getTime() ||
      ra.rank - rb.rank ||
      ra.position - rb.position ||
      ra.name.localeCompare(rb.name, 'da') ||
      a.title.localeCompare(b.title, 'da')
    );
  });

  const slots: ProgrammeSlot[] = [];
  for (const session of sorted) {
    const startsIso = session.starts_at.toISOString();
    let slot = slots.at(-1);
    if (!slot || slot.startsIso !== startsIso) {
      slot = { startsIso, label: formatTime(lang, session.starts_at, input.timeZone), items: [] };
      slots.push(slot);
    }
    const track = session.track_id ? tracks.get(session.track_id) : undefined;
    const room = session.room_id ? rooms.get(session.room_id) : undefined;
    slot.items.push({
      slug: session.slug,
      href: paths.session(input.eventSlug, session.slug),
      kind: session.kind,
      title: localized(lang, session.title, session.title_en),
      startsIso,
      endsIso: session.ends_at.toISOString(),
      timeLabel: formatTimeRange(lang, session.starts_at, session.ends_at, input.timeZone),
      room: room ? localized(lang, room.name, room.name_en) : null,
      track: track ? toTrackView(track, lang) : null,
      speakers: speakers.get(session.id) ?? [],
      ...(session.cancelled_at
        ? { cancelled: true }
        : session.booking_required && session.capacity
          ? { seats: { sessionId: session.id, capacity: session.capacity, taken: session.seats_taken ?? 0 } }
          : {}),
    });
  }

  const usedTracks = new Set(input.sessions.map((s) => s.track_id));
  const usedKinds = new Set(input.sessions.map((s) => s.kind));
  return {
    slots,
    tracks: [...input.tracks]
      .filter((row) => usedTracks.has(row.id))
      .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'da'))
      .map((row) => ({ slug: row.slug, name: localized(lang, row.name, row.name_en) })),
    kinds: SESSION_KINDS.filter((kind) => usedKinds.has(kind)),
    total: input.sessions.length,
  };
}

/** The filter from the query string (`spor`, `type`); values the programme does not have are ignored. */
export function parseProgrammeFilter(
  query: URLSearchParams,
  programme: Pick<Programme, 'tracks' | 'kinds'>,
): ProgrammeFilter {
  const track = query.get('spor');
  const kind = query.get('type');
  return {
    track: track !== null && programme.tracks.some((t) => t.slug === track) ? track : null,
    kind: isSessionKind(kind) && programme.kinds.includes(kind) ? kind : null,
  };
}

export function matchesFilter(item: Pick<ProgrammeItem, 'kind' | 'track'>, filter: ProgrammeFilter): boolean {
  return (
    (filter.track === null || item.track?.slug === filter.track) && (filter.kind === null || item.kind === filter.kind)
  );
}

/** The slots with only the matching sessions; slots left empty are dropped. */
export function filterProgramme(slots: readonly ProgrammeSlot[], filter: ProgrammeFilter): ProgrammeSlot[] {
  return slots
    .map((slot) => ({ ...slot, items: slot.items.filter((item) => matchesFilter(item, filter)) }))
    .filter((slot) => slot.items.length > 0);
}

export function countItems(slots: readonly ProgrammeSlot[]): number {
  return slots.reduce((sum, slot) => sum + slot.items.length, 0);
}

/** The query string for a filter, in the same names the no-JS form submits. */
export function filterQuery(filter: ProgrammeFilter): string {
  const query = new URLSearchParams();
  if (filter.track) query.set('spor', filter.track);
  if (filter.kind) query.set('type', filter.kind);
  const text = query.toString();
  return text ? `?${text}` : '';
}

// --- The session page ---

export interface SessionDetailRow {
  id: string;
  slug: string;
  kind: SessionKind;
  title: string;
  title_en: string | null;
  description: string | null;
  description_en: string | null;
  starts_at: Date;
  ends_at: Date;
  /** Set when the session is cancelled (20261203110300_schedule_changes.sql). */
  cancelled_at?: Date | null;
  discussion_questions: string[];
  discussion_questions_en: string[];
  room_name: string | null;
  room_name_en: string | null;
  room_location_note: string | null;
  room_location_note_en: string | null;
  track_slug: string | null;
  track_name: string | null;
  track_name_en: string | null;
  track_colour: string | null;
}

export interface PersonRow {
  session_id: string;
  slug: string;
  name: string;
  job_title: string | null;
  job_title_en: string | null;
  organisation_name: string | null;
  role: SpeakerRole;
}

export interface PresentedSolutionRow {
  id: string;
  slug: string;
  title: string;
  title_en: string | null;
  summary: string;
  summary_en: string | null;
  award_nominee: boolean;
  position: number;
}

export interface PersonView {
  slug: string;
  href: string;
  name: string;
  jobTitle: string | null;
  organisation: string | null;
  role: SpeakerRole;
}

export interface PresentedSolutionView {
  slug: string;
  href: string;
  title: string;
  summary: string;
  nominee: boolean;
  partners: PartnerView[];
}

export interface SessionDetail {
  /** For what hangs off the session (its materials). */
  id: string;
  slug: string;
  kind: SessionKind;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeLabel: string;
  room: { name: string; note: string | null } | null;
  track: TrackView | null;
  questions: string[];
  people: PersonView[];
  /** The round number of a gallery round; null for every other kind. */
  round: number | null;
  solutions: PresentedSolutionView[];
  cancelled: boolean;
}

export function toPersonView(row: Omit<PersonRow, 'session_id'>, eventSlug: string, lang: Lang): PersonView {
  return {
    slug: row.slug,
    href: pathsFor(lang).speaker(eventSlug, row.slug),
    name: row.name,
    jobTitle: localized(lang, row.job_title, row.job_title_en),
    organisation: row.organisation_name,
    role: row.role,
  };
}

export interface SessionDetailInput {
  eventSlug: string;
  timeZone: string;
  session: SessionDetailRow;
  people: readonly Omit<PersonRow, 'session_id'>[];
  solutions: readonly PresentedSolutionRow[];
  partners: readonly PartnerRow[];
  /** Start times of every gallery round of the event, to number this one. */
  roundStarts: readonly Date[];
}

export function buildSessionDetail(input: SessionDetailInput, lang: Lang): SessionDetail {
  const { session } = input;
  const paths = pathsFor(lang);
  const partners = partnersBySolution(input.partners);
  return {
    id: session.id,
    cancelled: Boolean(session.cancelled_at),
    slug: session.slug,
    kind: session.kind,
    title: localized(lang, session.title, session.title_en),
    description: localized(lang, session.description, session.description_en),
    startsAt: session.starts_at,
    endsAt: session.ends_at,
    timeLabel: formatTimeRange(lang, session.starts_at, session.ends_at, input.timeZone),
    room:
      session.room_name === null
        ? null
        : {
            name: localized(lang, session.room_name, session.room_name_en),
            note: localized(lang, session.room_location_note, session.room_location_note_en),
          },
    track:
      session.track_slug === null || session.track_name === null || session.track_colour === null
        ? null
        : toTrackView(
            {
              slug: session.track_slug,
              name: session.track_name,
              name_en: session.track_name_en,
              colour: session.track_colour,
            },
            lang,
          ),
    questions: localizedList(lang, session.discussion_questions, session.discussion_questions_en),
    people: input.people.map((row) => toPersonView(row, input.eventSlug, lang)),
    round:
      session.kind === 'gallery_round'
        ? (numberRounds(input.roundStarts).get(session.starts_at.getTime()) ?? null)
        : null,
    solutions: [...input.solutions]
      .sort((a, b) => a.position - b.position)
      .map((row) => ({
        slug: row.slug,
        href: paths.solution(input.eventSlug, row.slug),
        title: localized(lang, row.title, row.title_en),
        summary: localized(lang, row.summary, row.summary_en),
        nominee: row.award_nominee,
        partners: partners.get(row.id) ?? [],
      })),
  };
}

// --- Keynotes on the landing page ---

export interface KeynoteRow {
  id: string;
  slug: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
}

export interface KeynoteView {
  href: string;
  title: string;
  startsIso: string;
  timeLabel: string;
  people: PersonView[];
}

// The landing page names who gives a keynote, not who introduces it.
const HOSTING_ROLES: readonly SpeakerRole[] = ['host', 'moderator'];

export function buildKeynotes(
  input: { eventSlug: string; timeZone: string; sessions: readonly KeynoteRow[]; people: readonly PersonRow[] },
  lang: Lang,
): KeynoteView[] {
  const paths = pathsFor(lang);
  return [...input.sessions]
    .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())
    .map((session) => ({
      href: paths.session(input.eventSlug, session.slug),
      title: localized(lang, session.title, session.title_en),
      startsIso: session.starts_at.toISOString(),
      timeLabel: formatTimeRange(lang, session.starts_at, session.ends_at, input.timeZone),
      people: input.people
        .filter((row) => row.session_id === session.id && !HOSTING_ROLES.includes(row.role))
        .map((row) => toPersonView(row, input.eventSlug, lang)),
    }));
}
