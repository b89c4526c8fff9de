// My page's use cases as a signed-in attendee: cancelling (seat to the
// waitlist, refund once, emails), the deadline, correcting details, a new QR
// code, downloading one's data and deleting the account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, closePool } from '../../src/lib/db/db.server.ts';
import type { SignedIn } from '../../src/lib/db/db.server.ts';
import {
  cancelMyTicket,
  eraseMyAccount,
  exportMyData,
  loadMyPage,
  loadMyTicket,
  reissueMyTicket,
  updateAttendeeDetails,
} from '../../src/lib/registration/my-page.server.ts';
import { callRegister, type RegisterRow } from '../../src/lib/registration/registration.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, insertUser, order } from '../fixtures/registration-world.ts';
import { startStripeStub } from '../fixtures/stripe-stub.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
const stub = await startStripeStub();
Object.assign(process.env, { DATABASE_URL: url, ...stub.env() });
const ORIGIN = 'http://localhost:4321';

afterAll(async () => {
  await closePool();
  await stub.stop();
});

let world: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'min-side-test', status: 'published' });
});

const register = (input: ReturnType<typeof order>, onlinePayment = false): Promise<RegisterRow> =>
  asUser(ANON, (tx) => callRegister(tx, input, { lang: 'da', onlinePayment }), sql);

const signIn = async (email: string): Promise<SignedIn> => (await insertUser(sql, email)).claims as SignedIn;

const mailsTo = async (recipient: string, template: string) =>
  sql<{ idempotency_key: string; template_data: Record<string, unknown> }[]>`
    select idempotency_key, template_data from private.outbox_emails
    where recipient = ${recipient} and template = ${template} order by created_at`;

describe('cancelling', () => {
  it('frees the seat for the next on the waitlist and emails the attendee, in one transaction', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'afmeld', capacity: 1 });
    const row = await register(order(typeId, [attendee('afmelder@example.org')]));
    await asUser(ANON, (tx) => tx`select private.join_waitlist(${typeId}, 'Næste', 'naeste@example.org', 'da')`, sql);
    const me = await signIn('afmelder@example.org');

    expect(await cancelMyTicket(me, row.ticket_ids![0]!, ORIGIN)).toEqual({
      result: 'ok',
      refundOre: null,
      creditedOre: 0,
    });
    const [ticket] = await sql`select status from public.tickets where id = ${row.ticket_ids![0]!}`;
    expect(ticket!.status).toBe('cancelled');
    expect(await mailsTo('afmelder@example.org', 'cancellation')).toEqual([
      expect.objectContaining({ template_data: expect.objectContaining({ reason: 'by-attendee', refund: null }) }),
    ]);
    expect(await mailsTo('naeste@example.org', 'waitlist-offer')).toHaveLength(1);
    expect(await cancelMyTicket(me, row.ticket_ids![0]!, ORIGIN)).toEqual({
      result: 'not_cancellable',
      refundOre: null,
      creditedOre: 0,
    });
  });

  it("refunds a paid ticket once, to the buyer's card, when the buyer cancels a colleague", async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'betalt',
      capacity: 5,
      priceOre: 149500,
    });
    const row = await register(
      order(typeId, [attendee('chef@mp.example.org'), attendee('kollega@mp.example.org')]),
      true,
    );
    await sql`update public.orders set status = 'paid', paid_at = now(), payment_intent_id = 'pi_test_mp1',
                                       checkout_session_id = 'cs_test_mp1xxxxxxxxxx' where id = ${row.order_id}`;
    await sql`update public.tickets set status = 'valid', issued_at = now() where order_id = ${row.order_id}`;
    const buyer = await signIn('chef@mp.example.org');

    expect(await cancelMyTicket(buyer, row.ticket_ids![1]!, ORIGIN)).toEqual({
      result: 'ok',
      refundOre: 149500,
      creditedOre: 0,
    });
    expect(stub.refunds.filter((refund) => refund.payment_intent === 'pi_test_mp1')).toEqual([
      expect.objectContaining({ amount: 149500 }),
    ]);
    const [buyerMail] = await mailsTo('chef@mp.example.org', 'cancellation');
    expect(buyerMail!.template_data).toMatchObject({
      refund: { amountOre: 149500, method: 'card' },
      ticketHolders: ['Deltager kollega'],
    });
    const [colleagueMail] = await mailsTo('kollega@mp.example.org', 'cancellation');
    expect(colleagueMail!.template_data).toMatchObject({ refund: null });
    const [orderRow] = await sql`select status, refunded_ore from public.orders where id = ${row.order_id}`;
    expect(orderRow).toEqual({ status: 'paid', refunded_ore: 149500 });

    expect(await cancelMyTicket(buyer, row.ticket_ids![0]!, ORIGIN)).toEqual({
      result: 'ok',
      refundOre: 149500,
      creditedOre: 0,
    });
    const [done] = await sql`select status, refunded_ore from public.orders where id = ${row.order_id}`;
    expect(done).toEqual({ status: 'refunded', refunded_ore: 299000 });
    expect(stub.refunds.filter((refund) => refund.payment_intent === 'pi_test_mp1')).toHaveLength(2);
  });

  it("stops at the event's deadline, and never lets a stranger cancel", async () => {
    const late = await insertEventWorld(sql, { slug: 'min-side-sent', status: 'published' });
    const typeId = await insertTicketType(sql, { eventId: late.eventId, slug: 'sent', capacity: 5 });
    const row = await register(order(typeId, [attendee('sent@example.org')]));
    await sql`update public.events set cancellation_deadline = now() - interval '1 minute' where id = ${late.eventId}`;
    const me = await signIn('sent@example.org');
    const stranger = await signIn('fremmed@mp.example.org');
    expect((await cancelMyTicket(me, row.ticket_ids![0]!, ORIGIN)).result).toBe('deadline_passed');
    expect((await cancelMyTicket(stranger, row.ticket_ids![0]!, ORIGIN)).result).toBe('not_found');
    const [ticket] = await sql`select status from public.tickets where id = ${row.ticket_ids![0]!}`;
    expect(ticket!.status).toBe('valid');
  });
});

describe('my tickets', () => {
  it('shows my tickets and the orders I placed; corrects details; re-issues the QR code', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'mine', capacity: 5 });
    const row = await register(order(typeId, [attendee('mig@example.org'), attendee('dig@example.org')]));
    const me = await signIn('mig@example.org');
    const other = await signIn('dig@example.org');

    const page = await loadMyPage(me, 'da');
    expect(page.tickets.map((ticket) => ticket.holderEmail)).toEqual(['mig@example.org']);
    expect(page.orders.map((placed) => placed.tickets.length)).toEqual([2]);

    const ticket = await loadMyTicket(me, 'da', row.ticket_ids![0]!, (reference) => `QR ${reference}`);
    expect(ticket!.qrSvg).toMatch(/^<svg [^>]*role="img"[^>]*aria-label="QR [0-9A-Z]{8}-1"/);
    expect(await loadMyTicket(other, 'da', row.ticket_ids![0]!, () => 'QR')).toBe(null);

    const details = { ...ticket!.ticket.details, jobTitle: 'Teamleder', dietaryNeeds: 'Vegansk' };
    expect(await updateAttendeeDetails(me, row.ticket_ids![0]!, details)).toBe('ok');
    expect(await updateAttendeeDetails(other, row.ticket_ids![0]!, details)).toBe('not_found');
    const [stored] = await sql`select job_title, dietary_needs from public.tickets where id = ${row.ticket_ids![0]!}`;
    expect(stored).toEqual({ job_title: 'Teamleder', dietary_needs: 'Vegansk' });

    expect(await reissueMyTicket(me, row.ticket_ids![0]!)).toBe(2);
    expect(await reissueMyTicket(other, row.ticket_ids![0]!)).toBe(null);
    const reissued = await loadMyTicket(me, 'da', row.ticket_ids![0]!, (reference) => `QR ${reference}`);
    expect(reissued!.qrSvg).not.toBe(ticket!.qrSvg);
  });

  it('exports everything about me and nothing about anyone else', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'eksport', capacity: 5 });
    await register(order(typeId, [attendee('eksport@example.org'), attendee('kollega-eksport@example.org')]));
    await register(order(typeId, [attendee('andre@example.org')]));
    const me = await signIn('eksport@example.org');
    const data = await exportMyData(me);
    const text = JSON.stringify(data);
    expect(text).toContain('eksport@example.org');
    expect(text).toContain('kollega-eksport@example.org');
    expect(text).not.toContain('andre@example.org');
    expect((data['tickets'] as unknown[]).length).toBe(1);
    expect((data['ordersPlaced'] as unknown[]).length).toBe(1);
  });
});

describe('deleting my account', () => {
  it('cancels what I hold, erases me, keeps my colleague and the sector counts', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'slet', capacity: 3 });
    await register(
      order(typeId, [attendee('sletter@example.org', { sector: 'stat' }), attendee('bliver@example.org')]),
    );
    await register(order(typeId, [attendee('fyld@example.org')]));
    await asUser(
      ANON,
      (tx) => tx`select private.join_waitlist(${typeId}, 'Venter', 'slet-venter@example.org', 'da')`,
      sql,
    );
    const me = await signIn('sletter@example.org');
    const sectors = () =>
      sql`select sector, count(*)::int as n from public.tickets where ticket_type_id = ${typeId} group by sector order by sector`;
    const before = await sectors();

    const erasure = await eraseMyAccount(me, ORIGIN);
    expect(erasure).toMatchObject({
      cancelledTickets: 1,
      anonymisedTickets: 1,
      anonymisedOrders: 1,
      userDeleted: true,
    });
    expect(await sectors()).toEqual(before);
    const everything = JSON.stringify(await sql`select * from public.tickets where ticket_type_id = ${typeId}`);
    expect(everything).not.toContain('sletter@example.org');
    const [orderRow] = await sql`select buyer_name, buyer_email from public.orders o
                                 where exists (select 1 from public.tickets t where t.order_id = o.id and t.attendee_email = 'bliver@example.org')`;
    expect(orderRow).toEqual({ buyer_name: null, buyer_email: null });
    const [colleague] = await sql`select status from public.tickets where attendee_email = 'bliver@example.org'`;
    expect(colleague!.status).toBe('valid');
    expect(await sql`select 1 from auth.users where email = 'sletter@example.org'`).toHaveLength(0);
    // The seat went to the person waiting.
    expect(await mailsTo('slet-venter@example.org', 'waitlist-offer')).toHaveLength(1);
  });
});
