// The reminder the day before: at the time the organiser set (on the day
// before the event starts, in its time zone), every ticket holder gets their
// own programme and ticket link. The same pattern as the thank-you email
// (src/lib/after-day/thank-you.server.ts): every server runs the round; an
// event is claimed by inserting its private.event_mailings row in the
// transaction that queues all of its emails (one set-based SQL call), so it
// is sent once however many servers race and whatever restarts in between,
// and each email carries its own idempotency key besides.
import { type Env, readEnv } from '../config.ts';
import { asService, asUser, type SignedIn, type Sql, sql } from '../db/db.server.ts';
import { type RepeatingJob, repeatEvery, STOPPED } from '../jobs/repeat.server.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { jobOrigin } from '../site/origin.ts';
import { refused, type Refused } from '../site/refusal.ts';
import type { ChangedElsewhere } from '../console/concurrency.ts';

export interface ReminderSetting {
  enabled: boolean;
  /** HH:MM on the day before, in the event's time zone. */
  time: string;
  /** Null until the setting is first saved. */
  version: number | null;
  dueAt: Date | null;
  sentAt: Date | null;
  sentRecipients: number | null;
}

export const DEFAULT_REMINDER_TIME = '16:00';

export async function loadReminderSetting(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<ReminderSetting> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<
        {
          enabled: boolean;
          time: string;
          version: number;
          due_at: Date;
          sent_at: Date | null;
          sent_recipients: number | null;
        }[]
      >`
        select r.enabled, to_char(r.send_at_local, 'HH24:MI') as time, r.version, r.sent_at, r.sent_recipients,
               ((date_trunc('day', e.starts_at at time zone e.timezone) - interval '1 day' + r.send_at_local)
                 at time zone e.timezone) as due_at
          from public.event_reminders r join public.events e on e.id = r.event_id
         where r.event_id = ${eventId}`;
      if (!row) {
        return {
          enabled: false,
          time: DEFAULT_REMINDER_TIME,
          version: null,
          dueAt: null,
          sentAt: null,
          sentRecipients: null,
        };
      }
      return {
        enabled: row.enabled,
        time: row.time,
        version: row.version,
        dueAt: row.due_at,
        sentAt: row.sent_at,
        sentRecipients: row.sent_recipients,
      };
    },
    db,
  );
}

/** Turns the reminder on or off and sets its time; the form's version guards against a silent overwrite. */
export async function saveReminderSetting(
  claims: SignedIn,
  input: { event: string; enabled: boolean; time: string; version?: number | null | undefined },
  db: Sql = sql(),
): Promise<{ ok: true } | ChangedElsewhere | Refused<'not_found'>> {
  return asUser(
    claims,
    async (tx) => {
      const [role] = await tx<{ organiser: boolean }[]>`
        select private.has_event_role(${input.event}, 'organiser') as organiser`;
      if (!role!.organiser) return refused('not_found');
      if (!input.version) {
        const [row] = await tx`
          insert into public.event_reminders (event_id, enabled, send_at_local)
          values (${input.event}, ${input.enabled}, ${input.time}::time)
          on conflict (event_id) do nothing returning event_id`;
        return row ? { ok: true as const } : refused('changed_elsewhere');
      }
      const [row] = await tx`
        update public.event_reminders set enabled = ${input.enabled}, send_at_local = ${input.time}::time
         where event_id = ${input.event} and version = ${input.version} returning event_id`;
      return row ? { ok: true as const } : refused('changed_elsewhere');
    },
    db,
  );
}

export interface ReminderRun {
  eventId: string;
  recipients: number;
}

/** One round: claims every event whose reminder is due and queues its emails. */
export async function queueEventReminders(options: { origin: string; now?: Date; db?: Sql }): Promise<ReminderRun[]> {
  const db = options.db ?? sql();
  const now = options.now ?? new Date();
  const due = await asService(
    (tx) => tx<{ id: string }[]>`
      select e.id from public.events e join public.event_reminders r on r.event_id = e.id
       where r.enabled and e.status = 'published' and e.personal_data_anonymised_at is null
         and private.reminder_due_at(e.starts_at, e.timezone, r.send_at_local) <= ${now}
         and e.starts_at > ${now}
         and not exists (select 1 from private.event_mailings m where m.event_id = e.id and m.kind = 'reminder')`,
    db,
  );
  const runs: ReminderRun[] = [];
  for (const { id } of due) {
    const run = await asService(async (tx) => {
      const [claimed] = await tx<{ event_id: string }[]>`
        insert into private.event_mailings (event_id, kind, recipients) values (${id}, 'reminder', 0)
        on conflict do nothing returning event_id`;
      if (!claimed) return null;
      const [queued] = await tx<{ n: number }[]>`select private.queue_event_reminders(${id}, ${options.origin}) as n`;
      const recipients = queued!.n;
      await tx`update private.event_mailings set recipients = ${recipients} where event_id = ${id} and kind = 'reminder'`;
      await tx`update public.event_reminders set sent_at = now(), sent_recipients = ${recipients} where event_id = ${id}`;
      return { eventId: id, recipients };
    }, db);
    if (run) runs.push(run);
  }
  if (runs.some((run) => run.recipients > 0)) kickOutboxWorker();
  return runs;
}

/** Every server runs it; once a minute keeps the reminder within a minute of the organiser's time. */
export function startReminderJobs(
  options: { intervalMs?: number; env?: Env; db?: Sql; log?: (line: string) => void } = {},
): RepeatingJob {
  const log = options.log ?? (() => {});
  const origin = jobOrigin(options.env ?? readEnv(), 'reminder jobs', log);
  if (!origin) return STOPPED;
  return repeatEvery({
    name: 'reminder jobs',
    firstAfterMs: 5_000,
    intervalMs: options.intervalMs ?? 60_000,
    log,
    run: async () => {
      const runs = await queueEventReminders({ origin, ...(options.db ? { db: options.db } : {}) });
      for (const run of runs) log(`reminder queued for ${run.recipients} attendee(s) of event ${run.eventId}`);
    },
  });
}
