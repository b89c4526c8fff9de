// Checkout by invoice, the I/O: the one call that registers an invoice order
// (private.register_by_invoice: order, tickets, seats, buyer details and the
// invoice in the caller's transaction), whether an event offers it, and the
// buyer's side on My page — their invoices and credit notes, and the
// invoicing details they asked us to remember.
import type postgres from 'postgres';
import { asUser, type Claims, type SignedIn, type Sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import type { RegisterRow } from '../registration/registration.server.ts';
import type { AttendeeInput } from '../registration/registration.ts';
import type { BuyerType, InvoiceBuyerInput, RememberedBuyer } from './checkout.ts';

/**
 * One call of private.register_by_invoice, unsent (the caller's transaction
 * sends it). It answers like private.register (plus 'invoice_unavailable');
 * on 'ok' the order is confirmed and its invoice issued before the commit.
 */
export function registerByInvoiceStatement(
  tx: Sql | Tx,
  input: { ticketTypeId: string; buyer: { name: string; email: string }; attendees: Partial<AttendeeInput>[] },
  options: {
    lang: Lang;
    offerTokenHash?: Buffer | null;
    accessCode?: string | null;
    submissionKey?: string | null | undefined;
    invoice: InvoiceBuyerInput;
  },
): postgres.PendingQuery<RegisterRow[]> {
  const buyer = {
    buyerType: options.invoice.buyerType,
    ean: options.invoice.ean,
    cvr: options.invoice.cvr,
    organisationName: options.invoice.organisationName,
    orderReference: options.invoice.orderReference,
    referencePerson: options.invoice.referencePerson,
    invoiceEmail: options.invoice.invoiceEmail,
    remember: options.invoice.remember,
  };
  return tx<RegisterRow[]>`
    select result, order_id, order_reference, order_status, total_ore, null::timestamptz as expires_at, ticket_ids, detail
      from private.register_by_invoice(
        ${options.submissionKey ?? null}, ${input.ticketTypeId}, ${input.buyer.name}, ${input.buyer.email},
        ${options.lang}, ${tx.json(input.attendees as never)}, ${tx.json(buyer)}, ${options.offerTokenHash ?? null},
        ${options.accessCode ?? null})`;
}

/** The days an invoice gives to pay when the event offers payment by invoice; null when it does not. */
export async function invoiceTerms(tx: Tx, eventId: string): Promise<{ dueDays: number } | null> {
  const [row] = await tx<{ due_days: number }[]>`select due_days from private.invoice_terms(${eventId})`;
  return row ? { dueDays: row.due_days } : null;
}

/** The invoicing details the signed-in buyer asked us to remember, if any. */
export async function loadRememberedBuyer(claims: Claims): Promise<RememberedBuyer | null> {
  if (claims.role !== 'authenticated') return null;
  const [row] = await asUser(
    claims,
    (tx) => tx<
      {
        buyer_type: BuyerType;
        ean: string | null;
        cvr: string | null;
        organisation_name: string;
        reference_person: string | null;
        invoice_email: string;
      }[]
    >`
      select buyer_type, ean, cvr, organisation_name, reference_person, invoice_email
        from public.invoice_buyer_profiles where user_id = (select auth.uid())`,
  );
  return row
    ? {
        buyerType: row.buyer_type,
        ean: row.ean,
        cvr: row.cvr,
        organisationName: row.organisation_name,
        referencePerson: row.reference_person,
        invoiceEmail: row.invoice_email,
      }
    : null;
}

/** Deletes the remembered invoicing details; true when there were some. */
export async function forgetRememberedBuyer(claims: SignedIn): Promise<boolean> {
  const result = await asUser(
    claims,
    (tx) => tx`delete from public.invoice_buyer_profiles where user_id = (select auth.uid())`,
  );
  return result.count > 0;
}

export interface MyInvoice {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  eventName: string;
  orderReference: string;
  issuedAt: Date;
  /** YYYY-MM-DD in Copenhagen; invoices only. */
  dueDate: string | null;
  paidAt: Date | null;
  grossOre: number;
  /** What credit notes took off an invoice. */
  creditedOre: number;
  /** The invoice a credit note credits. */
  creditsNumber: string | null;
}

/** The caller's invoices and credit notes (theirs by RLS: orders they placed), newest first. */
export async function listMyInvoices(claims: SignedIn, lang: Lang): Promise<MyInvoice[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<
      {
        id: string;
        kind: 'invoice' | 'credit_note';
        number: string;
        event_name: string;
        event_name_en: string | null;
        reference: string;
        issued_at: Date;
        due_date: string | null;
        paid_at: Date | null;
        gross_ore: string;
        credited_ore: string;
        credits_number: string | null;
      }[]
    >`
      select i.id, i.kind, i.number, e.name as event_name, e.name_en as event_name_en, o.reference, i.issued_at,
             i.due_date::text as due_date, i.paid_at, i.gross_ore,
             coalesce((select sum(c.gross_ore) from public.invoices c where c.credits_invoice_id = i.id), 0) as credited_ore,
             (select c.number from public.invoices c where c.id = i.credits_invoice_id) as credits_number
        from public.invoices i
        join public.orders o on o.id = i.order_id
        join public.events e on e.id = i.event_id
       where o.buyer_user_id = (select auth.uid()) or o.buyer_email = (select private.current_email())
       order by i.issued_at desc, i.number desc
       limit 200`,
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    number: row.number,
    eventName: localized(lang, row.event_name, row.event_name_en),
    orderReference: row.reference,
    issuedAt: row.issued_at,
    dueDate: row.due_date,
    paidAt: row.paid_at,
    grossOre: Number(row.gross_ore),
    creditedOre: Number(row.credited_ore),
    creditsNumber: row.credits_number,
  }));
}

/** invoiceTerms in a request of its own (the thanks page). */
export async function eventInvoiceTerms(claims: Claims, eventId: string): Promise<{ dueDays: number } | null> {
  return asUser(claims, (tx) => invoiceTerms(tx, eventId));
}
