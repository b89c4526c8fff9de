// Organisers' lists of one event, read as the signed-in organiser under RLS
// (reviewers, check-in staff and other events' organisers read no tickets,
// bookings or waitlist entries, so their lists come back empty): the
// waitlists with offer state, who booked each session (the room list for the
// door), each exhibitor's gallery rounds, and the rows of the five exports.
import { asUser, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import { cursorRows, type ExportSink } from '../exports/export-response.server.ts';
import type { Lang } from '../i18n/locales.ts';
import {
  type BookingRow,
  byName,
  type CheckinRow,
  eventPlaceState,
  type ExportListKey,
  placesInLine,
  type PlaceState,
  sessionPlaceState,
  type SolutionRow,
  type TicketRow,
} from './lists.ts';

export interface WaitlistPlace {
  id: string;
  name: string | null;
  /** Email on the event waitlist, organisation on a session's. */
  detail: string | null;
  state: PlaceState;
  place: number | null;
  joinedAt: Date;
  offerExpiresAt: Date | null;
}

export interface EventLine {
  ticketTypeId: string;
  ticketType: string;
  places: WaitlistPlace[];
}

export interface SessionLine {
  sessionId: string;
  title: string;
  startsAt: Date;
  room: string | null;
  capacity: number | null;
  seatsTaken: number;
  places: WaitlistPlace[];
}

const sessionTitle = (lang: Lang, tx: Tx) => (lang === 'en' ? tx`coalesce(s.title_en, s.title)` : tx`s.title`);

/** The event's waitlist per ticket type and every bookable session's, in the line's order. */
export async function loadWaitlists(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  now = new Date(),
  db: Sql = sql(),
): Promise<{ event: EventLine[]; sessions: SessionLine[] }> {
  return asUser(
    claims,
    async (tx) => {
      const entries = await tx<
        {
          id: string;
          ticket_type_id: string;
          ticket_type: string;
          name: string;
          email: string;
          status: 'waiting' | 'offered' | 'accepted' | 'expired' | 'cancelled';
          offer_expires_at: Date | null;
          created_at: Date;
        }[]
      >`
        select w.id, w.ticket_type_id, ${lang === 'en' ? tx`coalesce(tt.name_en, tt.name)` : tx`tt.name`} as ticket_type,
               w.name, w.email, w.status, w.offer_expires_at, w.created_at
          from public.waitlist_entries w
          join public.ticket_types tt on tt.id = w.ticket_type_id
         where w.event_id = ${eventId}
         order by tt.position, tt.name, w.created_at, w.id`;
      const event = new Map<string, EventLine>();
      for (const row of entries) {
        let line = event.get(row.ticket_type_id);
        if (!line) {
          line = { ticketTypeId: row.ticket_type_id, ticketType: row.ticket_type, places: [] };
          event.set(row.ticket_type_id, line);
        }
        line.places.push({
          id: row.id,
          name: row.name,
          detail: row.email,
          state: eventPlaceState({ status: row.status, offerExpiresAt: row.offer_expires_at }, now),
          place: null,
          joinedAt: row.created_at,
          offerExpiresAt: row.offer_expires_at,
        });
      }

      const sessions = await tx<
        {
          id: string;
          title: string;
          starts_at: Date;
          room: string | null;
          capacity: number | null;
          seats_taken: number;
        }[]
      >`
        select s.id, ${sessionTitle(lang, tx)} as title, s.starts_at, r.name as room, s.capacity, s.seats_taken
          from public.sessions s left join public.rooms r on r.id = s.room_id
         where s.event_id = ${eventId} and s.booking_required
         order by s.starts_at, title, s.id`;
      const bookings = await tx<
        {
          id: string;
          session_id: string;
          name: string | null;
          organisation: string | null;
          status: 'confirmed' | 'waitlisted' | 'offered' | 'cancelled';
          offer_expires_at: Date | null;
          cancelled_at: Date | null;
          created_at: Date;
        }[]
      >`
        select b.id, b.session_id, t.attendee_name as name, t.organisation_name as organisation, b.status,
               b.offer_expires_at, b.cancelled_at, b.created_at
          from public.bookings b join public.tickets t on t.id = b.ticket_id
         where b.event_id = ${eventId} and b.waitlist_number is not null
         order by b.session_id, b.waitlist_number, b.id`;
      const bySession = new Map<string, WaitlistPlace[]>();
      for (const row of bookings) {
        const places = bySession.get(row.session_id) ?? [];
        places.push({
          id: row.id,
          name: row.name,
          detail: row.organisation,
          state: sessionPlaceState(
            { status: row.status, offerExpiresAt: row.offer_expires_at, cancelledAt: row.cancelled_at },
            now,
          ),
          place: null,
          joinedAt: row.created_at,
          offerExpiresAt: row.offer_expires_at,
        });
        bySession.set(row.session_id, places);
      }
      const numbered = (places: WaitlistPlace[]) => {
        const numbers = placesInLine(places, (p) => p.state);
        return places.map((p, i) => ({ ...p, place: numbers[i] ?? null }));
      };
      return {
        event: [...event.values()].map((line) => ({ ...line, places: numbered(line.places) })),
        sessions: sessions.map((s) => ({
          sessionId: s.id,
          title: s.title,
          startsAt: s.starts_at,
          room: s.room,
          capacity: s.capacity,
          seatsTaken: s.seats_taken,
          places: numbered(bySession.get(s.id) ?? []),
        })),
      };
    },
    db,
  );
}

export interface BookedSession {
  id: string;
  title: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  capacity: number | null;
  booked: number;
  offered: number;
}

export interface Exhibitor {
  solutionId: string;
  title: string;
  rounds: number;
  booked: number;
}

/** The sessions people book and the exhibitors in gallery rounds, with counts: the lists page's index. */
export async function loadListIndex(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<{ sessions: BookedSession[]; exhibitors: Exhibitor[] }> {
  return asUser(
    claims,
    async (tx) => {
      const sessions = await tx<
        {
          id: string;
          title: string;
          kind: string;
          starts_at: Date;
          ends_at: Date;
          room: string | null;
          capacity: number | null;
          booked: number;
          offered: number;
        }[]
      >`
        select s.id, ${sessionTitle(lang, tx)} as title, s.kind::text as kind, s.starts_at, s.ends_at, r.name as room,
               s.capacity,
               count(b.id) filter (where b.status = 'confirmed')::int as booked,
               count(b.id) filter (where b.status = 'offered')::int as offered
          from public.sessions s
          left join public.rooms r on r.id = s.room_id
          left join public.bookings b on b.session_id = s.id and b.status in ('confirmed', 'offered')
         where s.event_id = ${eventId} and s.booking_required
         group by s.id, r.name
         order by s.starts_at, title, s.id`;
      const exhibitors = await tx<{ solution_id: string; title: string; rounds: number; booked: number }[]>`
        select so.id as solution_id, ${lang === 'en' ? tx`coalesce(so.title_en, so.title)` : tx`so.title`} as title,
               count(distinct gp.session_id)::int as rounds,
               count(b.id)::int as booked
          from public.gallery_presentations gp
          join public.solutions so on so.id = gp.solution_id
          left join public.bookings b on b.session_id = gp.session_id and b.status = 'confirmed'
         where gp.event_id = ${eventId}
         group by so.id
         order by title, so.id`;
      return {
        sessions: sessions.map((s) => ({
          id: s.id,
          title: s.title,
          kind: s.kind,
          startsAt: s.starts_at,
          endsAt: s.ends_at,
          room: s.room,
          capacity: s.capacity,
          booked: s.booked,
          offered: s.offered,
        })),
        exhibitors: exhibitors.map((e) => ({
          solutionId: e.solution_id,
          title: e.title,
          rounds: e.rounds,
          booked: e.booked,
        })),
      };
    },
    db,
  );
}

export interface RoomListPerson {
  name: string | null;
  organisation: string | null;
  /** A seat offered from the waitlist and not yet claimed. */
  offered: boolean;
}

export interface RoomList {
  sessionId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  capacity: number | null;
  people: RoomListPerson[];
}

async function roomLists(tx: Tx, eventId: string, sessionIds: readonly string[], lang: Lang, locale: string) {
  if (sessionIds.length === 0) return [];
  const sessions = await tx<
    { id: string; title: string; starts_at: Date; ends_at: Date; room: string | null; capacity: number | null }[]
  >`
    select s.id, ${sessionTitle(lang, tx)} as title, s.starts_at, s.ends_at, r.name as room, s.capacity
      from public.sessions s left join public.rooms r on r.id = s.room_id
     where s.event_id = ${eventId} and s.id = any(${sessionIds}::uuid[])
     order by s.starts_at, s.id`;
  const people = await tx<{ session_id: string; name: string | null; organisation: string | null; offered: boolean }[]>`
    select b.session_id, t.attendee_name as name, t.organisation_name as organisation, b.status = 'offered' as offered
      from public.bookings b join public.tickets t on t.id = b.ticket_id
     where b.event_id = ${eventId} and b.session_id = any(${sessionIds}::uuid[])
       and b.status in ('confirmed', 'offered') and t.status = 'valid'`;
  return sessions.map((s) => ({
    sessionId: s.id,
    title: s.title,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    room: s.room,
    capacity: s.capacity,
    people: byName(
      people
        .filter((p) => p.session_id === s.id)
        .map(({ name, organisation, offered }) => ({ name, organisation, offered })),
      locale,
    ),
  }));
}

/** Who booked one session, by name: the list for the door of the room. Null when there is no such session. */
export async function loadRoomList(
  claims: SignedIn,
  eventId: string,
  sessionId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<RoomList | null> {
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  const lists = await asUser(claims, (tx) => roomLists(tx, eventId, [sessionId], lang, locale), db);
  return lists[0] ?? null;
}

/** One exhibitor's gallery rounds, each with who booked it. Null when the solution presents in none. */
export async function loadExhibitorLists(
  claims: SignedIn,
  eventId: string,
  solutionId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<{ title: string; rounds: RoomList[] } | null> {
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  return asUser(
    claims,
    async (tx) => {
      const rounds = await tx<{ title: string; session_id: string }[]>`
        select ${lang === 'en' ? tx`coalesce(so.title_en, so.title)` : tx`so.title`} as title, gp.session_id
          from public.gallery_presentations gp join public.solutions so on so.id = gp.solution_id
         where gp.event_id = ${eventId} and gp.solution_id = ${solutionId}`;
      if (rounds.length === 0) return null;
      const lists = await roomLists(
        tx,
        eventId,
        rounds.map((r) => r.session_id),
        lang,
        locale,
      );
      return { title: rounds[0]!.title, rounds: lists };
    },
    db,
  );
}

// Exports ---------------------------------------------------------------------

/** The rows of one export list, streamed from a cursor in the export's transaction. */
export function exportProducer(
  list: ExportListKey,
  eventId: string,
  lang: Lang,
): (tx: Tx, out: ExportSink<never>) => Promise<void> {
  const en = lang === 'en';
  const producers: Record<ExportListKey, (tx: Tx, out: ExportSink<never>) => Promise<void>> = {
    registrations: (tx, out) => cursorRows(ticketRows(tx, eventId, en, false), out as ExportSink<TicketRow>),
    needs: (tx, out) => cursorRows(ticketRows(tx, eventId, en, true), out as ExportSink<TicketRow>),
    bookings: (tx, out) => bookingRows(tx, eventId, en, out as ExportSink<BookingRow>),
    solutions: (tx, out) =>
      cursorRows(
        tx<SolutionRow[]>`
          select ${en ? tx`coalesce(so.title_en, so.title)` : tx`so.title`} as title, so.status::text as status,
                 (select string_agg(o.name, ', ' order by sp.position, o.name)
                    from public.solution_partners sp join public.organisations o on o.id = sp.organisation_id
                   where sp.solution_id = so.id) as organisations,
                 so.contact_name, c.contact_email, c.contact_phone, so.award_nominee,
                 (select string_agg(${en ? tx`coalesce(s.title_en, s.title)` : tx`s.title`}, ', ' order by s.starts_at)
                    from public.gallery_presentations gp join public.sessions s on s.id = gp.session_id
                   where gp.solution_id = so.id) as rounds,
                 array_to_string(so.theme_tags, ', ') as theme_tags, so.created_at as submitted_at
            from public.solutions so
            -- Contact columns are closed to the API roles; organisers read them through here.
            left join lateral private.solution_contact(so.id) c on true
           where so.event_id = ${eventId} and so.status <> 'draft'
           order by so.title collate "da-DK-x-icu", so.id`,
        out as ExportSink<SolutionRow>,
      ),
    checkins: (tx, out) =>
      cursorRows(
        tx<CheckinRow[]>`
          select t.attendee_name, t.attendee_email, t.organisation_name,
                 ${en ? tx`coalesce(tt.name_en, tt.name)` : tx`tt.name`} as ticket_type,
                 c.scanned_at, c.device, t.consent_share_contact
            from public.check_ins c
            join public.tickets t on t.id = c.ticket_id
            join public.ticket_types tt on tt.id = t.ticket_type_id
           where c.event_id = ${eventId} and c.result = 'ok' and c.undone_at is null
           order by c.scanned_at, c.id`,
        out as ExportSink<CheckinRow>,
      ),
  };
  return producers[list];
}

function ticketRows(tx: Tx, eventId: string, en: boolean, onlyNeeds: boolean) {
  return tx<TicketRow[]>`
    select o.reference || '-' || t.position as reference, t.attendee_name, t.attendee_email, t.organisation_name,
           t.job_title, t.sector::text as sector, t.municipality,
           ${en ? tx`coalesce(tt.name_en, tt.name)` : tx`tt.name`} as ticket_type, t.status::text as status,
           t.price_ore, t.created_at as registered_at, t.dietary_needs, t.accessibility_needs,
           t.consent_share_contact, t.consent_newsletter,
           (select min(c.scanned_at) from public.check_ins c
             where c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null) as checked_in_at
      from public.tickets t
      join public.orders o on o.id = t.order_id
      join public.ticket_types tt on tt.id = t.ticket_type_id
     where t.event_id = ${eventId}
       and ${
         onlyNeeds
           ? tx`t.status = 'valid' and (nullif(trim(t.dietary_needs), '') is not null
                                       or nullif(trim(t.accessibility_needs), '') is not null)`
           : tx`t.status in ('valid', 'reserved', 'cancelled')`
       }
     order by t.attendee_name collate "da-DK-x-icu", t.id`;
}

/** Bookings, one XLSX sheet per session (in CSV one table with the session in a column). */
async function bookingRows(tx: Tx, eventId: string, en: boolean, out: ExportSink<BookingRow>): Promise<void> {
  let current: string | null = null;
  let batch: BookingRow[] = [];
  const flush = async () => {
    if (batch.length > 0) await out.rows(batch);
    batch = [];
  };
  await tx<(BookingRow & { session_id: string })[]>`
    select b.session_id, ${en ? tx`coalesce(s.title_en, s.title)` : tx`s.title`} as session_title,
           s.starts_at as session_starts_at, r.name as room_name, b.status::text as status,
           case when b.status = 'waitlisted' then
             (select count(*)::int from public.bookings w
               where w.session_id = b.session_id and w.status = 'waitlisted' and w.waitlist_number <= b.waitlist_number)
           end as waitlist_place,
           t.attendee_name, t.attendee_email, t.organisation_name, b.created_at as booked_at, t.consent_share_contact
      from public.bookings b
      join public.sessions s on s.id = b.session_id
      left join public.rooms r on r.id = s.room_id
      join public.tickets t on t.id = b.ticket_id
     where b.event_id = ${eventId} and b.status <> 'cancelled'
     order by s.starts_at, s.id, case b.status when 'confirmed' then 0 when 'offered' then 1 else 2 end,
              b.waitlist_number nulls first, t.attendee_name collate "da-DK-x-icu", b.id`.cursor(500, async (rows) => {
    for (const row of rows) {
      if (row.session_id !== current) {
        await flush();
        current = row.session_id;
        await out.sheet(row.session_title);
      }
      batch.push(row);
    }
    await flush();
  });
}
