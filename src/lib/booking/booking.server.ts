// Session booking use cases. Each calls one booking function in Postgres as
// the signed-in user and, in the same transaction, queues the email of every
// seat that came from a waitlist, so a promotion and its email commit together.
import postgres from 'postgres';
import type { RateRule } from '../auth/auth.ts';
import {
  ANON,
  asService,
  asUser,
  type Claims,
  isSignedIn,
  type SignedIn,
  type Sql,
  sql,
  type Tx,
  withServiceRole,
} from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { type BookingResult, type BookingStatus, bookingResult, isRetryableSqlState, seatsLeft } from './booking.ts';
import { pathsFor } from '../site/paths.ts';
import { type BatchAnswer, bookingBatcher } from './booking-batch.server.ts';

export interface BookingContext {
  /** Where links in emails point: the site's origin, e.g. https://samspil.dk. */
  origin: string;
  db?: Sql;
}

/** Runs one booking transaction; a deadlock between two bookers is tried again. */
async function inBookingTransaction<T>(claims: Claims, db: Sql, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await asUser(claims, work, db);
    } catch (error) {
      const retry = error instanceof postgres.PostgresError && isRetryableSqlState(error.code) && attempt < 5;
      if (!retry) throw error;
    }
  }
}

async function callBookingFunction(
  claims: Claims,
  context: BookingContext,
  call: (tx: Tx) => Promise<{ result: unknown }[]>,
): Promise<BookingResult> {
  return inBookingTransaction(claims, context.db ?? sql(), async (tx) => {
    const [row] = await call(tx);
    const result = bookingResult.parse(row!.result);
    if (result.notices_due) await queueSeatNotices(tx, context.origin);
    return result;
  });
}

/** The group-commit batcher of a pool (booking-batch.server.ts). */
function batcherOf(db: Sql) {
  return bookingBatcher(db, (pool, origin) => asService((tx) => queueSeatNotices(tx, origin), pool));
}

/**
 * Books a seat (or a place in line); with `swap`, gives up a clashing booking
 * in the same step. The booking goes to Postgres with the other bookings of
 * the same session that arrive meanwhile, as one call of
 * private.book_sessions in one write (group commit, booking-batch.server.ts):
 * each is decided by private.book_session under the session's row lock, in
 * arrival order, and the lock is never held across a round trip to this
 * process. A seat this frees for the first in line (a swap, a raised
 * capacity) keeps `seat_notice_due` in the committed row and its email is
 * queued right after, in a transaction of its own — exactly once, as the
 * booking job would (which picks it up if this step fails).
 */
export async function bookSeat(
  claims: Claims,
  input: { eventId: string; sessionId: string; swap: boolean },
  context: BookingContext,
): Promise<BookingResult> {
  if (!isSignedIn(claims)) return { code: 'no_ticket' };
  const answer = await batcherOf(context.db ?? sql()).book({ claims, ...input, origin: context.origin });
  return answer.result!;
}

/**
 * bookSeat for the JSON endpoint, with the request's own checks in the same
 * write: the rate limit it takes and, for a session the middleware only
 * verified the signature of, whether that session is still live. Not live or
 * over the limit: nothing is booked (`result` null); the hit is counted
 * either way, as a post is.
 */
export function bookSeatChecked(
  claims: SignedIn,
  input: { eventId: string; sessionId: string; swap: boolean },
  checks: { limit: readonly RateRule[]; authSession?: { id: string; userId: string } },
  context: BookingContext,
): Promise<BatchAnswer> {
  return batcherOf(context.db ?? sql()).book({
    claims,
    ...input,
    limit: checks.limit,
    ...(checks.authSession ? { authSession: checks.authSession } : {}),
    origin: context.origin,
  });
}

/** Cancels a seat, an offer or a place in line; a freed seat goes to the first in line. */
export function cancelBooking(claims: Claims, bookingId: string, context: BookingContext): Promise<BookingResult> {
  return callBookingFunction(claims, context, (tx) => tx`select private.cancel_booking(${bookingId}) as result`);
}

/** Takes a seat that was offered from the waitlist, before its deadline. */
export function claimOffer(claims: Claims, bookingId: string, context: BookingContext): Promise<BookingResult> {
  return callBookingFunction(claims, context, (tx) => tx`select private.claim_booking_offer(${bookingId}) as result`);
}

/** The job: lapsed offers pass on to the next in line, whose emails are queued. Returns how many lapsed. */
export async function passOnExpiredOffers(context: BookingContext, limit = 100): Promise<number> {
  return asService(async (tx) => {
    const [row] = await tx<{ lapsed: number }[]>`select private.expire_booking_offers(${limit}) as lapsed`;
    await queueSeatNotices(tx, context.origin);
    return row!.lapsed;
  }, context.db ?? sql());
}

interface NoticeRow {
  id: string;
  status: BookingStatus;
  version: number;
  offer_expires_at: Date | null;
  attendee_name: string | null;
  attendee_email: string | null;
  language: Lang;
  event_name: string;
  event_name_en: string | null;
  timezone: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
}

/**
 * Queues the email of every seat that came from a waitlist and has not been
 * told yet, in the caller's transaction. The idempotency key names the
 * booking and its version, so each promotion is emailed exactly once.
 */
export async function queueSeatNotices(tx: Tx, origin: string, limit = 100): Promise<number> {
  return withServiceRole(tx, async () => {
    const rows = await tx<NoticeRow[]>`
      select b.id, b.status, b.version, b.offer_expires_at, t.attendee_name, t.attendee_email, o.language,
             e.name as event_name, e.name_en as event_name_en, e.timezone,
             s.title, s.title_en, s.starts_at, s.ends_at
        from public.bookings b
        join public.tickets t on t.id = b.ticket_id
        join public.orders o on o.id = t.order_id
        join public.sessions s on s.id = b.session_id
        join public.events e on e.id = b.event_id
       where b.seat_notice_due
       order by b.updated_at
       limit ${limit}
         for update of b skip locked`;
    for (const row of rows) {
      await tx`update public.bookings set seat_notice_due = false where id = ${row.id}`;
      // Still a seat (not cancelled since), and someone to tell.
      if ((row.status !== 'confirmed' && row.status !== 'offered') || !row.attendee_email) continue;
      const lang = row.language;
      await enqueueEmail(tx, {
        idempotencyKey: `booking-seat/${row.id}/${row.version}`,
        to: row.attendee_email,
        lang,
        template: 'booking-seat',
        data: {
          recipientName: row.attendee_name ?? row.attendee_email,
          eventName: localized(lang, row.event_name, row.event_name_en),
          sessionTitle: localized(lang, row.title, row.title_en),
          sessionStartsAt: row.starts_at.toISOString(),
          sessionEndsAt: row.ends_at.toISOString(),
          timeZone: row.timezone,
          ...(row.status === 'offered' && row.offer_expires_at
            ? { offerExpiresAt: row.offer_expires_at.toISOString() }
            : {}),
          myProgrammeUrl: new URL(pathsFor(lang).myProgramme(), origin).href,
        },
      });
    }
    return rows.length;
  });
}

export interface MyBooking {
  bookingId: string;
  sessionId: string;
  status: BookingStatus;
  waitlistPlace: number | null;
  offerExpiresAt: Date | null;
  version: number;
  updatedAt: Date;
  /**
   * Why a cancelled booking was cancelled when not by its attendee: 'no_show'
   * (seat released at the door) or 'session_cancelled' (the organisers cancelled the session).
   */
  cancelReason: 'no_show' | 'session_cancelled' | null;
  /** For a no-show release: the event's release minutes at that moment. */
  noShowMinutes: number | null;
}

/** The caller's bookings at an event, cancelled ones included. */
export async function listMyBookings(tx: Tx, eventId: string): Promise<MyBooking[]> {
  const rows = await tx<
    {
      booking_id: string;
      session_id: string;
      status: BookingStatus;
      waitlist_place: number | null;
      offer_expires_at: Date | null;
      version: number;
      updated_at: Date;
      cancel_reason: 'no_show' | 'session_cancelled' | null;
      no_show_minutes: number | null;
    }[]
  >`select * from private.my_bookings(${eventId})`;
  return rows.map((row) => ({
    bookingId: row.booking_id,
    sessionId: row.session_id,
    status: row.status,
    waitlistPlace: row.waitlist_place,
    offerExpiresAt: row.offer_expires_at,
    version: row.version,
    updatedAt: row.updated_at,
    cancelReason: row.cancel_reason,
    noShowMinutes: row.no_show_minutes,
  }));
}

export interface SeatCount {
  sessionId: string;
  capacity: number;
  taken: number;
  left: number;
}

/** Public seat counts of an event's bookable sessions, read as anon under RLS, from the primary. */
export async function loadSeatCounts(eventSlug: string, db: Sql = sql()): Promise<SeatCount[] | null> {
  return asUser(
    ANON,
    async (tx) => {
      const [event] = await tx<{ id: string }[]>`select id from public.events where slug = ${eventSlug}`;
      if (!event) return null;
      const rows = await tx<{ id: string; capacity: number; seats_taken: number }[]>`
        select id, capacity, seats_taken from public.sessions
         where event_id = ${event.id} and booking_required
         order by starts_at, id`;
      return rows.map((row) => ({
        sessionId: row.id,
        capacity: row.capacity,
        taken: row.seats_taken,
        left: seatsLeft(row.capacity, row.seats_taken) ?? 0,
      }));
    },
    db,
  );
}

export interface MyBookingView {
  bookingId: string;
  status: Exclude<BookingStatus, 'cancelled'>;
  waitlistPlace: number | null;
  offerExpiresIso: string | null;
}

/** Plain data (no Dates): what a page needs to show one session's seats and the caller's booking. */
export interface SessionBookingView {
  sessionId: string;
  slug: string;
  title: string;
  startsIso: string;
  endsIso: string;
  capacity: number;
  taken: number;
  /** The room's name in the visitor's language; null when the session has no room yet. */
  room: string | null;
  mine: MyBookingView | null;
  /**
   * The caller's seat here was released as a no-show (and they hold no other
   * booking here since), with the minutes then in force; otherwise null.
   */
  released: { minutes: number | null } | null;
  /** The organisers cancelled the session (it is listed only when the caller had a booking in it). */
  cancelled: boolean;
}

export interface EventBookingViews {
  eventId: string;
  eventSlug: string;
  eventName: string;
  timeZone: string;
  signedIn: boolean;
  hasTicket: boolean;
  /** Bookable sessions, in programme order. */
  sessions: SessionBookingView[];
}

/** Seats and the caller's own bookings for every bookable session of an event; null for no such event. */
export async function loadBookingViews(
  claims: Claims,
  eventSlug: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<EventBookingViews | null> {
  return asUser(
    claims,
    async (tx) => {
      const [event] = await tx<{ id: string; name: string; name_en: string | null; timezone: string }[]>`
        select id, name, name_en, timezone from public.events where slug = ${eventSlug}`;
      if (!event) return null;
      const signedIn = claims.role === 'authenticated';
      const [sessions, mine, tickets] = await Promise.all([
        tx<
          {
            id: string;
            slug: string;
            title: string;
            title_en: string | null;
            starts_at: Date;
            ends_at: Date;
            capacity: number;
            seats_taken: number;
            cancelled: boolean;
            room: string | null;
            room_en: string | null;
          }[]
        >`
          select s.id, s.slug, s.title, s.title_en, s.starts_at, s.ends_at, s.capacity, s.seats_taken,
                 s.cancelled_at is not null as cancelled, r.name as room, r.name_en as room_en
            from public.sessions s left join public.rooms r on r.id = s.room_id
           where s.event_id = ${event.id} and s.booking_required
           order by s.starts_at, s.title`,
        signedIn ? listMyBookings(tx, event.id) : Promise.resolve([]),
        signedIn
          ? tx<{ count: number }[]>`
              select count(*)::int as count from public.tickets
               where event_id = ${event.id} and status = 'valid'
                 and (holder_user_id = ${claims.sub} or attendee_email = (select private.current_email()))`
          : Promise.resolve([{ count: 0 }]),
      ]);
      const active = new Map(
        mine.filter((booking) => booking.status !== 'cancelled').map((booking) => [booking.sessionId, booking]),
      );
      const released = new Map(
        mine.filter((booking) => booking.cancelReason === 'no_show').map((booking) => [booking.sessionId, booking]),
      );
      const hadBooking = new Set(
        mine.filter((booking) => booking.cancelReason === 'session_cancelled').map((booking) => booking.sessionId),
      );
      return {
        eventId: event.id,
        eventSlug,
        eventName: localized(lang, event.name, event.name_en),
        timeZone: event.timezone,
        signedIn,
        hasTicket: tickets[0]!.count > 0,
        // A cancelled session is not bookable; it stays listed for those who had a booking in it.
        sessions: sessions
          .filter((row) => !row.cancelled || hadBooking.has(row.id))
          .map((row) => {
            const booking = active.get(row.id);
            return {
              sessionId: row.id,
              slug: row.slug,
              title: localized(lang, row.title, row.title_en),
              startsIso: row.starts_at.toISOString(),
              endsIso: row.ends_at.toISOString(),
              capacity: row.capacity,
              taken: row.seats_taken,
              room: row.room === null ? null : localized(lang, row.room, row.room_en),
              mine:
                booking && booking.status !== 'cancelled'
                  ? {
                      bookingId: booking.bookingId,
                      status: booking.status,
                      waitlistPlace: booking.waitlistPlace,
                      offerExpiresIso: booking.offerExpiresAt?.toISOString() ?? null,
                    }
                  : null,
              released: !booking && released.has(row.id) ? { minutes: released.get(row.id)!.noShowMinutes } : null,
              cancelled: row.cancelled,
            };
          }),
      };
    },
    db,
  );
}

export interface MyProgrammeEvent extends EventBookingViews {
  /** Only the sessions the caller has a booking in. */
  sessions: (SessionBookingView & { mine: MyBookingView })[];
  /** The sessions whose seat the caller lost as a no-show, so My programme can say so. */
  released: (SessionBookingView & { released: { minutes: number | null } })[];
  /** Sessions the organisers cancelled that the caller had booked, so My programme can say so. */
  cancelled: SessionBookingView[];
}

/** Every event where the caller has a booking (or had one released as a no-show), with those bookings. */
export async function loadMyProgramme(claims: Claims, lang: Lang, db: Sql = sql()): Promise<MyProgrammeEvent[]> {
  const slugs = await asUser(
    claims,
    (tx) => tx<{ slug: string }[]>`
      select distinct e.slug, e.starts_at
        from public.bookings b
        join public.events e on e.id = b.event_id
        join public.tickets t on t.id = b.ticket_id
       where (b.status <> 'cancelled' or b.cancel_reason in ('no_show', 'session_cancelled'))
         and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
       order by e.starts_at`,
    db,
  );
  const events: MyProgrammeEvent[] = [];
  for (const { slug } of slugs) {
    const views = await loadBookingViews(claims, slug, lang, db);
    if (!views) continue;
    const sessions = views.sessions.filter(
      (session): session is SessionBookingView & { mine: MyBookingView } => session.mine !== null,
    );
    const released = views.sessions.filter(
      (session): session is SessionBookingView & { released: { minutes: number | null } } =>
        session.released !== null && !session.cancelled,
    );
    const cancelled = views.sessions.filter((session) => session.cancelled);
    events.push({ ...views, sessions, released, cancelled });
  }
  return events;
}
