// No-show release: the organiser's setting, read and changed as the
// organiser (private.set_no_show_release checks the role), and the server
// job's round, run as the service role: seats of attendees not scanned in N
// minutes after a session started go to its waitlist, and the emails of those
// who get them are queued in the same transaction.
import { asService, asUser, type Claims, type Sql, sql } from '../db/db.server.ts';
import { queueSeatNotices } from '../booking/booking.server.ts';

export interface NoShowContext {
  db?: Sql;
}

export interface NoShowSetting {
  eventId: string;
  name: string;
  nameEn: string | null;
  /** NULL: off. */
  minutes: number | null;
}

/** The event's setting, for its organisers; null for anyone else or an unknown slug. */
export async function loadNoShowSetting(
  claims: Claims,
  slug: string,
  context: NoShowContext = {},
): Promise<NoShowSetting | null> {
  if (claims.role !== 'authenticated') return null;
  const [row] = await asUser(
    claims,
    (tx) => tx<{ id: string; name: string; name_en: string | null; minutes: number | null }[]>`
      select e.id, e.name, e.name_en, e.no_show_release_minutes as minutes
        from public.events e
       where e.slug = ${slug} and private.has_event_role(e.id, 'organiser')`,
    context.db ?? sql(),
  );
  return row ? { eventId: row.id, name: row.name, nameEn: row.name_en, minutes: row.minutes } : null;
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
 * One round of the job: releases the no-shows' seats of every session due
 * and queues the seat emails of the waitlisted attendees who got them.
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
    return { released: row!.released };
  }, options.db ?? sql());
}
