// The session form, pure: its fields, how a posted form is read into a
// session, and the rules a form can check before the database does (the
// database checks them again). Times are wall-clock times in the event's
// time zone; the use case turns them into instants in Postgres.
import { z } from 'zod';
import { SESSION_KINDS, SPEAKER_ROLES, type SessionKind, type SpeakerRole } from '../events/events.ts';
import {
  type Key,
  optionalSlug,
  optionalText,
  optionalUuid,
  optionalWholeNumber,
  requiredLine,
  uuidField,
  versionField,
} from './programme-editor.ts';

export const TITLE_MAX = 300;
export const DESCRIPTION_MAX = 8000;
export const CAPACITY_MAX = 100_000;
/** Speaker rows a session form shows: the current ones plus this many empty ones. */
export const EMPTY_SPEAKER_ROWS = 2;
export const SPEAKERS_MAX = 20;

/** Kinds that need booking unless the organiser says otherwise (the database's default rule). */
export const BOOKED_BY_DEFAULT: readonly SessionKind[] = ['track_session', 'workshop', 'gallery_round'];

export interface SpeakerAppearance {
  speakerId: string;
  role: SpeakerRole;
}

/** A session as the editor writes it. */
export interface SessionInput {
  kind: SessionKind;
  title: string;
  titleEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  /** `YYYY-MM-DD`, `HH:MM`, `HH:MM`: wall-clock in the event's time zone. */
  date: string;
  startTime: string;
  endTime: string;
  roomId: string | null;
  trackId: string | null;
  capacity: number | null;
  needsBooking: boolean;
  /** NULL: made from the title. */
  slug: string | null;
  /** In order; the first is shown first. */
  speakers: SpeakerAppearance[];
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const date = z
  .string()
  .trim()
  .regex(DATE, { error: 'programmeEditor.session.dateInvalid' satisfies Key });
const time = z
  .string()
  .trim()
  // A browser without a time picker may send seconds.
  .transform((value) => (/^\d\d:\d\d:\d\d$/.test(value) ? value.slice(0, 5) : value))
  .pipe(z.string().regex(TIME, { error: 'programmeEditor.session.timeInvalid' satisfies Key }));

const speakerRow = z.object({
  speakerId: uuidField('programmeEditor.error.unknown_reference'),
  role: z.enum(SPEAKER_ROLES, { error: 'programmeEditor.session.roleInvalid' satisfies Key }),
});

export const sessionFields = z
  .object({
    kind: z.enum(SESSION_KINDS, { error: 'programmeEditor.session.kindRequired' satisfies Key }),
    title: requiredLine(TITLE_MAX),
    titleEn: optionalText(TITLE_MAX, true),
    description: optionalText(DESCRIPTION_MAX),
    descriptionEn: optionalText(DESCRIPTION_MAX),
    date,
    startTime: time,
    endTime: time,
    roomId: optionalUuid('programmeEditor.error.unknown_reference'),
    trackId: optionalUuid('programmeEditor.error.unknown_reference'),
    capacity: optionalWholeNumber(1, CAPACITY_MAX, 'programmeEditor.error.capacity_invalid'),
    needsBooking: z.enum(['yes', 'no'], { error: 'programmeEditor.session.bookingRequired' satisfies Key }),
    slug: optionalSlug,
    speakers: z.array(speakerRow).max(SPEAKERS_MAX, { error: 'programmeEditor.session.tooManySpeakers' }),
  })
  .superRefine((session, context) => {
    if (session.endTime <= session.startTime) {
      context.addIssue({
        code: 'custom',
        path: ['endTime'],
        message: 'programmeEditor.error.ends_before_start' satisfies Key,
      });
    }
    if (session.needsBooking === 'yes' && session.capacity === null) {
      context.addIssue({
        code: 'custom',
        path: ['capacity'],
        message: 'programmeEditor.error.booking_needs_capacity' satisfies Key,
      });
    }
    const seen = new Set<string>();
    session.speakers.forEach((row, index) => {
      if (seen.has(row.speakerId)) {
        context.addIssue({
          code: 'custom',
          path: ['speakers', index, 'speakerId'],
          message: 'programmeEditor.error.speaker_twice' satisfies Key,
        });
      }
      seen.add(row.speakerId);
    });
  })
  .transform((session): SessionInput => ({ ...session, needsBooking: session.needsBooking === 'yes' }));

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/**
 * The speaker rows of a form: `speakerId`, `speakerRole` and `speakerOrder`
 * repeated per row. Rows without a speaker are left out; the rest are sorted
 * by their order number (a row without one keeps its place).
 */
export function speakerRowsFromForm(form: FormData): unknown[] {
  const ids = form.getAll('speakerId');
  const roles = form.getAll('speakerRole');
  const orders = form.getAll('speakerOrder');
  const rows = ids
    .map((id, index) => {
      const order = Number(typeof orders[index] === 'string' ? orders[index] : '');
      return {
        speakerId: typeof id === 'string' ? id.trim() : '',
        role: typeof roles[index] === 'string' ? roles[index] : 'speaker',
        order: Number.isFinite(order) && String(orders[index]).trim() !== '' ? order : index + 1,
        index,
      };
    })
    .filter((row) => row.speakerId !== '');
  rows.sort((a, b) => a.order - b.order || a.index - b.index);
  return rows.map(({ speakerId, role }) => ({ speakerId, role }));
}

/** The session fields of a posted form, unparsed. */
export function sessionFromForm(form: FormData): Record<string, unknown> {
  const names = [
    'kind',
    'title',
    'titleEn',
    'description',
    'descriptionEn',
    'date',
    'startTime',
    'endTime',
    'roomId',
    'trackId',
    'capacity',
    'needsBooking',
    'slug',
  ];
  return { ...Object.fromEntries(names.map((name) => [name, text(form, name)])), speakers: speakerRowsFromForm(form) };
}

const eventField = uuidField('programmeEditor.error.badForm');

/** "New session": the event and the session. */
export const createSessionForm = z
  .instanceof(FormData)
  .transform((form) => ({ event: text(form, 'event'), session: sessionFromForm(form) }))
  .pipe(z.object({ event: eventField, session: sessionFields }));

/** "Save session": which session, the versions the form showed, and the session. */
export const updateSessionForm = z
  .instanceof(FormData)
  .transform((form) => ({
    id: text(form, 'id'),
    version: text(form, 'version'),
    speakersVersion: text(form, 'speakersVersion'),
    draftVersion: text(form, 'draftVersion'),
    session: sessionFromForm(form),
  }))
  .pipe(
    z.object({
      id: uuidField('programmeEditor.error.not_found'),
      version: versionField,
      speakersVersion: z.string().regex(/^[0-9a-f]{0,32}$/, { error: 'programmeEditor.error.badForm' }),
      // The schedule's prepared change the form showed (0: none); see updateSession.
      draftVersion: z
        .string()
        .regex(/^(\d{1,9})?$/, { error: 'programmeEditor.error.badForm' })
        .transform((value) => (value === '' ? undefined : Number(value))),
      session: sessionFields,
    }),
  );

/** "Delete session". */
export const deleteSessionForm = z.object({
  id: uuidField('programmeEditor.error.not_found'),
  version: versionField,
});
