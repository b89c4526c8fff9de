// Order confirmations under concurrency (#16): workers in several server
// instances take batches of due orders with `skip locked`, so each order is
// confirmed by exactly one of them, once; every email's QR code scans (ZXing,
// the door scanner's fallback decoder) to a code the door accepts for its ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asService, asUser } from '../../src/lib/db/db.server.ts';
import {
  confirmationsIdle,
  queueDueConfirmations,
  queueOrderConfirmation,
} from '../../src/lib/registration/confirmations.server.ts';
import { callRegister } from '../../src/lib/registration/registration.server.ts';
import { publicKeysForEvent } from '../../src/lib/tickets/keys.server.ts';
import { verifyTicketCode } from '../../src/lib/tickets/ticket-code.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { decodeQrImage } from '../fixtures/qr-decode.ts';
import { attendee, insertTicketType, order } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 10 });
const ORIGIN = 'https://samspil.example';

afterAll(async () => {
  await confirmationsIdle();
});

let world: EventWorld;
let typeId: string;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'bekraeftelser', status: 'published' });
  typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'gratis', capacity: 500 });
});

/** Free orders (paid at once, confirmation due): `singles` of one attendee and `teams` of a buyer and two colleagues. */
async function registerOrders(tag: string, singles: number, teams: number) {
  const inputs = [
    ...Array.from({ length: singles }, (_, n) => [attendee(`${tag}-${n}@enkelt.example.org`)]),
    ...Array.from({ length: teams }, (_, n) => [
      attendee(`${tag}-hold-${n}@hold.example.org`),
      attendee(`${tag}-hold-${n}-a@hold.example.org`),
      attendee(`${tag}-hold-${n}-b@hold.example.org`),
    ]),
  ];
  const ids: string[] = [];
  for (const attendees of inputs) {
    const row = await asUser(
      ANON,
      (tx) => callRegister(tx, order(typeId, attendees), { lang: 'da', onlinePayment: false }),
      sql,
    );
    expect(row).toMatchObject({ result: 'ok', order_status: 'paid' });
    ids.push(row.order_id!);
  }
  return ids;
}

const emailsOf = (orderIds: string[]) =>
  sql<{ key: string; recipient: string; tickets: { reference: string; qrPngBase64: string }[] }[]>`
    select m.idempotency_key as key, m.recipient, m.template_data -> 'tickets' as tickets
      from private.outbox_emails m
     where m.template = 'order-confirmation'
       and split_part(m.idempotency_key, '/', 2)::uuid = any (${orderIds}::uuid[])
     order by m.idempotency_key`;

describe('confirmations taken by concurrent workers', () => {
  it('confirm every due order exactly once, each email once, however the batches fall', async () => {
    const ids = await registerOrders('samtidig', 50, 6);

    // Four runs at once (as four server instances), three workers each, batches of up to 20.
    const counts = await Promise.all(
      Array.from({ length: 4 }, () => queueDueConfirmations({ origin: ORIGIN, db: sql, workers: 3, limit: 200 })),
    );
    // No order was confirmed by two workers: the counts add up to the orders, not more.
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(56);

    const [state] = await sql<{ due: number }[]>`
      select count(*) filter (where confirmation_queued_at is null)::int as due
        from public.orders where id = any (${ids}::uuid[])`;
    expect(state!.due).toBe(0);
    const emails = await emailsOf(ids);
    // One to each buyer with all their tickets, one to each colleague with theirs.
    expect(emails).toHaveLength(56 + 12);
    expect(new Set(emails.map((email) => email.key)).size).toBe(emails.length);
    for (const id of ids) expect(emails.filter((email) => email.key === `order-confirmation/${id}`)).toHaveLength(1);
    const [jobs] = await sql<{ jobs: number }[]>`
      select count(*)::int as jobs from private.jobs
       where queue = 'email' and idempotency_key like 'order-confirmation/%'
         and split_part(idempotency_key, '/', 2)::uuid = any (${ids}::uuid[])`;
    expect(jobs!.jobs).toBe(68);
    const buyers = emails.filter((email) => email.key.split('/').length === 2);
    expect(buyers.map((email) => email.tickets.length).sort()).toEqual([...Array(50).fill(1), ...Array(6).fill(3)]);

    // Nothing is left to do, and an order already confirmed is not confirmed again.
    expect(await queueDueConfirmations({ origin: ORIGIN, db: sql })).toBe(0);
    expect(await asService((tx) => queueOrderConfirmation(tx, ids[0]!, ORIGIN), sql)).toBe(false);
    expect(await emailsOf(ids)).toEqual(emails);
  });

  it('send QR codes that scan to codes the door accepts for the right tickets', async () => {
    const ids = await registerOrders('scan', 3, 2);
    expect(await queueDueConfirmations({ origin: ORIGIN, db: sql })).toBe(5);
    const keys = await asService((tx) => publicKeysForEvent(tx, world.eventId), sql);
    const [event] = await sql<{ starts_at: Date }[]>`select starts_at from public.events where id = ${world.eventId}`;
    const tickets = await sql<{ id: string; reference: string }[]>`
      select t.id, o.reference || '-' || t.position as reference
        from public.tickets t join public.orders o on o.id = t.order_id
       where o.id = any (${ids}::uuid[])`;
    const emails = await emailsOf(ids);
    let scanned = 0;
    for (const email of emails) {
      for (const line of email.tickets) {
        const [code] = await decodeQrImage(Buffer.from(line.qrPngBase64, 'base64'));
        const verdict = await verifyTicketCode(code!, {
          eventId: world.eventId,
          publicKeys: new Map(keys.map((key) => [key.keyId, key.publicKey])),
          now: event!.starts_at,
          revokedOrCurrentRevisions: new Map(),
        });
        expect(verdict).toMatchObject({ ok: true });
        const ticketId = verdict.ok ? verdict.ticket.ticketId : '';
        // The code is the ticket the email's line names.
        expect(tickets.find((ticket) => ticket.id === ticketId)?.reference).toBe(line.reference);
        scanned += 1;
      }
    }
    // Three single tickets, two teams' three tickets to their buyers and one each to four colleagues.
    expect(scanned).toBe(3 + 6 + 4);
  });
});
