// The organiser's event forms, the pure part: creating an event from blank
// or as a copy of a previous one, editing what the public pages show (Danish
// and English side by side), and the lifecycle draft → published → archived.
// Every zod message is a dictionary key; the database's refusals (slug taken
// or reserved, end before start, someone else saved first) are worded by
// EVENT_REFUSALS. Postgres is the guard (20261203110102_event_console.sql);
// these checks only put the message at the field before the round trip.
import { z } from 'zod';
import { CHANGED_ELSEWHERE, parseVersion, type ChangedElsewhere } from '../console/concurrency.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';

type Key = MessageKey;

export const EVENT_STATUSES = ['draft', 'published', 'archived'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The one step an event may take from each status (mirrors private.guard_event_update). */
export function nextStatus(status: EventStatus): EventStatus | null {
  return status === 'draft' ? 'published' : status === 'published' ? 'archived' : null;
}

/** The time zones the forms offer: those this runtime knows, UTC included. */
export function knownTimeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value);
  } catch {
    return false;
  }
}

/** A date and time on the wall clock of `timeZone`, as the forms' date and time fields hold them. */
export interface LocalDateTime {
  date: string;
  time: string;
}

/** "2027-02-25" and "09:00" for an instant, on the wall clock of `timeZone`. */
export function toLocalDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const clean = (value: string) => value.normalize('NFC').trim();

function required(max: 200, requiredKey: Key) {
  return z
    .string({ error: requiredKey })
    .transform(clean)
    .pipe(
      z
        .string()
        .min(1, { error: requiredKey })
        .max(max, { error: `eventEditor.field.max${max}` satisfies Key }),
    );
}

// Astro hands an empty optional field over as null (it cannot see through the pipe).
function optional(max: 200 | 300 | 500 | 10000) {
  return z
    .string()
    .nullish()
    .transform((value) => clean(value ?? ''))
    .pipe(z.string().max(max, { error: `eventEditor.field.max${max}` satisfies Key }))
    .transform((value) => (value === '' ? null : value));
}

const slugField = z
  .string({ error: 'eventEditor.field.slugInvalid' satisfies Key })
  .transform((value) => clean(value).toLowerCase())
  .pipe(
    z
      .string()
      .min(1, { error: 'eventEditor.field.slugRequired' satisfies Key })
      .max(80, { error: 'eventEditor.field.slugInvalid' satisfies Key })
      .regex(SLUG, { error: 'eventEditor.field.slugInvalid' satisfies Key }),
  );

const dateField = z
  .string({ error: 'eventEditor.field.dateInvalid' satisfies Key })
  .transform(clean)
  .pipe(z.string().regex(DATE, { error: 'eventEditor.field.dateInvalid' satisfies Key }));

const timeField = z
  .string({ error: 'eventEditor.field.timeInvalid' satisfies Key })
  .transform(clean)
  .pipe(z.string().regex(TIME, { error: 'eventEditor.field.timeInvalid' satisfies Key }));

const timeZoneField = z
  .string({ error: 'eventEditor.field.timeZoneInvalid' satisfies Key })
  .transform(clean)
  .pipe(
    z
      .string()
      .max(64)
      .refine(isTimeZone, { error: 'eventEditor.field.timeZoneInvalid' satisfies Key }),
  );

const emailField = z
  .string()
  .nullish()
  .transform((value) => clean(value ?? '').toLowerCase())
  .pipe(
    z
      .string()
      .max(254, { error: 'eventEditor.field.emailInvalid' satisfies Key })
      .regex(/^$|^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: 'eventEditor.field.emailInvalid' satisfies Key }),
  )
  .transform((value) => (value === '' ? null : value));

const statementField = z
  .string()
  .nullish()
  .transform((value) => clean(value ?? ''))
  .pipe(
    z
      .string()
      .max(500, { error: 'eventEditor.field.max500' satisfies Key })
      .regex(/^$|^(https?:\/\/[^\s]+|\/[^\s]*)$/, { error: 'eventEditor.field.urlInvalid' satisfies Key }),
  )
  .transform((value) => (value === '' ? null : value));

const versionField = z.unknown().transform((value, context) => {
  const version = parseVersion(value);
  if (version !== undefined) return version;
  context.addIssue({ code: 'custom', message: 'eventEditor.badForm' satisfies Key });
  return z.NEVER;
});

/** Wall-clock strings compare in time order when both are in the same zone. */
function endsAfterStart(value: { startsOn: string; startsTime: string; endsOn: string; endsTime: string }): boolean {
  return `${value.endsOn}T${value.endsTime}` > `${value.startsOn}T${value.startsTime}`;
}

const whenFields = {
  startsOn: dateField,
  startsTime: timeField,
  endsOn: dateField,
  endsTime: timeField,
  timeZone: timeZoneField,
};

function checkWhen(
  value: { startsOn: string; startsTime: string; endsOn: string; endsTime: string },
  ctx: z.RefinementCtx,
) {
  // A date or time that is itself wrong has its own message; compare only whole ones.
  const whole =
    DATE.test(value.startsOn) && DATE.test(value.endsOn) && TIME.test(value.startsTime) && TIME.test(value.endsTime);
  if (whole && !endsAfterStart(value)) {
    ctx.addIssue({ code: 'custom', path: ['endsTime'], message: 'eventEditor.field.endsBeforeStart' satisfies Key });
  }
}

/** A new, empty draft event. */
export const createEventForm = z
  .object({
    organisation: z.uuid({ error: 'eventEditor.field.organisationRequired' satisfies Key }),
    slug: slugField,
    name: required(200, 'eventEditor.field.nameRequired'),
    nameEn: optional(200),
    venueName: required(200, 'eventEditor.field.venueRequired'),
    ...whenFields,
  })
  .superRefine(checkWhen);
export type CreateEventInput = z.output<typeof createEventForm>;

/** A copy of an event the caller organises, on a new day. */
export const copyEventForm = z.object({
  source: z.uuid({ error: 'eventEditor.badForm' satisfies Key }),
  organisation: z.uuid({ error: 'eventEditor.field.organisationRequired' satisfies Key }),
  slug: slugField,
  name: required(200, 'eventEditor.field.nameRequired'),
  nameEn: optional(200),
  startsOn: dateField,
});
export type CopyEventInput = z.output<typeof copyEventForm>;

/** Every field the public pages show, Danish and English side by side. */
export const editEventForm = z
  .object({
    event: z.uuid({ error: 'eventEditor.badForm' satisfies Key }),
    version: versionField,
    name: required(200, 'eventEditor.field.nameRequired'),
    nameEn: optional(200),
    theme: optional(200),
    themeEn: optional(200),
    tagline: optional(300),
    taglineEn: optional(300),
    description: optional(10000),
    descriptionEn: optional(10000),
    venueName: required(200, 'eventEditor.field.venueRequired'),
    venueAddress: optional(300),
    organiserName: required(200, 'eventEditor.field.organiserRequired'),
    contactEmail: emailField,
    accessibilityUrl: statementField,
    ...whenFields,
  })
  .superRefine(checkWhen);
export type EditEventInput = z.output<typeof editEventForm>;

/** One step of the lifecycle. */
export const eventStatusForm = z.object({
  event: z.uuid({ error: 'eventEditor.badForm' satisfies Key }),
  version: versionField,
  status: z.enum(['published', 'archived'], { error: 'eventEditor.badForm' satisfies Key }),
});
export type EventStatusInput = z.output<typeof eventStatusForm>;

/** The fields a form shows, in its order: where the error summary's links point. */
export const EVENT_FIELD_ORDER = [
  'organisation',
  'slug',
  'name',
  'nameEn',
  'theme',
  'themeEn',
  'tagline',
  'taglineEn',
  'description',
  'descriptionEn',
  'venueName',
  'venueAddress',
  'organiserName',
  'startsOn',
  'startsTime',
  'endsOn',
  'endsTime',
  'timeZone',
  'contactEmail',
  'accessibilityUrl',
] as const;

export type EventRefusal =
  | Refused<
      | 'not_allowed'
      | 'not_found'
      | 'slug_taken'
      | 'slug_reserved'
      | 'slug_invalid'
      | 'ends_before_start'
      | 'name_invalid'
      | 'venue_invalid'
      | 'timezone_invalid'
      | 'invalid_transition'
      | 'invalid'
    >
  | ChangedElsewhere;

export const EVENT_REFUSAL_CODES = [
  'not_allowed',
  'not_found',
  'slug_taken',
  'slug_reserved',
  'slug_invalid',
  'ends_before_start',
  'name_invalid',
  'venue_invalid',
  'timezone_invalid',
  'invalid_transition',
  'invalid',
  'changed_elsewhere',
] as const satisfies readonly EventRefusal['code'][];

export function isEventRefusalCode(value: unknown): value is EventRefusal['code'] {
  return typeof value === 'string' && (EVENT_REFUSAL_CODES as readonly string[]).includes(value);
}

/** Every refusal of the event forms, with its status, words and field. */
export const EVENT_REFUSALS: RefusalRules<EventRefusal> = {
  not_allowed: { status: 403, message: 'eventEditor.error.notAllowed' },
  not_found: { status: 404, message: 'eventEditor.error.notFound' },
  slug_taken: { status: 409, message: 'eventEditor.field.slugTaken', field: 'slug' },
  slug_reserved: { status: 422, message: 'eventEditor.field.slugReserved', field: 'slug' },
  slug_invalid: { status: 400, message: 'eventEditor.field.slugInvalid', field: 'slug' },
  ends_before_start: { status: 400, message: 'eventEditor.field.endsBeforeStart', field: 'endsTime' },
  name_invalid: { status: 400, message: 'eventEditor.field.nameRequired', field: 'name' },
  venue_invalid: { status: 400, message: 'eventEditor.field.venueRequired', field: 'venueName' },
  timezone_invalid: { status: 400, message: 'eventEditor.field.timeZoneInvalid', field: 'timeZone' },
  invalid_transition: { status: 409, message: 'eventEditor.error.invalidTransition' },
  invalid: { status: 400, message: 'eventEditor.badForm' },
  changed_elsewhere: CHANGED_ELSEWHERE,
};

/** A Postgres constraint an update of an event broke, as the forms' code. */
export function eventConstraintRefusal(constraint: string): EventRefusal['code'] {
  if (constraint === 'events_ends_after_start') return 'ends_before_start';
  if (constraint === 'events_status_forward') return 'invalid_transition';
  if (constraint === 'events_timezone_check' || constraint === 'events_timezone_known') return 'timezone_invalid';
  if (constraint === 'events_name_check' || constraint === 'events_name_en_length') return 'name_invalid';
  if (constraint === 'events_venue_length') return 'venue_invalid';
  return 'invalid';
}

/** "Dagen 2027" → "Dagen 2028": a copy's suggested name and slug, a year on (unchanged without a year). */
export function nextYearText(text: string): string {
  return text.replace(
    /(^|[^0-9])(2[0-9]{3})(?![0-9])/g,
    (_, before: string, year: string) => `${before}${Number(year) + 1}`,
  );
}

/** The suggested first day of a copy: 52 weeks later, so the weekday stays ("YYYY-MM-DD"). */
export function sameWeekdayNextYear(date: string): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 364);
  return day.toISOString().slice(0, 10);
}
