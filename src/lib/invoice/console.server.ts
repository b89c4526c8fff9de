// The organiser's invoices, the I/O: settings read and saved, the list, marking
// paid by hand or from a bank file, and "send reminders now". Everything runs
// as the signed-in organiser (asUser), so RLS decides which event's invoices
// they see or change (20261203140100_invoices.sql), the audit trigger records
// who did it, and Postgres keeps an invoice paid once (the guard trigger and
// the `paid_at is null` condition of every update).
import postgres from 'postgres';
import { asUser, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import { toWallClock } from '../i18n/wall-clock.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { refused } from '../site/refusal.ts';
import { type OpenInvoice, parsePaymentToken } from './bank-csv.ts';
import {
  type ConsoleInvoice,
  type InvoiceConsoleRefusal,
  type InvoiceSettingsInput,
  type MarkPaidInput,
  outstandingOre,
  paidOnProblem,
} from './console.ts';

const ZONE = 'Europe/Copenhagen';

/** Today's date in Copenhagen, where invoices are dated. */
export function copenhagenToday(now: Date = new Date()): string {
  return toWallClock(now, ZONE).slice(0, 10);
}

// ── Settings ────────────────────────────────────────────────────────────────

export interface InvoiceSettings {
  enabled: boolean;
  sellerName: string | null;
  sellerCvr: string | null;
  sellerAddress: string | null;
  sellerPostcode: string | null;
  sellerCity: string | null;
  bankReg: string | null;
  bankAccount: string | null;
  iban: string | null;
  bic: string | null;
  dueDays: number;
  invoiceEmail: string | null;
  /** Null until first saved. */
  version: number | null;
}

interface SettingsRow {
  enabled: boolean;
  seller_name: string | null;
  seller_cvr: string | null;
  seller_address: string | null;
  seller_postcode: string | null;
  seller_city: string | null;
  bank_reg: string | null;
  bank_account: string | null;
  iban: string | null;
  bic: string | null;
  due_days: number;
  invoice_email: string | null;
  version: number;
}

const NO_SETTINGS: InvoiceSettings = {
  enabled: false,
  sellerName: null,
  sellerCvr: null,
  sellerAddress: null,
  sellerPostcode: null,
  sellerCity: null,
  bankReg: null,
  bankAccount: null,
  iban: null,
  bic: null,
  dueDays: 30,
  invoiceEmail: null,
  version: null,
};

/** The event's invoice settings (the defaults until first saved); null if the caller does not organise it. */
export async function loadInvoiceSettings(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<InvoiceSettings | null> {
  return asUser(
    claims,
    async (tx) => {
      if (!(await organises(tx, eventId))) return null;
      const [row] = await tx<SettingsRow[]>`
        select enabled, seller_name, seller_cvr, seller_address, seller_postcode, seller_city, bank_reg, bank_account,
               iban, bic, due_days, invoice_email, version
          from public.invoice_settings where event_id = ${eventId}`;
      if (!row) return NO_SETTINGS;
      return {
        enabled: row.enabled,
        sellerName: row.seller_name,
        sellerCvr: row.seller_cvr,
        sellerAddress: row.seller_address,
        sellerPostcode: row.seller_postcode,
        sellerCity: row.seller_city,
        bankReg: row.bank_reg,
        bankAccount: row.bank_account,
        iban: row.iban,
        bic: row.bic,
        dueDays: row.due_days,
        invoiceEmail: row.invoice_email,
        version: row.version,
      };
    },
    db,
  );
}

async function organises(tx: Tx, eventId: string): Promise<boolean> {
  const [row] = await tx<{ organiser: boolean }[]>`select private.has_event_role(${eventId}, 'organiser') as organiser`;
  return row!.organiser;
}

/** What a constraint Postgres enforced means to the form; undefined for a real fault. */
function settingsRefusalFor(error: unknown): InvoiceConsoleRefusal | undefined {
  if (!(error instanceof postgres.PostgresError)) return undefined;
  if (error.constraint_name === 'invoice_settings_complete_when_enabled') return refused('incomplete');
  if (error.constraint_name === 'invoice_settings_cvr_fixed') return refused('cvr_fixed');
  return undefined;
}

/**
 * Saves the settings the form showed. The first save creates the row (a
 * second organiser's first save then finds it made: changed elsewhere);
 * later ones are guarded by the version.
 */
export async function saveInvoiceSettings(
  claims: SignedIn,
  input: InvoiceSettingsInput,
  db: Sql = sql(),
): Promise<{ ok: true } | InvoiceConsoleRefusal> {
  const columns = {
    enabled: input.enabled,
    seller_name: input.sellerName,
    seller_cvr: input.sellerCvr,
    seller_address: input.sellerAddress,
    seller_postcode: input.sellerPostcode,
    seller_city: input.sellerCity,
    bank_reg: input.bankReg,
    bank_account: input.bankAccount,
    iban: input.iban,
    bic: input.bic,
    due_days: input.dueDays,
    invoice_email: input.invoiceEmail,
  };
  try {
    return await asUser(
      claims,
      async (tx): Promise<{ ok: true } | InvoiceConsoleRefusal> => {
        if (!(await organises(tx, input.event))) return refused('not_found');
        if (input.version === null) {
          const [row] = await tx`
            insert into public.invoice_settings ${tx({ event_id: input.event, ...columns })}
            on conflict (event_id) do nothing returning event_id`;
          return row ? { ok: true } : refused('changed_elsewhere');
        }
        const [row] = await tx`
          update public.invoice_settings set ${tx(columns)}
           where event_id = ${input.event} and version = ${input.version} returning event_id`;
        return row ? { ok: true } : refused('changed_elsewhere');
      },
      db,
    );
  } catch (error) {
    const refusal = settingsRefusalFor(error);
    if (refusal) return refusal;
    throw error;
  }
}

// ── The list ────────────────────────────────────────────────────────────────

export type { ConsoleInvoice };

interface InvoiceRow {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  issue_date: string;
  due_date: string | null;
  due_at: Date | null;
  issued_at: Date;
  net_ore: number;
  vat_ore: number;
  gross_ore: number;
  credited_ore: number;
  paid_at: Date | null;
  paid_on: string | null;
  reminders_sent: number;
  organisation: string | null;
  ean: string | null;
  cvr: string | null;
  order_reference: string | null;
  reference_person: string | null;
  credits_number: string | null;
}

/** The list's query, newest first (the export reads it through a cursor). */
export function invoiceListQuery(tx: Tx, eventId: string) {
  return tx<InvoiceRow[]>`
    select i.id, i.number, i.kind, i.issue_date::text as issue_date, i.due_date::text as due_date, i.due_at,
           i.issued_at, i.net_ore::float8 as net_ore, i.vat_ore::float8 as vat_ore, i.gross_ore::float8 as gross_ore,
           coalesce((select sum(c.gross_ore) from public.invoices c where c.credits_invoice_id = i.id), 0)::float8
             as credited_ore,
           i.paid_at, ((i.paid_at at time zone 'Europe/Copenhagen')::date)::text as paid_on, i.reminders_sent,
           i.buyer ->> 'organisation_name' as organisation, i.buyer ->> 'ean' as ean, i.buyer ->> 'cvr' as cvr,
           i.buyer ->> 'order_reference' as order_reference, i.buyer ->> 'reference_person' as reference_person,
           credited.number as credits_number
      from public.invoices i
      left join public.invoices credited on credited.id = i.credits_invoice_id
     where i.event_id = ${eventId}
     order by i.issued_at desc, i.number::bigint desc`;
}

export function toConsoleInvoice(row: InvoiceRow): ConsoleInvoice {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    dueAt: row.due_at,
    issuedAt: row.issued_at,
    netOre: row.net_ore,
    vatOre: row.vat_ore,
    grossOre: row.gross_ore,
    creditedOre: row.credited_ore,
    paidAt: row.paid_at,
    paidOn: row.paid_on,
    remindersSent: row.reminders_sent,
    organisation: row.organisation,
    ean: row.ean,
    cvr: row.cvr,
    orderReference: row.order_reference,
    referencePerson: row.reference_person,
    creditsNumber: row.credits_number,
  };
}

export async function listInvoices(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<ConsoleInvoice[]> {
  const rows = await asUser(claims, (tx) => invoiceListQuery(tx, eventId), db);
  return rows.map(toConsoleInvoice);
}

// ── Marking paid ────────────────────────────────────────────────────────────

export async function markInvoicePaid(
  claims: SignedIn,
  input: MarkPaidInput,
  options: { now?: Date; db?: Sql } = {},
): Promise<{ ok: true; number: string } | InvoiceConsoleRefusal> {
  const today = copenhagenToday(options.now);
  return asUser(
    claims,
    async (tx): Promise<{ ok: true; number: string } | InvoiceConsoleRefusal> => {
      const [invoice] = await tx<
        {
          number: string;
          kind: string;
          issue_date: string;
          paid_at: Date | null;
          gross_ore: number;
          credited_ore: number;
        }[]
      >`
        select i.number, i.kind, i.issue_date::text as issue_date, i.paid_at, i.gross_ore::float8 as gross_ore,
               coalesce((select sum(c.gross_ore) from public.invoices c where c.credits_invoice_id = i.id), 0)::float8
                 as credited_ore
          from public.invoices i where i.id = ${input.invoice} and i.event_id = ${input.event}`;
      if (!invoice || invoice.kind !== 'invoice') return refused('not_found');
      if (invoice.paid_at) return refused('already_paid');
      if (outstandingOre({ grossOre: invoice.gross_ore, creditedOre: invoice.credited_ore }) === 0) {
        return refused('credited');
      }
      const problem = paidOnProblem(input.paidOn, invoice.issue_date, today);
      if (problem === 'future') return refused('paid_in_future');
      if (problem === 'before_issue') return refused('paid_before_issue');
      // Of two organisers at once, the second waits for the first's row lock and then matches nothing.
      const [row] = await tx`
        update public.invoices set paid_at = (${input.paidOn}::date::timestamp at time zone 'Europe/Copenhagen')
         where id = ${input.invoice} and paid_at is null returning id`;
      return row ? { ok: true, number: invoice.number } : refused('already_paid');
    },
    options.db ?? sql(),
  );
}

/** The event's invoices as the bank matcher needs them. */
export async function invoicesToMatch(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<OpenInvoice[]> {
  const rows = await asUser(
    claims,
    (tx) =>
      tx<{ id: string; number: string; issue_date: string; gross_ore: number; credited_ore: number; paid: boolean }[]>`
      select i.id, i.number, i.issue_date::text as issue_date, i.gross_ore::float8 as gross_ore,
             i.paid_at is not null as paid,
             coalesce((select sum(c.gross_ore) from public.invoices c where c.credits_invoice_id = i.id), 0)::float8
               as credited_ore
        from public.invoices i where i.event_id = ${eventId} and i.kind = 'invoice'`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    outstandingOre: outstandingOre({ grossOre: row.gross_ore, creditedOre: row.credited_ore }),
    // Credited in full is as good as paid: nothing to match a payment to.
    paid: row.paid || outstandingOre({ grossOre: row.gross_ore, creditedOre: row.credited_ore }) === 0,
    issueDate: row.issue_date,
  }));
}

/**
 * Marks the payments of a bank file paid, in one statement: each invoice of
 * the event that is still unpaid and not credited in full, with a date from
 * its issue date to today. Returns how many were marked and how many were
 * left (paid meanwhile, or not a payment this event can take).
 */
export async function applyBankPayments(
  claims: SignedIn,
  input: { event: string; payment: readonly string[] },
  options: { now?: Date; db?: Sql } = {},
): Promise<{ ok: true; applied: number; skipped: number } | InvoiceConsoleRefusal> {
  const byInvoice = new Map<string, string>();
  for (const token of input.payment) {
    const payment = parsePaymentToken(token);
    if (payment && !byInvoice.has(payment.invoiceId)) byInvoice.set(payment.invoiceId, payment.date);
  }
  const today = copenhagenToday(options.now);
  return asUser(
    claims,
    async (tx) => {
      if (!(await organises(tx, input.event))) return refused('not_found');
      const rows = await tx`
        update public.invoices i set paid_at = (p.paid_on::timestamp at time zone 'Europe/Copenhagen')
          from unnest(${[...byInvoice.keys()]}::uuid[], ${[...byInvoice.values()]}::date[]) as p (id, paid_on)
         where i.id = p.id and i.event_id = ${input.event} and i.kind = 'invoice' and i.paid_at is null
           and p.paid_on between i.issue_date and ${today}::date
           and i.gross_ore > coalesce((select sum(c.gross_ore) from public.invoices c where c.credits_invoice_id = i.id), 0)
        returning i.id`;
      return { ok: true as const, applied: rows.length, skipped: input.payment.length - rows.length };
    },
    options.db ?? sql(),
  );
}

// ── Reminders ───────────────────────────────────────────────────────────────

/** "Send reminders now": queues the event's due reminders and returns how many. */
export async function sendInvoiceRemindersNow(
  claims: SignedIn,
  eventId: string,
  origin: string,
  db: Sql = sql(),
): Promise<{ ok: true; sent: number } | InvoiceConsoleRefusal> {
  const answer = await asUser(
    claims,
    async (tx): Promise<{ ok: true; sent: number } | InvoiceConsoleRefusal> => {
      if (!(await organises(tx, eventId))) return refused('not_found');
      const [row] = await tx<{ sent: number }[]>`select private.send_invoice_reminders(${eventId}, ${origin}) as sent`;
      return { ok: true, sent: row!.sent };
    },
    db,
  );
  if (answer.ok && answer.sent > 0) kickOutboxWorker();
  return answer;
}
