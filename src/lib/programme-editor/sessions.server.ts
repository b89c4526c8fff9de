// Session use cases for the organiser console: read the editor, create,
// update (any subset of fields — the schedule grid moves a session through the
// same call) and delete. Each runs as the signed-in organiser under RLS in one
// transaction, so the audit trigger knows who did it and a refusal leaves
// nothing half-written. Optimistic concurrency: the session's `version`
// (bumped by Postgres on every edit) and, for the speaker list, a fingerprint
// of the rows the form showed; both are checked under the session's row lock.
import { asUser, type SignedIn, sql, type Sql, type Tx } from '../db/db.server.ts';
import type { SessionKind, SpeakerRole } from '../events/events.ts';
import { refused } from '../site/refusal.ts';
import { refusingWrite, RollbackWith } from './database-refusal.server.ts';
import { type ScheduleResult, scheduleResult } from '../schedule/schedule.ts';
import { freeSlug, type ProgrammeRefusal, slugify } from './programme-editor.ts';
import type { SessionInput, SpeakerAppearance } from './session-form.ts';

/** A fingerprint of a session's speaker rows (empty list included), as SQL. */
const speakersVersionOf = (tx: Tx, sessionId: string | ReturnType<Tx>) => tx`
  (select md5(coalesce(string_agg(ss.speaker_id::text || ':' || ss.role || ':' || ss.position, ','
                                  order by ss.position, ss.speaker_id), ''))
     from public.session_speakers ss where ss.session_id = ${sessionId})`;

export interface EditableSession {
  id: string;
  eventId: string;
  slug: string;
  kind: SessionKind;
  title: string;
  titleEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  trackId: string | null;
  capacity: number | null;
  needsBooking: boolean;
  bookingRequired: boolean;
  seatsTaken: number;
  activeBookings: number;
  presentations: number;
  version: number;
  speakersVersion: string;
  speakers: (SpeakerAppearance & { name: string })[];
  /** The event is published: a new time or room is prepared in the schedule, not applied. */
  published: boolean;
  /** The schedule's prepared, unpublished change of this session (version 0: none). */
  prepared: {
    version: number;
    cancel: boolean;
    startsAt: Date;
    endsAt: Date;
    roomName: string | null;
    timeZone: string;
  } | null;
}

interface SessionRow {
  id: string;
  event_id: string;
  slug: string;
  kind: SessionKind;
  title: string;
  title_en: string | null;
  description: string | null;
  description_en: string | null;
  date: string;
  start_time: string;
  end_time: string;
  starts_at: Date;
  ends_at: Date;
  room_id: string | null;
  track_id: string | null;
  capacity: number | null;
  needs_booking: boolean | null;
  booking_required: boolean;
  seats_taken: number;
  active_bookings: number;
  presentations: number;
  version: number;
  speakers_version: string;
  published: boolean;
  timezone: string;
  draft_version: number | null;
  draft_cancel: boolean | null;
  draft_starts_at: Date | null;
  draft_ends_at: Date | null;
  draft_room: string | null;
}

/** One session as the editor shows it, or null when the caller does not organise its event. */
export async function loadEditableSession(
  claims: SignedIn,
  eventId: string,
  sessionId: string,
  db: Sql = sql(),
): Promise<EditableSession | null> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<SessionRow[]>`
      select s.id, s.event_id, s.slug, s.kind, s.title, s.title_en, s.description, s.description_en,
             to_char(s.starts_at at time zone e.timezone, 'YYYY-MM-DD') as date,
             to_char(s.starts_at at time zone e.timezone, 'HH24:MI') as start_time,
             to_char(s.ends_at at time zone e.timezone, 'HH24:MI') as end_time,
             s.starts_at, s.ends_at, s.room_id, s.track_id, s.capacity, s.needs_booking, s.booking_required,
             s.seats_taken, s.version,
             (select count(*)::int from public.bookings b
               where b.session_id = s.id and b.status <> 'cancelled') as active_bookings,
             (select count(*)::int from public.gallery_presentations p where p.session_id = s.id) as presentations,
             ${speakersVersionOf(tx, tx`s.id`)} as speakers_version,
             e.status = 'published' as published, e.timezone,
             d.version as draft_version, d.cancel as draft_cancel, d.starts_at as draft_starts_at,
             d.ends_at as draft_ends_at, dr.name as draft_room
        from public.sessions s join public.events e on e.id = s.event_id
        left join public.session_drafts d on d.session_id = s.id
        left join public.rooms dr on dr.id = d.room_id
       where s.id = ${sessionId} and s.event_id = ${eventId}
         and private.has_event_role(s.event_id, 'organiser')`;
      if (!row) return null;
      const speakers = await tx<{ speaker_id: string; role: SpeakerRole; name: string }[]>`
      select ss.speaker_id, ss.role, sp.name
        from public.session_speakers ss join public.speakers sp on sp.id = ss.speaker_id
       where ss.session_id = ${sessionId}
       order by ss.position, sp.name`;
      return {
        id: row.id,
        eventId: row.event_id,
        slug: row.slug,
        kind: row.kind,
        title: row.title,
        titleEn: row.title_en,
        description: row.description,
        descriptionEn: row.description_en,
        date: row.date,
        startTime: row.start_time,
        endTime: row.end_time,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        roomId: row.room_id,
        trackId: row.track_id,
        capacity: row.capacity,
        needsBooking: row.booking_required,
        bookingRequired: row.booking_required,
        seatsTaken: row.seats_taken,
        activeBookings: row.active_bookings,
        presentations: row.presentations,
        version: row.version,
        speakersVersion: row.speakers_version,
        speakers: speakers.map((s) => ({ speakerId: s.speaker_id, role: s.role, name: s.name })),
        published: row.published,
        prepared:
          row.draft_version === null
            ? null
            : {
                version: row.draft_version,
                cancel: row.draft_cancel === true,
                startsAt: row.draft_starts_at!,
                endsAt: row.draft_ends_at!,
                roomName: row.draft_room,
                timeZone: row.timezone,
              },
      };
    },
    db,
  );
}

/** What a session may be changed in; absent fields stay as they are. */
export interface SessionChanges extends Partial<Omit<SessionInput, 'date' | 'startTime' | 'endTime' | 'speakers'>> {
  /** Wall-clock date and times in the event's time zone, always together. */
  when?: { date: string; startTime: string; endTime: string };
  speakers?: SpeakerAppearance[];
}

export interface SessionTarget {
  id: string;
  /** The session's version the form showed. */
  version: number;
  /** The speaker rows' fingerprint the form showed; checked when speakers change. */
  speakersVersion?: string;
  /**
   * The version of the schedule's prepared change the form showed (0: none);
   * checked when a published session gets a new time or room. Absent: the
   * prepared change as it is now.
   */
  draftVersion?: number;
}

export type SessionSaved = {
  ok: true;
  id: string;
  slug: string;
  version: number;
  speakersVersion: string;
  /** A new time or room was prepared in the schedule (published event), not applied. */
  staged?: boolean;
};

/** The session's columns a change sets (the times are set apart, in the event's time zone). */
function columnsOf(changes: SessionChanges): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const put = (column: string, value: unknown) => {
    if (value !== undefined) columns[column] = value;
  };
  put('kind', changes.kind);
  put('title', changes.title);
  put('title_en', changes.titleEn);
  put('description', changes.description);
  put('description_en', changes.descriptionEn);
  put('room_id', changes.roomId);
  put('track_id', changes.trackId);
  put('capacity', changes.capacity);
  put('needs_booking', changes.needsBooking);
  return columns;
}

/** The event's unused slug for `base` (this session's own excepted). */
async function unusedSlug(tx: Tx, eventId: string, base: string, exceptId: string | null): Promise<string> {
  const rows = await tx<{ slug: string }[]>`
    select slug from public.sessions
     where event_id = ${eventId} and (slug = ${base} or slug like ${`${base}-%`})
       and id is distinct from ${exceptId}`;
  return freeSlug(base, new Set(rows.map((row) => row.slug)));
}

/** Replaces the session's speaker rows with `speakers`, in that order, touching only what changed. */
async function writeSpeakers(tx: Tx, eventId: string, sessionId: string, speakers: SpeakerAppearance[]) {
  const ids = speakers.map((s) => s.speakerId);
  await tx`
    delete from public.session_speakers
     where session_id = ${sessionId} and not (speaker_id = any (${ids}::uuid[]))`;
  if (speakers.length === 0) return;
  const rows = speakers.map((s, index) => ({
    event_id: eventId,
    session_id: sessionId,
    speaker_id: s.speakerId,
    role: s.role,
    position: index + 1,
  }));
  await tx`
    insert into public.session_speakers ${tx(rows)}
    on conflict (session_id, speaker_id) do update
       set role = excluded.role, position = excluded.position
     where (session_speakers.role, session_speakers.position) is distinct from (excluded.role, excluded.position)`;
}

/**
 * Adds a more precise reading to a constraint refusal: which session holds
 * the room, how many seats are taken. Read after the rollback, as the same user.
 */
async function explain(
  claims: SignedIn,
  refusal: ProgrammeRefusal,
  context: {
    eventId: string;
    sessionId: string | null;
    roomId?: string | null | undefined;
    when?: SessionChanges['when'];
  },
  db: Sql,
): Promise<ProgrammeRefusal> {
  if (refusal.code === 'room_double_booked' && context.when && !refusal.clash) {
    const { date, startTime, endTime } = context.when;
    const [clash] = await asUser(
      claims,
      (tx) => tx<{ title: string; title_en: string | null; starts_at: Date; ends_at: Date; timezone: string }[]>`
        select s.title, s.title_en, s.starts_at, s.ends_at, e.timezone
          from public.sessions s join public.events e on e.id = s.event_id
         where s.event_id = ${context.eventId}
           and s.room_id = coalesce(${context.roomId ?? null}::uuid,
                                    (select room_id from public.sessions where id = ${context.sessionId}))
           and s.id is distinct from ${context.sessionId}
           and tstzrange(s.starts_at, s.ends_at, '[)') && tstzrange(
                 (${date}::date + ${startTime}::time) at time zone e.timezone,
                 (${date}::date + ${endTime}::time) at time zone e.timezone, '[)')
         order by s.starts_at limit 1`,
      db,
    );
    if (clash) {
      return refused('room_double_booked', {
        field: 'roomId',
        clash: {
          title: clash.title,
          titleEn: clash.title_en,
          startsAt: clash.starts_at.toISOString(),
          endsAt: clash.ends_at.toISOString(),
          timeZone: clash.timezone,
        },
      });
    }
  }
  if (refusal.code === 'capacity_below_seats' && context.sessionId) {
    const [row] = await asUser(
      claims,
      (tx) => tx<{ seats_taken: number }[]>`select seats_taken from public.sessions where id = ${context.sessionId}`,
      db,
    );
    if (row) return refused('capacity_below_seats', { field: 'capacity', seats: row.seats_taken });
  }
  return refusal;
}

interface EventFacts {
  organiser: boolean;
  starts_at: Date | null;
  ends_at: Date | null;
}

/** Whether the caller organises the event, and the instants of a wall-clock date and times there. */
async function eventFacts(tx: Tx, eventId: string, when: SessionChanges['when']): Promise<EventFacts | undefined> {
  const [facts] = await tx<EventFacts[]>`
    select private.has_event_role(e.id, 'organiser') as organiser,
           (${when?.date ?? null}::date + ${when?.startTime ?? null}::time) at time zone e.timezone as starts_at,
           (${when?.date ?? null}::date + ${when?.endTime ?? null}::time) at time zone e.timezone as ends_at
      from public.events e where e.id = ${eventId}`;
  return facts;
}

/** A new session in an event the caller organises. */
export async function createSession(
  claims: SignedIn,
  eventId: string,
  input: SessionInput,
  db: Sql = sql(),
): Promise<SessionSaved | ProgrammeRefusal> {
  const when = { date: input.date, startTime: input.startTime, endTime: input.endTime };
  const result = await refusingWrite(() =>
    asUser(
      claims,
      async (tx) => {
        const event = await eventFacts(tx, eventId, when);
        if (!event?.organiser) throw new RollbackWith(refused('not_found'));
        const slug = input.slug ?? (await unusedSlug(tx, eventId, slugify(input.title, 'session'), null));
        const columns = {
          event_id: eventId,
          slug,
          starts_at: event.starts_at,
          ends_at: event.ends_at,
          ...columnsOf(input),
        };
        const [row] = await tx<{ id: string; slug: string }[]>`
        insert into public.sessions ${tx(columns)} returning id, slug`;
        const id = row!.id;
        await writeSpeakers(tx, eventId, id, input.speakers);
        const [saved] = await tx<{ version: number; speakers_version: string }[]>`
        select version, ${speakersVersionOf(tx, id)} as speakers_version from public.sessions where id = ${id}`;
        return {
          ok: true,
          id,
          slug: row!.slug,
          version: saved!.version,
          speakersVersion: saved!.speakers_version,
        } as const;
      },
      db,
    ),
  );
  return 'code' in result
    ? explain(claims, result, { eventId, sessionId: null, roomId: input.roomId, when }, db)
    : result;
}

interface CurrentSession {
  event_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  room_id: string | null;
  published: boolean;
  timezone: string;
  draft_version: number | null;
  draft_starts_at: Date | null;
  draft_ends_at: Date | null;
  draft_room_id: string | null;
  draft_cancel: boolean | null;
}

interface Move {
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
}

/**
 * On a published event the session editor never moves a session itself: its
 * time and room are taken out of the update, and a change of either is
 * returned to be prepared in the schedule (so attendees are told once, when
 * the organiser publishes). Null when neither changes.
 */
function takeMove(current: CurrentSession, columns: Record<string, unknown>): Move | null {
  const startsAt = (columns['starts_at'] as Date | undefined) ?? current.starts_at;
  const endsAt = (columns['ends_at'] as Date | undefined) ?? current.ends_at;
  const roomId = 'room_id' in columns ? (columns['room_id'] as string | null) : current.room_id;
  delete columns['starts_at'];
  delete columns['ends_at'];
  delete columns['room_id'];
  const same =
    startsAt.getTime() === current.starts_at.getTime() &&
    endsAt.getTime() === current.ends_at.getTime() &&
    roomId === current.room_id;
  return same ? null : { startsAt, endsAt, roomId };
}

/**
 * Prepares a published session's new time or room through the schedule's own
 * rule (`private.change_session`: the room in the schedule as it will be, the
 * prepared change's version), at the session's version after this save. A
 * change already prepared is prepared again at that version when the save
 * changed the session, or publishing would refuse it as stale. True when a
 * new time or room was prepared.
 */
async function prepareInSchedule(
  tx: Tx,
  target: SessionTarget,
  current: CurrentSession,
  move: Move | null,
  version: number,
): Promise<boolean> {
  if (!current.published) return false;
  const draftVersion = current.draft_version ?? 0;
  if (move) {
    if (target.draftVersion !== undefined && target.draftVersion !== draftVersion) {
      throw new RollbackWith(refused('changed_elsewhere'));
    }
    const answer = await changeSession(tx, target.id, version, draftVersion, move, false);
    if (answer.code !== 'staged' && answer.code !== 'unchanged') {
      throw new RollbackWith(scheduleRefusal(answer, current.timezone));
    }
    return answer.code === 'staged';
  }
  if (current.draft_version !== null && version !== target.version) {
    const prepared = {
      startsAt: current.draft_starts_at!,
      endsAt: current.draft_ends_at!,
      roomId: current.draft_room_id,
    };
    const answer = await changeSession(tx, target.id, version, draftVersion, prepared, current.draft_cancel === true);
    if (answer.code !== 'staged') throw new RollbackWith(scheduleRefusal(answer, current.timezone));
  }
  return false;
}

async function changeSession(
  tx: Tx,
  sessionId: string,
  version: number,
  draftVersion: number,
  move: Move,
  cancel: boolean,
): Promise<ScheduleResult> {
  const [row] = await tx<{ result: unknown }[]>`
    select private.change_session(${sessionId}, ${version}::integer, ${draftVersion}::integer, ${move.startsAt},
                                  ${move.endsAt}, ${move.roomId}::uuid, ${cancel}) as result`;
  return scheduleResult.parse(row!.result);
}

/** The schedule's refusal, at the session form's field. */
function scheduleRefusal(answer: ScheduleResult, timeZone: string): ProgrammeRefusal {
  switch (answer.code) {
    case 'room_double_booked':
      return refused('room_double_booked', {
        field: 'roomId',
        ...(answer.clash_title && answer.clash_starts_at && answer.clash_ends_at
          ? {
              clash: {
                title: answer.clash_title,
                titleEn: answer.clash_title_en ?? null,
                startsAt: new Date(answer.clash_starts_at).toISOString(),
                endsAt: new Date(answer.clash_ends_at).toISOString(),
                timeZone,
              },
            }
          : {}),
      });
    case 'end_before_start':
      return refused('ends_before_start', { field: 'endTime' });
    case 'already_cancelled':
      return refused('session_cancelled', { field: 'startTime' });
    case 'not_found':
      return refused('unknown_reference', { field: 'roomId' });
    default:
      return refused('changed_elsewhere');
  }
}

/**
 * Changes a session the caller organises, if nobody saved it since the form
 * showed `target.version` (and, when speakers change, the speaker rows
 * `target.speakersVersion`): otherwise `changed_elsewhere`, and nothing is
 * written. An empty slug is made again from the title.
 */
export async function updateSession(
  claims: SignedIn,
  target: SessionTarget,
  changes: SessionChanges,
  db: Sql = sql(),
): Promise<SessionSaved | ProgrammeRefusal> {
  let eventId: string | undefined;
  const result = await refusingWrite(() =>
    asUser(
      claims,
      async (tx) => {
        const [current] = await tx<CurrentSession[]>`
        select s.event_id, s.title, s.starts_at, s.ends_at, s.room_id, e.status = 'published' as published,
               e.timezone, d.version as draft_version, d.starts_at as draft_starts_at, d.ends_at as draft_ends_at,
               d.room_id as draft_room_id, d.cancel as draft_cancel
          from public.sessions s join public.events e on e.id = s.event_id
          left join public.session_drafts d on d.session_id = s.id
         where s.id = ${target.id}`;
        if (!current) throw new RollbackWith(refused('not_found'));
        eventId = current.event_id;
        const event = await eventFacts(tx, current.event_id, changes.when);
        if (!event?.organiser) throw new RollbackWith(refused('not_found'));
        const columns = columnsOf(changes);
        if (changes.when) {
          columns['starts_at'] = event.starts_at;
          columns['ends_at'] = event.ends_at;
        }
        const move = current.published ? takeMove(current, columns) : null;
        if (changes.slug !== undefined) {
          columns['slug'] =
            changes.slug ??
            (await unusedSlug(tx, current.event_id, slugify(changes.title ?? current.title, 'session'), target.id));
        }
        // Locks the row and checks the version even when only the speakers change.
        const [row] =
          Object.keys(columns).length > 0
            ? await tx<{ slug: string }[]>`
              update public.sessions set ${tx(columns)}
               where id = ${target.id} and version = ${target.version} returning slug`
            : await tx<{ slug: string }[]>`
              select slug from public.sessions where id = ${target.id} and version = ${target.version} for update`;
        if (!row) throw new RollbackWith(refused('changed_elsewhere'));
        if (changes.speakers) {
          if (target.speakersVersion !== undefined) {
            const [shown] = await tx<{ same: boolean }[]>`
            select ${speakersVersionOf(tx, target.id)} = ${target.speakersVersion} as same`;
            if (!shown?.same) throw new RollbackWith(refused('changed_elsewhere'));
          }
          await writeSpeakers(tx, current.event_id, target.id, changes.speakers);
        }
        const [saved] = await tx<{ version: number; speakers_version: string }[]>`
        select version, ${speakersVersionOf(tx, target.id)} as speakers_version
          from public.sessions where id = ${target.id}`;
        const staged = await prepareInSchedule(tx, target, current, move, saved!.version);
        return {
          ok: true,
          id: target.id,
          slug: row.slug,
          version: saved!.version,
          speakersVersion: saved!.speakers_version,
          ...(staged ? { staged } : {}),
        } as const;
      },
      db,
    ),
  );
  if (!('code' in result) || eventId === undefined) return result;
  return explain(claims, result, { eventId, sessionId: target.id, roomId: changes.roomId, when: changes.when }, db);
}

/**
 * Deletes a session the caller organises, at the version the form showed.
 * A session with active bookings (or a gallery round with solutions in it)
 * is refused by Postgres: it is cancelled instead, so attendees are told.
 */
export async function deleteSession(
  claims: SignedIn,
  target: Pick<SessionTarget, 'id' | 'version'>,
  db: Sql = sql(),
): Promise<{ ok: true } | ProgrammeRefusal> {
  return refusingWrite(() =>
    asUser(
      claims,
      async (tx) => {
        const [current] = await tx<{ organiser: boolean }[]>`
        select private.has_event_role(event_id, 'organiser') as organiser from public.sessions where id = ${target.id}`;
        if (!current?.organiser) throw new RollbackWith(refused('not_found'));
        const deleted = await tx`delete from public.sessions where id = ${target.id} and version = ${target.version}`;
        if (deleted.count === 0) throw new RollbackWith(refused('changed_elsewhere'));
        return { ok: true } as const;
      },
      db,
    ),
  );
}

export interface ListedSession {
  id: string;
  slug: string;
  kind: SessionKind;
  title: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  track: string | null;
  trackColour: string | null;
  capacity: number | null;
  bookingRequired: boolean;
  seatsTaken: number;
  speakers: number;
}

/** The event's sessions in time order, for an organiser of the event (empty for anyone else). */
export async function listSessions(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<ListedSession[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<
      {
        id: string;
        slug: string;
        kind: SessionKind;
        title: string;
        title_en: string | null;
        starts_at: Date;
        ends_at: Date;
        room: string | null;
        track: string | null;
        track_colour: string | null;
        capacity: number | null;
        booking_required: boolean;
        seats_taken: number;
        speakers: number;
      }[]
    >`
      select s.id, s.slug, s.kind, s.title, s.title_en, s.starts_at, s.ends_at, r.name as room, t.name as track,
             t.colour as track_colour, s.capacity, s.booking_required, s.seats_taken,
             (select count(*)::int from public.session_speakers ss where ss.session_id = s.id) as speakers
        from public.sessions s
        left join public.rooms r on r.id = s.room_id
        left join public.tracks t on t.id = s.track_id
       where s.event_id = ${eventId} and private.has_event_role(s.event_id, 'organiser')
       order by s.starts_at, r.position nulls last, r.name, s.title`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    titleEn: row.title_en,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    room: row.room,
    track: row.track,
    trackColour: row.track_colour,
    capacity: row.capacity,
    bookingRequired: row.booking_required,
    seatsTaken: row.seats_taken,
    speakers: row.speakers,
  }));
}
