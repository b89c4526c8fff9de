// The schedule grid's use cases, each one transaction as the signed-in
// organiser (so the audit log knows who): read the grid, change one session
// (applied at once on a draft event, prepared on a published one), discard
// prepared changes, and publish them — which queues, in the same transaction,
// one email per affected attendee for the whole batch. The rules are in
// Postgres (private.change_session, private.publish_schedule).
import { createHash } from 'node:crypto';
import { asUser, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { pathsFor } from '../site/paths.ts';
import {
  publishAnswer,
  scheduleChangeData,
  type ScheduleDone,
  type ScheduleRefusal,
  scheduleResult,
  type ScheduleResult,
  type ScheduleRoom,
  type ScheduleSession,
  toRefusal,
} from './schedule.ts';

export interface ScheduleContext {
  /** Where links in emails point: the site's origin. */
  origin: string;
  db?: Sql;
}

export interface EventSchedule {
  rooms: ScheduleRoom[];
  sessions: ScheduleSession[];
  published: boolean;
}

interface SessionRow {
  id: string;
  slug: string;
  kind: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  room_id: string | null;
  track_name: string | null;
  track_name_en: string | null;
  track_colour: string | null;
  capacity: number | null;
  seats_taken: number;
  booking_required: boolean;
  version: number;
  cancelled_at: Date | null;
  draft_version: number | null;
  draft_starts_at: Date | null;
  draft_ends_at: Date | null;
  draft_room_id: string | null;
  draft_cancel: boolean | null;
}

function toSession(row: SessionRow, lang: Lang): ScheduleSession {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: localized(lang, row.title, row.title_en),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    roomId: row.room_id,
    trackName: localized(lang, row.track_name, row.track_name_en),
    trackColour: row.track_colour,
    capacity: row.capacity,
    seatsTaken: row.seats_taken,
    bookingRequired: row.booking_required,
    version: row.version,
    cancelled: row.cancelled_at !== null,
    draft:
      row.draft_version === null
        ? null
        : {
            version: row.draft_version,
            startsAt: row.draft_starts_at!,
            endsAt: row.draft_ends_at!,
            roomId: row.draft_room_id,
            cancel: row.draft_cancel === true,
          },
  };
}

/** The event's rooms and sessions with their prepared changes; empty for anyone but its organisers. */
export async function loadSchedule(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<EventSchedule> {
  return asUser(
    claims,
    async (tx) => {
      const [rooms, sessions, event] = await Promise.all([
        tx<{ id: string; name: string; name_en: string | null }[]>`
          select id, name, name_en from private.schedule_rooms(${eventId})`,
        tx<SessionRow[]>`select * from private.schedule_sessions(${eventId})`,
        tx<{ published: boolean }[]>`select status = 'published' as published from public.events where id = ${eventId}`,
      ]);
      return {
        rooms: rooms.map((room) => ({ id: room.id, name: localized(lang, room.name, room.name_en) })),
        sessions: sessions.map((row) => toSession(row, lang)),
        published: event[0]?.published ?? false,
      };
    },
    db,
  );
}

export type ScheduleAnswer = { ok: true; code: ScheduleDone; count?: number } | ScheduleRefusal;

function answer(result: ScheduleResult, lang: Lang, done: ScheduleDone): ScheduleAnswer {
  return toRefusal(result, lang) ?? { ok: true, code: done };
}

/**
 * Moves or resizes a session: the new start and end are wall-clock times on
 * `date` in the event's time zone (Postgres converts them, DST included).
 */
export async function moveSession(
  claims: SignedIn,
  input: {
    session: string;
    version: number;
    draft: number;
    date: string;
    start: string;
    end: string;
    room: string | null;
  },
  lang: Lang,
  db: Sql = sql(),
): Promise<ScheduleAnswer> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: unknown }[]>`
        with zone as (
          select e.timezone from public.sessions s join public.events e on e.id = s.event_id where s.id = ${input.session}
        )
        select private.change_session(
          ${input.session}, ${input.version}::integer, ${input.draft}::integer,
          (${input.date}::date + ${input.start}::time) at time zone (select timezone from zone),
          (${input.date}::date + ${input.end}::time) at time zone (select timezone from zone),
          ${input.room}::uuid, false) as result`;
      const result = scheduleResult.parse(row!.result);
      return answer(result, lang, result.code === 'staged' || result.code === 'unchanged' ? result.code : 'applied');
    },
    db,
  );
}

/** Cancels a session (at once on a draft event; prepared on a published one). */
export async function cancelSession(
  claims: SignedIn,
  input: { session: string; version: number; draft: number },
  lang: Lang,
  db: Sql = sql(),
): Promise<ScheduleAnswer> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: unknown }[]>`
        select private.change_session(${input.session}, ${input.version}::integer, ${input.draft}::integer,
                                      null, null, null, true) as result`;
      const result = scheduleResult.parse(row!.result);
      return answer(result, lang, result.code === 'staged' ? 'staged' : 'cancelled');
    },
    db,
  );
}

/** Drops one prepared change, or (without a session) all of the event's. */
export async function discardDrafts(
  claims: SignedIn,
  input: { event: string; session?: string | undefined; draft?: number | undefined },
  lang: Lang,
  db: Sql = sql(),
): Promise<ScheduleAnswer> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: unknown }[]>`
        select private.discard_session_drafts(${input.event}, ${input.session ?? null}::uuid,
                                              ${input.draft ?? null}::integer) as result`;
      return answer(scheduleResult.parse(row!.result), lang, 'discarded');
    },
    db,
  );
}

/**
 * Publishes every prepared change of the event and, in the same transaction,
 * queues one email per affected attendee (in their language) listing what
 * changed for them. The key names the ticket and the publication's sessions
 * and versions, so the same publication is never emailed twice.
 */
export async function publishSchedule(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  context: ScheduleContext,
): Promise<ScheduleAnswer> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: unknown }[]>`select private.publish_schedule(${eventId}) as result`;
      const result = scheduleResult.parse(row!.result);
      const refusal = toRefusal(result, lang);
      if (refusal) return refusal;
      const { notices } = publishAnswer.parse(row!.result);
      await queueScheduleEmails(tx, eventId, notices, context.origin);
      return { ok: true, code: 'published', count: result.sessions ?? 0 };
    },
    context.db ?? sql(),
  );
}

async function queueScheduleEmails(
  tx: Tx,
  eventId: string,
  notices: ReturnType<typeof publishAnswer.parse>['notices'],
  origin: string,
): Promise<void> {
  if (notices.length === 0) return;
  // The publication's identity: the sessions it changed at their new versions.
  const [event] = await tx<{ name: string; name_en: string | null; timezone: string }[]>`
    select name, name_en, timezone from public.events where id = ${eventId}`;
  const sessionIds = [...new Set(notices.flatMap((notice) => notice.items.map((item) => item.session_id)))];
  const versions = await tx<{ id: string; version: number }[]>`
    select id, version from public.sessions where id = any (${sessionIds}::uuid[])`;
  const versionOf = new Map(versions.map((row) => [row.id, row.version]));
  for (const notice of notices) {
    const stamp = notice.items.map((item) => `${item.session_id}.${versionOf.get(item.session_id) ?? 0}`).join('+');
    const digest = createHash('sha256').update(stamp).digest('hex').slice(0, 32);
    await enqueueEmail(tx, {
      idempotencyKey: `schedule-change/${notice.ticket_id}/${digest}`,
      to: notice.email,
      lang: notice.language,
      template: 'schedule-change',
      data: scheduleChangeData(
        notice,
        { name: event!.name, nameEn: event!.name_en, timeZone: event!.timezone },
        new URL(pathsFor(notice.language).myProgramme(), origin).href,
      ),
    });
  }
}
