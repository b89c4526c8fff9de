// The organisers' report and operations page against a real Postgres: the
// report's numbers on seeded data (sectors, municipalities, days in the
// event's zone, sessions' fill, waitlists and no-shows, the check-in curve,
// email delivery), the retries of failed emails and refunds (once, audited,
// also when two organisers press at once), pending checkouts, and that
// reviewers, check-in staff, other events' organisers and anonymous callers
// read and retry nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  loadOperations,
  retryFailedEmail,
  retryFailedEmails,
  retryFailedRefund,
} from '../../src/lib/operations/operations.server.ts';
import { loadReport } from '../../src/lib/reports/reports.server.ts';
import { fillPercent, noShowPercent, registrationDays } from '../../src/lib/reports/reports.ts';
import { insertBookableSession } from '../fixtures/booking-world.ts';
import { worldAt } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertTicketType, insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();
const context = { db: sql };
afterAll(async () => {
  await sql.end();
});

let a: EventWorld;
let b: EventWorld;
let organiserA: SignedIn;
let secondOrganiserA: SignedIn;
let organiserB: SignedIn;
let reviewerA: TestUser;
let staffA: TestUser;
let attendeeUser: TestUser;
const eventA = () => ({ id: a.eventId, timeZone: 'Europe/Copenhagen' });
const tickets: Record<string, { ticketId: string; orderId: string }> = {};
let workshopId: string;
let roundId: string;

const signedIn = (claims: Claims): SignedIn => {
  if (claims.role !== 'authenticated') throw new Error('a signed-in user was expected');
  return claims;
};

const organiserOf = (world: EventWorld, slug: string): SignedIn => ({
  role: 'authenticated',
  sub: world.organiserId,
  email: `arrangoer@${slug}.example.org`,
  aud: 'authenticated',
});

async function insertTicket(options: {
  key: string;
  eventId: string;
  typeId: string;
  sector: string;
  organisation: string | null;
  municipality: string | null;
  createdAt: string;
  status?: 'valid' | 'cancelled';
}): Promise<void> {
  const email = `${options.key}-${randomUUID().slice(0, 8)}@example.org`;
  const [order] = await sql<{ id: string }[]>`
    insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, created_at)
    values (${options.eventId}, 'Køber', ${email}, 'paid', 0, now(), ${options.createdAt}) returning id`;
  const status = options.status ?? 'valid';
  const [ticket] = await sql<{ id: string }[]>`
    insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore, attendee_name,
                                attendee_email, organisation_name, municipality, sector, issued_at, cancelled_at,
                                created_at)
    values (${options.eventId}, ${order!.id}, ${options.typeId}, 1, ${status}, 0, ${`Deltager ${options.key}`},
            ${email}, ${options.organisation}, ${options.municipality}, ${options.sector}, now(),
            ${status === 'cancelled' ? new Date() : null}, ${options.createdAt})
    returning id`;
  tickets[options.key] = { ticketId: ticket!.id, orderId: order!.id };
}

async function checkIn(key: string, at: string, undone = false): Promise<void> {
  await sql`
    insert into public.check_ins (event_id, ticket_id, device, nonce, scanned_at, result, revision, undone_at)
    values (${a.eventId}, ${tickets[key]!.ticketId}, 'telefon-1', ${randomUUID()}, ${at}, 'ok', 1,
            ${undone ? new Date() : null})`;
}

async function book(sessionId: string, key: string, status: string, options: { noShow?: boolean } = {}) {
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number, confirmed_at,
                                 cancelled_at, cancel_reason)
    values (${a.eventId}, ${sessionId}, ${tickets[key]!.ticketId}, ${status},
            ${status === 'waitlisted' ? 1 : null},
            case when ${status === 'confirmed' || options.noShow === true} then now() end,
            case when ${status === 'cancelled'} then now() end, ${options.noShow ? 'no_show' : null})`;
}

async function scanAtSession(sessionId: string, key: string): Promise<void> {
  await sql`
    insert into public.session_check_ins (event_id, session_id, ticket_id, nonce, at)
    values (${a.eventId}, ${sessionId}, ${tickets[key]!.ticketId}, ${randomUUID()}, ${worldAt('10:05')})`;
}

/** An email queued as the app queues it (service role), optionally failed for good. */
async function queueEmail(key: string, recipient: string, options: { dead?: boolean } = {}): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select id from private.enqueue_email(${key}, ${recipient}, 'da', 'order-confirmation', '{"recipientName":"X"}'::jsonb)`;
  if (options.dead) {
    await sql`
      update private.jobs set status = 'dead', attempts = 8, due_at = null, finished_at = now(),
                              last_error = 'resend: 422 invalid address'
       where id = ${row!.id}`;
  }
  return row!.id;
}

beforeAll(async () => {
  a = await insertEventWorld(sql, { slug: 'rapport-a', status: 'published' });
  b = await insertEventWorld(sql, { slug: 'rapport-b', status: 'published' });
  organiserA = organiserOf(a, 'rapport-a');
  organiserB = organiserOf(b, 'rapport-b');
  const second = await insertUser(sql, 'anden-arrangoer@rapport-a.example.org');
  secondOrganiserA = signedIn(second.claims);
  reviewerA = await insertUser(sql, 'anmelder@rapport-a.example.org');
  staffA = await insertUser(sql, 'doer@rapport-a.example.org');
  attendeeUser = await insertUser(sql, 'deltager@rapport-a.example.org');
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${a.eventId}, ${second.id}, 'organiser'),
      (${a.eventId}, ${reviewerA.id}, 'reviewer'),
      (${a.eventId}, ${staffA.id}, 'checkin_staff'),
      (${a.eventId}, ${attendeeUser.id}, 'attendee')`;

  const standard = await insertTicketType(sql, { eventId: a.eventId, slug: 'standard', capacity: 10 });
  const student = await insertTicketType(sql, { eventId: a.eventId, slug: 'studerende', capacity: 5 });
  // 1 December 11:00 Copenhagen, and 23:30 UTC on 1 December = 00:30 on 2 December in Copenhagen.
  const day1 = '2026-12-01T10:00:00Z';
  const day2 = '2026-12-01T23:30:00Z';
  const base = { eventId: a.eventId, typeId: standard };
  await insertTicket({
    ...base,
    key: 'k1',
    sector: 'kommune',
    organisation: 'Aarhus Kommune',
    municipality: 'Aarhus',
    createdAt: day1,
  });
  await insertTicket({
    ...base,
    key: 'k2',
    sector: 'kommune',
    organisation: ' aarhus kommune',
    municipality: 'aarhus ',
    createdAt: day1,
  });
  await insertTicket({
    ...base,
    key: 'k3',
    sector: 'kommune',
    organisation: 'Odense Kommune',
    municipality: 'Odense',
    createdAt: day1,
  });
  await insertTicket({
    ...base,
    key: 'r1',
    sector: 'region',
    organisation: 'Region Midtjylland',
    municipality: null,
    createdAt: day2,
  });
  await insertTicket({
    ...base,
    typeId: student,
    key: 'p1',
    sector: 'privat_virksomhed',
    organisation: 'Firma A/S',
    municipality: 'Aarhus',
    createdAt: day2,
  });
  await insertTicket({
    ...base,
    key: 'x1',
    sector: 'kommune',
    organisation: 'Vejle Kommune',
    municipality: 'Vejle',
    createdAt: day1,
    status: 'cancelled',
  });
  // Event B: one attendee, so a leak would show.
  const typeB = await insertTicketType(sql, { eventId: b.eventId, slug: 'standard', capacity: 99 });
  await insertTicket({
    eventId: b.eventId,
    typeId: typeB,
    key: 'b1',
    sector: 'stat',
    organisation: 'Styrelsen',
    municipality: 'København',
    createdAt: day1,
  });

  await checkIn('k1', worldAt('08:05'));
  await checkIn('k2', worldAt('08:10'));
  await checkIn('r1', worldAt('08:20'));
  await checkIn('p1', worldAt('08:25'), true); // undone: not checked in

  workshopId = await insertBookableSession(sql, {
    eventId: a.eventId,
    slug: 'workshop',
    kind: 'workshop',
    startsAt: worldAt('10:00'),
    endsAt: worldAt('11:00'),
    capacity: 4,
  });
  roundId = await insertBookableSession(sql, {
    eventId: a.eventId,
    slug: 'runde-x',
    kind: 'gallery_round',
    startsAt: worldAt('13:00'),
    endsAt: worldAt('14:00'),
    capacity: 3,
  });
  await book(workshopId, 'k1', 'confirmed');
  await book(workshopId, 'k2', 'confirmed');
  await book(workshopId, 'k3', 'waitlisted');
  await book(workshopId, 'r1', 'cancelled', { noShow: true });
  await book(roundId, 'k3', 'confirmed');
  await scanAtSession(workshopId, 'k1');
  await scanAtSession(workshopId, 'p1'); // walked in without a booking

  await sql`
    insert into public.waitlist_entries (event_id, ticket_type_id, name, email, status)
    values (${a.eventId}, ${standard}, 'Venter', 'venter@example.org', 'waiting')`;
});

describe('the report', () => {
  it("gives the event's organisers the steering group's figures", async () => {
    const report = await loadReport(organiserA, eventA(), context);
    expect(report).not.toBeNull();
    expect(report!.overview).toEqual({
      registered: 5,
      capacity: 15,
      cancelled: 1,
      checkedIn: 3,
      waitlisted: 1,
      organisations: 4, // "Aarhus Kommune" and " aarhus kommune" are one
      municipalities: 2,
    });
    const sector = (name: string) => report!.sectors.find((row) => row.sector === name);
    expect(sector('kommune')).toEqual({ sector: 'kommune', registered: 3, organisations: 2, checkedIn: 2 });
    expect(sector('region')).toEqual({ sector: 'region', registered: 1, organisations: 1, checkedIn: 1 });
    expect(sector('privat_virksomhed')).toEqual({
      sector: 'privat_virksomhed',
      registered: 1,
      organisations: 1,
      checkedIn: 0,
    });
    expect(sector('fond')).toEqual({ sector: 'fond', registered: 0, organisations: 0, checkedIn: 0 });
    expect(report!.sectors).toHaveLength(7);
  });

  it("counts registrations per day in the event's time zone, by ticket type and municipality", async () => {
    const report = (await loadReport(organiserA, eventA(), context))!;
    expect(report.perDay).toEqual([
      { day: '2026-12-01', registrations: 3 },
      { day: '2026-12-02', registrations: 2 },
    ]);
    expect(registrationDays(report.perDay).map((row) => row.total)).toEqual([3, 5]);
    expect(report.ticketTypes.map((row) => [row.name, row.registered, row.capacity])).toEqual([
      ['Billet standard', 4, 10],
      ['Billet studerende', 1, 5],
    ]);
    expect(report.municipalities.map((row) => [row.municipality?.toLowerCase() ?? null, row.registered])).toEqual([
      ['aarhus', 3],
      ['odense', 1],
      [null, 1],
    ]);
  });

  it('gives fill, waitlist and no-shows per session, and no no-show rate where nobody scanned', async () => {
    const report = (await loadReport(organiserA, eventA(), context))!;
    const workshop = report.sessions.find((s) => s.id === workshopId)!;
    expect(workshop).toMatchObject({
      kind: 'workshop',
      capacity: 4,
      booked: 2,
      released: 1,
      waitlisted: 1,
      offered: 0,
      attended: 2,
      doorScanned: true,
      noShows: 2,
    });
    expect(fillPercent(workshop)).toBe(50);
    // Seats held at the start: 2 still booked + 1 released as a no-show; 2 of them never came.
    expect(noShowPercent(workshop)).toBe(67);
    const round = report.sessions.find((s) => s.id === roundId)!;
    expect(round).toMatchObject({ kind: 'gallery_round', booked: 1, doorScanned: false, noShows: 0 });
    expect(noShowPercent(round)).toBeNull();
    // The world's keynote has neither capacity nor bookings: not in the report.
    expect(report.sessions.some((s) => s.id === a.keynoteId)).toBe(false);
  });

  it('draws the check-in curve from first check-ins, leaving out undone ones', async () => {
    const report = (await loadReport(organiserA, eventA(), context))!;
    expect(report.checkins.map((row) => [row.bucket.toISOString(), row.arrivals])).toEqual([
      [new Date(worldAt('08:00')).toISOString(), 2],
      [new Date(worldAt('08:15')).toISOString(), 1],
    ]);
  });

  it("counts the event's emails by delivery state, and no other event's", async () => {
    await queueEmail(`order-confirmation/${tickets['k1']!.orderId}`, 'k1@example.org');
    await queueEmail(`order-confirmation/${tickets['k2']!.orderId}`, 'k2@example.org', { dead: true });
    await queueEmail(`order-confirmation/${tickets['b1']!.orderId}`, 'b1@example.org');
    await queueEmail(`sign-in:${randomUUID()}`, 'k1@example.org');
    const report = (await loadReport(organiserA, eventA(), context))!;
    expect(report.emails).toEqual([{ template: 'order-confirmation', queued: 1, sending: 0, sent: 0, failed: 1 }]);
  });

  it('shows reviewers, check-in staff, attendees, other organisers and visitors nothing', async () => {
    for (const claims of [reviewerA.claims, staffA.claims, attendeeUser.claims, organiserB, ANON]) {
      expect(await loadReport(claims, eventA(), context)).toBeNull();
      expect(await loadOperations(claims, a.eventId, 15, context)).toBeNull();
    }
    // Not even a single row from any function, called directly as check-in staff.
    const rows = await asUser(
      staffA.claims,
      async (tx) => [
        ...(await tx`select * from private.report_sectors(${a.eventId})`),
        ...(await tx`select * from private.report_sessions(${a.eventId})`),
        ...(await tx`select * from private.report_checkin_curve(${a.eventId}, 15)`),
        ...(await tx`select * from private.report_municipalities(${a.eventId})`),
        ...(await tx`select * from private.report_registrations_per_day(${a.eventId})`),
        ...(await tx`select * from private.report_email_delivery(${a.eventId})`),
        ...(await tx`select * from private.failed_emails_of(${a.eventId})`),
        ...(await tx`select * from private.failed_refunds_of(${a.eventId})`),
        ...(await tx`select * from private.pending_checkouts_of(${a.eventId}, 0)`),
        ...(await tx`select * from public.operation_retries`),
      ],
      sql,
    );
    expect(rows).toEqual([]);
    // Visitors may not even call them.
    await expect(asUser(ANON, (tx) => tx`select * from private.report_overview(${a.eventId})`, sql)).rejects.toThrow(
      /permission denied/,
    );
  });

  it('counts every one of 1,200 attendees registered over 40 days (its speed: npm run bench:console)', async () => {
    const typeId = await insertTicketType(sql, { eventId: b.eventId, slug: 'stor', capacity: 2000 });
    await sql`
      with o as (
        insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, created_at)
        select ${b.eventId}, 'Køber', format('stor-%s@example.org', g), 'paid', 0, now(),
               now() - (g % 40) * interval '1 day'
          from generate_series(1, 1200) g
        returning id, buyer_email, created_at
      )
      insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore, attendee_name,
                                  attendee_email, organisation_name, municipality, sector, issued_at, created_at)
      select ${b.eventId}, o.id, ${typeId}, 1, 'valid', 0, 'Deltager', o.buyer_email,
             format('Organisation %s', right(o.buyer_email, 14)), format('Kommune %s', length(o.buyer_email) % 30),
             (enum_range(null::public.sector))[1 + length(o.buyer_email) % 7], now(), o.created_at
        from o`;
    const report = await loadReport(organiserB, { id: b.eventId, timeZone: 'Europe/Copenhagen' }, context);
    expect(report!.overview.registered).toBe(1201);
    expect(report!.perDay.reduce((sum, day) => sum + day.registrations, 0)).toBe(1201);
  });
});

describe('operations', () => {
  let failedId: string;

  it("lists the event's failed emails with why, to its organisers", async () => {
    const ops = (await loadOperations(organiserA, a.eventId, 15, context))!;
    expect(ops.emailHealth).toEqual({ pending: 1, sending: 0, sent: 0, failed: 1, failedUnretried: 1 });
    expect(ops.failedEmails).toHaveLength(1);
    const [failed] = ops.failedEmails;
    expect(failed).toMatchObject({
      template: 'order-confirmation',
      recipient: 'k2@example.org',
      attempts: 8,
      lastError: 'resend: 422 invalid address',
      retryable: true,
      retryId: null,
    });
    failedId = failed!.id;
  });

  it('retries a failed email once, as the organiser, in the audit log; others cannot', async () => {
    expect(await retryFailedEmail(staffA.claims, a.eventId, failedId, context)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await retryFailedEmail(organiserB, a.eventId, failedId, context)).toEqual({ ok: false, code: 'not_found' });
    expect(await retryFailedEmail(organiserB, b.eventId, failedId, context)).toEqual({ ok: false, code: 'not_found' });

    const retried = await retryFailedEmail(organiserA, a.eventId, failedId, context);
    expect(retried.ok).toBe(true);
    const retryId = (retried as { retryId: string }).retryId;
    const [copy] = await sql<{ recipient: string; template: string; event_id: string; status: string; key: string }[]>`
      select o.recipient, o.template, o.event_id, j.status, o.idempotency_key as key
        from private.outbox_emails o join private.jobs j on j.id = o.id where o.id = ${retryId}`;
    expect(copy).toEqual({
      recipient: 'k2@example.org',
      template: 'order-confirmation',
      event_id: a.eventId,
      status: 'pending',
      key: `retry:${failedId}`,
    });
    const log = await sql<{ actor_id: string; table_name: string; row_label: string }[]>`
      select actor_id, table_name, row_label from public.audit_log
       where event_id = ${a.eventId} and table_name = 'operation_retries'`;
    expect(log).toEqual([
      { actor_id: organiserA.sub, table_name: 'operation_retries', row_label: 'order-confirmation' },
    ]);

    expect(await retryFailedEmail(organiserA, a.eventId, failedId, context)).toEqual({
      ok: false,
      code: 'already_retried',
    });
    expect(await retryFailedEmail(organiserA, a.eventId, retryId, context)).toEqual({ ok: false, code: 'not_failed' });
    const ops = (await loadOperations(organiserA, a.eventId, 15, context))!;
    expect(ops.failedEmails[0]).toMatchObject({ id: failedId, retryId, retryStatus: 'pending' });
    expect(ops.emailHealth.failedUnretried).toBe(0);
    // The organisers read their retries; the other event's do not.
    const seen = await asUser(organiserA, (tx) => tx`select kind from public.operation_retries`, sql);
    expect(seen).toEqual([{ kind: 'email' }]);
    expect(await asUser(organiserB, (tx) => tx`select * from public.operation_retries`, sql)).toEqual([]);
  });

  it('retries a failed email once when two organisers press at once', async () => {
    const id = await queueEmail(`order-confirmation/${tickets['k3']!.orderId}`, 'k3@example.org', { dead: true });
    const answers = await Promise.all([
      retryFailedEmail(organiserA, a.eventId, id, context),
      retryFailedEmail(secondOrganiserA, a.eventId, id, context),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok)).toEqual([{ ok: false, code: 'already_retried' }]);
    const [row] = await sql<{ count: number }[]>`
      select count(*)::int as count from private.outbox_emails where idempotency_key = ${`retry:${id}`}`;
    expect(row!.count).toBe(1);
  });

  it('retries all failed emails not yet retried, and no sign-in email', async () => {
    await queueEmail(`order-confirmation/${tickets['r1']!.orderId}`, 'r1@example.org', { dead: true });
    await queueEmail(`booking-seat/${randomUUID()}/1/${tickets['p1']!.ticketId}`, 'p1@example.org', { dead: true });
    expect(await retryFailedEmails(staffA.claims, a.eventId, context)).toBe(0);
    expect(await retryFailedEmails(organiserA, a.eventId, context)).toBe(2);
    expect(await retryFailedEmails(organiserA, a.eventId, context)).toBe(0);
  });

  it('lists and retries a failed refund', async () => {
    const [paid] = await sql<{ id: string }[]>`
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, payment_provider,
                                 payment_intent_id)
      values (${a.eventId}, 'Betaler', 'betaler@example.org', 'paid', 50000, now(), 'stripe', 'pi_test_1')
      returning id`;
    const orderId = paid!.id;
    const [refund] = await sql<{ id: string }[]>`
      select private.request_refund(${orderId}, null, 50000, 'cancellation', ${`cancel:${orderId}`}) as id`;
    await sql`
      update private.jobs set status = 'dead', attempts = 10, due_at = null, finished_at = now(),
                              last_error = 'stripe: charge_already_refunded?'
       where id = ${refund!.id}`;
    expect(await loadOperations(staffA.claims, a.eventId, 15, context)).toBeNull();
    const ops = (await loadOperations(organiserA, a.eventId, 15, context))!;
    expect(ops.failedRefunds).toHaveLength(1);
    expect(ops.failedRefunds[0]).toMatchObject({ id: refund!.id, amountOre: 50000, reason: 'cancellation' });
    expect(await retryFailedRefund(organiserB, a.eventId, refund!.id, context)).toEqual({
      ok: false,
      code: 'not_found',
    });
    const retried = await retryFailedRefund(organiserA, a.eventId, refund!.id, context);
    expect(retried.ok).toBe(true);
    const [copy] = await sql<{ amount_ore: number; order_id: string; idempotency_key: string }[]>`
      select amount_ore, order_id, idempotency_key from private.refund_requests
       where id = ${(retried as { retryId: string }).retryId}`;
    expect(copy).toEqual({ amount_ore: 50000, order_id: orderId, idempotency_key: `retry:${refund!.id}` });
    expect(await retryFailedRefund(organiserA, a.eventId, refund!.id, context)).toEqual({
      ok: false,
      code: 'already_retried',
    });
  });

  it('lists checkouts pending for longer than N minutes', async () => {
    await sql`
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, expires_at, payment_provider,
                                 checkout_session_id, created_at)
      values (${a.eventId}, 'Ventende', 'ventende@example.org', 'pending', 120000, now() + interval '10 minutes',
              'stripe', 'cs_test_pending', now() - interval '20 minutes')`;
    const at15 = (await loadOperations(organiserA, a.eventId, 15, context))!;
    expect(at15.pendingCheckouts).toHaveLength(1);
    expect(at15.pendingCheckouts[0]).toMatchObject({ checkoutSessionId: 'cs_test_pending', totalOre: 120000 });
    expect((await loadOperations(organiserA, a.eventId, 30, context))!.pendingCheckouts).toEqual([]);
    expect((await loadOperations(organiserB, b.eventId, 0, context))!.pendingCheckouts).toEqual([]);
  });
});
