// The invoice email, queued in the transaction that issued the invoice or
// credit note (the confirmation job for an invoice, the cancellation for a
// credit note): to the buyer's invoice address, once per document (the
// outbox's idempotency key names it). Everything it says comes from the
// issued document itself, which never changes. The PDF and the e-invoice are
// attached: an invoice address is often a shared finance mailbox or a
// scanning service that cannot sign in to the buyer's My page.
import { type Tx, withServiceRole } from '../db/db.server.ts';
import { isLang, type Lang } from '../i18n/locales.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { pathsFor } from '../site/paths.ts';
import { invoiceFileName } from './document.ts';
import { loadInvoiceDocument } from './invoice.server.ts';
import { renderInvoicePdf } from './pdf.server.ts';
import { buildUbl } from './ubl.ts';

interface IssuedRow {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  language: string;
  issue_date: string;
  due_date: string | null;
  net_ore: string;
  vat_ore: string;
  gross_ore: string;
  seller: { name: string; event_name?: string };
  buyer: {
    organisation_name: string;
    email: string;
    order_reference?: string;
    reference_person?: string;
    ean?: string;
    order_number?: string;
  };
  credits_number: string | null;
}

/** Queues the email of one issued invoice or credit note. `tx` may run as any role (it reads as the service role). */
export async function queueInvoiceEmail(tx: Tx, invoiceId: string, origin: string): Promise<void> {
  await withServiceRole(tx, async () => {
    const [row] = await tx<IssuedRow[]>`
      select i.id, i.kind, i.number, i.language, i.issue_date::text as issue_date, i.due_date::text as due_date,
             i.net_ore, i.vat_ore, i.gross_ore, i.seller, i.buyer,
             (select c.number from public.invoices c where c.id = i.credits_invoice_id) as credits_number
        from public.invoices i where i.id = ${invoiceId}`;
    if (!row) return;
    const lang: Lang = isLang(row.language) ? row.language : 'da';
    const paths = pathsFor(lang);
    const document = await loadInvoiceDocument(tx, row.id);
    const files = document
      ? [
          {
            filename: invoiceFileName(document, 'pdf'),
            contentType: 'application/pdf' as const,
            contentBase64: (await renderInvoicePdf(document)).toString('base64'),
          },
          {
            filename: invoiceFileName(document, 'xml'),
            contentType: 'application/xml; charset=utf-8' as const,
            contentBase64: Buffer.from(buildUbl(document), 'utf8').toString('base64'),
          },
        ]
      : [];
    await enqueueEmail(tx, {
      idempotencyKey: `invoice/${row.id}`,
      to: row.buyer.email,
      lang,
      template: 'invoice',
      data: {
        kind: row.kind,
        number: row.number,
        sellerName: row.seller.name,
        recipientName: row.buyer.organisation_name,
        eventName: row.seller.event_name ?? row.seller.name,
        orderReference: row.buyer.order_number ?? row.number,
        ...(row.buyer.order_reference ? { buyerOrderReference: row.buyer.order_reference } : {}),
        ...(row.buyer.reference_person ? { referencePerson: row.buyer.reference_person } : {}),
        ...(row.buyer.ean ? { ean: row.buyer.ean } : {}),
        issueDate: row.issue_date,
        ...(row.due_date ? { dueDate: row.due_date } : {}),
        ...(row.credits_number ? { creditsNumber: row.credits_number } : {}),
        netOre: Number(row.net_ore),
        vatOre: Number(row.vat_ore),
        grossOre: Number(row.gross_ore),
        pdfUrl: origin + paths.myInvoice(row.id, 'pdf'),
        xmlUrl: origin + paths.myInvoice(row.id, 'xml'),
        myPageUrl: origin + paths.myPage(),
        files,
      },
    });
  });
}

/** The credit notes that credited these tickets: their ids, and what they credited them in all. */
export async function creditNotesFor(
  tx: Tx,
  ticketIds: readonly string[],
): Promise<{ creditNoteIds: string[]; creditedOre: number }> {
  return withServiceRole(tx, async () => {
    const rows = await tx<{ invoice_id: string; gross_ore: string }[]>`
      select l.invoice_id, sum(l.gross_ore)::text as gross_ore
        from public.invoice_lines l
       where l.credit and l.ticket_id = any(${ticketIds as string[]}::uuid[])
       group by l.invoice_id order by l.invoice_id`;
    return {
      creditNoteIds: rows.map((row) => row.invoice_id),
      creditedOre: rows.reduce((sum, row) => sum + Number(row.gross_ore), 0),
    };
  });
}
