// Checkout by invoice against a real Postgres and the real registration use
// case (#15 items 1, 3, 5): the order is confirmed at once with its invoice,
// bad details and closed events write nothing, a copy of the submit makes no
// second invoice, cancelling credits instead of refunding, and the remembered
// invoicing details are their owner's alone.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import { forgetRememberedBuyer, listMyInvoices, loadRememberedBuyer } from '../../src/lib/invoice/checkout.server.ts';
import type { InvoiceBuyerInput } from '../../src/lib/invoice/checkout.ts';
import { confirmationsIdle, queueDueConfirmations } from '../../src/lib/registration/confirmations.server.ts';
import { cancelMyTicket, exportMyData } from '../../src/lib/registration/my-page.server.ts';
import { registerAttendees } from '../../src/lib/registration/registration.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, insertUser, order } from '../fixtures/registration-world.ts';
import { fingerprint, sqlState } from '../fixtures/sql.ts';
import { insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 20 });
Object.assign(process.env, { DATABASE_URL: url });
const ORIGIN = 'http://localhost:4321';
const PRICE = 125_000;

afterAll(async () => {
  await confirmationsIdle();
  await closePool();
});

let eventId: string;
let closedEventId: string;
let typeId: string;
let closedTypeId: string;
let freeTypeId: string;
beforeAll(async () => {
  ({ eventId } = await insertEventWorld(sql, { slug: 'fakturadag', status: 'published' }));
  ({ eventId: closedEventId } = await insertEventWorld(sql, { slug: 'kortdag', status: 'published' }));
  await sql`
    insert into public.invoice_settings (event_id, enabled, seller_name, seller_cvr, seller_address, seller_postcode,
                                         seller_city, bank_reg, bank_account, due_days, invoice_email)
    values (${eventId}, true, 'Testfolket ApS', '12345674', 'Testvej 1', '2200', 'København N', '1234', '0012345678',
            30, 'faktura@testfolket.dk')`;
  typeId = await insertTicketType(sql, { eventId, slug: 'betalt', capacity: 10, priceOre: PRICE });
  freeTypeId = await insertTicketType(sql, { eventId, slug: 'gratis', capacity: 10 });
  closedTypeId = await insertTicketType(sql, { eventId: closedEventId, slug: 'betalt', capacity: 10, priceOre: PRICE });
});

const MUNICIPALITY: InvoiceBuyerInput = {
  buyerType: 'public',
  organisationName: 'Testrup Kommune',
  ean: '5798000416604',
  cvr: null,
  orderReference: 'REK-4711',
  referencePerson: 'Rita Reference',
  invoiceEmail: 'faktura@testrup.dk',
  remember: true,
};

function submit(
  ticketTypeId: string,
  emails: string[],
  options: { invoice?: InvoiceBuyerInput; claims?: SignedIn; submissionKey?: string } = {},
) {
  return registerAttendees(
    { claims: options.claims ?? ANON, lang: 'da', url: new URL(`${ORIGIN}/fakturadag/tilmelding`) },
    {
      ...order(
        ticketTypeId,
        emails.map((email) => attendee(email)),
      ),
      buyerAttends: true,
      joinWaitlist: false,
      offer: null,
      invoice: options.invoice ?? MUNICIPALITY,
      ...(options.submissionKey ? { submissionKey: options.submissionKey } : {}),
    },
  );
}

const soldOf = async (id: string) =>
  (await sql<{ sold: number }[]>`select sold from public.ticket_types where id = ${id}`)[0]!.sold;

async function orderOf(email: string) {
  const [row] = await sql<
    { id: string; status: string; payment_method: string; expires_at: Date | null; total_ore: number }[]
  >`select o.id, o.status, o.payment_method, o.expires_at, o.total_ore
      from public.orders o where o.buyer_email = ${email}`;
  return row!;
}

describe('a municipality orders three tickets by invoice', () => {
  it('is confirmed at once: tickets valid, seats taken, the buyer details kept and the invoice issued', async () => {
    const team = ['ib@testrup.dk', 'ida@testrup.dk', 'ivan@testrup.dk'];
    const answer = await submit(typeId, team);
    expect(answer).toMatchObject({ kind: 'registered', tickets: 3, byInvoice: true });

    const placed = await orderOf('ib@testrup.dk');
    expect(placed).toMatchObject({ status: 'paid', payment_method: 'invoice', expires_at: null, total_ore: 3 * PRICE });
    const tickets = await sql<{ status: string }[]>`select status from public.tickets where order_id = ${placed.id}`;
    expect(tickets.map((ticket) => ticket.status)).toEqual(['valid', 'valid', 'valid']);
    expect(await soldOf(typeId)).toBe(3);

    const [buyer] = await sql`select * from public.invoice_buyers where order_id = ${placed.id}`;
    expect(buyer).toMatchObject({
      buyer_type: 'public',
      ean: '5798000416604',
      order_reference: 'REK-4711',
      reference_person: 'Rita Reference',
      invoice_email: 'faktura@testrup.dk',
    });
    const invoices = await sql<{ kind: string; gross_ore: string; vat_ore: string; days: number }[]>`
      select kind, gross_ore, vat_ore, due_date - issue_date as days from public.invoices where order_id = ${placed.id}`;
    expect(invoices).toEqual([{ kind: 'invoice', gross_ore: String(3 * PRICE), vat_ore: String(75_000), days: 30 }]);

    // The confirmation says "invoice", and the invoice goes to the invoice address.
    await confirmationsIdle();
    await queueDueConfirmations({ origin: ORIGIN });
    const [invoice] = await sql<{ id: string }[]>`select id from public.invoices where order_id = ${placed.id}`;
    const mails = await sql<{ template: string; recipient: string; template_data: Record<string, unknown> }[]>`
      select template, recipient, template_data from private.outbox_emails
       where idempotency_key like ${`%${placed.id}%`} or idempotency_key = ${`invoice/${invoice!.id}`}
       order by template, recipient`;
    expect(mails.map((mail) => [mail.template, mail.recipient])).toEqual([
      ['invoice', 'faktura@testrup.dk'],
      ['order-confirmation', 'ib@testrup.dk'],
      ['order-confirmation', 'ida@testrup.dk'],
      ['order-confirmation', 'ivan@testrup.dk'],
    ]);
    const confirmation = mails.find((mail) => mail.recipient === 'ib@testrup.dk')!;
    expect(confirmation.template_data).toMatchObject({ payment: 'invoice', invoice: { dueDate: expect.any(String) } });
    // The invoice carries its PDF and e-invoice: a shared finance mailbox cannot sign in to the buyer's My page.
    const files = (mails[0]!.template_data as { files: { filename: string; contentBase64: string }[] }).files;
    expect(files.map((file) => file.filename)).toEqual([
      expect.stringMatching(/\.pdf$/),
      expect.stringMatching(/\.xml$/),
    ]);
    expect(Buffer.from(files[0]!.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const xml = Buffer.from(files[1]!.contentBase64, 'base64').toString('utf8');
    expect(xml).toContain('<cbc:PayableAmount currencyID="DKK">3750.00</cbc:PayableAmount>');
  });

  it('refuses a bad EAN in Postgres too, and writes nothing', async () => {
    await confirmationsIdle();
    const before = await Promise.all(
      ['public.orders', 'public.tickets', 'public.invoices'].map((t) => fingerprint(sql, t)),
    );
    const sold = await soldOf(typeId);
    const state = await sqlState(
      asUser(
        ANON,
        (tx) => tx`
        select * from private.register_by_invoice(null, ${typeId}, 'Bo', 'bo@testrup.dk', 'da',
          ${tx.json([attendee('bo@testrup.dk')] as never)},
          ${tx.json({ ...MUNICIPALITY, ean: '5798000416605' })})`,
      ),
    );
    expect(state).toBe('23514');
    const after = await Promise.all(
      ['public.orders', 'public.tickets', 'public.invoices'].map((t) => fingerprint(sql, t)),
    );
    expect(after).toEqual(before);
    expect(await soldOf(typeId)).toBe(sold);
  });

  it('is refused where the event does not invoice, or the type is free', async () => {
    expect(await submit(closedTypeId, ['kort@testrup.dk'])).toEqual({ kind: 'rejected', code: 'invoice_unavailable' });
    expect(await submit(freeTypeId, ['gratis@testrup.dk'])).toEqual({ kind: 'rejected', code: 'invoice_unavailable' });
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.orders where buyer_email in ('kort@testrup.dk', 'gratis@testrup.dk')`;
    expect(row!.n).toBe(0);
    expect(await soldOf(closedTypeId)).toBe(0);
  });

  it('makes one order and one invoice when the same form is submitted five times at once', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => submit(typeId, ['dobbelt@testrup.dk'], { submissionKey: key })),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    const [row] = await sql<{ orders: number; invoices: number }[]>`
      select count(distinct o.id)::int as orders, count(i.id)::int as invoices
        from public.orders o left join public.invoices i on i.order_id = o.id
       where o.buyer_email = 'dobbelt@testrup.dk'`;
    expect(row).toEqual({ orders: 1, invoices: 1 });
  });
});

describe('cancelling a ticket of an invoice order', () => {
  it('issues a credit note for it, leaves the invoice as it was, and tells the buyer', async () => {
    const buyer = await insertUser(sql, 'kasper@testrup.dk');
    await submit(typeId, ['kasper@testrup.dk', 'karen@testrup.dk'], { claims: buyer.claims as SignedIn });
    const placed = await orderOf('kasper@testrup.dk');
    const [invoiceBefore] = await sql`select * from public.invoices where order_id = ${placed.id} and kind = 'invoice'`;
    const [karen] = await sql<{ id: string }[]>`
      select id from public.tickets where order_id = ${placed.id} and attendee_email = 'karen@testrup.dk'`;

    const cancelled = await cancelMyTicket(buyer.claims as SignedIn, karen!.id, ORIGIN);
    expect(cancelled.result).toBe('ok');
    const notes = await sql<{ kind: string; gross_ore: string; credits_invoice_id: string }[]>`
      select kind, gross_ore, credits_invoice_id from public.invoices where order_id = ${placed.id} and kind = 'credit_note'`;
    expect(notes).toEqual([{ kind: 'credit_note', gross_ore: String(PRICE), credits_invoice_id: invoiceBefore!.id }]);
    const [invoiceAfter] = await sql`select * from public.invoices where id = ${invoiceBefore!.id}`;
    expect(invoiceAfter).toEqual(invoiceBefore);
    expect((await orderOf('kasper@testrup.dk')).status).toBe('paid');
    const refunds = await sql`select 1 from private.refund_requests where order_id = ${placed.id}`;
    expect(refunds).toHaveLength(0);

    const [note] = await sql<{ id: string; number: string }[]>`
      select id, number from public.invoices where order_id = ${placed.id} and kind = 'credit_note'`;
    const mails = await sql<{ template: string; recipient: string; template_data: Record<string, unknown> }[]>`
      select template, recipient, template_data from private.outbox_emails
       where (idempotency_key like ${`cancellation/%${karen!.id}%`} or idempotency_key = ${`invoice/${note!.id}`})
       order by template, recipient`;
    expect(mails.map((mail) => [mail.template, mail.recipient])).toEqual([
      ['cancellation', 'karen@testrup.dk'],
      ['cancellation', 'kasper@testrup.dk'],
      ['invoice', 'faktura@testrup.dk'],
    ]);
    expect(mails[1]!.template_data).toMatchObject({ refund: { amountOre: PRICE, method: 'invoice' } });
    expect(mails[2]!.template_data).toMatchObject({
      kind: 'credit_note',
      number: note!.number,
      creditsNumber: invoiceBefore!.number,
      grossOre: PRICE,
    });

    // The buyer sees both on My page: the invoice partly credited, and the credit note.
    const mine = await listMyInvoices(buyer.claims as SignedIn, 'da');
    expect(mine.map((invoice) => [invoice.kind, invoice.grossOre, invoice.creditedOre])).toEqual([
      ['credit_note', PRICE, 0],
      ['invoice', 2 * PRICE, PRICE],
    ]);

    // The last ticket cancelled: the order ends as refunded, credited in full.
    const [kasper] = await sql<{ id: string }[]>`
      select id from public.tickets where order_id = ${placed.id} and attendee_email = 'kasper@testrup.dk'`;
    expect((await cancelMyTicket(buyer.claims as SignedIn, kasper!.id, ORIGIN)).result).toBe('ok');
    expect((await orderOf('kasper@testrup.dk')).status).toBe('refunded');
    const [credited] = await sql<{ total: string }[]>`
      select sum(gross_ore)::text as total from public.invoices where order_id = ${placed.id} and kind = 'credit_note'`;
    expect(credited!.total).toBe(String(2 * PRICE));
  });
});

describe('remembered invoicing details', () => {
  it('are kept for the signed-in buyer who asks, readable and deletable by them alone, and in their data export', async () => {
    const buyer = await insertUser(sql, 'husk@testrup.dk');
    const other = await insertUser(sql, 'anden@testrup.dk');
    await submit(typeId, ['husk@testrup.dk'], { claims: buyer.claims as SignedIn });
    expect(await loadRememberedBuyer(buyer.claims)).toEqual({
      buyerType: 'public',
      ean: '5798000416604',
      cvr: null,
      organisationName: 'Testrup Kommune',
      referencePerson: 'Rita Reference',
      invoiceEmail: 'faktura@testrup.dk',
    });
    expect(await loadRememberedBuyer(other.claims)).toBeNull();
    // Nobody writes them but the registration: not even their owner directly.
    expect(await sqlState(asUser(buyer.claims, (tx) => tx`update public.invoice_buyer_profiles set ean = null`))).toBe(
      '42501',
    );
    // Another user's delete finds nothing to delete.
    expect(await forgetRememberedBuyer(other.claims as SignedIn)).toBe(false);

    const data = (await exportMyData(buyer.claims as SignedIn)) as unknown as Record<string, unknown>;
    expect(data['invoicingDetails']).toEqual([
      expect.objectContaining({ ean: '5798000416604', referencePerson: 'Rita Reference' }),
    ]);
    expect(data['invoices']).toEqual([expect.objectContaining({ kind: 'invoice', grossOre: PRICE })]);

    expect(await forgetRememberedBuyer(buyer.claims as SignedIn)).toBe(true);
    expect(await loadRememberedBuyer(buyer.claims)).toBeNull();
  });

  it('are not kept when the buyer does not ask, or is not signed in', async () => {
    const buyer = await insertUser(sql, 'glem@testrup.dk');
    await submit(typeId, ['glem@testrup.dk'], {
      claims: buyer.claims as SignedIn,
      invoice: { ...MUNICIPALITY, remember: false },
    });
    await submit(typeId, ['anonym@testrup.dk']);
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.invoice_buyer_profiles where user_id = ${buyer.id}`;
    expect(row!.n).toBe(0);
  });
});
