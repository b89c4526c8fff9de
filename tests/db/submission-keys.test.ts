// A registration form submitted twice at once — a double click, a resent
// post — against a real Postgres and the real registration use case: one
// order, and both submits answered with it (#13 item 1). Free, team and paid
// orders (the paid one through the real Stripe SDK and the local stub, where
// both copies get the same Checkout Session).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, closePool } from '../../src/lib/db/db.server.ts';
import { confirmationsIdle } from '../../src/lib/registration/confirmations.server.ts';
import { callRegister, registerAttendees } from '../../src/lib/registration/registration.server.ts';
import { registrationForm } from '../../src/lib/registration/registration.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, order } from '../fixtures/registration-world.ts';
import { startStripeStub } from '../fixtures/stripe-stub.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 20 });
const stub = await startStripeStub();
// The use cases open their own pool from the environment, like the server does.
Object.assign(process.env, { DATABASE_URL: url, ...stub.env() });
const ORIGIN = 'http://localhost:4321';

afterAll(async () => {
  await confirmationsIdle();
  await closePool();
  await stub.stop();
});

let world: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'dobbeltklik', status: 'published' });
});

/** One submit of the registration form, as the action hands it to the use case. */
function submit(typeId: string, emails: string[], submissionKey: string | null) {
  return registerAttendees(
    { claims: ANON, lang: 'da', url: new URL(`${ORIGIN}/dobbeltklik/tilmelding`) },
    {
      ...order(
        typeId,
        emails.map((email) => attendee(email)),
      ),
      buyerAttends: true,
      joinWaitlist: false,
      offer: null,
      ...(submissionKey ? { submissionKey } : {}),
    },
  );
}

const ordersOf = (typeId: string) =>
  sql<{ id: string; reference: string; status: string; tickets: number }[]>`
    select o.id, o.reference, o.status, count(t.id)::int as tickets
      from public.orders o join public.tickets t on t.order_id = o.id
     where t.ticket_type_id = ${typeId}
     group by o.id order by o.created_at`;
const soldOf = async (typeId: string) =>
  (await sql<{ sold: number }[]>`select sold from public.ticket_types where id = ${typeId}`)[0]!.sold;

describe('the form carries its key', () => {
  it('reads a UUID key from the posted form and ignores anything else', () => {
    const form = (key: string) => {
      const data = new FormData();
      for (const [name, value] of Object.entries({
        ticketTypeId: randomUUID(),
        count: '1',
        'attendees.0.name': 'Anne',
        'attendees.0.email': 'anne@example.org',
        'attendees.0.sector': 'kommune',
        submissionKey: key,
      }))
        data.set(name, value);
      return data;
    };
    const key = randomUUID();
    expect(registrationForm.parse(form(key.toUpperCase())).submissionKey).toBe(key);
    expect(registrationForm.parse(form("x' or 1=1")).submissionKey).toBeUndefined();
  });
});

describe('two submits of one form at the same moment', () => {
  it('make one free order, and both are answered with it, for the last seat too', async () => {
    // One seat: without the key the copy found it taken and answered "sold out".
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'sidste-plads', capacity: 1 });
    const key = randomUUID();
    const answers = await Promise.all([
      submit(typeId, ['anne@example.org'], key),
      submit(typeId, ['anne@example.org'], key),
    ]);
    const orders = await ordersOf(typeId);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'paid', tickets: 1 });
    for (const answer of answers) {
      expect(answer).toEqual({
        kind: 'registered',
        eventSlug: 'dobbeltklik',
        reference: orders[0]!.reference,
        tickets: 1,
      });
    }
    expect(await soldOf(typeId)).toBe(1);
  });

  it('make one team order of three when ten copies race', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'hold', capacity: 50 });
    const team = ['t1@example.org', 't2@example.org', 't3@example.org'];
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => submit(typeId, team, key)));
    const orders = await ordersOf(typeId);
    expect(orders).toEqual([expect.objectContaining({ status: 'paid', tickets: 3 })]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(
      new Set([
        JSON.stringify({ kind: 'registered', eventSlug: 'dobbeltklik', reference: orders[0]!.reference, tickets: 3 }),
      ]),
    );
    expect(await soldOf(typeId)).toBe(3);
  });

  it('make one paid order and send both to the same Stripe Checkout Session', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'betalt-dobbelt',
      capacity: 10,
      priceOre: 99500,
    });
    const key = randomUUID();
    const sessionsBefore = stub.sessions.size;
    const answers = await Promise.all([
      submit(typeId, ['b1@example.org', 'b2@example.org'], key),
      submit(typeId, ['b1@example.org', 'b2@example.org'], key),
    ]);
    const orders = await ordersOf(typeId);
    expect(orders).toEqual([expect.objectContaining({ status: 'pending', tickets: 2 })]);
    expect(answers[0]).toMatchObject({ kind: 'checkout' });
    expect(answers[1]).toEqual(answers[0]);
    expect(stub.sessions.size).toBe(sessionsBefore + 1);
    const [row] = await sql<{ checkout_session_id: string }[]>`
      select checkout_session_id from public.orders where id = ${orders[0]!.id}`;
    expect((answers[0] as { url: string }).url).toBe(`${stub.baseUrl}/pay/${row!.checkout_session_id}`);
    expect(await soldOf(typeId)).toBe(2);
  });
});

describe('what is not a copy', () => {
  it('a later submit with a new key is a new registration (answered as one, the holder emailed)', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'ny-noegle', capacity: 10 });
    await submit(typeId, ['ny@example.org'], randomUUID());
    const again = await submit(typeId, ['ny@example.org'], randomUUID());
    expect(again).toMatchObject({ kind: 'registered', reference: null, tickets: 0 });
    expect(await ordersOf(typeId)).toHaveLength(1);
  });

  it('the same key on a changed form (other people) registers them in an order of their own', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'aendret', capacity: 10 });
    const key = randomUUID();
    const first = await submit(typeId, ['foerst@example.org'], key);
    const changed = await submit(typeId, ['kollega@example.org'], key);
    expect(first).toMatchObject({ kind: 'registered', tickets: 1 });
    expect(changed).toMatchObject({ kind: 'registered', tickets: 1 });
    expect((changed as { reference: string }).reference).not.toBe((first as { reference: string }).reference);
    expect(await ordersOf(typeId)).toHaveLength(2);
  });

  it('a key whose order was cancelled is free again', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'afbrudt-betaling',
      capacity: 10,
      priceOre: 5000,
    });
    const key = randomUUID();
    const first = await submit(typeId, ['tilbage@example.org'], key);
    expect(first).toMatchObject({ kind: 'checkout' });
    const [pending] = await ordersOf(typeId);
    await sql`select private.cancel_pending_order(${pending!.id})`;
    const again = await submit(typeId, ['tilbage@example.org'], key);
    expect(again).toMatchObject({ kind: 'checkout' });
    expect(again).not.toEqual(first);
    expect((await ordersOf(typeId)).map((row) => row.status)).toEqual(['cancelled', 'pending']);
  });

  it('the key is unique in Postgres: one key never names two orders', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'unik', capacity: 10 });
    const key = randomUUID();
    const one = await asUser(ANON, (tx) =>
      callRegister(tx, order(typeId, [attendee('u1@example.org')]), { lang: 'da', onlinePayment: false }),
    );
    const other = await asUser(ANON, (tx) =>
      callRegister(tx, order(typeId, [attendee('u2@example.org')]), { lang: 'da', onlinePayment: false }),
    );
    await sql`insert into private.order_submissions (submission_key, order_id) values (${key}, ${one.order_id})`;
    await expect(
      sql`insert into private.order_submissions (submission_key, order_id) values (${key}, ${other.order_id})`,
    ).rejects.toMatchObject({ code: '23505' });
    // Nobody but the definer function reads or writes the keys.
    await expect(asUser(ANON, (tx) => tx`select * from private.order_submissions`)).rejects.toMatchObject({
      code: '42501',
    });
  });
});
