// Invoices and credit notes (#15): gap-free numbers per seller under
// concurrency, immutability, credit notes that never touch the invoice, the
// idempotent issue, and who may read and mark paid.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import { splitGross } from '../../src/lib/invoice/amounts.ts';
import { loadInvoiceForOrganiser, loadMyInvoice } from '../../src/lib/invoice/invoice.server.ts';
import { buildUbl } from '../../src/lib/invoice/ubl.ts';
import { checkInvoiceUbl } from '../../src/lib/invoice/ubl-rules.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertInvoiceOrder, insertInvoiceSettings, insertIssuedInvoice, SELLER } from '../fixtures/invoice-world.ts';
import { insertTicketType, insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 40 });

interface InvoiceRow {
  id: string;
  number: string;
  kind: string;
  net_ore: string;
  vat_ore: string;
  gross_ore: string;
  paid_at: Date | null;
  credits_invoice_id: string | null;
  seller: Record<string, string>;
  buyer: Record<string, string>;
  due_date: Date | null;
  issue_date: Date;
}

const invoice = async (id: string) => (await sql<InvoiceRow[]>`select * from public.invoices where id = ${id}`)[0]!;
const lines = (id: string) =>
  sql<{ position: number; ticket_id: string; net_ore: string; vat_ore: string; gross_ore: string; credit: boolean }[]>`
    select position, ticket_id, net_ore, vat_ore, gross_ore, credit from public.invoice_lines
    where invoice_id = ${id} order by position`;
const numbersOf = async (cvr: string) =>
  (await sql<{ number: string }[]>`select number from public.invoices where seller_cvr = ${cvr}`)
    .map((row) => Number(row.number))
    .sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const cancel = (ticketIds: string[]) =>
  sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = any (${ticketIds})`;

let world: EventWorld;
let other: EventWorld;
let buyer: TestUser;
let stranger: TestUser;
let issued: Awaited<ReturnType<typeof insertIssuedInvoice>>;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'faktura', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'faktura-anden', status: 'published' });
  buyer = await insertUser(sql, 'indkober@testrup.dk');
  stranger = await insertUser(sql, 'fremmed@example.org');
  issued = await insertIssuedInvoice(sql, {
    eventId: world.eventId,
    priceOre: 125_000,
    tickets: 3,
    buyerUserId: buyer.id,
  });
});

describe('issuing an invoice', () => {
  it('numbers it, splits the gross price into net and 25 % VAT per line and in total, and copies seller and buyer', async () => {
    const row = await invoice(issued.invoiceId);
    expect(row).toMatchObject({
      kind: 'invoice',
      number: '1',
      net_ore: '300000',
      vat_ore: '75000',
      gross_ore: '375000',
    });
    expect(row.seller).toMatchObject({ name: SELLER.name, cvr: SELLER.cvr, bank_reg: SELLER.bankReg });
    expect(row.buyer).toMatchObject({ type: 'public', ean: '5798000000001', organisation_name: 'Testrup Kommune' });
    expect(row.buyer.order_reference).toMatch(/^REK-/);
    expect((row.due_date!.getTime() - row.issue_date.getTime()) / 86_400_000).toBe(30);
    expect(await lines(issued.invoiceId)).toEqual(
      issued.ticketIds.map((ticketId, i) => ({
        position: i + 1,
        ticket_id: ticketId,
        net_ore: '100000',
        vat_ore: '25000',
        gross_ore: '125000',
        credit: false,
      })),
    );
  });

  it('is idempotent: a second call returns the same invoice and takes no number', async () => {
    const [again] = await sql<{ id: string }[]>`select private.issue_invoice(${issued.orderId}) as id`;
    expect(again!.id).toBe(issued.invoiceId);
    expect(await sql`select 1 from public.invoices where order_id = ${issued.orderId}`).toHaveLength(1);
  });

  it('splits an odd price so that lines, VAT and total add up to the øre', async () => {
    const odd = await insertIssuedInvoice(sql, { eventId: other.eventId, priceOre: 99_999, tickets: 7 });
    const row = await invoice(odd.invoiceId);
    // 7 × 999,99 kr = 6.999,93 kr; net 6.999,93 / 1,25 = 5.599,944 → 5.599,94; VAT 1.399,99.
    expect(row).toMatchObject({ gross_ore: '699993', net_ore: '559994', vat_ore: '139999' });
    const rows = await lines(odd.invoiceId);
    expect(rows.reduce((sum, line) => sum + Number(line.net_ore), 0)).toBe(559_994);
    expect(rows.reduce((sum, line) => sum + Number(line.vat_ore), 0)).toBe(139_999);
    for (const line of rows) {
      expect(Number(line.gross_ore)).toBe(99_999);
      expect([79_999, 80_000]).toContain(Number(line.net_ore));
    }
  });

  it('refuses an order not paid by invoice, and one without settings or invoicing details', async () => {
    const card = await sql<{ id: string }[]>`
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, payment_provider)
      values (${world.eventId}, 'Kort', 'kort@example.org', 'paid', 10000, now(), 'stripe') returning id`;
    expect(await sqlState(sql`select private.issue_invoice(${card[0]!.id})`)).toBe('23514');

    const bare = await insertEventWorld(sql, { slug: 'faktura-uden', status: 'published' });
    const typeId = await insertTicketType(sql, {
      eventId: bare.eventId,
      slug: 'betalt',
      priceOre: 50_000,
      capacity: 5,
    });
    const order = await insertInvoiceOrder(sql, {
      eventId: bare.eventId,
      ticketTypeId: typeId,
      priceOre: 50_000,
      tickets: 1,
    });
    expect(await sqlState(sql`select private.issue_invoice(${order.orderId})`)).toBe('23514');
    await sql`delete from public.invoice_buyers where order_id = ${order.orderId}`;
    await insertInvoiceSettings(sql, bare.eventId, { cvr: '87654321' });
    expect(await sqlState(sql`select private.issue_invoice(${order.orderId})`)).toBe('23514');
    expect(await sql`select 1 from public.invoices where order_id = ${order.orderId}`).toHaveLength(0);
  });
});

describe('the rounding rule', () => {
  it('splits gross into line nets in Postgres exactly as src/lib/invoice/amounts.ts does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ grossOre: fc.integer({ min: 0, max: 10_000_000 }), vatPercent: fc.constantFrom(0, 25) }), {
          minLength: 1,
          maxLength: 60,
        }),
        async (lines) => {
          const [row] = await sql<{ nets: string[] }[]>`
            select private.invoice_line_nets(${lines.map((l) => l.grossOre)}::bigint[],
                                             ${lines.map((l) => l.vatPercent)}::smallint[]) as nets`;
          expect(row!.nets.map(Number)).toEqual(splitGross(lines).lines.map((l) => l.netOre));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('numbers under concurrency', () => {
  it('gives 200 concurrent invoice orders the numbers 1..200 of their seller, and a rolled-back issue leaves no gap', async () => {
    const rush = await insertEventWorld(sql, { slug: 'faktura-rush', status: 'published' });
    const cvr = '11111111';
    await insertInvoiceSettings(sql, rush.eventId, { cvr });
    const typeId = await insertTicketType(sql, {
      eventId: rush.eventId,
      slug: 'rush',
      priceOre: 49_500,
      capacity: 1000,
    });
    const orders = [];
    for (let i = 0; i < 220; i++) {
      orders.push(
        await insertInvoiceOrder(sql, { eventId: rush.eventId, ticketTypeId: typeId, priceOre: 49_500, tickets: 1 }),
      );
    }
    // 200 issue and commit; 20 issue, then fail later in their transaction and roll back.
    const outcomes = await Promise.allSettled(
      orders.map((order, i) =>
        asService(async (tx) => {
          const [row] = await tx<{ id: string }[]>`select private.issue_invoice(${order.orderId}) as id`;
          if (i % 11 === 5) throw new Error('the checkout failed after issuing');
          return row!.id;
        }, sql),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(200);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(20);
    expect(await numbersOf(cvr)).toEqual(range(200));

    // The orders whose issue rolled back get the next numbers, still without a gap.
    const failed = orders.filter((_, i) => i % 11 === 5);
    await Promise.all(
      failed.map((order) => asService((tx) => tx`select private.issue_invoice(${order.orderId})`, sql)),
    );
    expect(await numbersOf(cvr)).toEqual(range(220));
  });

  it('keeps one series per seller across its events', async () => {
    const events = await sql`select distinct event_id from public.invoices where seller_cvr = ${SELLER.cvr}`;
    expect(events.length).toBe(2);
    const numbers = await numbersOf(SELLER.cvr);
    expect(numbers).toEqual(range(numbers.length));
  });
});

describe('an issued invoice', () => {
  it('refuses UPDATE of anything but the bookkeeping columns, and DELETE, even for the table owner', async () => {
    const before = await invoice(issued.invoiceId);
    expect(
      await sqlState(sql`update public.invoices set gross_ore = gross_ore + 1 where id = ${issued.invoiceId}`),
    ).toBe('23514');
    expect(await sqlState(sql`update public.invoices set buyer = '{}' where id = ${issued.invoiceId}`)).toBe('23514');
    expect(await sqlState(sql`update public.invoices set number = '999' where id = ${issued.invoiceId}`)).toBe('23514');
    expect(await sqlState(sql`delete from public.invoices where id = ${issued.invoiceId}`)).toBe('23001');
    expect(
      await sqlState(sql`update public.invoice_lines set net_ore = 0 where invoice_id = ${issued.invoiceId}`),
    ).toBe('23514');
    expect(await sqlState(sql`delete from public.invoice_lines where invoice_id = ${issued.invoiceId}`)).toBe('23514');
    expect(await sqlState(sql`truncate public.invoice_lines cascade`)).toBe('23514');
    // Deleting its event would delete it too: refused.
    expect(await sqlState(sql`delete from public.events where id = ${world.eventId}`)).toBe('23001');
    expect(await invoice(issued.invoiceId)).toEqual(before);
  });

  it('is marked paid once: paid_at goes from NULL to a time and never changes again', async () => {
    const fresh = await insertIssuedInvoice(sql, { eventId: other.eventId, settings: false, tickets: 1 });
    await sql`update public.invoices set paid_at = now() - interval '1 day' where id = ${fresh.invoiceId}`;
    expect((await invoice(fresh.invoiceId)).paid_at).not.toBeNull();
    expect(await sqlState(sql`update public.invoices set paid_at = now() where id = ${fresh.invoiceId}`)).toBe('23514');
    expect(await sqlState(sql`update public.invoices set paid_at = null where id = ${fresh.invoiceId}`)).toBe('23514');
  });

  it("keeps its seller's CVR: the settings refuse another once the event has invoices", async () => {
    expect(
      await sqlState(sql`update public.invoice_settings set seller_cvr = '22222222' where event_id = ${world.eventId}`),
    ).toBe('23514');
    await sql`update public.invoice_settings set seller_name = 'Testfolket A/S' where event_id = ${world.eventId}`;
    expect((await invoice(issued.invoiceId)).seller.name).toBe(SELLER.name);
  });
});

describe('credit notes', () => {
  it('credit cancelled tickets in a new document referencing the invoice, which never changes', async () => {
    const order = await insertIssuedInvoice(sql, {
      eventId: other.eventId,
      settings: false,
      tickets: 3,
      priceOre: 99_999,
    });
    const before = await invoice(order.invoiceId);
    const beforeLines = await lines(order.invoiceId);

    // Only a cancelled ticket is credited.
    expect(
      await sqlState(sql`select private.issue_credit_note(${order.invoiceId}, ${[order.ticketIds[0]!]}::uuid[])`),
    ).toBe('23514');
    await cancel([order.ticketIds[0]!]);
    const [first] = await sql<{ id: string }[]>`
      select private.issue_credit_note(${order.invoiceId}, ${[order.ticketIds[0]!]}::uuid[]) as id`;
    const note = await invoice(first!.id);
    expect(note).toMatchObject({
      kind: 'credit_note',
      credits_invoice_id: order.invoiceId,
      gross_ore: '99999',
      net_ore: '79999',
      vat_ore: '20000',
      number: String(Number(before.number) + 1),
    });
    expect((await lines(first!.id)).map((line) => [line.ticket_id, line.credit])).toEqual([[order.ticketIds[0], true]]);

    // Asking again returns the same credit note; a ticket is credited once.
    const [again] = await sql<{ id: string }[]>`
      select private.issue_credit_note(${order.invoiceId}, ${[order.ticketIds[0]!]}::uuid[]) as id`;
    expect(again!.id).toBe(first!.id);

    // NULL credits the rest.
    await cancel(order.ticketIds.slice(1));
    const [rest] = await sql<{ id: string }[]>`select private.issue_credit_note(${order.invoiceId}, null) as id`;
    expect(await invoice(rest!.id)).toMatchObject({ gross_ore: '199998', net_ore: '159998', vat_ore: '40000' });
    expect(await sqlState(sql`select private.issue_credit_note(${order.invoiceId}, ${[randomUUID()]}::uuid[])`)).toBe(
      '23514',
    );

    expect(await invoice(order.invoiceId)).toEqual(before);
    expect(await lines(order.invoiceId)).toEqual(beforeLines);
  });
});

describe('who reads and marks paid', () => {
  const organiser = (w: EventWorld): Claims => ({ role: 'authenticated', sub: w.organiserId, aud: 'authenticated' });
  const visible = (claims: Claims) =>
    asUser(
      claims,
      async (tx) => ({
        invoices: (await tx<{ id: string }[]>`select id from public.invoices where order_id = ${issued.orderId}`)
          .length,
        lines: (await tx`select 1 from public.invoice_lines where invoice_id = ${issued.invoiceId}`).length,
        buyer: (await tx`select 1 from public.invoice_buyers where order_id = ${issued.orderId}`).length,
        settings: (await tx`select 1 from public.invoice_settings where event_id = ${world.eventId}`).length,
      }),
      sql,
    );

  it("lets the event's organisers read everything, the buyer their own order's invoice and details, nobody else", async () => {
    expect(await visible(organiser(world))).toEqual({ invoices: 1, lines: 3, buyer: 1, settings: 1 });
    expect(await visible(buyer.claims)).toEqual({ invoices: 1, lines: 3, buyer: 1, settings: 0 });
    expect(await visible(stranger.claims)).toEqual({ invoices: 0, lines: 0, buyer: 0, settings: 0 });
    expect(await visible(organiser(other))).toEqual({ invoices: 0, lines: 0, buyer: 0, settings: 0 });
    expect(await sqlState(visible({ role: 'anon' }))).toBe('42501');
  });

  it('lets an organiser mark paid (in the audit log), and nobody change anything else or mark another event paid', async () => {
    const fresh = await insertIssuedInvoice(sql, {
      eventId: world.eventId,
      settings: false,
      tickets: 1,
      buyerUserId: buyer.id,
    });
    const markPaid = (claims: Claims) =>
      asUser(claims, (tx) => tx`update public.invoices set paid_at = now() where id = ${fresh.invoiceId}`, sql);

    expect((await markPaid(buyer.claims)).count).toBe(0);
    expect((await markPaid(organiser(other))).count).toBe(0);
    expect(await sqlState(markPaid({ role: 'anon' }))).toBe('42501');
    expect(
      await sqlState(
        asUser(
          organiser(world),
          (tx) => tx`update public.invoices set gross_ore = 1 where id = ${fresh.invoiceId}`,
          sql,
        ),
      ),
    ).toBe('42501');
    expect((await invoice(fresh.invoiceId)).paid_at).toBeNull();

    expect((await markPaid(organiser(world))).count).toBe(1);
    expect((await invoice(fresh.invoiceId)).paid_at).not.toBeNull();
    const [entry] = await sql<{ actor_id: string; after: { paid_at: string } }[]>`
      select actor_id, after from public.audit_log where table_name = 'invoices' and row_key ->> 'id' = ${fresh.invoiceId}`;
    expect(entry!.actor_id).toBe(world.organiserId);
    expect(entry!.after.paid_at).toBeTruthy();
  });

  it('lets nobody but the issuing functions write invoices or lines, the service role included', async () => {
    for (const claims of [organiser(world), buyer.claims]) {
      expect(await sqlState(asUser(claims, (tx) => tx`select private.issue_invoice(${issued.orderId})`, sql))).toBe(
        '42501',
      );
    }
    expect(await sqlState(asService((tx) => tx`delete from public.invoices where id = ${issued.invoiceId}`, sql))).toBe(
      '42501',
    );
    expect(
      await sqlState(
        asService((tx) => tx`update public.invoice_lines set net_ore = 0 where invoice_id = ${issued.invoiceId}`, sql),
      ),
    ).toBe('42501');
  });

  it('lets organisers edit their settings with a version and an audit entry, and nobody else', async () => {
    const change = (claims: Claims) =>
      asUser(
        claims,
        (tx) => tx`update public.invoice_settings set due_days = 14 where event_id = ${world.eventId}`,
        sql,
      );
    expect((await change(stranger.claims)).count).toBe(0);
    expect((await change(buyer.claims)).count).toBe(0);
    const [before] = await sql<
      { version: number }[]
    >`select version from public.invoice_settings where event_id = ${world.eventId}`;
    expect((await change(organiser(world))).count).toBe(1);
    const [after] = await sql<{ version: number; due_days: number }[]>`
      select version, due_days from public.invoice_settings where event_id = ${world.eventId}`;
    expect(after).toEqual({ version: before!.version + 1, due_days: 14 });
    const entries = await sql`
      select 1 from public.audit_log where table_name = 'invoice_settings' and actor_id = ${world.organiserId}`;
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe('downloads', () => {
  const organiserOf = (w: EventWorld) => ({ role: 'authenticated', sub: w.organiserId, aud: 'authenticated' }) as const;
  const downloadsLogged = async () =>
    (
      await sql<{ n: number }[]>`
        select count(*)::int as n from public.audit_log
        where table_name = 'exports' and row_key ->> 'list' = 'invoices' and row_key ->> 'id' = ${issued.invoiceId}`
    )[0]!.n;

  it("gives an event's organiser its invoice by number, in the audit log, as UBL passing the rules", async () => {
    const before = await downloadsLogged();
    const document = await loadInvoiceForOrganiser(organiserOf(world), 'faktura', '1', 'xml', sql);
    expect(document).toMatchObject({ kind: 'invoice', number: '1', grossOre: 375_000, credits: null });
    expect(document!.lines).toHaveLength(3);
    expect(checkInvoiceUbl(buildUbl(document!))).toEqual([]);
    expect(await downloadsLogged()).toBe(before + 1);
    const [entry] = await sql<{ actor_id: string; after: Record<string, unknown> }[]>`
      select actor_id, after from public.audit_log
      where table_name = 'exports' and row_key ->> 'id' = ${issued.invoiceId} order by id desc limit 1`;
    expect(entry).toMatchObject({ actor_id: world.organiserId, after: { format: 'xml', detail: '1' } });
  });

  it('gives nobody else the console download, and logs nothing for them', async () => {
    const before = await downloadsLogged();
    expect(await loadInvoiceForOrganiser(organiserOf(other), 'faktura', '1', 'pdf', sql)).toBeNull();
    expect(await loadInvoiceForOrganiser(buyer.claims as SignedIn, 'faktura', '1', 'pdf', sql)).toBeNull();
    expect(await loadInvoiceForOrganiser(stranger.claims as SignedIn, 'faktura', '1', 'pdf', sql)).toBeNull();
    expect(await downloadsLogged()).toBe(before);
  });

  it("gives the buyer their own invoice and credit notes on My page, and nobody else's", async () => {
    const mine = await loadMyInvoice(buyer.claims as SignedIn, issued.invoiceId, sql);
    expect(mine).toMatchObject({ number: '1', buyer: { organisationName: 'Testrup Kommune', ean: '5798000000001' } });
    expect(await loadMyInvoice(stranger.claims as SignedIn, issued.invoiceId, sql)).toBeNull();
    // Organisers download from the console (audited), not through the buyer's route.
    expect(await loadMyInvoice(organiserOf(world), issued.invoiceId, sql)).toBeNull();

    await cancel([issued.ticketIds[2]!]);
    const [note] = await sql<{ id: string }[]>`
      select private.issue_credit_note(${issued.invoiceId}, ${[issued.ticketIds[2]!]}::uuid[]) as id`;
    const credit = await loadMyInvoice(buyer.claims as SignedIn, note!.id, sql);
    expect(credit).toMatchObject({ kind: 'credit_note', credits: { number: '1' }, grossOre: 125_000 });
    expect(checkInvoiceUbl(buildUbl(credit!))).toEqual([]);
  });
});
