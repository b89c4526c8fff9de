// No-show release: the organiser's setting, read and changed as the
// organiser (private.set_no_show_release checks the role), and the server
// job's round, run as the service role: seats of attendees not scanned in N
// minutes after a session started go to its waitlist, and the emails of those
// who get them, and of those who lost them, are queued in the same transaction.
import { asService, asUser, type Claims, type Sql, sql, type Tx, withServiceRole } from '../db/db.server.ts';
import { queueSeatNotices } from '../booking/booking.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { pathsFor } from '../site/paths.ts';

export interface NoShowContext {
  db?: Sql;
}

export interface NoShowSetting {
  eventId: string;
  /** NULL: off. */
  minutes: number | null;
}

/** The event's setting, for its organisers; null for anyone else or an unknown event. */
export async function loadNoShowSetting(
  claims: Claims,
  eventId: string,
  context: NoShowContext = {},
): Promise<NoShowSetting | null> {
  if (claims.role !== 'authenticated') return null;
  const [row] = await asUser(
    claims,
    (tx) => tx<{ id: string; minutes: number | null }[]>`
      select e.id, e.no_show_release_minutes as minutes
        from public.events e
       where e.id = ${eventId} and private.has_event_role(e.id, 'organiser')`,
    context.db ?? sql(),
  );
  return row ? { eventId: row.id, minutes: row.minutes } : null;
}

export type SetNoShowCode = 'saved' | 'out_of_range' | 'not_authorised';

/** Sets (or, with null, turns off) the release; the event's organisers only. */
export async function setNoShowRelease(
  claims: Claims,
  eventId: string,
  minutes: number | null,
  context: NoShowContext = {},
): Promise<SetNoShowCode> {
  if (claims.role !== 'authenticated') return 'not_authorised';
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: { code: SetNoShowCode } }[]>`
        select private.set_no_show_release(${eventId}, ${minutes}::integer) as result`;
      return row!.result.code;
    },
    context.db ?? sql(),
  );
}

/**
 * One round of the job: releases the no-shows' seats of every session due,
 * queues the seat emails of the waitlisted attendees who got them and the
 * emails telling the no-shows their seat was passed on, all in one
 * transaction, so a release and its emails commit together or not at all.
 * `now` stands in for the clock in tests. Returns how many bookings were released.
 */
export async function releaseNoShows(options: {
  origin: string;
  db?: Sql;
  now?: Date;
  limit?: number;
}): Promise<{ released: number }> {
  return asService(async (tx) => {
    const [row] = await tx<{ released: number }[]>`
      select private.release_no_shows(coalesce(${options.now ?? null}::timestamptz, now()), ${options.limit ?? 20})
             as released`;
    await queueSeatNotices(tx, options.origin);
    await queueNoShowNotices(tx, options.origin);
    return { released: row!.released };
  }, options.db ?? sql());
}

interface NoShowNoticeRow {
  id: string;
  no_show_minutes: number | null;
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
 * Queues the email of every booking released as a no-show whose attendee has
 * not been told yet, in the caller's transaction. The release marks each such
 * booking (trigger bookings_note_no_show, 20261123230000); the mark is cleared
 * here as the email is queued, rows another run holds are skipped, and the
 * idempotency key names the booking (a booking is released at most once), so
 * each attendee gets one email however many runs overlap. The email is in the
 * language of the attendee's order, like their other emails.
 */
export async function queueNoShowNotices(tx: Tx, origin: string, batch = 200): Promise<number> {
  return withServiceRole(tx, async () => {
    let queued = 0;
    // A round can release more bookings than one batch; drain them all now
    // rather than leave some attendees waiting for the next round.
    for (;;) {
      const rows = await tx<NoShowNoticeRow[]>`
        select b.id, b.no_show_minutes, t.attendee_name, t.attendee_email, o.language,
               e.name as event_name, e.name_en as event_name_en, e.timezone,
               s.title, s.title_en, s.starts_at, s.ends_at
          from public.bookings b
          join public.tickets t on t.id = b.ticket_id
          join public.orders o on o.id = t.order_id
          join public.sessions s on s.id = b.session_id
          join public.events e on e.id = b.event_id
         where b.no_show_notice_due
         order by b.updated_at, b.id
         limit ${batch}
           for update of b skip locked`;
      if (rows.length === 0) return queued;
      await tx`update public.bookings set no_show_notice_due = false where id = any (${rows.map((row) => row.id)}::uuid[])`;
      for (const row of rows) {
        // An erased attendee has no address: nobody to tell.
        if (!row.attendee_email) continue;
        const lang = row.language;
        await enqueueEmail(tx, {
          idempotencyKey: `booking-released/${row.id}`,
          to: row.attendee_email,
          lang,
          template: 'booking-released',
          data: {
            recipientName: row.attendee_name ?? row.attendee_email,
            eventName: localized(lang, row.event_name, row.event_name_en),
            sessionTitle: localized(lang, row.title, row.title_en),
            sessionStartsAt: row.starts_at.toISOString(),
            sessionEndsAt: row.ends_at.toISOString(),
            timeZone: row.timezone,
            ...(row.no_show_minutes === null ? {} : { minutes: row.no_show_minutes }),
            myProgrammeUrl: new URL(pathsFor(lang).myProgramme(), origin).href,
          },
        });
        queued += 1;
      }
      if (rows.length < batch) return queued;
    }
  });
}
