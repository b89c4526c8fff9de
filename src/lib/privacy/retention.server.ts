// Retention: the organiser reads and sets the months as themselves
// (private.set_retention checks the role and the version); the server job
// anonymises every event whose time is up, as the service role. Several
// servers may run the job at once: each event is taken with `skip locked`
// and marked, so it is anonymised once.
import { asService, asUser, type Claims, type Sql, sql } from '../db/db.server.ts';
import { type RepeatingJob, repeatEvery } from '../jobs/repeat.server.ts';
import { deleteExpiredLeads } from '../leads/leads.server.ts';
import { purgeOldRateLimitHits } from '../limits/rate-limit.server.ts';
import { retentionState, type RetentionState } from './retention.ts';

export interface RetentionSetting {
  eventId: string;
  version: number;
  state: RetentionState;
  /** How many tickets still hold a name or an address. */
  ticketsWithPersonalData: number;
}

/** The event's retention, for its organisers; null for anyone else or an unknown event. */
export async function loadRetention(
  claims: Claims,
  eventId: string,
  db: Sql = sql(),
): Promise<RetentionSetting | null> {
  if (claims.role !== 'authenticated') return null;
  const [row] = await asUser(
    claims,
    (tx) => tx<
      { id: string; version: number; months: number; until: Date; anonymisedAt: Date | null; tickets: number }[]
    >`
      select e.id, e.version, e.retention_months as months,
             private.retention_ends_at(e.ends_at, e.timezone, e.retention_months) as until,
             e.personal_data_anonymised_at as "anonymisedAt",
             (select count(*)::int from public.tickets t
               where t.event_id = e.id and t.attendee_email is not null) as tickets
        from public.events e
       where e.id = ${eventId} and private.has_event_role(e.id, 'organiser')`,
    db,
  );
  return row
    ? { eventId: row.id, version: row.version, state: retentionState(row), ticketsWithPersonalData: row.tickets }
    : null;
}

export type SetRetentionCode = 'saved' | 'out_of_range' | 'changed_elsewhere' | 'not_authorised';

export async function setRetention(
  claims: Claims,
  input: { event: string; months: number; version: number },
  db: Sql = sql(),
): Promise<SetRetentionCode> {
  if (claims.role !== 'authenticated') return 'not_authorised';
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: { code: SetRetentionCode } }[]>`
        select private.set_retention(${input.event}, ${input.months}::integer, ${input.version}::integer) as result`;
      return row!.result.code;
    },
    db,
  );
}

export interface AnonymisedEvent {
  eventId: string;
  tickets: number;
  orders: number;
}

/** One round of the job: anonymises every event whose retention has run out. */
export async function anonymiseDueEvents(options: { now?: Date; db?: Sql } = {}): Promise<AnonymisedEvent[]> {
  const rows = await asService(
    (tx) => tx<{ event_id: string; result: { anonymised: boolean; tickets?: number; orders?: number } }[]>`
      select event_id, result from private.anonymise_due_events(${options.now ?? new Date()})`,
    options.db ?? sql(),
  );
  return rows
    .filter((row) => row.result.anonymised)
    .map((row) => ({ eventId: row.event_id, tickets: row.result.tickets ?? 0, orders: row.result.orders ?? 0 }));
}

/** Every server runs it; hourly is plenty for a rule counted in months. */
export function startRetentionJob(
  options: { intervalMs?: number; db?: Sql; log?: (line: string) => void } = {},
): RepeatingJob {
  const log = options.log ?? (() => {});
  return repeatEvery({
    name: 'retention',
    firstAfterMs: 30_000,
    intervalMs: options.intervalMs ?? 60 * 60_000,
    log,
    run: async () => {
      const done = await anonymiseDueEvents(options.db ? { db: options.db } : {});
      for (const event of done) {
        log(`retention: anonymised event ${event.eventId} (${event.tickets} tickets, ${event.orders} orders)`);
      }
      // Exhibitors' leads go sooner: days after the event (events.lead_retention_days).
      const leads = await deleteExpiredLeads(options.db ? { db: options.db } : {});
      if (leads > 0) log(`retention: deleted ${leads} exhibitor leads past their event's lead retention`);
      // Rate-limit hits (keyed hashes of addresses and IPs) older than the longest window, a day.
      await purgeOldRateLimitHits(options.db);
    },
  });
}
