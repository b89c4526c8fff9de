// The programme editor's shared rules, pure: how form text is read, how a
// title becomes a slug, every refusal the editor answers with (and its words),
// and which database constraint means which refusal at which field. The
// database holds the rules (supabase/migrations/20261203110200_programme_editor.sql);
// this module only names them for the organiser.
import { z } from 'zod';
import { CHANGED_ELSEWHERE, parseVersion } from '../console/concurrency.ts';
import { formatTimeRange } from '../i18n/format.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules, RefusalWords } from '../site/refusal.ts';

export type Key = MessageKey;

// ── Reading form text ────────────────────────────────────────────────────

/** Control characters other than the line break; never part of programme text. */
function hasControl(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && code !== 0x0a) || code === 0x7f) return true;
  }
  return false;
}

/** Trimmed text (line breaks normalised) of at most `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: 'programmeEditor.field.invalidText' satisfies Key })
    .transform((value) => value.replace(/\r\n?/g, '\n').trim())
    .refine((value) => !hasControl(value), { error: 'programmeEditor.field.invalidText' satisfies Key })
    .refine((value) => value.length <= max, {
      error: 'programmeEditor.field.tooLong' satisfies Key,
    });

/** Required one-line text. */
export const requiredLine = (max: number) =>
  text(max)
    .refine((value) => !value.includes('\n'), { error: 'programmeEditor.field.invalidText' satisfies Key })
    .refine((value) => value.length > 0, { error: 'programmeEditor.field.required' satisfies Key });

/** Optional text: empty is NULL. */
export const optionalText = (max: number, oneLine = false) =>
  text(max)
    .refine((value) => !oneLine || !value.includes('\n'), {
      error: 'programmeEditor.field.invalidText' satisfies Key,
    })
    .transform((value) => (value === '' ? null : value));

/** A whole number in a range, from a text field; empty is NULL. */
export const optionalWholeNumber = (min: number, max: number, invalid: Key) =>
  z
    .string()
    .transform((value) => value.trim())
    .refine((value) => value === '' || /^-?\d{1,9}$/.test(value), { error: invalid })
    .transform((value) => (value === '' ? null : Number(value)))
    .refine((value) => value === null || (value >= min && value <= max), { error: invalid });

export const uuidField = (invalid: Key) =>
  z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: invalid })
    .transform((value) => value.toLowerCase());

/** An optional reference (a room, a track): empty is NULL. */
export const optionalUuid = (invalid: Key) =>
  z.union([z.literal('').transform(() => null), uuidField(invalid)], { error: invalid });

/** The version a form showed; missing or malformed makes the whole form unreadable. */
export const versionField = z.string().transform((value, context) => {
  const version = parseVersion(value);
  if (version !== undefined) return version;
  context.addIssue({ code: 'custom', message: 'programmeEditor.error.badForm' satisfies Key });
  return z.NEVER;
});

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX = 80;

/** An optional web address part: empty means "make one from the name". */
export const optionalSlug = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .refine((value) => value === '' || (value.length <= SLUG_MAX && SLUG_PATTERN.test(value)), {
    error: 'programmeEditor.field.slugInvalid' satisfies Key,
  })
  .transform((value) => (value === '' ? null : value));

const DANISH: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ß: 'ss' };

/**
 * A slug from a name: lower-case ASCII words joined by hyphens, Danish
 * letters spelt out (æ → ae), at most 80 characters, cut between words.
 * Falls back to `fallback` when nothing is left (a name of only symbols).
 */
export function slugify(name: string, fallback = 'x'): string {
  const ascii = name
    .toLowerCase()
    .replace(/[æøåß]/g, (char) => DANISH[char] ?? char)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const words = ascii.split(/[^a-z0-9]+/).filter((word) => word !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > SLUG_MAX) break;
    slug = next;
  }
  if (slug === '' && words[0]) slug = words[0].slice(0, SLUG_MAX);
  return slug === '' ? fallback : slug;
}

/** The first of `base`, `base-2`, `base-3`, … not in `taken`, within the length limit. */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

// ── Refusals ─────────────────────────────────────────────────────────────

/** What a database constraint means for the organiser, and the form field it belongs at. */
export type ConstraintCode =
  | 'room_double_booked'
  | 'ends_before_start'
  | 'capacity_below_seats'
  | 'capacity_invalid'
  | 'booking_needs_capacity'
  | 'booking_kept_while_booked'
  | 'slug_taken'
  | 'name_taken'
  | 'text_invalid'
  | 'solution_double_booked'
  | 'kind_locked_by_presentations'
  | 'has_bookings'
  | 'has_presentations'
  | 'room_in_use'
  | 'unknown_reference'
  | 'speaker_twice'
  | 'colour_invalid';

/** Every code the programme editor refuses with. */
export type ProgrammeRefusalCode =
  'not_found' | 'changed_elsewhere' | 'organisation_unknown' | 'session_cancelled' | ConstraintCode;

/** Every refusal of the programme editor, with what its message needs. */
export type ProgrammeRefusal = Refused<
  ProgrammeRefusalCode,
  {
    /** The form field the refusal concerns, when the database named one. */
    field?: string;
    /** The clashing session, for a double-booked room (instants as ISO strings). */
    clash?: { title: string; titleEn: string | null; startsAt: string; endsAt: string; timeZone: string };
    /** Seats already taken, for a capacity set below them. */
    seats?: number;
  }
>;

/**
 * Each constraint the editor's writes can meet, by name: the refusal and the
 * field of the form it is shown at. A constraint not listed here is a bug,
 * not the organiser's doing.
 */
export const CONSTRAINT_REFUSALS: Readonly<Record<string, { code: ConstraintCode; field?: string }>> = {
  // sessions
  sessions_room_not_double_booked: { code: 'room_double_booked', field: 'roomId' },
  sessions_ends_after_start: { code: 'ends_before_start', field: 'endTime' },
  sessions_seats_within_capacity: { code: 'capacity_below_seats', field: 'capacity' },
  sessions_capacity_check: { code: 'capacity_invalid', field: 'capacity' },
  sessions_booking_needs_capacity: { code: 'booking_needs_capacity', field: 'capacity' },
  sessions_booking_kept_while_booked: { code: 'booking_kept_while_booked', field: 'needsBooking' },
  sessions_event_id_slug_key: { code: 'slug_taken', field: 'slug' },
  sessions_title_check: { code: 'text_invalid', field: 'title' },
  sessions_title_en_length: { code: 'text_invalid', field: 'titleEn' },
  sessions_description_length: { code: 'text_invalid', field: 'description' },
  sessions_description_en_length: { code: 'text_invalid', field: 'descriptionEn' },
  sessions_room_same_event: { code: 'unknown_reference', field: 'roomId' },
  sessions_track_same_event: { code: 'unknown_reference', field: 'trackId' },
  sessions_not_deleted_while_booked: { code: 'has_bookings' },
  sessions_not_deleted_while_presenting: { code: 'has_presentations' },
  gallery_presentations_solution_in_one_place: { code: 'solution_double_booked', field: 'startTime' },
  gallery_presentations_event_id_session_id_session_kind_fkey: { code: 'kind_locked_by_presentations', field: 'kind' },
  session_speakers_pkey: { code: 'speaker_twice', field: 'speakers' },
  session_speakers_event_id_speaker_id_fkey: { code: 'unknown_reference', field: 'speakers' },
  // tracks
  tracks_event_id_slug_key: { code: 'slug_taken', field: 'slug' },
  tracks_name_check: { code: 'text_invalid', field: 'name' },
  tracks_name_en_length: { code: 'text_invalid', field: 'nameEn' },
  tracks_description_length: { code: 'text_invalid', field: 'description' },
  tracks_description_en_length: { code: 'text_invalid', field: 'descriptionEn' },
  tracks_host_name_length: { code: 'text_invalid', field: 'hostName' },
  tracks_colour_check: { code: 'colour_invalid', field: 'colour' },
  // rooms
  rooms_event_id_name_key: { code: 'name_taken', field: 'name' },
  rooms_name_check: { code: 'text_invalid', field: 'name' },
  rooms_name_en_length: { code: 'text_invalid', field: 'nameEn' },
  rooms_capacity_check: { code: 'capacity_invalid', field: 'capacity' },
  rooms_location_note_length: { code: 'text_invalid', field: 'locationNote' },
  rooms_location_note_en_length: { code: 'text_invalid', field: 'locationNoteEn' },
  rooms_accessibility_note_length: { code: 'text_invalid', field: 'accessibilityNote' },
  rooms_accessibility_note_en_length: { code: 'text_invalid', field: 'accessibilityNoteEn' },
  rooms_not_deleted_while_used: { code: 'room_in_use' },
  // speakers
  speakers_event_id_slug_key: { code: 'slug_taken', field: 'slug' },
  speakers_name_check: { code: 'text_invalid', field: 'name' },
  speakers_job_title_length: { code: 'text_invalid', field: 'jobTitle' },
  speakers_job_title_en_length: { code: 'text_invalid', field: 'jobTitleEn' },
  speakers_name_en_length: { code: 'text_invalid', field: 'nameEn' },
  speakers_bio_length: { code: 'text_invalid', field: 'bio' },
  speakers_bio_en_length: { code: 'text_invalid', field: 'bioEn' },
  speakers_photo_url_check: { code: 'text_invalid', field: 'photoUrl' },
  speakers_photo_url_length: { code: 'text_invalid', field: 'photoUrl' },
};

const atField =
  (status: 400 | 409, message: Key) =>
  (refusal: ProgrammeRefusal): RefusalWords =>
    refusal.field === undefined ? { status, message } : { status, message, field: refusal.field };

/** Every refusal's status and words (in `lang`); constraint refusals at the field they concern. */
export const programmeRefusals = (lang: Lang): RefusalRules<ProgrammeRefusal> => ({
  not_found: { status: 404, message: 'programmeEditor.error.not_found' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  organisation_unknown: { status: 400, message: 'programmeEditor.error.organisationSector', field: 'sector' },
  room_double_booked: ({ clash }) =>
    clash
      ? {
          status: 409,
          message: 'programmeEditor.error.room_double_booked_by',
          params: {
            title: localized(lang, clash.title, clash.titleEn),
            time: formatTimeRange(lang, new Date(clash.startsAt), new Date(clash.endsAt), clash.timeZone),
          },
          field: 'roomId',
        }
      : { status: 409, message: 'programmeEditor.error.room_double_booked', field: 'roomId' },
  ends_before_start: atField(400, 'programmeEditor.error.ends_before_start'),
  capacity_below_seats: (refusal) => ({
    status: 409,
    message: 'programmeEditor.error.capacity_below_seats',
    params: { count: refusal.seats ?? 0 },
    field: 'capacity',
  }),
  capacity_invalid: atField(400, 'programmeEditor.error.capacity_invalid'),
  booking_needs_capacity: atField(400, 'programmeEditor.error.booking_needs_capacity'),
  booking_kept_while_booked: atField(409, 'programmeEditor.error.booking_kept_while_booked'),
  slug_taken: atField(409, 'programmeEditor.error.slug_taken'),
  name_taken: atField(409, 'programmeEditor.error.name_taken'),
  text_invalid: atField(400, 'programmeEditor.field.tooLong'),
  solution_double_booked: atField(409, 'programmeEditor.error.solution_double_booked'),
  kind_locked_by_presentations: atField(409, 'programmeEditor.error.kind_locked_by_presentations'),
  has_bookings: atField(409, 'programmeEditor.error.has_bookings'),
  has_presentations: atField(409, 'programmeEditor.error.has_presentations'),
  room_in_use: atField(409, 'programmeEditor.error.room_in_use'),
  unknown_reference: atField(400, 'programmeEditor.error.unknown_reference'),
  speaker_twice: atField(400, 'programmeEditor.error.speaker_twice'),
  colour_invalid: atField(400, 'programmeEditor.field.colourInvalid'),
  session_cancelled: atField(409, 'programmeEditor.error.session_cancelled'),
});

/** Input issues by form field: the first message (a dictionary key) of each field. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    // Drop the wrapper ("session.", "item."); a speaker row's error lands on the row's field ("speakers.2.speakerId").
    const path = issue.path.map(String).filter((part, index) => index > 0 || (part !== 'session' && part !== 'item'));
    const name = path.length === 0 ? 'form' : path.join('.');
    if (!errors.has(name)) errors.set(name, issue.message);
  }
  return errors;
}
