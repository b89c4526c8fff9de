// The schedule grid, the pure part: what the organiser's grid shows (rooms ×
// time, built from the sessions as they will be once prepared changes are
// published), the forms that move, resize and cancel a session, and the
// database's answers as refusals. The decisions are Postgres's:
// supabase/migrations/20261203110300_schedule_changes.sql.
import { z } from 'zod';
import { CHANGED_ELSEWHERE, parseVersion } from '../console/concurrency.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';

/** The grid's row height: every start and end is shown to the nearest quarter of an hour. */
export const SLOT_MINUTES = 15;
const SLOT_MS = SLOT_MINUTES * 60_000;

export interface ScheduleRoom {
  id: string;
  name: string;
}

export interface PreparedChange {
  version: number;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  cancel: boolean;
}

export interface ScheduleSession {
  id: string;
  slug: string;
  kind: string;
  title: string;
  /** As published now. */
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  trackName: string | null;
  trackColour: string | null;
  capacity: number | null;
  seatsTaken: number;
  bookingRequired: boolean;
  version: number;
  cancelled: boolean;
  /** A change prepared and not yet published. */
  draft: PreparedChange | null;
}

/** Where a session will be once the prepared changes are published. */
export interface Placed {
  session: ScheduleSession;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
}

export function placed(session: ScheduleSession): Placed {
  const draft = session.draft;
  return draft
    ? { session, startsAt: draft.startsAt, endsAt: draft.endsAt, roomId: draft.roomId }
    : { session, startsAt: session.startsAt, endsAt: session.endsAt, roomId: session.roomId };
}

export function isCancelledOrPrepared(session: ScheduleSession): boolean {
  return session.cancelled || session.draft?.cancel === true;
}

export type GridCell =
  | { kind: 'session'; placed: Placed; rows: number }
  | { kind: 'empty' }
  /** Part of a session that started in an earlier row: no cell of its own. */
  | { kind: 'covered' };

export interface GridRow {
  at: Date;
  cells: GridCell[];
}

export interface GridDay {
  /** The day in the event's time zone, YYYY-MM-DD. */
  date: string;
  rows: GridRow[];
}

export interface ScheduleGrid {
  days: GridDay[];
  /** Not on the grid: no room, or overlapping another in its room (should not happen: the database refuses). */
  unplaced: Placed[];
  /** Cancelled, or to be cancelled when the prepared changes are published. */
  cancelled: Placed[];
}

const floorSlot = (time: number) => Math.floor(time / SLOT_MS) * SLOT_MS;
const ceilSlot = (time: number) => Math.ceil(time / SLOT_MS) * SLOT_MS;

/**
 * Rooms × quarter hours, one table per day: a session fills the rows from its
 * start to its end in its room's column.
 */
export function buildScheduleGrid(
  rooms: readonly ScheduleRoom[],
  sessions: readonly ScheduleSession[],
  timeZone: string,
): ScheduleGrid {
  const column = new Map(rooms.map((room, index) => [room.id, index]));
  const cancelled: Placed[] = [];
  const unplaced: Placed[] = [];
  const byDay = new Map<string, Placed[]>();
  for (const session of sessions) {
    const where = placed(session);
    if (isCancelledOrPrepared(session)) cancelled.push(where);
    else if (where.roomId === null || !column.has(where.roomId)) unplaced.push(where);
    else {
      const day = wallClock(where.startsAt, timeZone).date;
      byDay.set(day, [...(byDay.get(day) ?? []), where]);
    }
  }
  const days: GridDay[] = [];
  for (const [date, list] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    const first = floorSlot(Math.min(...list.map((p) => p.startsAt.getTime())));
    const last = ceilSlot(Math.max(...list.map((p) => p.endsAt.getTime())));
    const count = Math.max(1, (last - first) / SLOT_MS);
    const rows: GridRow[] = Array.from({ length: count }, (_, index) => ({
      at: new Date(first + index * SLOT_MS),
      cells: rooms.map((): GridCell => ({ kind: 'empty' })),
    }));
    for (const where of [...list].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
      const col = column.get(where.roomId!)!;
      const top = (floorSlot(where.startsAt.getTime()) - first) / SLOT_MS;
      const span = Math.max(1, (ceilSlot(where.endsAt.getTime()) - floorSlot(where.startsAt.getTime())) / SLOT_MS);
      const free = rows.slice(top, top + span).every((row) => row.cells[col]!.kind === 'empty');
      if (!free) {
        unplaced.push(where);
        continue;
      }
      rows[top]!.cells[col] = { kind: 'session', placed: where, rows: span };
      for (let index = top + 1; index < top + span; index += 1) rows[index]!.cells[col] = { kind: 'covered' };
    }
    days.push({ date, rows });
  }
  const byStart = (a: Placed, b: Placed) => a.startsAt.getTime() - b.startsAt.getTime();
  return { days, unplaced: unplaced.sort(byStart), cancelled: cancelled.sort(byStart) };
}

// Building an Intl formatter costs far more than using one, and a grid asks hundreds of times.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock date and time of an instant in a time zone, as form fields want them: YYYY-MM-DD and HH:MM. */
export function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** Localised room and session names, for pages and emails. */
export function roomName(lang: Lang, row: { name: string; name_en: string | null }): string {
  return localized(lang, row.name, row.name_en);
}

// ---------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------

const version = z.string().transform((raw, context) => {
  const parsed = parseVersion(raw);
  if (parsed === undefined) {
    context.addIssue({ code: 'custom', message: 'schedule.badForm' });
    return z.NEVER;
  }
  return parsed;
});

/** The version of the session's prepared change the form showed; 0 when there was none. */
const draftVersion = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,8})$/, { error: 'schedule.badForm' })
  .transform(Number);

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const sessionRef = {
  event: z.uuid(),
  session: z.uuid(),
  version,
  draft: draftVersion,
};

/** Move or resize: a new date, start, end and room (empty: no room), in the event's time zone. */
export const moveSessionForm = z.object({
  ...sessionRef,
  date: z.string().trim().regex(DATE, { error: 'schedule.field.date' }),
  start: z.string().trim().regex(TIME, { error: 'schedule.field.start' }),
  end: z.string().trim().regex(TIME, { error: 'schedule.field.end' }),
  room: z
    .string()
    .trim()
    .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i, { error: 'schedule.field.room' })
    .transform((room) => room || null),
});
export type MoveSessionInput = z.output<typeof moveSessionForm>;

export const cancelSessionForm = z.object({
  ...sessionRef,
  confirm: z.literal('yes', { error: 'schedule.cancel.confirmRequired' }),
});
export type CancelSessionInput = z.output<typeof cancelSessionForm>;

export const discardDraftForm = z.object({
  event: z.uuid(),
  /** Absent: every prepared change of the event. */
  session: z.uuid().optional(),
  draft: draftVersion.optional(),
});
export type DiscardDraftInput = z.output<typeof discardDraftForm>;

export const publishScheduleForm = z.object({ event: z.uuid() });

// ---------------------------------------------------------------------------
// The database's answers
// ---------------------------------------------------------------------------

export const scheduleResult = z.object({
  code: z.enum([
    'applied',
    'staged',
    'unchanged',
    'discarded',
    'published',
    'nothing_to_publish',
    'not_found',
    'changed_elsewhere',
    'already_cancelled',
    'end_before_start',
    'room_double_booked',
  ]),
  version: z.int().optional(),
  draft_version: z.int().optional(),
  sessions: z.int().optional(),
  clash_title: z.string().optional(),
  clash_title_en: z.string().nullable().optional(),
  clash_starts_at: z.string().optional(),
  clash_ends_at: z.string().optional(),
  title: z.string().optional(),
  title_en: z.string().nullable().optional(),
});
export type ScheduleResult = z.infer<typeof scheduleResult>;

export type ScheduleDone = 'applied' | 'staged' | 'unchanged' | 'discarded' | 'published' | 'cancelled';

export type ScheduleRefusal =
  | Refused<'not_found' | 'changed_elsewhere' | 'already_cancelled' | 'end_before_start' | 'nothing_to_publish'>
  | Refused<'room_double_booked', { other: string | null }>
  | Refused<'stale_prepared', { other: string }>;

/** Every refusal of the schedule's forms, with its status, words and field. */
export const SCHEDULE_REFUSALS: RefusalRules<ScheduleRefusal> = {
  not_found: { status: 404, message: 'schedule.refused.notFound' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  already_cancelled: { status: 409, message: 'schedule.refused.alreadyCancelled' },
  end_before_start: { status: 422, message: 'schedule.refused.endBeforeStart', field: 'end' },
  nothing_to_publish: { status: 409, message: 'schedule.refused.nothingToPublish' },
  room_double_booked: (refusal) =>
    refusal.code === 'room_double_booked' && refusal.other
      ? { status: 409, message: 'schedule.refused.roomTaken', params: { other: refusal.other }, field: 'room' }
      : { status: 409, message: 'schedule.refused.roomTakenPublish', field: 'room' },
  stale_prepared: (refusal) => ({
    status: 409,
    message: 'schedule.refused.stalePrepared',
    params: { other: refusal.code === 'stale_prepared' ? refusal.other : '' },
  }),
};

/** The words of a refused answer, in the visitor's language. */
export function toRefusal(result: ScheduleResult, lang: Lang): ScheduleRefusal | null {
  switch (result.code) {
    case 'not_found':
    case 'already_cancelled':
    case 'end_before_start':
    case 'nothing_to_publish':
      return { ok: false, code: result.code };
    case 'changed_elsewhere':
      return result.title
        ? { ok: false, code: 'stale_prepared', other: localized(lang, result.title, result.title_en ?? null) }
        : { ok: false, code: 'changed_elsewhere' };
    case 'room_double_booked':
      return {
        ok: false,
        code: 'room_double_booked',
        other: result.clash_title ? localized(lang, result.clash_title, result.clash_title_en ?? null) : null,
      };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------
// Who is told what
// ---------------------------------------------------------------------------

const noticeItem = z.object({
  session_id: z.uuid(),
  title: z.string(),
  title_en: z.string().nullable(),
  cancelled: z.boolean(),
  old_starts_at: z.string(),
  old_ends_at: z.string(),
  old_room: z.string().nullable(),
  old_room_en: z.string().nullable(),
  starts_at: z.string(),
  ends_at: z.string(),
  room: z.string().nullable(),
  room_en: z.string().nullable(),
  clash_title: z.string().nullable(),
  clash_title_en: z.string().nullable(),
});

/** One ticket's part of a publication, as private.publish_schedule returns it. */
export const publishNotice = z.object({
  ticket_id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  language: z.enum(['da', 'en']),
  items: z.array(noticeItem).min(1),
});
export type PublishNotice = z.infer<typeof publishNotice>;

export const publishAnswer = z.object({ notices: z.array(publishNotice).default([]) });

/** The template data of one attendee's email about a publication, in their language. */
export function scheduleChangeData(
  notice: PublishNotice,
  event: { name: string; nameEn: string | null; timeZone: string },
  myProgrammeUrl: string,
) {
  const lang = notice.language;
  const name = (da: string | null, en: string | null) => (da === null ? undefined : localized(lang, da, en));
  return {
    recipientName: notice.name?.trim() || notice.email,
    eventName: localized(lang, event.name, event.nameEn),
    timeZone: event.timeZone,
    myProgrammeUrl,
    items: notice.items.map((item) =>
      item.cancelled
        ? {
            kind: 'cancelled' as const,
            sessionTitle: localized(lang, item.title, item.title_en),
            startsAt: new Date(item.old_starts_at).toISOString(),
            endsAt: new Date(item.old_ends_at).toISOString(),
          }
        : {
            kind: 'moved' as const,
            sessionTitle: localized(lang, item.title, item.title_en),
            oldStartsAt: new Date(item.old_starts_at).toISOString(),
            oldEndsAt: new Date(item.old_ends_at).toISOString(),
            startsAt: new Date(item.starts_at).toISOString(),
            endsAt: new Date(item.ends_at).toISOString(),
            oldRoom: name(item.old_room, item.old_room_en),
            room: name(item.room, item.room_en),
            clashTitle: name(item.clash_title, item.clash_title_en),
          },
    ),
  };
}
