// Rehearsal at the door: the organiser's switch, read and changed as the
// organiser (private.set_checkin_rehearsal checks the role; the events row's
// version and audit log record the change).
import { asUser, type Claims, type Sql, sql } from '../db/db.server.ts';

export interface RehearsalState {
  /** When it was switched on; null when off (or ended by the event's start). */
  since: Date | null;
  /** When the event begins: a rehearsal ends by itself then. */
  startsAt: Date;
  /** The event has begun: rehearsal cannot be switched on. */
  started: boolean;
}

/** The event's rehearsal switch, for its organisers; null for anyone else or an unknown event. */
export async function loadRehearsal(
  claims: Claims,
  eventId: string,
  context: { db?: Sql } = {},
): Promise<RehearsalState | null> {
  if (claims.role !== 'authenticated') return null;
  const [row] = await asUser(
    claims,
    (tx) => tx<{ since: Date | null; starts_at: Date; started: boolean }[]>`
      select case when now() < e.starts_at then e.checkin_rehearsal_since end as since, e.starts_at,
             now() >= e.starts_at as started
        from public.events e
       where e.id = ${eventId} and private.has_event_role(e.id, 'organiser')`,
    context.db ?? sql(),
  );
  return row ? { since: row.since, startsAt: row.starts_at, started: row.started } : null;
}

export type SetRehearsalCode = 'saved' | 'event_started' | 'not_authorised';

/** Switches rehearsal on (kept on if it was) or off; the event's organisers only, and on only before it begins. */
export async function setRehearsal(
  claims: Claims,
  eventId: string,
  on: boolean,
  context: { db?: Sql } = {},
): Promise<SetRehearsalCode> {
  if (claims.role !== 'authenticated') return 'not_authorised';
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: { code: SetRehearsalCode } }[]>`
        select private.set_checkin_rehearsal(${eventId}, ${on}) as result`;
      return row!.result.code;
    },
    context.db ?? sql(),
  );
}
