// The thank-you email the morning after (migration 20261203110002): one per
// attendee address, in their order's language, the kinder variant for those
// never scanned in — queued exactly once even when two servers race, and
// never before 09:00 on the day after or long after it. Both variants link
// the organisers' takeaways article once it is published.
import { beforeAll, describe, expect, it } from 'vitest';
import { queueThankYouEmails } from '../../src/lib/after-day/thank-you.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { insertCheckInRows } from '../fixtures/checkin-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();
const ORIGIN = 'https://samspil.example.org';

let world: EventWorld;
let danes: Attendee[];
let english: Attendee[];
let declined: Attendee[];
let dueAt: Date;

interface Sent {
  recipient: string;
  language: string;
  data: {
    attended: boolean;
    takeawaysUrl: string;
    recipientName: string;
    eventName: string;
    article?: { title: string; url: string };
    unsubscribeUrl: string;
  };
}
const sentFor = (eventId: string) =>
  sql<Sent[]>`
    select o.recipient, o.language, o.template_data as data from private.outbox_emails o
     where o.template = 'thank-you' and o.idempotency_key like ${`thank-you/${eventId}/%`}
     order by o.recipient`;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'tak-for-i-gaar', status: 'published' });
  danes = await insertAttendees(sql, { eventId: world.eventId, count: 4, tag: 'tak-da' });
  english = await insertAttendees(sql, { eventId: world.eventId, count: 1, tag: 'tak-en', language: 'en' });
  // Not mailed: one unsubscribed from this event's emails, one whose address bounced.
  declined = await insertAttendees(sql, { eventId: world.eventId, count: 2, tag: 'tak-nej' });
  await sql`insert into public.email_unsubscribes (event_id, email) values (${world.eventId}, ${declined[0]!.email.toLowerCase()})`;
  await sql`insert into private.email_suppressions (email, reason) values (${declined[1]!.email.toLowerCase()}, 'bounced')`;
  // danes[0]: scanned in at the entrance (and a session); danes[1]: only at a session door;
  // danes[2]: never scanned; danes[3]: cancelled; english[0]: never scanned.
  await insertCheckInRows(sql, { eventId: world.eventId, ticketId: danes[0]!.ticketId, sessionId: world.keynoteId });
  await sql`
    insert into public.session_check_ins (event_id, session_id, ticket_id, nonce, at)
    values (${world.eventId}, ${world.keynoteId}, ${danes[1]!.ticketId}, gen_random_uuid(), now())`;
  await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${danes[3]!.ticketId}`;
  const [row] = await sql<{ due: Date }[]>`
    select private.thank_you_due_at(ends_at, timezone) as due from public.events where id = ${world.eventId}`;
  dueAt = row!.due;
  // The organisers published their takeaways article before the morning after.
  await sql`
    insert into public.takeaway_articles (event_id, title, title_en, published_at)
    values (${world.eventId}, '4 takeaways fra dagen', '4 takeaways from the day',
            ${new Date(dueAt.getTime() - 3_600_000)})`;
});

describe('the thank-you email', () => {
  it('goes out at 09:00 on the day after the event, in its time zone', async () => {
    const [row] = await sql<{ due: Date }[]>`
      select private.thank_you_due_at('2027-02-25 16:00+01', 'Europe/Copenhagen') as due`;
    expect(row!.due.toISOString()).toBe('2027-02-26T08:00:00.000Z');
    const [late] = await sql<{ due: Date }[]>`
      select private.thank_you_due_at('2027-06-10 23:30+02', 'Europe/Copenhagen') as due`;
    expect(late!.due.toISOString()).toBe('2027-06-11T07:00:00.000Z');
  });

  it('is not queued before then', async () => {
    const runs = await queueThankYouEmails({ origin: ORIGIN, now: new Date(dueAt.getTime() - 60_000), db: sql });
    expect(runs).toEqual([]);
    expect(await sentFor(world.eventId)).toEqual([]);
  });

  it('is queued once per attendee when two servers race, in their language, thanking those who came', async () => {
    const now = new Date(dueAt.getTime() + 60_000);
    const runs = await Promise.all([
      queueThankYouEmails({ origin: ORIGIN, now, db: sql }),
      queueThankYouEmails({ origin: ORIGIN, now, db: sql }),
      queueThankYouEmails({ origin: ORIGIN, now, db: sql }),
    ]);
    expect(runs.flat()).toEqual([{ eventId: world.eventId, recipients: 4 }]);

    const sent = await sentFor(world.eventId);
    const byEmail = new Map(sent.map((email) => [email.recipient, email]));
    expect(sent).toHaveLength(4);
    expect(byEmail.get(danes[0]!.email)?.data.attended).toBe(true);
    expect(byEmail.get(danes[1]!.email)?.data.attended).toBe(true);
    expect(byEmail.get(danes[2]!.email)?.data.attended).toBe(false);
    expect(byEmail.has(danes[3]!.email)).toBe(false);
    expect(byEmail.has(declined[0]!.email)).toBe(false);
    expect(byEmail.has(declined[1]!.email)).toBe(false);
    // Each carries its own unsubscribe link, which the unsubscribe page accepts for that event and address.
    for (const email of sent) {
      const token = decodeURIComponent(email.data.unsubscribeUrl.split('/afmeld/')[1]!);
      const [checked] = await sql<{ code: string; event_id: string; email: string }[]>`
        select code, event_id, email from private.unsubscribe_by_token(${token}, false)`;
      expect(checked).toMatchObject({ event_id: world.eventId, email: email.recipient.toLowerCase() });
    }
    const en = byEmail.get(english[0]!.email)!;
    expect(en.data.unsubscribeUrl).toMatch(new RegExp(`^${ORIGIN}/en/afmeld/`));
    expect(en.language).toBe('en');
    expect(en.data).toMatchObject({
      attended: false,
      eventName: 'Test day tak-for-i-gaar',
      takeawaysUrl: `${ORIGIN}/en/min-side/tak-for-i-gaar/udbytte`,
      article: { title: '4 takeaways from the day', url: `${ORIGIN}/en/tak-for-i-gaar/udbytte` },
    });
    expect(byEmail.get(danes[0]!.email)).toMatchObject({
      language: 'da',
      data: {
        eventName: 'Testdag tak-for-i-gaar',
        takeawaysUrl: `${ORIGIN}/min-side/tak-for-i-gaar/udbytte`,
        article: { title: '4 takeaways fra dagen', url: `${ORIGIN}/tak-for-i-gaar/udbytte` },
      },
    });
  });

  it('is never queued again, after a restart or a day later', async () => {
    for (const later of [120_000, 86_400_000]) {
      expect(await queueThankYouEmails({ origin: ORIGIN, now: new Date(dueAt.getTime() + later), db: sql })).toEqual(
        [],
      );
    }
    expect(await sentFor(world.eventId)).toHaveLength(4);
  });

  it('is not sent for an event long over (a server that was down for a week), nor for a draft', async () => {
    const old = await insertEventWorld(sql, { slug: 'tak-for-laenge-siden', status: 'published' });
    const draft = await insertEventWorld(sql, { slug: 'tak-kladde', status: 'draft' });
    for (const event of [old, draft])
      await insertAttendees(sql, { eventId: event.eventId, count: 1, tag: event.eventId });
    const weekLate = new Date(dueAt.getTime() + 7 * 86_400_000);
    const runs = await queueThankYouEmails({ origin: ORIGIN, now: weekLate, db: sql });
    expect(runs.map((run) => run.eventId)).not.toContain(old.eventId);
    expect(await sentFor(old.eventId)).toEqual([]);
    const onTime = await queueThankYouEmails({ origin: ORIGIN, now: new Date(dueAt.getTime() + 60_000), db: sql });
    expect(onTime.map((run) => run.eventId)).toEqual([old.eventId]);
    expect(await sentFor(draft.eventId)).toEqual([]);
  });
});
