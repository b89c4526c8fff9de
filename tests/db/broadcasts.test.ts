// Email to attendees (migration 20261203120300_broadcasts.sql) against a real
// Postgres: who may read and write broadcasts (organisers of that event only),
// who each segment reaches, sending once — two sends racing queue one email
// per person, two workers racing deliver each once — per-recipient outcomes
// and retrying the failed, the signed unsubscribe link and later broadcasts
// skipping the unsubscribed, 2,000 recipients queued in one statement, and
// the reminder the day before, queued once.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  broadcastProgress,
  countAudience,
  listRecipients,
  retryFailed,
  saveDraft,
  sendBroadcast,
  sendTest,
  unsubscribe,
} from '../../src/lib/broadcast/broadcast.server.ts';
import { composeInput, progressPercent } from '../../src/lib/broadcast/broadcast.ts';
import { queueEventReminders } from '../../src/lib/broadcast/reminder.server.ts';
import { queueSignInMail } from '../../src/lib/auth/sign-in-mail.server.ts';
import { createLocalAuth } from '../../src/lib/auth/local-auth.server.ts';
import { ANON, asService, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import { createDevMailboxTransport } from '../../src/lib/mail/dev-mailbox-transport.server.ts';
import { drainOutbox, enqueueEmail } from '../../src/lib/mail/outbox.server.ts';
import { SAMPLE_DATA } from '../../src/lib/mail/templates/samples.ts';
import type { MailTransport } from '../../src/lib/mail/transport.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { insertCheckInRows } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 10 });
const ORIGIN = 'https://samspil.example.org';

interface Person {
  id: string;
  email: string;
  claims: SignedIn;
}
const person = (name: string): Person => {
  const id = randomUUID();
  const email = `${name}@post.example.org`;
  return { id, email, claims: { role: 'authenticated', sub: id, aud: 'authenticated', email } };
};
const organiser = person('arrangoer');
const reviewer = person('bedoemmer');
const staff = person('tjekind');
const otherOrganiser = person('anden-arrangoer');
const outsider = person('udenfor');

let a: EventWorld;
let b: EventWorld;
let danes: Attendee[];
let english: Attendee[];
let sessionId: string;
let secondTypeId: string;
let statPerson: Attendee | undefined;

const as = <T>(who: Claims, work: Parameters<typeof asUser<T>>[1]) => asUser(who, work, sql);

const compose = (fields: Record<string, unknown>) =>
  composeInput.parse({
    event: a.eventId,
    subjectDa: 'Praktisk info',
    bodyDa: 'Hej **alle**',
    segment: 'everyone',
    ...fields,
  });

async function draft(fields: Record<string, unknown> = {}, who: Person = organiser): Promise<string> {
  const saved = await saveDraft(who.claims, compose(fields), sql);
  if (!saved.ok) throw new Error(`draft refused: ${saved.code}`);
  return saved.id;
}

const outboxOf = (broadcastId: string) =>
  sql<{ recipient: string; language: string; data: Record<string, string> }[]>`
    select recipient, language, template_data as data from private.outbox_emails
     where idempotency_key like ${`broadcast/${broadcastId}/%`} order by recipient, idempotency_key`;

const devMailbox = createDevMailboxTransport({ from: 'Samspil <noreply@samspil.localhost>', db: sql });

beforeAll(async () => {
  for (const p of [organiser, reviewer, staff, otherOrganiser, outsider]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  a = await insertEventWorld(sql, { slug: 'post-a', status: 'published' });
  b = await insertEventWorld(sql, { slug: 'post-b', status: 'published' });
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${a.eventId}, ${organiser.id}, 'organiser'),
      (${a.eventId}, ${reviewer.id}, 'reviewer'),
      (${a.eventId}, ${staff.id}, 'checkin_staff'),
      (${b.eventId}, ${otherOrganiser.id}, 'organiser')`;
  danes = await insertAttendees(sql, { eventId: a.eventId, count: 4, tag: 'post-da' });
  english = await insertAttendees(sql, { eventId: a.eventId, count: 2, tag: 'post-en', language: 'en' });
  // danes[0] is checked in; statPerson is the one in the "stat" sector and of their ticket type;
  // english[0] booked the session; danes[2] waits for a seat in it.
  await insertCheckInRows(sql, { eventId: a.eventId, ticketId: danes[0]!.ticketId, sessionId: a.keynoteId });
  [statPerson] = await insertAttendees(sql, { eventId: a.eventId, count: 1, tag: 'post-stat' });
  await sql`update public.tickets set sector = 'stat' where id = ${statPerson!.ticketId}`;
  const [type] = await sql<{ id: string }[]>`
    select ticket_type_id as id from public.tickets where id = ${statPerson!.ticketId}`;
  secondTypeId = type!.id;
  sessionId = await insertBookableSession(sql, {
    eventId: a.eventId,
    slug: 'workshop',
    kind: 'workshop',
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 30 * 86_400_000 + 3_600_000).toISOString(),
    capacity: 1,
  });
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
    values (${a.eventId}, ${sessionId}, ${english[0]!.ticketId}, 'confirmed', now())`;
  await sql`update public.sessions set seats_taken = 1 where id = ${sessionId}`;
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number)
    values (${a.eventId}, ${sessionId}, ${danes[2]!.ticketId}, 'waitlisted', 1)`;
  // Someone on the event's waitlist, without a ticket.
  await sql`
    insert into public.waitlist_entries (event_id, ticket_type_id, name, email, language)
    select ${a.eventId}, ${secondTypeId}, 'Venter', 'venter@example.org', 'en'`;
});

describe('who may read and write broadcasts', () => {
  it('lets the event’s organiser write, read and change a draft', async () => {
    const id = await draft({ subjectDa: 'Kladde' });
    const rows = await as(organiser.claims, (tx) => tx`select subject_da from public.broadcasts where id = ${id}`);
    expect(rows).toEqual([{ subject_da: 'Kladde' }]);
    const changed = await saveDraft(organiser.claims, compose({ broadcast: id, version: 1, subjectDa: 'Ny' }), sql);
    expect(changed).toMatchObject({ ok: true, version: 2 });
    // A form that showed version 1 is refused now, never a silent overwrite.
    expect(await saveDraft(organiser.claims, compose({ broadcast: id, version: 1, subjectDa: 'Gammel' }), sql)).toEqual(
      { ok: false, code: 'changed_elsewhere' },
    );
    const [audit] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.audit_log where table_name = 'broadcasts' and row_key ->> 'id' = ${id}`;
    expect(audit!.n).toBe(2);
  });

  it('shows reviewers, check-in staff, another event’s organiser and outsiders nothing, and lets them write nothing', async () => {
    const id = await draft({ subjectDa: 'Hemmelig' });
    await sendBroadcast(organiser.claims, a.eventId, await draft({ subjectDa: 'Sendt' }), ORIGIN, sql);
    for (const who of [reviewer, staff, otherOrganiser, outsider]) {
      for (const table of ['broadcasts', 'broadcast_recipients', 'email_unsubscribes', 'event_reminders']) {
        const rows = await as(who.claims, (tx) => tx.unsafe(`select * from public.${table}`));
        expect(rows, `${who.email} reads ${table}`).toEqual([]);
      }
      expect(await saveDraft(who.claims, compose({ subjectDa: 'Indtrængen' }), sql)).toEqual({
        ok: false,
        code: 'not_found',
      });
      expect(
        await sqlState(
          as(
            who.claims,
            (tx) => tx`
              insert into public.broadcasts (event_id, subject_da, body_da, segment)
              values (${a.eventId}, 'x', 'y', 'everyone')`,
          ),
        ),
      ).toBe('42501');
      const updated = await as(
        who.claims,
        (tx) => tx`update public.broadcasts set subject_da = 'x' where id = ${id} returning id`,
      );
      expect(updated).toEqual([]);
      expect(await sendBroadcast(who.claims, a.eventId, id, ORIGIN, sql)).toEqual({ ok: false, code: 'not_found' });
      const [direct] = await as(
        who.claims,
        (tx) => tx<{ code: string }[]>`select code from private.queue_broadcast(${id}, ${ORIGIN})`,
      );
      expect(direct!.code).toBe('not_found');
      expect(await countAudience(who.claims, a.eventId, 'everyone', null, sql)).toBeNull();
      expect(
        await sqlState(
          as(
            who.claims,
            (tx) => tx`insert into public.email_unsubscribes (event_id, email) values (${a.eventId}, 'x@y.dk')`,
          ),
        ),
      ).toBe('42501');
    }
    // Anonymous visitors cannot even ask.
    expect(await sqlState(as(ANON, (tx) => tx`select * from public.broadcasts`))).toBe('42501');
    const [still] = await sql<{ subject_da: string; status: string }[]>`
      select subject_da, status from public.broadcasts where id = ${id}`;
    expect(still).toEqual({ subject_da: 'Hemmelig', status: 'draft' });
  });

  it('keeps a sent broadcast as it was, even for its organiser', async () => {
    const id = await draft();
    await sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql);
    const updated = await as(
      organiser.claims,
      (tx) => tx`update public.broadcasts set subject_da = 'x' where id = ${id} returning id`,
    );
    expect(updated).toEqual([]);
    const deleted = await as(organiser.claims, (tx) => tx`delete from public.broadcasts where id = ${id} returning id`);
    expect(deleted).toEqual([]);
    expect(await sqlState(sql`update public.broadcasts set body_da = 'x' where id = ${id}`)).toBe('23514');
  });
});

describe('segments', () => {
  const count = (segment: string, ref: string | null = null) =>
    countAudience(organiser.claims, a.eventId, segment as never, ref, sql);

  it('reach exactly the people they name, each address once', async () => {
    expect(await count('everyone')).toBe(7);
    expect(await count('ticket_type', secondTypeId)).toBe(1);
    expect(await count('sector', 'stat')).toBe(1);
    expect(await count('session', sessionId)).toBe(1);
    expect(await count('checked_in')).toBe(1);
    expect(await count('not_checked_in')).toBe(6);
    // The event's waitlist and danes[2], in line for the session.
    expect(await count('waitlisted')).toBe(2);
    // Another event's id names nobody here.
    expect(await count('session', b.keynoteId)).toBe(0);
  });

  it('sends a segment to exactly that segment, in each person’s language', async () => {
    const id = await draft({
      segment: 'session',
      session: sessionId,
      subjectEn: 'Practical info',
      bodyEn: 'Hello *all*',
    });
    expect(await sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql)).toEqual({ ok: true, recipients: 1 });
    const sent = await outboxOf(id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipient: english[0]!.email,
      language: 'en',
      data: { subject: 'Practical info', body: 'Hello *all*', eventName: 'Test day post-a' },
    });
    expect(sent[0]!.data.unsubscribeUrl).toMatch(
      /^https:\/\/samspil\.example\.org\/en\/afmeld\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/,
    );
  });
});

describe('sending once', () => {
  it('queues one email per person when two sends race, and the second is told it went', async () => {
    const id = await draft();
    const answers = await Promise.all([
      sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql),
      sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql),
    ]);
    expect(answers).toContainEqual({ ok: true, recipients: 7 });
    expect(answers).toContainEqual({ ok: false, code: 'already_queued' });
    const sent = await outboxOf(id);
    expect(sent.map((row) => row.recipient)).toEqual(
      [...danes, ...english, statPerson!].map((attendee) => attendee.email).sort(),
    );
    expect(new Set(sent.map((row) => row.recipient)).size).toBe(7);
    // The unique constraint itself: the same address twice in one broadcast is refused.
    expect(
      await sqlState(sql`
        insert into public.broadcast_recipients (broadcast_id, event_id, email, name, language)
        values (${id}, ${a.eventId}, ${danes[0]!.email}, 'Igen', 'da')`),
    ).toBe('23505');
  });

  it('delivers each email once when two workers race, and the progress reaches 100 %', async () => {
    const id = await draft({ segment: 'not_checked_in' });
    await sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql);
    expect(await broadcastProgress(organiser.claims, id, sql)).toEqual({
      total: 6,
      queued: 6,
      sent: 0,
      delivered: 0,
      failed: 0,
      bounced: 0,
      complained: 0,
    });
    // Other tests' emails may be due as well: drain until this broadcast is done.
    for (let round = 0; round < 20; round += 1) {
      await Promise.all([
        drainOutbox({ transport: devMailbox, limit: 3, db: sql }),
        drainOutbox({ transport: devMailbox, limit: 3, db: sql }),
      ]);
      if ((await broadcastProgress(organiser.claims, id, sql))!.queued === 0) break;
    }
    const progress = (await broadcastProgress(organiser.claims, id, sql))!;
    expect(progress).toEqual({ total: 6, queued: 0, sent: 6, delivered: 0, failed: 0, bounced: 0, complained: 0 });
    expect(progressPercent(progress)).toBe(100);
    const delivered = await sql<{ recipient: string; n: number }[]>`
      select recipient, count(*)::int as n from private.dev_mailbox
       where idempotency_key like ${`broadcast/${id}/%`} group by recipient order by recipient`;
    expect(delivered.map((row) => row.n)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(delivered.map((row) => row.recipient)).not.toContain(danes[0]!.email);
  });

  it('records who failed, and retrying the failed sends them again — once, however often it is clicked', async () => {
    const id = await draft({ segment: 'ticket_type', ticketType: secondTypeId });
    await sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql);
    const refusing: MailTransport = {
      name: 'refusing',
      send: async () => ({ ok: false, retryable: false, error: 'resend validation_error (422): bad address' }),
    };
    await drainOutbox({ transport: refusing, limit: 100, db: sql });
    const [failed] = await listRecipients(organiser.claims, id, { status: 'failed' }, sql);
    expect(failed).toMatchObject({ email: statPerson!.email, status: 'failed', attempt: 1 });
    expect(failed!.lastError).toContain('bad address');

    const retries = await Promise.all([
      retryFailed(organiser.claims, a.eventId, id, ORIGIN, sql),
      retryFailed(organiser.claims, a.eventId, id, ORIGIN, sql),
    ]);
    expect(retries.map((answer) => (answer.ok ? answer.retried : -1)).sort()).toEqual([0, 1]);
    await drainOutbox({ transport: devMailbox, limit: 100, db: sql });
    const [after] = await listRecipients(organiser.claims, id, {}, sql);
    expect(after).toMatchObject({ email: statPerson!.email, status: 'sent', attempt: 2, lastError: null });
    expect(await broadcastProgress(organiser.claims, id, sql)).toMatchObject({
      total: 1,
      queued: 0,
      sent: 1,
      failed: 0,
      bounced: 0,
    });
    // Reviewers cannot retry.
    expect(await retryFailed(reviewer.claims, a.eventId, id, ORIGIN, sql)).toEqual({ ok: false, code: 'not_found' });
  });
});

describe('a test to oneself', () => {
  it('goes to the organiser in each language the draft has, without an unsubscribe link, ten an hour', async () => {
    const id = await draft({ subjectEn: 'Practical', bodyEn: 'Hello' });
    expect(await sendTest(organiser.claims, a.eventId, id, sql)).toEqual({ ok: true, sent: 2, to: organiser.email });
    const tests = await sql<{ language: string; data: Record<string, string> }[]>`
      select language, template_data as data from private.outbox_emails
       where idempotency_key like ${`broadcast-test/${id}/%`} order by language`;
    expect(tests.map((row) => [row.language, row.data.subject, row.data.unsubscribeUrl])).toEqual([
      ['da', 'Praktisk info', undefined],
      ['en', 'Practical', undefined],
    ]);
    for (let sent = 1; sent < 10; sent += 1) await sendTest(organiser.claims, a.eventId, id, sql);
    expect(await sendTest(organiser.claims, a.eventId, id, sql)).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(await sendTest(reviewer.claims, a.eventId, id, sql)).toEqual({ ok: false, code: 'not_found' });
  });
});

describe('unsubscribing', () => {
  it('works with the link from the email, refuses a forged one, and later broadcasts skip the person', async () => {
    const id = await draft({ segment: 'sector', sector: 'stat' });
    await sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql);
    const [email] = await outboxOf(id);
    const token = email!.data.unsubscribeUrl!.split('/afmeld/')[1]!;

    const seen = await unsubscribe(ANON, token, false, 'da', sql);
    expect(seen).toEqual({ ok: true, eventName: 'Testdag post-a', email: statPerson!.email, unsubscribed: false });
    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(`${a.eventId}:${outsider.email}`).toString('base64url');
    for (const bad of [`${forged}.${signature}`, `${payload}.${'A'.repeat(43)}`, 'not-a-token']) {
      expect(await unsubscribe(ANON, bad, true, 'da', sql)).toEqual({ ok: false, code: 'invalid' });
    }
    expect(await unsubscribe(ANON, token, true, 'da', sql)).toMatchObject({ ok: true, unsubscribed: true });
    // Twice is the same as once.
    expect(await unsubscribe(ANON, token, true, 'da', sql)).toMatchObject({ ok: true, unsubscribed: true });
    const rows = await as(
      organiser.claims,
      (tx) => tx`select email from public.email_unsubscribes where event_id = ${a.eventId}`,
    );
    expect(rows).toEqual([{ email: statPerson!.email }]);

    expect(await countAudience(organiser.claims, a.eventId, 'sector', 'stat', sql)).toBe(0);
    const later = await draft({ segment: 'everyone' });
    await sendBroadcast(organiser.claims, a.eventId, later, ORIGIN, sql);
    expect((await outboxOf(later)).map((row) => row.recipient)).not.toContain(statPerson!.email);
    // The same address is still subscribed to another event's news.
    const [other] = await sql<
      { t: string }[]
    >`select private.unsubscribe_token(${b.eventId}, ${statPerson!.email}) as t`;
    expect(await unsubscribe(ANON, other!.t, false, 'da', sql)).toMatchObject({ ok: true, unsubscribed: false });
  });
});

describe('delivery at the provider’s rate', () => {
  it('never sends more than the rate in any second, however many workers drain', async () => {
    // Whatever earlier tests left queued goes first, unpaced, so only this broadcast is timed.
    while ((await drainOutbox({ transport: devMailbox, limit: 100, db: sql })).claimed > 0);
    const id = await draft({ segment: 'everyone' });
    const answer = await sendBroadcast(organiser.claims, a.eventId, id, ORIGIN, sql);
    if (!answer.ok) throw new Error(answer.code);
    const times: number[] = [];
    const recording: MailTransport = {
      name: 'recording',
      send: async () => {
        times.push(Date.now());
        return { ok: true, providerMessageId: null };
      },
    };
    const paced = () => drainOutbox({ transport: recording, limit: 10, db: sql, sendsPerSecond: 2 });
    for (let round = 0; round < 10; round += 1) {
      await Promise.all([paced(), paced()]);
      if ((await broadcastProgress(organiser.claims, id, sql))!.queued === 0) break;
    }
    expect((await broadcastProgress(organiser.claims, id, sql))!.sent).toBe(answer.recipients);
    times.sort((x, y) => x - y);
    expect(times.length).toBe(answer.recipients);
    // Two a second: any three sends span at least a second (less a little clock skew).
    for (let i = 0; i + 2 < times.length; i += 1) expect(times[i + 2]! - times[i]!).toBeGreaterThanOrEqual(900);
  });
});

describe('bulk', () => {
  it('queues 2,000 recipients in one call, each once', async () => {
    const big = await insertEventWorld(sql, { slug: 'post-stor', status: 'published' });
    await sql`insert into public.event_roles (event_id, user_id, role) values (${big.eventId}, ${organiser.id}, 'organiser')`;
    await insertAttendees(sql, { eventId: big.eventId, count: 2000, tag: 'mange' });
    const saved = await saveDraft(
      organiser.claims,
      composeInput.parse({ event: big.eventId, subjectDa: 'Til alle', bodyDa: 'Hej', segment: 'everyone' }),
      sql,
    );
    if (!saved.ok) throw new Error(saved.code);
    const answer = await sendBroadcast(organiser.claims, big.eventId, saved.id, ORIGIN, sql);
    expect(answer).toEqual({ ok: true, recipients: 2000 });
    const [counted] = await sql<{ jobs: number; emails: number }[]>`
      select (select count(*)::int from private.jobs where batch_id = ${saved.id}) as jobs,
             (select count(*)::int from private.outbox_emails where idempotency_key like ${`broadcast/${saved.id}/%`}) as emails`;
    expect(counted).toEqual({ jobs: 2000, emails: 2000 });
  });
});

describe('transactional mail before bulk', () => {
  it('claims a sign-in code queued after 2,000 broadcast emails next, then a confirmation, and still sends each once', async () => {
    // Whatever earlier tests left queued goes first, so the queue holds only what this test puts there.
    while ((await drainOutbox({ transport: devMailbox, limit: 100, db: sql })).claimed > 0);
    const big = await insertEventWorld(sql, { slug: 'post-foerst', status: 'published' });
    await sql`insert into public.event_roles (event_id, user_id, role) values (${big.eventId}, ${organiser.id}, 'organiser')`;
    await insertAttendees(sql, { eventId: big.eventId, count: 2000, tag: 'foerst' });
    const saved = await saveDraft(
      organiser.claims,
      composeInput.parse({ event: big.eventId, subjectDa: 'Til alle', bodyDa: 'Hej', segment: 'everyone' }),
      sql,
    );
    if (!saved.ok) throw new Error(saved.code);
    expect(await sendBroadcast(organiser.claims, big.eventId, saved.id, ORIGIN, sql)).toEqual({
      ok: true,
      recipients: 2000,
    });

    const sent: { to: string; template: string }[] = [];
    const recording: MailTransport = {
      name: 'recording',
      send: async (message) => {
        sent.push({ to: message.to, template: message.tags?.['template'] ?? '' });
        return { ok: true, providerMessageId: null };
      },
    };
    // The broadcast is going out.
    await drainOutbox({ transport: recording, limit: 10, db: sql });
    expect(sent.map((m) => m.template)).toEqual(Array(10).fill('broadcast'));

    // Later, with 1,990 broadcast emails still due: a confirmation, then a sign-in code, each through its own path.
    await asService(
      (tx) =>
        enqueueEmail(tx, {
          idempotencyKey: `order-confirmation/foerst/${randomUUID()}`,
          to: 'koeber@post.example.org',
          lang: 'da',
          template: 'order-confirmation',
          data: SAMPLE_DATA['order-confirmation'],
        }),
      sql,
    );
    const auth = createLocalAuth({
      db: sql,
      secret: 'x'.repeat(40),
      sessionSeconds: 3600,
      ipLimitPerHour: 100,
      mailer: queueSignInMail,
    });
    expect(
      await auth.requestSignIn({
        email: 'logger-ind@post.example.org',
        lang: 'da',
        redirectTo: `${ORIGIN}/log-ind/link`,
        ip: '203.0.113.7',
      }),
    ).toEqual({ ok: true });
    const [waiting] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.jobs where batch_id = ${saved.id} and status = 'pending'`;
    expect(waiting!.n).toBe(1990);

    // The next claim takes the sign-in code, then the confirmation, before any of them.
    sent.length = 0;
    await drainOutbox({ transport: recording, limit: 3, db: sql });
    expect(sent).toEqual([
      { to: 'logger-ind@post.example.org', template: 'sign-in' },
      { to: 'koeber@post.example.org', template: 'order-confirmation' },
      expect.objectContaining({ template: 'broadcast' }),
    ]);

    // The rest, by two workers racing, each once; the progress bar reaches 100 %.
    sent.length = 0;
    const drain = () => drainOutbox({ transport: recording, limit: 100, db: sql });
    while ((await Promise.all([drain(), drain()])).some((round) => round.claimed > 0));
    expect(sent).toHaveLength(1989);
    const [everyone] = await sql<{ n: number; once: boolean }[]>`
      select count(*)::int as n, count(*) = count(distinct recipient) as once
        from private.outbox_email_states where batch_id = ${saved.id} and status = 'sent'`;
    expect(everyone).toEqual({ n: 2000, once: true });
    const progress = (await broadcastProgress(organiser.claims, saved.id, sql))!;
    expect(progress).toMatchObject({ sent: 2000, queued: 0 });
    expect(progressPercent(progress)).toBe(100);
  });
});

describe('the reminder the day before', () => {
  it('goes once, at the organiser’s time, with each person’s own programme and ticket', async () => {
    const [event] = await sql<{ starts_at: Date; timezone: string }[]>`
      select starts_at, timezone from public.events where id = ${a.eventId}`;
    await as(
      organiser.claims,
      (tx) =>
        tx`insert into public.event_reminders (event_id, enabled, send_at_local) values (${a.eventId}, true, '17:30')`,
    );
    // An audience award with a nominee: each reminder carries its holder's own ballot.
    const [award] = await sql<{ id: string }[]>`
      insert into public.awards (event_id, name, name_en) values (${a.eventId}, 'Publikumsprisen', 'The audience award')
      returning id`;
    await sql`
      insert into public.award_nominees (event_id, award_id, solution_id)
      values (${a.eventId}, ${award!.id}, ${a.acceptedSolutionId})`;
    const [due] = await sql<{ at: Date }[]>`
      select private.reminder_due_at(${event!.starts_at}, ${event!.timezone}, '17:30') as at`;
    expect(due!.at.getTime()).toBeLessThan(event!.starts_at.getTime());
    expect(await queueEventReminders({ origin: ORIGIN, now: new Date(due!.at.getTime() - 60_000), db: sql })).toEqual(
      [],
    );

    const now = new Date(due!.at.getTime() + 60_000);
    const runs = await Promise.all([
      queueEventReminders({ origin: ORIGIN, now, db: sql }),
      queueEventReminders({ origin: ORIGIN, now, db: sql }),
    ]);
    // statPerson unsubscribed from this event above.
    expect(runs.flat()).toEqual([{ eventId: a.eventId, recipients: 6 }]);
    expect(await queueEventReminders({ origin: ORIGIN, now: new Date(now.getTime() + 3_600_000), db: sql })).toEqual(
      [],
    );

    const emails = await sql<
      {
        recipient: string;
        language: string;
        data: { sessions: { title: string }[]; ticketUrl: string; award?: { name: string; voteUrl: string } };
      }[]
    >`
      select recipient, language, template_data as data from private.outbox_emails
       where idempotency_key like ${`event-reminder/${a.eventId}/%`} order by recipient`;
    expect(emails).toHaveLength(6);
    // Bulk mail: claimed after sign-in codes and confirmations.
    const priorities = await sql<{ priority: number }[]>`
      select distinct j.priority from private.jobs j join private.outbox_emails o on o.id = j.id
       where o.idempotency_key like ${`event-reminder/${a.eventId}/%`}`;
    expect(priorities).toEqual([{ priority: 2 }]);
    const mine = emails.find((row) => row.recipient === english[0]!.email)!;
    expect(mine.language).toBe('en');
    expect(mine.data.sessions.map((s) => s.title)).toEqual(['Round workshop']);
    expect(mine.data.ticketUrl).toBe(`${ORIGIN}/en/min-side/billetter/${english[0]!.ticketId}`);
    expect(mine.data.award?.name).toBe('The audience award');
    const ballotPrefix = `${ORIGIN}/en/post-a/stem/`;
    expect(mine.data.award!.voteUrl.startsWith(ballotPrefix), mine.data.award!.voteUrl).toBe(true);
    const token = mine.data.award!.voteUrl.slice(ballotPrefix.length);
    const [voter] = await sql<{ code: string; ticket_id: string }[]>`select * from private.award_voter(${token})`;
    expect(voter).toMatchObject({ code: 'not_checked_in', ticket_id: english[0]!.ticketId });
    expect(new Set(emails.map((row) => row.data.award?.voteUrl)).size).toBe(6);
    const [setting] = await as(
      organiser.claims,
      (tx) =>
        tx<
          { sent_recipients: number }[]
        >`select sent_recipients from public.event_reminders where event_id = ${a.eventId}`,
    );
    expect(setting!.sent_recipients).toBe(6);
  });
});
