// `npm run bench:invoice`: the two costs of pay by invoice (#15).
//
// 1. Documents: how many invoices a second one core turns into their PDF and
//    their Peppol UBL (built, and checked against the BIS rules we check in
//    code), beside the takeaways certificate PDF rendered in the same run as
//    the reference (an existing PDF path, same pdfmake, same fonts).
// 2. The gap-free counter: 200 orders issue their invoices at once against a
//    real (throwaway, embedded) Postgres, all for ONE seller, so every issue
//    queues on that seller's counter row; the reference in the same run is 200
//    orders of 200 different sellers (no queue). Afterwards the numbers must
//    be exactly 1..200 (the bench fails otherwise).
import os from 'node:os';
import path from 'node:path';
import { asService, connect, type Sql } from '../src/lib/db/db.server.ts';
import { startEmbeddedPostgres } from '../src/lib/db/embedded.ts';
import { bootstrapIfVanilla, migrate } from '../src/lib/db/migrate.ts';
import { renderInvoicePdf } from '../src/lib/invoice/pdf.server.ts';
import { sampleInvoice } from '../src/lib/invoice/sample-document.ts';
import { buildUbl } from '../src/lib/invoice/ubl.ts';
import { checkInvoiceUbl } from '../src/lib/invoice/ubl-rules.ts';
import { renderCertificatePdf } from '../src/lib/takeaways/pdf.server.ts';
import { insertInvoiceOrder, insertInvoiceSettings } from '../tests/fixtures/invoice-world.ts';
import { insertTicketType } from '../tests/fixtures/registration-world.ts';
import { percentile } from './lib/load.ts';
import { BENCH_FSYNC, loadAverage, printSetup } from './lib/setup.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 200);
const POOL = Number(process.env.BENCH_POOL ?? 50);

const round = (value: number) => Math.round(value * 10) / 10;

/** Runs `once` back to back for SECONDS; documents a second and p50/p95 in ms. */
async function measure(what: string, once: () => Promise<unknown> | unknown) {
  const times: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  while (performance.now() < until) {
    const began = performance.now();
    await once();
    times.push(performance.now() - began);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    what,
    done: times.length,
    perSecond: round(times.length / seconds),
    p50ms: round(percentile(times, 50)),
    p95ms: round(percentile(times, 95)),
    load: loadAverage(),
  };
}

async function documents() {
  const invoice = sampleInvoice({ tickets: 3 });
  const large = sampleInvoice({ tickets: 40 });
  const certificate = {
    token: 'x',
    name: 'Søren Æblerød',
    eventName: 'Velfærdens Innovationsdag 2027',
    eventStartsAt: new Date('2027-02-25T07:00:00Z'),
    timeZone: 'Europe/Copenhagen',
    venueName: 'Øksnehallen',
    organiserName: 'Center for Offentlig Innovation',
    minutes: 210,
    sessions: [
      { title: 'Åbning', startsAt: new Date('2027-02-25T07:00:00Z'), endsAt: new Date('2027-02-25T08:00:00Z') },
    ],
    issuedAt: new Date('2027-02-26T07:00:00Z'),
  };
  const both = async (document: typeof invoice) => {
    const xml = buildUbl(document);
    if (checkInvoiceUbl(xml).length > 0) throw new Error('the UBL broke a rule');
    await renderInvoicePdf(document);
  };
  // Warm up (module loading, font metrics, Intl formatters).
  await both(invoice);
  await renderCertificatePdf(certificate, 'https://samspil.example/bevis/x', 'da');

  console.log('\n1. Documents, one core, back to back');
  console.table([
    await measure('reference: certificate PDF (takeaways)', () =>
      renderCertificatePdf(certificate, 'https://samspil.example/bevis/x', 'da'),
    ),
    await measure('invoice, 3 tickets: PDF + UBL + rules', () => both(invoice)),
    await measure('invoice, 3 tickets: PDF only', () => renderInvoicePdf(invoice)),
    await measure('invoice, 3 tickets: UBL only', () => buildUbl(invoice)),
    await measure('invoice, 3 tickets: rules on the UBL', () => checkInvoiceUbl(buildUbl(invoice))),
    await measure('invoice, 40 tickets: PDF + UBL + rules', () => both(large)),
  ]);
}

/** ORDERS confirmed invoice orders of one ticket each: all of one seller, or each of its own. */
async function prepareOrders(db: Sql, sellers: 'one' | 'many' | 'warm', count = ORDERS): Promise<string[]> {
  const orders: string[] = [];
  const event = async (index: number) => {
    const [row] = await db<{ id: string }[]>`
      insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
      values (${`bench-${sellers}-${index}`}, 'Fakturabench', now() + interval '30 days',
              now() + interval '30 days 8 hours', 'Hallen', 'Os', 'published')
      returning id`;
    // Distinct 8-digit CVRs per seller; the one seller is 12345674.
    const cvr = String((sellers === 'warm' ? 30_000_000 : 20_000_000) + index);
    await insertInvoiceSettings(db, row!.id, sellers === 'one' ? {} : { cvr });
    const typeId = await insertTicketType(db, {
      eventId: row!.id,
      slug: 'billet',
      priceOre: 125_000,
      capacity: ORDERS,
    });
    return { eventId: row!.id, typeId };
  };
  const shared = sellers === 'one' ? await event(0) : null;
  for (let index = 0; index < count; index++) {
    const { eventId, typeId } = shared ?? (await event(index));
    const order = await insertInvoiceOrder(db, { eventId, ticketTypeId: typeId, priceOre: 125_000, tickets: 1 });
    orders.push(order.orderId);
  }
  return orders;
}

async function issueAll(db: Sql, what: string, orders: string[]) {
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    orders.map(async (orderId) => {
      const began = performance.now();
      await asService((tx) => tx`select private.issue_invoice(${orderId})`, db);
      times.push(performance.now() - began);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    what,
    issued: times.length,
    perSecond: round(times.length / seconds),
    p50ms: round(percentile(times, 50)),
    p95ms: round(percentile(times, 95)),
    maxMs: round(times.at(-1) ?? 0),
    load: loadAverage(),
  };
}

async function counter() {
  const server = await startEmbeddedPostgres({
    dir: path.join(os.tmpdir(), `samspil-bench-invoice-${process.pid}`),
    persistent: false,
    fsync: BENCH_FSYNC,
  });
  const db = connect(server.url, { max: POOL });
  try {
    await bootstrapIfVanilla(db);
    await migrate(db);
    await printSetup(db, { concurrency: ORDERS, pool: POOL });
    const one = await prepareOrders(db, 'one');
    const many = await prepareOrders(db, 'many');
    // Warm the connections and the functions' plans, unmeasured, so neither run pays for it.
    await issueAll(db, 'warm-up', await prepareOrders(db, 'warm', POOL));

    console.log(`\n2. ${ORDERS} invoice orders issuing at once`);
    const rows = [
      await issueAll(db, `reference: ${ORDERS} sellers, one order each (no queue)`, many),
      await issueAll(db, `one seller, ${ORDERS} orders (gap-free counter)`, one),
    ];
    console.table(rows);

    const numbers = (await db<{ number: string }[]>`select number from public.invoices where seller_cvr = '12345674'`)
      .map((row) => Number(row.number))
      .sort((a, b) => a - b);
    const exact = numbers.length === ORDERS && numbers.every((number, index) => number === index + 1);
    console.log(
      `numbers of the one seller: ${numbers.length} invoices, ${numbers[0]}..${numbers.at(-1)}, ` +
        `${exact ? 'no gaps, no duplicates' : 'BROKEN'}`,
    );
    if (!exact) process.exitCode = 1;
  } finally {
    await db.end({ timeout: 5 });
    await server.stop();
  }
}

console.log(`bench:invoice — ${os.cpus().length} cores, load average ${loadAverage()}, ${SECONDS} s per figure`);
await documents();
await counter();
