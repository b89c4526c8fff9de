// What the registration and waitlist forms no longer say on the page. The
// page gives the same neutral answer whatever an address holds, so nobody can
// find out who has a ticket or where someone stands in line by typing their
// address; the address's owner gets the details by email instead, in the
// language they registered or joined in.
//
// An email about an address someone else may have typed is capped at one per
// address per NOTICE_WINDOW_SECONDS (a Postgres rate limit, the same for every
// instance), so the forms cannot be used to flood a mailbox. A new place on
// the waitlist is always confirmed: it happens once per entry.
import { randomUUID } from 'node:crypto';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { type Tx, withServiceRole } from '../db/db.server.ts';
import { isLang, type Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { pathsFor } from '../site/paths.ts';

export const NOTICE_WINDOW_SECONDS = 15 * 60;

interface EventFacts {
  language: string;
  slug: string;
  name: string;
  name_en: string | null;
  starts_at: Date;
  timezone: string;
}

/** One notice to this address per window; false when one was already sent. */
async function mayNotify(tx: Tx, email: string): Promise<boolean> {
  const decision = await takeRateLimits(tx, [
    { bucket: `registration-notice:${email}`, limit: 1, windowSeconds: NOTICE_WINDOW_SECONDS },
  ]);
  return decision.allowed;
}

const languageOf = (value: string): Lang => (isLang(value) ? value : 'da');

/**
 * Tells the holder of a ticket that someone tried to register their address
 * again (or put it on the waitlist). In the caller's transaction; returns
 * whether an email was queued.
 */
export async function queueAlreadyRegisteredNotice(
  tx: Tx,
  notice: { eventId: string; email: string; origin: string },
): Promise<boolean> {
  return withServiceRole(tx, async () => {
    const [facts] = await tx<EventFacts[]>`
      select o.language, e.slug, e.name, e.name_en, e.starts_at, e.timezone
      from public.tickets t
      join public.orders o on o.id = t.order_id
      join public.events e on e.id = t.event_id
      where t.event_id = ${notice.eventId} and t.attendee_email = ${notice.email}
        and t.status in ('reserved', 'valid')
      order by t.created_at
      limit 1`;
    if (!facts || !(await mayNotify(tx, notice.email))) return false;
    const lang = languageOf(facts.language);
    await enqueueEmail(tx, {
      idempotencyKey: `registration-notice/${randomUUID()}`,
      to: notice.email,
      lang,
      template: 'registration-notice',
      data: {
        kind: 'already-registered',
        eventName: localized(lang, facts.name, facts.name_en),
        eventStartsAt: facts.starts_at.toISOString(),
        timeZone: facts.timezone,
        myPageUrl: notice.origin + pathsFor(lang).myPage(),
      },
    });
    return true;
  });
}

/**
 * Tells someone on the waitlist their place: once for a new entry, and — at
 * most once per window — when their address is put on the list again.
 */
export async function queueWaitlistPlaceNotice(
  tx: Tx,
  notice: { entryId: string; place: number; already: boolean; origin: string },
): Promise<boolean> {
  return withServiceRole(tx, async () => {
    const [entry] = await tx<(EventFacts & { email: string; type_name: string; type_name_en: string | null })[]>`
      select w.language, w.email, e.slug, e.name, e.name_en, e.starts_at, e.timezone,
             tt.name as type_name, tt.name_en as type_name_en
      from public.waitlist_entries w
      join public.events e on e.id = w.event_id
      join public.ticket_types tt on tt.id = w.ticket_type_id
      where w.id = ${notice.entryId}`;
    if (!entry) return false;
    if (notice.already && !(await mayNotify(tx, entry.email))) return false;
    const lang = languageOf(entry.language);
    await enqueueEmail(tx, {
      idempotencyKey: notice.already
        ? `registration-notice/${randomUUID()}`
        : `registration-notice/waitlist-joined/${notice.entryId}`,
      to: entry.email,
      lang,
      template: 'registration-notice',
      data: {
        kind: 'waitlist-place',
        eventName: localized(lang, entry.name, entry.name_en),
        eventStartsAt: entry.starts_at.toISOString(),
        timeZone: entry.timezone,
        ticketTypeName: localized(lang, entry.type_name, entry.type_name_en),
        place: Math.max(1, notice.place),
        already: notice.already,
        eventUrl: notice.origin + pathsFor(lang).event(entry.slug),
      },
    });
    return true;
  });
}
