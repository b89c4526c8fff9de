// Registration against a real Postgres: capacity under concurrency, seat holds
// that expire, the waitlist passing offers on, attendees who see only their
// own, and states that never go backwards.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asService, asUser, type Claims, type Tx } from '../../src/lib/db/db.server.ts';
import { callRegister, type RegisterRow } from '../../src/lib/registration/registration.server.ts';
import { queueWaitlistOffers } from '../../src/lib/registration/waitlist.server.ts';
import { offerTokenHash } from '../../src/lib/registration/offer-token.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, insertUser, order } from '../fixtures/registration-world.ts';
import { rolledBack, sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 30 });

let world: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'tilmelding-test', status: 'published' });
});

const register = (
  input: ReturnType<typeof order>,
  options: { onlinePayment?: boolean; offerTokenHash?: Buffer | null } = {},
): Promise<RegisterRow> =>
  asUser(
    ANON,
    (tx) => callRegister(tx, input, { lang: 'da', onlinePayment: options.onlinePayment ?? false, ...options }),
    sql,
  );

const soldOf = async (typeId: string) =>
  (await sql<{ sold: number }[]>`select sold from public.ticket_types where id = ${typeId}`)[0]!.sold;

const activeTickets = async (typeId: string) =>
  (
    await sql<{ n: number }[]>`
      select count(*)::int as n from public.tickets where ticket_type_id = ${typeId} and status in ('reserved', 'valid')`
  )[0]!.n;

describe('capacity', () => {
  it('sells exactly 100 seats to 300 simultaneous registrations, and not one more', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'rush', capacity: 100 });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => register(order(typeId, [attendee(`rush${i}@example.org`)]))),
    );
    const counts = results.reduce<Record<string, number>>((all, row) => {
      all[row.result] = (all[row.result] ?? 0) + 1;
      return all;
    }, {});
    expect(counts).toEqual({ ok: 100, sold_out: 200 });
    expect(await activeTickets(typeId)).toBe(100);
    expect(await soldOf(typeId)).toBe(100);
    // The seats are claimed after the order is written: a claim that found none left no order behind.
    const [buyers] = await sql<{ orders: number }[]>`
      select count(*)::int as orders from public.orders
       where buyer_email like 'rush%@example.org' and event_id = ${world.eventId}`;
    expect(buyers!.orders).toBe(100);
  });

  it('never oversells when teams of different sizes race for the last seats', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'team-rush', capacity: 100 });
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const size = (i % 4) + 1;
        return register(
          order(
            typeId,
            Array.from({ length: size }, (_, j) => attendee(`team${i}-${j}@example.org`)),
          ),
        ).then((row) => ({ row, size }));
      }),
    );
    const seated = results.filter(({ row }) => row.result === 'ok').reduce((sum, { size }) => sum + size, 0);
    expect(results.every(({ row }) => row.result === 'ok' || row.result === 'sold_out')).toBe(true);
    expect(seated).toBeLessThanOrEqual(100);
    expect(seated).toBeGreaterThan(96);
    expect(await activeTickets(typeId)).toBe(seated);
    expect(await soldOf(typeId)).toBe(seated);
  });

  it('gives one person one seat however many times they register at once', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'double', capacity: 50 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => register(order(typeId, [attendee('samme@example.org')]))),
    );
    expect(results.filter((row) => row.result === 'ok')).toHaveLength(1);
    expect(new Set(results.map((row) => row.result))).toEqual(new Set(['ok', 'already_registered']));
    expect(await soldOf(typeId)).toBe(1);
  });

  it('makes an order with one ticket per attendee, each with their own details', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'team', capacity: 10 });
    const row = await register(
      order(
        typeId,
        [
          attendee('leder@example.org', { dietaryNeeds: 'Vegetar' }),
          attendee('kollega1@example.org', { consentNewsletter: true }),
          attendee('kollega2@example.org', { sector: 'region' }),
        ],
        { name: 'Bestiller Berg', email: 'bestiller@example.org' },
      ),
    );
    expect(row).toMatchObject({ result: 'ok', order_status: 'paid', total_ore: 0 });
    expect(row.ticket_ids).toHaveLength(3);
    const tickets = await sql`
      select position, status, attendee_email, dietary_needs, consent_newsletter, sector
      from public.tickets where order_id = ${row.order_id} order by position`;
    expect(tickets).toEqual([
      expect.objectContaining({
        position: 1,
        status: 'valid',
        attendee_email: 'leder@example.org',
        dietary_needs: 'Vegetar',
      }),
      expect.objectContaining({ position: 2, attendee_email: 'kollega1@example.org', consent_newsletter: true }),
      expect.objectContaining({ position: 3, attendee_email: 'kollega2@example.org', sector: 'region' }),
    ]);
    const [buyer] = await sql`select buyer_email, buyer_name from public.orders where id = ${row.order_id}`;
    expect(buyer).toEqual({ buyer_email: 'bestiller@example.org', buyer_name: 'Bestiller Berg' });
  });

  it('answers with a code, and takes nothing, when a registration cannot be made', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'rules',
      capacity: 3,
      priceOre: 149500,
    });
    const future = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'later',
      capacity: 3,
      salesStart: new Date(Date.now() + 86_400_000),
    });
    const draftType = await insertTicketType(sql, {
      eventId: (await insertEventWorld(sql, { slug: 'tilmelding-kladde', status: 'draft' })).eventId,
      slug: 'draft',
      capacity: 3,
    });
    const before = await soldOf(typeId);
    expect((await register(order(typeId, [attendee('betal@example.org')]))).result).toBe('payment_unavailable');
    expect((await register(order(future, [attendee('tidlig@example.org')]))).result).toBe('not_on_sale');
    expect((await register(order(draftType, [attendee('kladde@example.org')]))).result).toBe('not_found');
    expect(
      (
        await register(order(typeId, [attendee('a@example.org'), attendee('a@example.org')]), {
          onlinePayment: true,
        })
      ).result,
    ).toBe('duplicate_attendee');
    const tooMany = Array.from({ length: 21 }, (_, i) => attendee(`mange${i}@example.org`));
    expect((await register(order(typeId, tooMany), { onlinePayment: true })).result).toBe('too_many');
    expect(
      (
        await register(order(typeId, [attendee('tilbud@example.org')]), {
          onlinePayment: true,
          offerTokenHash: Buffer.alloc(32),
        })
      ).result,
    ).toBe('offer_invalid');
    expect(await soldOf(typeId)).toBe(before);
  });
});

describe('a pending payment', () => {
  it('holds its seats for 31 minutes, then gives them back', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'hold', capacity: 2, priceOre: 49500 });
    const first = await register(order(typeId, [attendee('hold1@example.org'), attendee('hold2@example.org')]), {
      onlinePayment: true,
    });
    expect(first).toMatchObject({ result: 'ok', order_status: 'pending', total_ore: 99000 });
    const heldFor = (first.expires_at!.getTime() - Date.now()) / 60_000;
    expect(heldFor).toBeGreaterThan(30.5);
    expect(heldFor).toBeLessThanOrEqual(31);
    expect((await register(order(typeId, [attendee('hold3@example.org')]), { onlinePayment: true })).result).toBe(
      'sold_out',
    );

    await sql`update public.orders set expires_at = now() - interval '1 second' where id = ${first.order_id}`;
    // The next registration releases the stale hold itself before it answers "sold out".
    const second = await register(order(typeId, [attendee('hold3@example.org')]), { onlinePayment: true });
    expect(second.result).toBe('ok');
    const [expired] = await sql`select status from public.orders where id = ${first.order_id}`;
    expect(expired!.status).toBe('expired');
    expect(
      await sql`select status from public.tickets where order_id = ${first.order_id}`.then((rows) =>
        rows.map((r) => r.status),
      ),
    ).toEqual(['expired', 'expired']);
    expect(await soldOf(typeId)).toBe(1);
  });

  it('is released by the job when nobody else comes', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'job', capacity: 5, priceOre: 10000 });
    const pending = await register(order(typeId, [attendee('job@example.org')]), { onlinePayment: true });
    await sql`update public.orders set expires_at = now() - interval '1 second' where id = ${pending.order_id}`;
    const [run] = await asService((tx) => tx<{ n: number }[]>`select private.release_expired_holds() as n`, sql);
    expect(run!.n).toBeGreaterThanOrEqual(1);
    expect(await soldOf(typeId)).toBe(0);
    const [again] = await asService((tx) => tx<{ n: number }[]>`select private.release_expired_holds() as n`, sql);
    expect(again!.n).toBe(0);
  });
});

describe('the waitlist', () => {
  const join = (typeId: string, email: string) =>
    asUser(
      ANON,
      (tx) => tx<{ result: string; place: number | null }[]>`
        select result, place from private.join_waitlist(${typeId}, ${`Venter ${email}`}, ${email}, 'da')`,
      sql,
    ).then((rows) => rows[0]!);

  const entry = async (email: string) =>
    (
      await sql<{ status: string; offer_expires_at: Date | null; offer_token_hash: Buffer | null }[]>`
      select status, offer_expires_at, offer_token_hash from public.waitlist_entries where email = ${email}`
    )[0]!;

  /** Runs `work` as the service role, then queues offer emails in the same transaction; returns the tokens mailed. */
  const withOffers = async (work: (tx: Tx) => Promise<unknown>) =>
    asService(async (tx) => {
      await work(tx);
      await queueWaitlistOffers(tx, 'http://localhost:4321');
      return tx<{ recipient: string; template_data: { offerUrl: string } }[]>`
        select recipient, template_data from private.outbox_emails where template = 'waitlist-offer'`;
    }, sql);

  it('is only for sold-out ticket types, and keeps people in order', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'vente', capacity: 1 });
    expect((await join(typeId, 'for-tidligt@example.org')).result).toBe('seats_available');
    const holder = await register(order(typeId, [attendee('plads@example.org')]));
    expect(holder.result).toBe('ok');
    expect(await join(typeId, 'b@example.org')).toEqual({ result: 'ok', place: 1 });
    expect(await join(typeId, 'c@example.org')).toEqual({ result: 'ok', place: 2 });
    expect(await join(typeId, 'b@example.org')).toEqual({ result: 'already_waiting', place: 1 });
    expect((await join(typeId, 'plads@example.org')).result).toBe('already_registered');
  });

  it('offers a freed seat to the first in line, and passes it on when the offer expires', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'videre', capacity: 1 });
    const holder = await register(order(typeId, [attendee('fri@example.org')]));
    await join(typeId, 'first@example.org');
    await join(typeId, 'second@example.org');

    const mails = await withOffers((tx) => tx`select private.cancel_valid_ticket(${holder.ticket_ids![0]!}, false)`);
    expect((await entry('first@example.org')).status).toBe('offered');
    expect((await entry('second@example.org')).status).toBe('waiting');
    expect(mails.filter((mail) => mail.recipient === 'first@example.org')).toHaveLength(1);
    // The seat is held for the offer: nobody else can take it meanwhile.
    expect(await soldOf(typeId)).toBe(1);
    expect((await register(order(typeId, [attendee('snyder@example.org')]))).result).toBe('sold_out');

    await sql`update public.waitlist_entries set offer_expires_at = now() - interval '1 second' where email = 'first@example.org'`;
    await withOffers((tx) => tx`select private.expire_waitlist_offers()`);
    expect((await entry('first@example.org')).status).toBe('expired');
    expect((await entry('second@example.org')).status).toBe('offered');
    expect(await soldOf(typeId)).toBe(1);

    await sql`update public.waitlist_entries set offer_expires_at = now() - interval '1 second' where email = 'second@example.org'`;
    await withOffers((tx) => tx`select private.expire_waitlist_offers()`);
    expect((await entry('second@example.org')).status).toBe('expired');
    // Nobody left in line: the seat is for sale again.
    expect(await soldOf(typeId)).toBe(0);
  });

  it('turns an accepted offer into a ticket on the seat held for it', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'accept', capacity: 1 });
    const holder = await register(order(typeId, [attendee('gaar@example.org')]));
    await join(typeId, 'heldig@example.org');
    const mails = await withOffers((tx) => tx`select private.cancel_valid_ticket(${holder.ticket_ids![0]!}, false)`);
    const mail = mails.find((candidate) => candidate.recipient === 'heldig@example.org')!;
    const token = new URL(mail.template_data.offerUrl).searchParams.get('tilbud')!;
    expect((await entry('heldig@example.org')).offer_token_hash).toEqual(offerTokenHash(token));

    expect(
      (await register(order(typeId, [attendee('heldig@example.org')]), { offerTokenHash: Buffer.alloc(32, 1) })).result,
    ).toBe('offer_invalid');
    const taken = await register(order(typeId, [attendee('heldig@example.org')]), {
      offerTokenHash: offerTokenHash(token),
    });
    expect(taken.result).toBe('ok');
    expect((await entry('heldig@example.org')).status).toBe('accepted');
    expect(await soldOf(typeId)).toBe(1);
    const again = await register(order(typeId, [attendee('anden@example.org')]), {
      offerTokenHash: offerTokenHash(token),
    });
    expect(again.result).toBe('offer_invalid');
  });
});

describe('what attendees can see', () => {
  let a: RegisterRow;
  let team: RegisterRow;
  const users = new Map<string, Claims>();
  beforeAll(async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'rls', capacity: 20 });
    a = await register(order(typeId, [attendee('a@rls.example.org')]));
    await register(order(typeId, [attendee('b@rls.example.org')]));
    team = await register(order(typeId, [attendee('chef@rls.example.org'), attendee('kollega@rls.example.org')]));
    const full = await insertTicketType(sql, { eventId: world.eventId, slug: 'rls-fuld', capacity: 1 });
    await register(order(full, [attendee('fuld@rls.example.org')]));
    for (const email of ['b-venter@rls.example.org', 'a-venter@rls.example.org']) {
      await asUser(ANON, (tx) => tx`select private.join_waitlist(${full}, 'Venter', ${email}, 'da')`, sql);
    }
    for (const email of ['a', 'b', 'chef', 'kollega', 'b-venter'].map((name) => `${name}@rls.example.org`)) {
      users.set(email, (await insertUser(sql, email)).claims);
    }
  });

  const visibleAs = (email: string) =>
    asUser(
      users.get(email)!,
      async (tx) => ({
        orders: (await tx`select buyer_email from public.orders`).map((row) => row.buyer_email).sort(),
        tickets: (await tx`select attendee_email from public.tickets`).map((row) => row.attendee_email).sort(),
        waitlist: (await tx`select email from public.waitlist_entries`).map((row) => row.email).sort(),
      }),
      sql,
    );

  it('attendee A reads only their own order and ticket, nothing of B', async () => {
    expect(await visibleAs('a@rls.example.org')).toEqual({
      orders: ['a@rls.example.org'],
      tickets: ['a@rls.example.org'],
      waitlist: [],
    });
    expect(await visibleAs('b@rls.example.org')).toEqual({
      orders: ['b@rls.example.org'],
      tickets: ['b@rls.example.org'],
      waitlist: [],
    });
    expect(await visibleAs('b-venter@rls.example.org')).toEqual({
      orders: [],
      tickets: [],
      waitlist: ['b-venter@rls.example.org'],
    });
  });

  it('a colleague reads their own ticket only; the buyer reads every ticket of the order', async () => {
    expect(await visibleAs('kollega@rls.example.org')).toEqual({
      orders: [],
      tickets: ['kollega@rls.example.org'],
      waitlist: [],
    });
    expect(await visibleAs('chef@rls.example.org')).toEqual({
      orders: ['chef@rls.example.org'],
      tickets: ['chef@rls.example.org', 'kollega@rls.example.org'],
      waitlist: [],
    });
  });

  it('anon reads none of it at all', async () => {
    for (const table of ['orders', 'tickets', 'waitlist_entries']) {
      expect(await sqlState(asUser(ANON, (tx) => tx.unsafe(`select 1 from public.${table}`), sql))).toBe('42501');
    }
  });

  it("lets A correct their own details but not B's, and never the email, type or status", async () => {
    const claimsA = users.get('a@rls.example.org')!;
    const outcome = await asUser(
      claimsA,
      async (tx) => ({
        own: (await tx`update public.tickets set job_title = 'Chef' where id = ${a.ticket_ids![0]!}`).count,
        others: (await tx`update public.tickets set job_title = 'Chef' where attendee_email <> 'a@rls.example.org'`)
          .count,
      }),
      sql,
    );
    expect(outcome).toEqual({ own: 1, others: 0 });
    for (const column of ['attendee_email', 'ticket_type_id', 'status', 'price_ore', 'revision']) {
      expect({
        column,
        state: await sqlState(
          asUser(claimsA, (tx) => tx.unsafe(`update public.tickets set ${column} = ${column}`), sql),
        ),
      }).toEqual({ column, state: '42501' });
    }
    const [cancel] = await asUser(
      claimsA,
      (tx) => tx`select result from private.cancel_ticket(${team.ticket_ids![1]!})`,
      sql,
    );
    expect(cancel!.result).toBe('not_found');
    const [reissue] = await asUser(
      claimsA,
      (tx) => tx`select private.reissue_ticket(${team.ticket_ids![1]!}) as revision`,
      sql,
    );
    expect(reissue!.revision).toBe(null);
  });
});

describe('states', () => {
  let typeId: string;
  beforeAll(async () => {
    typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'states', capacity: 10, priceOre: 1000 });
  });
  const attempt = (work: (tx: Tx) => PromiseLike<unknown>) => rolledBack(sql, (tx) => sqlState(work(tx)));

  it('never go backwards for orders', async () => {
    const pending = await register(order(typeId, [attendee('s1@example.org')]), { onlinePayment: true });
    expect(
      await attempt(
        (tx) =>
          tx`update public.orders set status = 'paid', paid_at = now(), expires_at = null where id = ${pending.order_id}`,
      ),
    ).toBe(undefined);
    await sql`update public.orders set status = 'paid', paid_at = now() where id = ${pending.order_id}`;
    for (const status of ['pending', 'expired']) {
      expect({
        status,
        state: await attempt((tx) => tx`update public.orders set status = ${status} where id = ${pending.order_id}`),
      }).toEqual({
        status,
        state: '23514',
      });
    }
    expect(await attempt((tx) => tx`update public.orders set total_ore = 1 where id = ${pending.order_id}`)).toBe(
      '23514',
    );
    await sql`update public.orders set status = 'refunded', refunded_ore = 1000 where id = ${pending.order_id}`;
    expect(await attempt((tx) => tx`update public.orders set status = 'paid' where id = ${pending.order_id}`)).toBe(
      '23514',
    );
    expect(await attempt((tx) => tx`update public.orders set refunded_ore = 0 where id = ${pending.order_id}`)).toBe(
      '23514',
    );
  });

  it('never go backwards for tickets and waitlist entries', async () => {
    const row = await register(order(typeId, [attendee('s2@example.org')]), { onlinePayment: true });
    const ticket = row.ticket_ids![0]!;
    await sql`update public.tickets set status = 'valid', issued_at = now() where id = ${ticket}`;
    expect(await attempt((tx) => tx`update public.tickets set status = 'reserved' where id = ${ticket}`)).toBe('23514');
    expect(await attempt((tx) => tx`update public.tickets set revision = 0 where id = ${ticket}`)).toBe('23514');
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${ticket}`;
    expect(
      await attempt((tx) => tx`update public.tickets set status = 'valid', cancelled_at = null where id = ${ticket}`),
    ).toBe('23514');

    const [entry] = await sql<{ id: string }[]>`
      insert into public.waitlist_entries (event_id, ticket_type_id, name, email, status, offered_at, offer_expires_at)
      values (${world.eventId}, ${typeId}, 'W', 'w@example.org', 'expired', now(), now()) returning id`;
    expect(
      await attempt((tx) => tx`update public.waitlist_entries set status = 'waiting' where id = ${entry!.id}`),
    ).toBe('23514');
  });

  it('keep sold within capacity even for a direct write', async () => {
    expect(await attempt((tx) => tx`update public.ticket_types set sold = capacity + 1 where id = ${typeId}`)).toBe(
      '23514',
    );
  });
});
