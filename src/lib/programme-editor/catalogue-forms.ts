// The forms of the programme's catalogue — tracks, rooms and speakers — pure:
// their fields and how a posted form is read. The database checks the same
// limits again (supabase/migrations/20261203110200_programme_editor.sql).
import { z } from 'zod';
import { SECTORS, type Sector } from '../events/events.ts';
import {
  type Key,
  optionalSlug,
  optionalText,
  optionalWholeNumber,
  requiredLine,
  uuidField,
  versionField,
} from './programme-editor.ts';

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

const fieldsOf = (form: FormData, names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, text(form, name)]));

const order = optionalWholeNumber(0, 999, 'programmeEditor.field.orderInvalid').transform((value) => value ?? 0);

/**
 * The order a new track or room is offered: after the last one, so a catalogue typed in from the top
 * keeps the order it was typed in (with every item at 0 the lists would fall back to name order).
 */
export function nextPosition(items: readonly { position: number }[]): number {
  return Math.min(
    999,
    items.reduce((last, item) => Math.max(last, item.position + 1), 0),
  );
}

// ── Tracks ───────────────────────────────────────────────────────────────

export interface TrackInput {
  name: string;
  nameEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  colour: string;
  hostName: string | null;
  position: number;
  slug: string | null;
}

export const trackFields = z.object({
  name: requiredLine(200),
  nameEn: optionalText(200, true),
  description: optionalText(4000),
  descriptionEn: optionalText(4000),
  colour: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'programmeEditor.field.colourInvalid' satisfies Key })
    .transform((value) => value.toLowerCase()),
  hostName: optionalText(200, true),
  position: order,
  slug: optionalSlug,
}) satisfies z.ZodType<TrackInput, unknown>;

const TRACK_FIELDS = ['name', 'nameEn', 'description', 'descriptionEn', 'colour', 'hostName', 'position', 'slug'];

// ── Rooms ────────────────────────────────────────────────────────────────

export interface RoomInput {
  name: string;
  nameEn: string | null;
  capacity: number;
  locationNote: string | null;
  locationNoteEn: string | null;
  accessibilityNote: string | null;
  accessibilityNoteEn: string | null;
  position: number;
}

export const roomFields = z.object({
  name: requiredLine(120),
  nameEn: optionalText(120, true),
  capacity: optionalWholeNumber(1, 100_000, 'programmeEditor.rooms.capacityRequired').refine(
    (value): value is number => value !== null,
    { error: 'programmeEditor.rooms.capacityRequired' satisfies Key },
  ),
  locationNote: optionalText(500),
  locationNoteEn: optionalText(500),
  accessibilityNote: optionalText(2000),
  accessibilityNoteEn: optionalText(2000),
  position: order,
});

const ROOM_FIELDS = [
  'name',
  'nameEn',
  'capacity',
  'locationNote',
  'locationNoteEn',
  'accessibilityNote',
  'accessibilityNoteEn',
  'position',
];

// ── Speakers ─────────────────────────────────────────────────────────────

export interface SpeakerInput {
  name: string;
  /** Only for a speaker listed by office ("the Minister"): names are not translated. */
  nameEn: string | null;
  jobTitle: string | null;
  jobTitleEn: string | null;
  bio: string | null;
  bioEn: string | null;
  /** The organisation's name; NULL: none. */
  organisation: string | null;
  /** Needed only to add an organisation that does not exist yet. */
  sector: Sector | null;
  photoUrl: string | null;
  slug: string | null;
}

export const speakerFields = z.object({
  name: requiredLine(200),
  nameEn: optionalText(200, true),
  jobTitle: optionalText(200, true),
  jobTitleEn: optionalText(200, true),
  bio: optionalText(8000),
  bioEn: optionalText(8000),
  organisation: optionalText(200, true),
  sector: z.union([z.literal('').transform(() => null), z.enum(SECTORS)], {
    error: 'programmeEditor.error.unknown_reference' satisfies Key,
  }),
  photoUrl: optionalText(2000, true).refine((value) => value === null || /^(https?:\/\/|\/)[^\s]*$/.test(value), {
    error: 'programmeEditor.speakers.photoUrlInvalid' satisfies Key,
  }),
  slug: optionalSlug,
});

const SPEAKER_FIELDS = [
  'name',
  'nameEn',
  'jobTitle',
  'jobTitleEn',
  'bio',
  'bioEn',
  'organisation',
  'sector',
  'photoUrl',
  'slug',
];

// ── The forms ────────────────────────────────────────────────────────────

const eventField = uuidField('programmeEditor.error.badForm');
const idField = uuidField('programmeEditor.error.not_found');

/** A "new …" form: the event and the item's fields. */
function createForm<T extends z.ZodType>(fields: T, names: readonly string[]) {
  return z
    .instanceof(FormData)
    .transform((form) => ({ event: text(form, 'event'), item: fieldsOf(form, names) }))
    .pipe(
      // The generic object's input type is beyond TypeScript here; its output is exactly this.
      z.object({ event: eventField, item: fields }) as unknown as z.ZodType<
        { event: string; item: z.output<T> },
        { event: string; item: Record<string, string> }
      >,
    );
}

/** A "save …" form: which item, the version the form showed, and its fields. */
function updateForm<T extends z.ZodType>(fields: T, names: readonly string[]) {
  return z
    .instanceof(FormData)
    .transform((form) => ({ id: text(form, 'id'), version: text(form, 'version'), item: fieldsOf(form, names) }))
    .pipe(
      z.object({ id: idField, version: versionField, item: fields }) as unknown as z.ZodType<
        { id: string; version: number; item: z.output<T> },
        { id: string; version: string; item: Record<string, string> }
      >,
    );
}

export const createTrackForm = createForm(trackFields, TRACK_FIELDS);
export const updateTrackForm = updateForm(trackFields, TRACK_FIELDS);
export const createRoomForm = createForm(roomFields, ROOM_FIELDS);
export const updateRoomForm = updateForm(roomFields, ROOM_FIELDS);
export const createSpeakerForm = createForm(speakerFields, SPEAKER_FIELDS);
export const updateSpeakerForm = updateForm(speakerFields, SPEAKER_FIELDS);

/** "Delete …": which item, at the version the form showed. */
export const deleteItemForm = z.object({ id: idField, version: versionField });
