// The thank-you email, the morning after the day (see migration
// 20261203110002_thank_you_email.sql). Every server runs the round; an event
// is claimed by inserting its private.event_mailings row, in the transaction
// that queues all of its emails, so it is mailed once however many servers
// race and whatever restarts in between. Each email also carries its own
// idempotency key, so even a claim lost with its emails queued could not
// send one twice.
import { asService, type Sql, sql } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { type RepeatingJob, repeatEvery, STOPPED } from '../jobs/repeat.server.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { jobOrigin } from '../site/origin.ts';
import { pathsFor } from '../site/paths.ts';
import { type Env, readEnv } from '../config.ts';

/** After this long past the morning after, an event is not thanked any more (a server that was down for a week). */
const TOO_LATE = '3 days';

interface Recipient {
  email: string;
  name: string;
  lang: Lang;
  attended: boolean;
  /** The signed /afmeld/ token for this event and address (the email is not essential: it may be declined). */
  unsubscribe_token: string;
}

export interface ThankYouRun {
  eventId: string;
  recipients: number;
}

/** One round: claims every event whose morning after has come and queues its emails. */
export async function queueThankYouEmails(options: { origin: string; now?: Date; db?: Sql }): Promise<ThankYouRun[]> {
  const db = options.db ?? sql();
  const now = options.now ?? new Date();
  const due = await asService(
    (tx) => tx<{ id: string }[]>`
      select e.id from public.events e
       where e.status = 'published' and e.personal_data_anonymised_at is null
         and private.thank_you_due_at(e.ends_at, e.timezone) <= ${now}
         and private.thank_you_due_at(e.ends_at, e.timezone) > ${now}::timestamptz - ${TOO_LATE}::interval
         and not exists (select 1 from private.event_mailings m where m.event_id = e.id and m.kind = 'thank-you')`,
    db,
  );
  const runs: ThankYouRun[] = [];
  for (const { id } of due) {
    const run = await asService(async (tx) => {
      const [claimed] = await tx<{ event_id: string }[]>`
        insert into private.event_mailings (event_id, kind, recipients) values (${id}, 'thank-you', 0)
        on conflict do nothing returning event_id`;
      if (!claimed) return null;
      const [event] = await tx<{ slug: string; name: string; name_en: string | null }[]>`
        select slug, name, name_en from public.events where id = ${id}`;
      // The organisers' takeaways article, when published by now (it is public once the day is over).
      const [article] = await tx<{ title: string; title_en: string | null }[]>`
        select title, title_en from public.takeaway_articles
         where event_id = ${id} and published_at is not null and published_at <= ${now}`;
      // One email per address: the earliest ticket names the person and the
      // order's language; attended if any of the address's tickets was scanned in.
      // Not to those who unsubscribed from this event's emails, nor to addresses that
      // bounced or complained (as broadcasts and the reminder); each carries its unsubscribe link.
      const recipients = await tx<Recipient[]>`
        select distinct on (t.attendee_email)
               t.attendee_email as email, t.attendee_name as name, o.language as lang,
               bool_or(exists (select 1 from public.check_ins c
                                where c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null)
                       or exists (select 1 from public.session_check_ins s where s.ticket_id = t.id))
                 over (partition by t.attendee_email) as attended,
               private.unsubscribe_token(${id}, t.attendee_email) as unsubscribe_token
          from public.tickets t join public.orders o on o.id = t.order_id
         where t.event_id = ${id} and t.status = 'valid' and t.attendee_email is not null
           and not exists (select 1 from public.email_unsubscribes u
                            where u.event_id = ${id} and u.email = lower(t.attendee_email))
           and not exists (select 1 from private.email_suppressions x where x.email = lower(t.attendee_email))
         order by t.attendee_email, t.issued_at, t.id`;
      for (const person of recipients) {
        const lang = person.lang;
        await enqueueEmail(tx, {
          idempotencyKey: `thank-you/${id}/${person.email}`,
          to: person.email,
          lang,
          template: 'thank-you',
          data: {
            recipientName: person.name,
            eventName: localized(lang, event!.name, event!.name_en),
            attended: person.attended,
            takeawaysUrl: new URL(pathsFor(lang).myTakeaways(event!.slug), options.origin).href,
            unsubscribeUrl: new URL(pathsFor(lang).unsubscribe(person.unsubscribe_token), options.origin).href,
            ...(article
              ? {
                  article: {
                    title: localized(lang, article.title, article.title_en),
                    url: new URL(pathsFor(lang).eventArticle(event!.slug), options.origin).href,
                  },
                }
              : {}),
          },
        });
      }
      await tx`
        update private.event_mailings set recipients = ${recipients.length}
         where event_id = ${id} and kind = 'thank-you'`;
      return { eventId: id, recipients: recipients.length };
    }, db);
    if (run) runs.push(run);
  }
  if (runs.some((run) => run.recipients > 0)) kickOutboxWorker();
  return runs;
}

/** Every server runs it; every five minutes is close enough to "the morning after". */
export function startAfterDayJobs(
  options: { intervalMs?: number; env?: Env; db?: Sql; log?: (line: string) => void } = {},
): RepeatingJob {
  const log = options.log ?? (() => {});
  const origin = jobOrigin(options.env ?? readEnv(), 'after-day jobs', log);
  if (!origin) return STOPPED;
  return repeatEvery({
    name: 'after-day jobs',
    firstAfterMs: 5_000,
    intervalMs: options.intervalMs ?? 5 * 60_000,
    log,
    run: async () => {
      const runs = await queueThankYouEmails({ origin, ...(options.db ? { db: options.db } : {}) });
      for (const run of runs) log(`thank-you email queued for ${run.recipients} attendee(s) of event ${run.eventId}`);
    },
  });
}
