// The organisers' registrations (20261203120100_registrations.sql and
// src/lib/registrations/): search with Danish folding and misspellings over
// 10,000 tickets, filters and their counts, who may see and change what (the
// RLS matrix), the audited actions, and transfers and cancellations under
// concurrency against the real Postgres.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, type SignedIn, type Tx } from '../../src/lib/db/db.server.ts';
import {
  addNote,
  cancelTicket,
  correctHolder,
  listRegistrations,
  loadAttendee,
  resendConfirmation,
  transferTicket,
} from '../../src/lib/registrations/registrations.server.ts';
import { queryFromParams } from '../../src/lib/registrations/registrations.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertTicketType } from '../fixtures/registration-world.ts';
import { withCheckInWindowOpen } from '../fixtures/checkin-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 12 });
const ORIGIN = 'http://localhost:4321';
const BULK = 10_000;

const person = (name: string) => {
  const id = randomUUID();
  const email = `${name}@registrations.dk`;
  const claims: SignedIn = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims };
};
const organiser = person('organisator');
const secondOrganiser = person('organisator2');
const reviewer = person('bedoemmer');
const staff = person('tjekind');
const otherOrganiser = person('anden');

let world: EventWorld;
let other: EventWorld;
let typeId: string;
let paidTypeId: string;

const query = (params: Record<string, string> = {}) => queryFromParams(new URLSearchParams(params));

/** One order with one valid ticket; returns the ticket's id. */
async function ticket(options: {
  name: string;
  email: string;
  organisation?: string;
  municipality?: string;
  dietary?: string;
  paid?: boolean;
  userId?: string;
}): Promise<{ ticketId: string; orderId: string; reference: string }> {
  const paid = options.paid ?? false;
  const [order] = await sql<{ id: string; reference: string }[]>`
    insert into public.orders (event_id, buyer_user_id, buyer_name, buyer_email, status, total_ore, paid_at,
                               payment_provider, payment_intent_id, confirmation_queued_at)
    values (${world.eventId}, ${options.userId ?? null}, ${options.name}, ${options.email}, 'paid',
            ${paid ? 50000 : 0}, now(), ${paid ? 'stripe' : null}, ${paid ? `pi_${randomUUID()}` : null}, now())
    returning id, reference`;
  const [row] = await sql<{ id: string }[]>`
    insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore, holder_user_id,
                                attendee_name, attendee_email, organisation_name, sector, municipality, dietary_needs,
                                issued_at)
    values (${world.eventId}, ${order!.id}, ${paid ? paidTypeId : typeId}, 1, 'valid', ${paid ? 50000 : 0},
            ${options.userId ?? null}, ${options.name}, ${options.email}, ${options.organisation ?? null}, 'kommune',
            ${options.municipality ?? null}, ${options.dietary ?? null}, now())
    returning id`;
  await sql`update public.ticket_types set sold = sold + 1 where id = ${paid ? paidTypeId : typeId}`;
  return { ticketId: row!.id, orderId: order!.id, reference: order!.reference };
}

const versionOf = async (ticketId: string) =>
  (await sql<{ version: number }[]>`select version from public.tickets where id = ${ticketId}`)[0]!.version;

const checkIn = (who: SignedIn, ticketId: string, revision: number) =>
  asUser(
    who,
    async (tx: Tx) =>
      (
        await tx<{ verdict: { code: string } }[]>`
          select private.check_in(${world.eventId}, ${ticketId}, ${revision}, null, 'test-door', ${randomUUID()},
                                  now()) as verdict`
      )[0]!.verdict.code,
    sql,
  );

let soeren: Awaited<ReturnType<typeof ticket>>;
let rene: Awaited<ReturnType<typeof ticket>>;
let mette: Awaited<ReturnType<typeof ticket>>;

beforeAll(async () => {
  for (const p of [organiser, secondOrganiser, reviewer, staff, otherOrganiser]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  world = await insertEventWorld(sql, { slug: 'deltagere-a', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'deltagere-b', status: 'published' });
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.id}, 'organiser'),
      (${world.eventId}, ${secondOrganiser.id}, 'organiser'),
      (${world.eventId}, ${reviewer.id}, 'reviewer'),
      (${world.eventId}, ${staff.id}, 'checkin_staff'),
      (${other.eventId}, ${otherOrganiser.id}, 'organiser')`;
  typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'fri', capacity: BULK + 100 });
  paidTypeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'betalt', capacity: 100, priceOre: 50000 });

  // 10,000 attendees with made-up names, a third from Aarhus, some with dietary needs.
  await sql`
    with orders as (
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, confirmation_queued_at)
      select ${world.eventId}, 'Deltager ' || g, format('bulk-%s@example.org', g), 'paid', 0, now(), now()
        from generate_series(1, ${BULK}::int) g
      returning id, buyer_name, buyer_email
    )
    insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore, attendee_name,
                                attendee_email, organisation_name, sector, municipality, dietary_needs, issued_at)
    select ${world.eventId}, o.id, ${typeId}, 1, 'valid', 0,
           (array['Anne', 'Bo', 'Camilla', 'Dorte', 'Erik', 'Frida', 'Gustav', 'Hanne'])[1 + n % 8] || ' ' ||
           (array['Hansen', 'Nielsen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Rasmussen'])[1 + n % 7]
             || ' ' || n,
           o.buyer_email, 'Organisation ' || (n % 50),
           (array['kommune', 'region', 'stat', 'privat_virksomhed']::public.sector[])[1 + n % 4],
           case when n % 3 = 0 then 'Aarhus' else 'København' end,
           case when n % 10 = 0 then 'Vegetar' end, now()
      from (select o.*, row_number() over () as n from orders o) o`;
  await sql`update public.ticket_types set sold = ${BULK} where id = ${typeId}`;

  soeren = await ticket({
    name: 'Søren Kjærgaard',
    email: 'soeren.kjaergaard@aarhus.dk',
    organisation: 'Århus Kommune',
    municipality: 'Aarhus',
    dietary: 'Glutenfri',
  });
  rene = await ticket({ name: 'René Lauritsen', email: 'rl@region.dk', organisation: 'Région Sjælland' });
  mette = await ticket({ name: 'Mette Frederiksen', email: 'mette@stm.dk', organisation: 'Statsministeriet' });
});

describe('search', () => {
  const names = async (search: string) =>
    (await listRegistrations(organiser.claims, world.eventId, query({ q: search }), 'da', sql)).rows.map(
      (row) => row.name,
    );

  it('folds Danish letters and accents both ways', async () => {
    expect((await names('soren kjaergaard'))[0]).toBe('Søren Kjærgaard');
    expect((await names('Søren Kjærgård'))[0]).toBe('Søren Kjærgaard');
    expect((await names('Soeren'))[0]).toBe('Søren Kjærgaard');
    expect((await names('rene'))[0]).toBe('René Lauritsen');
    expect(await names('region sjaelland')).toContain('René Lauritsen');
    expect(await names('århus kommune')).toContain('Søren Kjærgaard');
  });

  it('finds a misspelt name first', async () => {
    expect((await names('Mete Frederksen'))[0]).toBe('Mette Frederiksen');
    expect((await names('Kjergaard'))[0]).toBe('Søren Kjærgaard');
  });

  it('finds by email and by order reference', async () => {
    expect(await names('mette@stm.dk')).toEqual(['Mette Frederiksen']);
    expect(await names(rene.reference)).toContain('René Lauritsen');
    expect(await names(`${rene.reference.toLowerCase()}-1`)).toContain('René Lauritsen');
  });
});

describe('filters and counts', () => {
  it('filter, count each value with the other filters, sort and page', async () => {
    const all = await listRegistrations(organiser.claims, world.eventId, query(), 'da', sql);
    expect(all.total).toBe(BULK + 3);
    expect(all.rows).toHaveLength(50);
    const aarhus = await listRegistrations(organiser.claims, world.eventId, query({ kommune: 'Aarhus' }), 'da', sql);
    // n % 3 = 0 for n in 1..10000, and Søren.
    expect(aarhus.total).toBe(3333 + 1);
    // The municipality counts ignore the municipality filter itself: both choices are counted.
    expect(aarhus.counts.municipality.get('Aarhus')).toBe(3334);
    expect(aarhus.counts.municipality.get('København')).toBe(BULK - 3333);
    const dietary = await listRegistrations(
      organiser.claims,
      world.eventId,
      query({ kommune: 'Aarhus', kost: 'ja' }),
      'da',
      sql,
    );
    // n divisible by 30 (334 of 10,000... 333), and Søren.
    expect(dietary.total).toBe(333 + 1);
    expect(dietary.counts.dietary.get('ja')).toBe(334);
    expect(dietary.counts.dietary.get('nej')).toBe(3334 - 334);
    const lastPage = await listRegistrations(
      organiser.claims,
      world.eventId,
      query({ sorter: '-navn', side: String(Math.ceil((BULK + 3) / 50)) }),
      'da',
      sql,
    );
    expect(lastPage.rows.length).toBe((BULK + 3) % 50 || 50);
  });
});

describe('who sees the registrations', () => {
  it('organisers of the event do; reviewers, check-in staff and other organisers see nothing', async () => {
    const mine = await listRegistrations(organiser.claims, world.eventId, query({ q: 'Mette' }), 'da', sql);
    expect(mine.rows.map((row) => row.name)).toContain('Mette Frederiksen');
    for (const who of [reviewer, staff, otherOrganiser]) {
      const seen = await listRegistrations(who.claims, world.eventId, query(), 'da', sql);
      expect(seen.total).toBe(0);
      expect(seen.rows).toEqual([]);
      expect(await loadAttendee(who.claims, world.eventId, mette.ticketId, sql)).toBeNull();
      const [notes] = await asUser(
        who.claims,
        (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.attendee_notes`,
        sql,
      );
      expect(notes!.n).toBe(0);
    }
    expect(await loadAttendee(organiser.claims, world.eventId, mette.ticketId, sql)).not.toBeNull();
    // Another event's organiser naming their own event gets nothing from this one either.
    expect(await loadAttendee(otherOrganiser.claims, other.eventId, mette.ticketId, sql)).toBeNull();
  });

  it('only organisers of the event may act on a ticket', async () => {
    const version = await versionOf(mette.ticketId);
    for (const who of [reviewer, staff, otherOrganiser]) {
      const input = { event: world.eventId, ticket: mette.ticketId, version };
      expect(await correctHolder(who.claims, { ...input, name: 'X', organisation: '' }, sql)).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(
        await transferTicket(
          who.claims,
          { ...input, name: 'X', email: 'x@x.dk', organisation: '' },
          { origin: ORIGIN },
          sql,
        ),
      ).toMatchObject({ ok: false, code: 'not_found' });
      expect(await cancelTicket(who.claims, { ...input, refund: true }, { origin: ORIGIN }, sql)).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(
        await addNote(who.claims, { event: world.eventId, ticket: mette.ticketId, body: 'Hej' }, sql),
      ).toMatchObject({ ok: false, code: 'not_found' });
      // Calling the database functions directly changes nothing either.
      const [row] = await asUser(
        who.claims,
        (tx) =>
          tx<
            { code: string }[]
          >`select code from private.transfer_ticket(${mette.ticketId}, ${version}, 'X', 'x@x.dk', '')`,
        sql,
      );
      expect(row!.code).toBe('not_found');
    }
    expect(await versionOf(mette.ticketId)).toBe(version);
  });
});

describe('actions', () => {
  it('corrects the name, refuses a stale version, and the audit log names the organiser', async () => {
    const version = await versionOf(rene.ticketId);
    const done = await correctHolder(
      organiser.claims,
      { event: world.eventId, ticket: rene.ticketId, version, name: 'René Lauritzen', organisation: 'Region Sjælland' },
      sql,
    );
    expect(done).toEqual({ ok: true, value: { version: version + 1 } });
    const stale = await correctHolder(
      secondOrganiser.claims,
      { event: world.eventId, ticket: rene.ticketId, version, name: 'Rene L', organisation: '' },
      sql,
    );
    expect(stale).toMatchObject({ ok: false, code: 'changed_elsewhere' });
    const entries = await sql<{ actor_id: string; before: Record<string, unknown>; after: Record<string, unknown> }[]>`
      select actor_id, before, after from public.audit_log
       where table_name = 'tickets' and row_key ->> 'id' = ${rene.ticketId}`;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_id: organiser.id,
      before: { attendee_name: 'René Lauritsen', organisation_name: 'Région Sjælland' },
      after: { attendee_name: 'René Lauritzen', organisation_name: 'Region Sjælland' },
    });
  });

  it('transfers: new holder, new revision, old code refused at once, both told', async () => {
    const colleague = await ticket({ name: 'Kasper Holm', email: 'kasper@holm.dk' });
    const [before] = await sql<
      { revision: number }[]
    >`select revision from public.tickets where id = ${colleague.ticketId}`;
    await sql`insert into public.attendee_notes (event_id, ticket_id, author_id, body)
              values (${world.eventId}, ${colleague.ticketId}, ${organiser.id}, 'Ringede om vegetarmad')`;
    const done = await transferTicket(
      organiser.claims,
      {
        event: world.eventId,
        ticket: colleague.ticketId,
        version: await versionOf(colleague.ticketId),
        name: 'Lise Holm',
        email: 'Lise@Holm.dk',
        organisation: 'Holm ApS',
      },
      { origin: ORIGIN },
      sql,
    );
    expect(done.ok).toBe(true);
    const [after] = await sql<
      { revision: number; attendee_email: string; attendee_name: string; holder_user_id: string | null }[]
    >`select revision, attendee_email, attendee_name, holder_user_id from public.tickets where id = ${colleague.ticketId}`;
    expect(after).toMatchObject({
      revision: before!.revision + 1,
      attendee_email: 'lise@holm.dk',
      attendee_name: 'Lise Holm',
    });
    await withCheckInWindowOpen(sql, world.eventId, async () => {
      expect(await checkIn(staff.claims, colleague.ticketId, before!.revision)).toBe('revoked');
      expect(await checkIn(staff.claims, colleague.ticketId, after!.revision)).toBe('ok');
    });
    const mails = await sql<{ recipient: string; template: string }[]>`
      select recipient, template from private.outbox_emails
       where idempotency_key like ${`ticket-transfer/${colleague.ticketId}/%`} order by recipient`;
    expect(mails).toEqual([
      { recipient: 'kasper@holm.dk', template: 'ticket-transferred' },
      { recipient: 'lise@holm.dk', template: 'order-confirmation' },
    ]);
    // The attendee's page lists what the new holder was sent.
    const page = await loadAttendee(organiser.claims, world.eventId, colleague.ticketId, sql);
    expect(page!.emails.map((email) => email.template)).toContain('order-confirmation');
    expect(page!.checkIns).toHaveLength(2);
    // A checked-in ticket is not transferred again.
    const again = await transferTicket(
      organiser.claims,
      {
        event: world.eventId,
        ticket: colleague.ticketId,
        version: await versionOf(colleague.ticketId),
        name: 'Tredje',
        email: 'tredje@holm.dk',
        organisation: '',
      },
      { origin: ORIGIN },
      sql,
    );
    expect(again).toMatchObject({ ok: false, code: 'checked_in' });
  });

  it('refuses a transfer to someone who already holds a ticket', async () => {
    const refused = await transferTicket(
      organiser.claims,
      {
        event: world.eventId,
        ticket: soeren.ticketId,
        version: await versionOf(soeren.ticketId),
        name: 'Mette',
        email: 'mette@stm.dk',
        organisation: '',
      },
      { origin: ORIGIN },
      sql,
    );
    expect(refused).toMatchObject({ ok: false, code: 'already_has_ticket' });
  });

  it('cancels with a refund through the one refund path, resends, notes; all audited', async () => {
    const paid = await ticket({ name: 'Betalende Person', email: 'betaler@firma.dk', paid: true });
    const resend = await resendConfirmation(
      organiser.claims,
      { event: world.eventId, ticket: paid.ticketId, nonce: randomUUID() },
      { origin: ORIGIN },
      sql,
    );
    expect(resend.ok).toBe(true);
    expect(
      (await addNote(organiser.claims, { event: world.eventId, ticket: paid.ticketId, body: 'Ønsker refusion' }, sql))
        .ok,
    ).toBe(true);
    const done = await cancelTicket(
      organiser.claims,
      { event: world.eventId, ticket: paid.ticketId, version: await versionOf(paid.ticketId), refund: true },
      { origin: ORIGIN },
      sql,
    );
    expect(done).toEqual({ ok: true, value: { refundOre: 50000, creditedOre: 0 } });
    const refunds = await sql<{ amount_ore: number; reason: string }[]>`
      select amount_ore, reason from private.refund_requests where ticket_id = ${paid.ticketId}`;
    expect(refunds).toEqual([{ amount_ore: 50000, reason: 'cancellation' }]);
    const [order] = await sql<{ status: string }[]>`select status::text from public.orders where id = ${paid.orderId}`;
    expect(order!.status).toBe('refunded');
    const log = await sql<{ table_name: string; action: string; actor_id: string }[]>`
      select table_name, action::text, actor_id from public.audit_log
       where coalesce(row_key ->> 'ticket_id', row_key ->> 'id') = ${paid.ticketId} order by id`;
    expect(log.map((entry) => `${entry.table_name}:${entry.action}`)).toEqual([
      'outbox_emails:insert',
      'attendee_notes:insert',
      'tickets:update',
      'refund_requests:insert',
    ]);
    expect(new Set(log.map((entry) => entry.actor_id))).toEqual(new Set([organiser.id]));
    const mails = await sql<{ recipient: string; template: string }[]>`
      select recipient, template from private.outbox_emails where recipient = 'betaler@firma.dk' order by created_at`;
    expect(mails.map((mail) => mail.template)).toEqual(['order-confirmation', 'cancellation']);
  });

  it('forgets the person in notes and entries when the ticket is anonymised', async () => {
    const gone = await ticket({ name: 'Glemt Person', email: 'glemt@example.dk' });
    await correctHolder(
      organiser.claims,
      { event: world.eventId, ticket: gone.ticketId, version: 1, name: 'Glemt Persson', organisation: 'Glemt A/S' },
      sql,
    );
    await addNote(
      organiser.claims,
      { event: world.eventId, ticket: gone.ticketId, body: 'Glemt Persson ringede' },
      sql,
    );
    await sql`update public.tickets set attendee_name = null, attendee_email = null, organisation_name = null,
                     anonymised_at = now() where id = ${gone.ticketId}`;
    const [traces] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.audit_log a
       where a::text ilike '%glemt%'`;
    expect(traces!.n).toBe(0);
    const [notes] = await sql<
      { n: number }[]
    >`select count(*)::int as n from public.attendee_notes where ticket_id = ${gone.ticketId}`;
    expect(notes!.n).toBe(0);
  });
});

describe('under concurrency', () => {
  it('two organisers transferring at once: one transfer, the other told it changed', async () => {
    const contested = await ticket({ name: 'Omstridt Billet', email: 'omstridt@example.dk' });
    const version = await versionOf(contested.ticketId);
    const attempt = (who: SignedIn, email: string) =>
      transferTicket(
        who,
        { event: world.eventId, ticket: contested.ticketId, version, name: 'Ny Holder', email, organisation: '' },
        { origin: ORIGIN },
        sql,
      );
    const results = await Promise.all([
      attempt(organiser.claims, 'en@example.dk'),
      attempt(secondOrganiser.claims, 'to@example.dk'),
      attempt(organiser.claims, 'tre@example.dk'),
      attempt(secondOrganiser.claims, 'fire@example.dk'),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual([
      'changed_elsewhere',
      'changed_elsewhere',
      'changed_elsewhere',
    ]);
    const [row] = await sql<{ revision: number; version: number }[]>`
      select revision, version from public.tickets where id = ${contested.ticketId}`;
    expect(row).toEqual({ revision: 2, version: version + 1 });
    const [mails] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.outbox_emails where idempotency_key like ${`ticket-transfer/${contested.ticketId}/%`}`;
    expect(mails!.n).toBe(2);
  });

  it('organiser and attendee cancelling at once: cancelled once, refunded once', async () => {
    const holder = person('holder');
    await sql`insert into auth.users (id, email) values (${holder.id}, ${holder.email})`;
    const paid = await ticket({ name: 'Holder Selv', email: holder.email, paid: true, userId: holder.id });
    const version = await versionOf(paid.ticketId);
    const [byOrganiser, byAttendee] = await Promise.all([
      cancelTicket(
        organiser.claims,
        { event: world.eventId, ticket: paid.ticketId, version, refund: true },
        { origin: ORIGIN },
        sql,
      ),
      asUser(
        holder.claims,
        async (tx) =>
          (await tx<{ result: string }[]>`select result from private.cancel_ticket(${paid.ticketId})`)[0]!.result,
        sql,
      ),
    ]);
    const wins = [byOrganiser.ok, byAttendee === 'ok'].filter(Boolean);
    expect(wins).toHaveLength(1);
    if (!byOrganiser.ok) expect(['changed_elsewhere', 'not_cancellable']).toContain(byOrganiser.code);
    else expect(byAttendee).toBe('not_cancellable');
    const [refunds] = await sql<{ n: number; total: number }[]>`
      select count(*)::int as n, coalesce(sum(amount_ore), 0)::int as total
        from private.refund_requests where ticket_id = ${paid.ticketId}`;
    expect(refunds).toEqual({ n: 1, total: 50000 });
    const [state] = await sql<
      { status: string }[]
    >`select status::text from public.tickets where id = ${paid.ticketId}`;
    expect(state!.status).toBe('cancelled');
  });

  it('a transfer racing a cancellation leaves one of them, whole', async () => {
    for (let round = 0; round < 5; round++) {
      const raced = await ticket({ name: `Kapløb ${round}`, email: `kaploeb-${round}@example.dk` });
      const version = await versionOf(raced.ticketId);
      const [transfer, cancel] = await Promise.all([
        transferTicket(
          organiser.claims,
          {
            event: world.eventId,
            ticket: raced.ticketId,
            version,
            name: 'Overtager',
            email: `overtager-${round}@example.dk`,
            organisation: '',
          },
          { origin: ORIGIN },
          sql,
        ),
        cancelTicket(
          secondOrganiser.claims,
          { event: world.eventId, ticket: raced.ticketId, version, refund: false },
          { origin: ORIGIN },
          sql,
        ),
      ]);
      expect([transfer.ok, cancel.ok].filter(Boolean)).toHaveLength(1);
      const [row] = await sql<{ status: string; attendee_email: string; revision: number }[]>`
        select status::text, attendee_email, revision from public.tickets where id = ${raced.ticketId}`;
      if (transfer.ok)
        expect(row).toEqual({ status: 'valid', attendee_email: `overtager-${round}@example.dk`, revision: 2 });
      else expect(row).toEqual({ status: 'cancelled', attendee_email: `kaploeb-${round}@example.dk`, revision: 1 });
    }
  });
});
