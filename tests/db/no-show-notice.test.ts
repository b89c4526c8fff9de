// The attendee whose seat was released as a no-show is told, against a real
// Postgres: My programme lists the released booking with the minutes then in
// force (also after the organiser changes the setting), the session page's
// view carries it until they book again, an email is queued in
// the attendee's language in the release's own transaction, exactly once per
// released booking however often, and however concurrently, the job runs;
// scanned-in attendees, the waitlisted who got the seats and bookings
// elsewhere are untouched. Times are fixed instants on the world's day
// (tests/fixtures/clock.ts) passed to the release as its clock.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookSeat, loadBookingViews, loadMyProgramme } from '../../src/lib/booking/booking.server.ts';
import { releaseNoShows } from '../../src/lib/checkin/no-show.server.ts';
import { renderEmail } from '../../src/lib/mail/mail.ts';
import { worldAt } from '../fixtures/clock.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 20 });
const ORIGIN = 'http://localhost:4321';
const at = worldAt;

afterEach(async () => {
  expect(await seatInvariantBreaches(sql)).toEqual([]);
});

let world: EventWorld;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'udeblevne', status: 'published' });
  await sql`update public.events set no_show_release_minutes = 10 where id = ${world.eventId}`;
});

/** A bookable session with these confirmed seats and this waitlist (in order), written directly. */
async function seatedSession(options: {
  slug: string;
  from: string;
  to: string;
  confirmed: readonly Attendee[];
  waitlisted?: readonly Attendee[];
}): Promise<string> {
  const { confirmed, waitlisted = [] } = options;
  const id = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: options.slug,
    startsAt: at(options.from),
    endsAt: at(options.to),
    capacity: confirmed.length,
  });
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
    select ${world.eventId}, ${id}, unnest(${confirmed.map((attendee) => attendee.ticketId)}::uuid[]), 'confirmed', now()`;
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number)
    select ${world.eventId}, ${id}, t.id, 'waitlisted', t.n
      from unnest(${waitlisted.map((attendee) => attendee.ticketId)}::uuid[]) with ordinality as t (id, n)`;
  await sql`update public.sessions set seats_taken = ${confirmed.length}, waitlist_issued = ${waitlisted.length}
             where id = ${id}`;
  return id;
}

/** Door staff scanned these attendees in at the session (written directly). */
async function scannedIn(sessionId: string, attendees: readonly Attendee[]): Promise<void> {
  for (const attendee of attendees) {
    await sql`
      insert into public.session_check_ins (event_id, session_id, ticket_id, nonce, at)
      values (${world.eventId}, ${sessionId}, ${attendee.ticketId}, ${randomUUID()}, now())`;
  }
}

const release = (time: string) => releaseNoShows({ origin: ORIGIN, db: sql, now: new Date(at(time)) });

interface ReleasedMail {
  idempotency_key: string;
  recipient: string;
  language: 'da' | 'en';
  template_data: Record<string, unknown>;
}

async function releasedMails(recipients: readonly string[]): Promise<ReleasedMail[]> {
  return sql<ReleasedMail[]>`
    select idempotency_key, recipient, language, template_data from private.outbox_emails
     where template = 'booking-released' and recipient = any (${recipients}::text[])
     order by recipient`;
}

describe('a seat released as a no-show', () => {
  let danes: Attendee[];
  let english: Attendee[];
  let session: string;
  let elsewhere: string;

  beforeAll(async () => {
    // danes[0] is scanned in; danes[1] and english[0] are no-shows; danes[2]
    // and english[1] wait and get their seats; danes[3] has a seat in another
    // session that nobody scans at.
    danes = await insertAttendees(sql, { eventId: world.eventId, count: 4, tag: 'udeblev-da' });
    english = await insertAttendees(sql, { eventId: world.eventId, count: 2, tag: 'udeblev-en', language: 'en' });
    session = await seatedSession({
      slug: 'udeblev',
      from: '13:00',
      to: '14:00',
      confirmed: [danes[0]!, danes[1]!, english[0]!],
      waitlisted: [danes[2]!, english[1]!],
    });
    elsewhere = await seatedSession({ slug: 'udeblev-andet', from: '13:00', to: '14:00', confirmed: [danes[3]!] });
    await scannedIn(session, [danes[0]!]);

    expect(await release('13:09')).toEqual({ released: 0 });
    expect(await releasedMails([...danes, ...english].map((attendee) => attendee.email))).toEqual([]);
    expect(await release('13:10')).toEqual({ released: 2 });
  });

  it('shows on My programme with the minutes, beside the attendee’s other bookings', async () => {
    const [event] = await loadMyProgramme(danes[1]!.claims, 'da', sql);
    expect(event?.eventSlug).toBe('udeblevne');
    expect(event!.sessions).toEqual([]);
    expect(event!.released.map((entry) => [entry.sessionId, entry.released, entry.mine])).toEqual([
      [session, { minutes: 10 }, null],
    ]);

    const [englishEvent] = await loadMyProgramme(english[0]!.claims, 'en', sql);
    expect(englishEvent!.released.map((entry) => [entry.title, entry.released])).toEqual([
      ['Round udeblev', { minutes: 10 }],
    ]);
  });

  it('leaves the scanned-in, the promoted and bookings elsewhere as they were, with nothing released', async () => {
    const expectations: [Attendee, string, string][] = [
      [danes[0]!, session, 'confirmed'],
      [danes[2]!, session, 'confirmed'],
      [english[1]!, session, 'confirmed'],
      [danes[3]!, elsewhere, 'confirmed'],
    ];
    for (const [attendee, sessionId, status] of expectations) {
      const [event] = await loadMyProgramme(attendee.claims, 'da', sql);
      expect(event!.released).toEqual([]);
      expect(event!.sessions.map((entry) => [entry.sessionId, entry.mine.status, entry.released])).toEqual([
        [sessionId, status, null],
      ]);
    }
    const [untouched] = await sql<{ status: string; cancel_reason: string | null; no_show_notice_due: boolean }[]>`
      select status, cancel_reason, no_show_notice_due from public.bookings where session_id = ${elsewhere}`;
    expect(untouched).toEqual({ status: 'confirmed', cancel_reason: null, no_show_notice_due: false });
  });

  it('queues one email per released booking, in the attendee’s language, with a link to My programme', async () => {
    const mails = await releasedMails([...danes, ...english].map((attendee) => attendee.email));
    const [bookingDa] = await sql<{ id: string }[]>`
      select id from public.bookings where session_id = ${session} and ticket_id = ${danes[1]!.ticketId}`;
    expect(mails.map((mail) => [mail.recipient, mail.language])).toEqual([
      [danes[1]!.email, 'da'],
      [english[0]!.email, 'en'],
    ]);
    expect(mails[0]!.idempotency_key).toBe(`booking-released/${bookingDa!.id}`);
    expect(mails[0]!.template_data).toMatchObject({
      sessionTitle: 'Runde udeblev',
      eventName: 'Testdag udeblevne',
      minutes: 10,
      myProgrammeUrl: `${ORIGIN}/min-side/program`,
    });
    expect(mails[1]!.template_data).toMatchObject({
      sessionTitle: 'Round udeblev',
      eventName: 'Test day udeblevne',
      minutes: 10,
      myProgrammeUrl: `${ORIGIN}/en/min-side/program`,
    });

    const da = renderEmail('booking-released', 'da', mails[0]!.template_data);
    expect(da.subject).toBe('Din plads er givet videre: Runde udeblev');
    expect(da.text).toContain('ikke var scannet ind ved døren 10 minutter efter start');
    expect(da.text).toContain(`${ORIGIN}/min-side/program`);
    const en = renderEmail('booking-released', 'en', mails[1]!.template_data);
    expect(en.subject).toBe('Your seat has been passed on: Round udeblev');
    expect(en.text).toContain('not been scanned in at the door 10 minutes after the start');

    // The waitlisted who got the seats have their own "you got a seat" email, as before.
    const seatMails = await sql<{ recipient: string }[]>`
      select recipient from private.outbox_emails where template = 'booking-seat'
         and recipient = any (${[danes[2]!.email, english[1]!.email]}::text[])`;
    expect(seatMails).toHaveLength(2);
  });

  it('queues nothing more when the job runs again', async () => {
    const before = await releasedMails([...danes, ...english].map((attendee) => attendee.email));
    expect(await release('13:20')).toEqual({ released: 0 });
    expect(await release('13:30')).toEqual({ released: 0 });
    expect(await releasedMails([...danes, ...english].map((attendee) => attendee.email))).toEqual(before);
    const [due] = await sql<{ count: number }[]>`
      select count(*)::int as count from public.bookings where event_id = ${world.eventId} and no_show_notice_due`;
    expect(due!.count).toBe(0);
  });

  it('keeps the minutes in force at the release when the organiser changes or clears the setting', async () => {
    await sql`update public.events set no_show_release_minutes = null where id = ${world.eventId}`;
    try {
      const [event] = await loadMyProgramme(danes[1]!.claims, 'da', sql);
      expect(event!.released.map((entry) => entry.released)).toEqual([{ minutes: 10 }]);
    } finally {
      await sql`update public.events set no_show_release_minutes = 10 where id = ${world.eventId}`;
    }
  });

  it('shows on the session page until the attendee books the session again', async () => {
    const view = async () =>
      (await loadBookingViews(danes[1]!.claims, 'udeblevne', 'da', sql))!.sessions.find(
        (entry) => entry.sessionId === session,
      )!;
    expect(await view()).toMatchObject({ released: { minutes: 10 }, mine: null });
    // Others see nothing of it.
    const others = await loadBookingViews(danes[0]!.claims, 'udeblevne', 'da', sql);
    expect(others!.sessions.find((entry) => entry.sessionId === session)!.released).toBeNull();

    // The seats went to the waitlist, so booking again is a place in line; the release is then history.
    const again = await bookSeat(
      danes[1]!.claims,
      { eventId: world.eventId, sessionId: session, swap: false },
      { origin: ORIGIN, db: sql },
    );
    expect(again.code).toBe('waitlisted');
    expect(await view()).toMatchObject({ released: null, mine: { status: 'waitlisted' } });
  });
});

describe('when several job runs race', () => {
  it('queues exactly one email per released booking', async () => {
    await sql`update public.events set no_show_release_minutes = 5 where id = ${world.eventId}`;
    const crowd = await insertAttendees(sql, { eventId: world.eventId, count: 120, tag: 'udeblev-kapl' });
    // Four sessions of 25 seats: the first of each is scanned in, 24 are no-shows, 5 wait.
    const sessions: string[] = [];
    for (let index = 0; index < 4; index++) {
      const group = crowd.slice(index * 30, index * 30 + 30);
      const id = await seatedSession({
        slug: `udeblev-kapl-${index}`,
        from: '15:00',
        to: '16:00',
        confirmed: group.slice(0, 25),
        waitlisted: group.slice(25),
      });
      await scannedIn(id, group.slice(0, 1));
      sessions.push(id);
    }

    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        releaseNoShows({ origin: ORIGIN, db: sql, now: new Date(at('15:05')), limit: 1 }),
      ),
    );
    let total = runs.reduce((sum, run) => sum + run.released, 0);
    for (let round = 0; round < 5 && total < 4 * 24; round++) total += (await release('15:05')).released;
    expect(total).toBe(4 * 24);
    // And twice more, concurrently, after everything is released.
    expect(await Promise.all([release('15:10'), release('15:10')])).toEqual([{ released: 0 }, { released: 0 }]);

    const released = await sql<{ id: string; email: string }[]>`
      select b.id, t.attendee_email as email from public.bookings b join public.tickets t on t.id = b.ticket_id
       where b.session_id = any (${sessions}::uuid[]) and b.cancel_reason = 'no_show' order by t.attendee_email`;
    expect(released).toHaveLength(4 * 24);
    const mails = await releasedMails(crowd.map((attendee) => attendee.email));
    expect(mails.map((mail) => mail.recipient)).toEqual(released.map((row) => row.email));
    expect(new Set(mails.map((mail) => mail.idempotency_key))).toEqual(
      new Set(released.map((row) => `booking-released/${row.id}`)),
    );
    expect(mails.every((mail) => mail.template_data['minutes'] === 5)).toBe(true);
  });
});
