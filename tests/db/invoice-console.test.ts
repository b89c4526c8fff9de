// The organiser's side of invoices (#15 item 4) on a real Postgres: settings
// saved as the organiser (version, audit, the "complete when enabled" and "CVR
// stays" constraints), marking paid once (by hand, racing, from a bank file),
// reminders each step at most once (also when two runs race), and what an
// organiser of another event may not see or do.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import { paymentToken } from '../../src/lib/invoice/bank-csv.ts';
import {
  applyBankPayments,
  copenhagenToday,
  invoicesToMatch,
  listInvoices,
  loadInvoiceSettings,
  markInvoicePaid,
  saveInvoiceSettings,
  sendInvoiceRemindersNow,
} from '../../src/lib/invoice/console.server.ts';
import type { InvoiceSettingsInput } from '../../src/lib/invoice/console.ts';
import { runInvoiceReminderJobs } from '../../src/lib/invoice/reminders.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertIssuedInvoice } from '../fixtures/invoice-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

const DAY = 86_400_000;
const ORIGIN = 'https://samspil.example.org';

const person = (name: string) => {
  const id = randomUUID();
  const email = `${name}@fakturakonsol.dk`;
  const claims: SignedIn = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims };
};
const organiser = person('organisator');
const colleague = person('kollega');
const stranger = person('fremmed');

let world: EventWorld;
let other: EventWorld;

const settingsInput = (eventId: string, overrides: Partial<InvoiceSettingsInput> = {}): InvoiceSettingsInput => ({
  event: eventId,
  version: null,
  enabled: false,
  sellerName: 'Center for Offentlig Innovation',
  sellerCvr: '24256790',
  sellerAddress: 'Nørregade 7',
  sellerPostcode: '1165',
  sellerCity: 'København K',
  bankReg: '1234',
  bankAccount: '0012345678',
  iban: null,
  bic: null,
  dueDays: 30,
  invoiceEmail: 'faktura@coi.example.org',
  ...overrides,
});

/** An invoice issued long ago: its dates moved back past the guard that keeps issued invoices as they are. */
const backdate = (invoiceId: string, days: number) =>
  sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      update public.invoices set issued_at = issued_at - ${days} * interval '1 day',
             issue_date = issue_date - ${days}::integer, due_date = due_date - ${days}::integer,
             due_at = due_at - ${days} * interval '1 day'
       where id = ${invoiceId}`;
  });

const invoiceRow = async (id: string) =>
  (
    await sql<{ paid_at: Date | null; reminders_sent: number; number: string; due_at: Date }[]>`
      select paid_at, reminders_sent, number, due_at from public.invoices where id = ${id}`
  )[0]!;

beforeAll(async () => {
  for (const p of [organiser, colleague, stranger]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  world = await insertEventWorld(sql, { slug: 'fakturakonsol-a', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'fakturakonsol-b', status: 'published' });
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.id}, 'organiser'),
      (${world.eventId}, ${colleague.id}, 'organiser'),
      (${other.eventId}, ${stranger.id}, 'organiser')`;
});

describe('invoice settings', () => {
  it('are created on the first save, guarded by their version after that, and audited with who saved', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-indstillinger', status: 'draft' })).eventId;
    await sql`insert into public.event_roles (event_id, user_id, role) values (${event}, ${organiser.id}, 'organiser')`;
    expect(await loadInvoiceSettings(organiser.claims, event, sql)).toMatchObject({ enabled: false, version: null });

    expect(await saveInvoiceSettings(organiser.claims, settingsInput(event), sql)).toEqual({ ok: true });
    // A second "first save" (another organiser's form from before) finds the row made.
    expect(await saveInvoiceSettings(organiser.claims, settingsInput(event), sql)).toMatchObject({
      ok: false,
      code: 'changed_elsewhere',
    });
    const first = await loadInvoiceSettings(organiser.claims, event, sql);
    expect(first).toMatchObject({ version: 1, sellerCvr: '24256790', enabled: false });

    expect(
      await saveInvoiceSettings(
        organiser.claims,
        settingsInput(event, { version: 1, enabled: true, dueDays: 14 }),
        sql,
      ),
    ).toEqual({ ok: true });
    // The form that still shows version 1 is refused, and nothing of it is written.
    expect(
      await saveInvoiceSettings(organiser.claims, settingsInput(event, { version: 1, sellerName: 'Gammel' }), sql),
    ).toMatchObject({ ok: false, code: 'changed_elsewhere' });
    expect(await loadInvoiceSettings(organiser.claims, event, sql)).toMatchObject({
      version: 2,
      enabled: true,
      dueDays: 14,
      sellerName: 'Center for Offentlig Innovation',
    });

    const audit = await sql<{ actor_id: string; action: string }[]>`
      select actor_id, action from public.audit_log
       where event_id = ${event} and table_name = 'invoice_settings' order by id`;
    expect(audit).toEqual([
      { actor_id: organiser.id, action: 'insert' },
      { actor_id: organiser.id, action: 'update' },
    ]);
  });

  it('cannot be switched on without the seller and an account, even past the form', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-ufuldstaendig', status: 'draft' })).eventId;
    await sql`insert into public.event_roles (event_id, user_id, role) values (${event}, ${organiser.id}, 'organiser')`;
    const answer = await saveInvoiceSettings(
      organiser.claims,
      settingsInput(event, { enabled: true, bankReg: null, bankAccount: null }),
      sql,
    );
    expect(answer).toMatchObject({ ok: false, code: 'incomplete' });
    expect(await loadInvoiceSettings(organiser.claims, event, sql)).toMatchObject({ version: null });
  });

  it('keep the CVR once invoices were issued under it', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-cvr', status: 'published' })).eventId;
    await sql`insert into public.event_roles (event_id, user_id, role) values (${event}, ${organiser.id}, 'organiser')`;
    await insertIssuedInvoice(sql, { eventId: event });
    const { version } = (await loadInvoiceSettings(organiser.claims, event, sql))!;
    expect(
      await saveInvoiceSettings(organiser.claims, settingsInput(event, { version, sellerCvr: '24256790' }), sql),
    ).toMatchObject({ ok: false, code: 'cvr_fixed' });
  });

  it('are not an organiser’s of another event to read or write', async () => {
    expect(await loadInvoiceSettings(stranger.claims, world.eventId, sql)).toBeNull();
    expect(await saveInvoiceSettings(stranger.claims, settingsInput(world.eventId), sql)).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    const direct = asUser(
      stranger.claims,
      (tx) => tx`insert into public.invoice_settings (event_id, seller_name) values (${world.eventId}, 'Fremmed')`,
      sql,
    );
    expect(await sqlState(direct)).toBe('42501');
  });
});

describe('marking an invoice paid', () => {
  it('happens once, with the date given, and is audited', async () => {
    const { invoiceId } = await insertIssuedInvoice(sql, { eventId: world.eventId });
    const today = copenhagenToday();
    const input = { event: world.eventId, invoice: invoiceId, paidOn: today };
    const { number } = await invoiceRow(invoiceId);
    expect(await markInvoicePaid(organiser.claims, input, { db: sql })).toEqual({ ok: true, number });
    expect(await markInvoicePaid(colleague.claims, input, { db: sql })).toMatchObject({
      ok: false,
      code: 'already_paid',
    });
    const [paid] = await sql<{ paid_on: string }[]>`
      select ((paid_at at time zone 'Europe/Copenhagen')::date)::text as paid_on from public.invoices where id = ${invoiceId}`;
    expect(paid!.paid_on).toBe(today);
    // Past the use case, Postgres refuses to move the date of a paid invoice.
    const again = asUser(
      organiser.claims,
      (tx) => tx`update public.invoices set paid_at = now() where id = ${invoiceId}`,
      sql,
    );
    expect(await sqlState(again)).toBe('23514');

    const audit = await sql<{ actor_id: string; row_label: string }[]>`
      select actor_id, row_label from public.audit_log
       where table_name = 'invoices' and row_key ->> 'id' = ${invoiceId} and action = 'update'`;
    expect(audit).toEqual([{ actor_id: organiser.id, row_label: number }]);
  });

  it('by two organisers at the same moment marks it once', async () => {
    const { invoiceId } = await insertIssuedInvoice(sql, { eventId: world.eventId, settings: false });
    const input = { event: world.eventId, invoice: invoiceId, paidOn: copenhagenToday() };
    const answers = await Promise.all([
      markInvoicePaid(organiser.claims, input, { db: sql }),
      markInvoicePaid(colleague.claims, input, { db: sql }),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok)).toEqual([{ ok: false, code: 'already_paid' }]);
  });

  it('refuses a date after today, and an organiser of another event', async () => {
    const { invoiceId } = await insertIssuedInvoice(sql, { eventId: world.eventId, settings: false });
    const tomorrow = copenhagenToday(new Date(Date.now() + DAY));
    expect(
      await markInvoicePaid(
        organiser.claims,
        { event: world.eventId, invoice: invoiceId, paidOn: tomorrow },
        { db: sql },
      ),
    ).toMatchObject({ ok: false, code: 'paid_in_future' });
    const today = copenhagenToday();
    expect(
      await markInvoicePaid(stranger.claims, { event: world.eventId, invoice: invoiceId, paidOn: today }, { db: sql }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    // Asking with their own event's id does not reach the invoice either.
    expect(
      await markInvoicePaid(stranger.claims, { event: other.eventId, invoice: invoiceId, paidOn: today }, { db: sql }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    const direct = await asUser(
      stranger.claims,
      (tx) => tx`update public.invoices set paid_at = now() where id = ${invoiceId} returning id`,
      sql,
    );
    expect(direct).toHaveLength(0);
    expect((await invoiceRow(invoiceId)).paid_at).toBeNull();
    expect(await listInvoices(stranger.claims, world.eventId, sql)).toEqual([]);
  });
});

describe('a bank file’s payments', () => {
  it('mark the matched invoices paid in one go, each once', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-bank', status: 'published' })).eventId;
    await sql`
      insert into public.event_roles (event_id, user_id, role)
      values (${event}, ${organiser.id}, 'organiser'), (${event}, ${colleague.id}, 'organiser')`;
    const a = await insertIssuedInvoice(sql, { eventId: event, tickets: 3 });
    const b = await insertIssuedInvoice(sql, { eventId: event, settings: false });
    const open = await invoicesToMatch(organiser.claims, event, sql);
    expect(open.map((invoice) => [invoice.id, invoice.outstandingOre, invoice.paid])).toEqual(
      expect.arrayContaining([
        [a.invoiceId, 375_000, false],
        [b.invoiceId, 250_000, false],
      ]),
    );
    const today = copenhagenToday();
    const row = { line: 2, date: today, text: '', amountOre: 0 };
    const payment = open.map((invoice) => paymentToken({ invoice, row }));
    expect(await applyBankPayments(organiser.claims, { event, payment }, { db: sql })).toEqual({
      ok: true,
      applied: 2,
      skipped: 0,
    });
    // The same file applied again (a second tab, a double click) changes nothing.
    expect(await applyBankPayments(colleague.claims, { event, payment }, { db: sql })).toEqual({
      ok: true,
      applied: 0,
      skipped: 2,
    });
    expect(await applyBankPayments(stranger.claims, { event, payment }, { db: sql })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    const statuses = (await listInvoices(organiser.claims, event, sql)).map((invoice) => invoice.paidOn);
    expect(statuses).toEqual([today, today]);
  });
});

describe('reminders for overdue invoices', () => {
  const outbox = (invoiceId: string) =>
    sql<{ idempotency_key: string; recipient: string; template: string; template_data: Record<string, unknown> }[]>`
      select idempotency_key, recipient, template, template_data from private.outbox_emails
       where idempotency_key like ${`invoice-reminder/${invoiceId}/%`} order by idempotency_key`;
  const queueDue = (now: Date, eventId: string | null = null) =>
    asService(
      (tx) => tx<{ sent: number }[]>`select private.queue_due_invoice_reminders(${eventId}, ${now}, ${ORIGIN}) as sent`,
      sql,
    ).then((rows) => rows[0]!.sent);

  it('go out 3, 14 and 28 days after the due moment, each step once, however often they are run', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-rykker', status: 'published' })).eventId;
    const { invoiceId } = await insertIssuedInvoice(sql, { eventId: event });
    const { due_at: dueAt, number } = await invoiceRow(invoiceId);
    const at = (days: number) => new Date(dueAt.getTime() + days * DAY + 60_000);

    expect(await queueDue(at(2), event)).toBe(0);
    expect(await queueDue(at(3), event)).toBe(1);
    expect(await queueDue(at(3), event)).toBe(0);
    expect(await queueDue(at(13), event)).toBe(0);
    // Two runs racing for the second step send it once.
    const raced = await Promise.all([queueDue(at(14), event), queueDue(at(14), event)]);
    expect(raced.reduce((sum, sent) => sum + sent, 0)).toBe(1);
    // Long after, one step at a time: the third, and then no fourth.
    expect(await queueDue(at(100), event)).toBe(1);
    expect(await queueDue(at(200), event)).toBe(0);

    const emails = await outbox(invoiceId);
    expect(emails.map((email) => [email.idempotency_key, email.recipient, email.template])).toEqual([
      [`invoice-reminder/${invoiceId}/1`, 'faktura@testrup.dk', 'invoice-reminder'],
      [`invoice-reminder/${invoiceId}/2`, 'faktura@testrup.dk', 'invoice-reminder'],
      [`invoice-reminder/${invoiceId}/3`, 'faktura@testrup.dk', 'invoice-reminder'],
    ]);
    expect(emails[0]!.template_data).toMatchObject({
      invoiceNumber: number,
      amountOre: 250_000,
      step: 1,
      organisationName: 'Testrup Kommune',
      recipientName: 'Rita Reference',
      myPageUrl: `${ORIGIN}/min-side`,
    });
    expect((await invoiceRow(invoiceId)).reminders_sent).toBe(3);
    // The table itself refuses a step twice.
    const twice = sql`insert into private.invoice_reminders (invoice_id, step, email_id) values (${invoiceId}, 1, ${randomUUID()})`;
    expect(await sqlState(twice)).toBe('23505');
  });

  it('skip paid and credited invoices', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-betalt', status: 'published' })).eventId;
    const paid = await insertIssuedInvoice(sql, { eventId: event });
    const credited = await insertIssuedInvoice(sql, { eventId: event, settings: false, tickets: 1 });
    await sql`update public.invoices set paid_at = now() where id = ${paid.invoiceId}`;
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${credited.ticketIds[0]!}`;
    await sql`select private.issue_credit_note(${credited.invoiceId}, null)`;
    expect(await queueDue(new Date(Date.now() + 60 * DAY), event)).toBe(0);
  });

  it('are sent now by an organiser of the event, and by no one else', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-nu', status: 'published' })).eventId;
    await sql`insert into public.event_roles (event_id, user_id, role) values (${event}, ${organiser.id}, 'organiser')`;
    await insertIssuedInvoice(sql, { eventId: event });
    // Not yet due: nothing to send.
    expect(await sendInvoiceRemindersNow(organiser.claims, event, ORIGIN, sql)).toEqual({ ok: true, sent: 0 });
    expect(await sendInvoiceRemindersNow(stranger.claims, event, ORIGIN, sql)).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    const direct = asUser(stranger.claims, (tx) => tx`select private.send_invoice_reminders(${event}, ${ORIGIN})`, sql);
    expect(await sqlState(direct)).toBe('42501');
    const worker = asUser(
      organiser.claims,
      (tx) => tx`select private.queue_due_invoice_reminders(${event}, now() + interval '1 year', ${ORIGIN})`,
      sql,
    );
    expect(await sqlState(worker)).toBe('42501');
  });

  it('run once a day through the job queue', async () => {
    const event = (await insertEventWorld(sql, { slug: 'fakturakonsol-job', status: 'published' })).eventId;
    const { invoiceId } = await insertIssuedInvoice(sql, { eventId: event });
    await backdate(invoiceId, 40);
    // Yesterday, after 09:00 in Copenhagen: that day's job is due and runs.
    const day = new Date(Date.now() - DAY);
    const first = await runInvoiceReminderJobs({ origin: ORIGIN, now: () => day, db: sql });
    expect(first).toMatchObject({ claimed: 1, done: 1 });
    expect(await outbox(invoiceId)).toHaveLength(1);
    // The same day again: the job exists and is done; nothing more is queued.
    expect(await runInvoiceReminderJobs({ origin: ORIGIN, now: () => day, db: sql })).toMatchObject({ claimed: 0 });
    const jobs = await sql<{ idempotency_key: string; status: string }[]>`
      select idempotency_key, status from private.jobs where queue = 'invoice-reminders'`;
    expect(jobs).toEqual([{ idempotency_key: `invoice-reminders/${copenhagenToday(day)}`, status: 'done' }]);
    expect(await outbox(invoiceId)).toHaveLength(1);
  });
});
