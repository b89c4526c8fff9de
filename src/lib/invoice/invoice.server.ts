// Reads issued invoices and credit notes for the PDF and the UBL, as the
// signed-in person under RLS: an organiser of the event (their download is
// recorded in the audit log in the same transaction, which is also the gate),
// or the buyer of the order (My page; their own orders only).
import { asUser, type SignedIn, sql, type Sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { type BuyerJson, buyerOf, type InvoiceDocument, type SellerJson, sellerOf } from './document.ts';

interface InvoiceRow {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  issue_date: string;
  due_date: string | null;
  language: Lang;
  seller: SellerJson;
  buyer: BuyerJson;
  net_ore: string;
  vat_ore: string;
  gross_ore: string;
  credits_number: string | null;
  credits_issue_date: string | null;
}

interface LineRow {
  position: number;
  item_name: string;
  attendee_name: string | null;
  vat_percent: number;
  net_ore: string;
  vat_ore: string;
  gross_ore: string;
}

/** The columns of an invoice row as the document needs them (`i` the invoice, `c` what it credits). */
const COLUMNS = `
  i.id, i.kind, i.number, to_char(i.issue_date, 'YYYY-MM-DD') as issue_date,
  to_char(i.due_date, 'YYYY-MM-DD') as due_date, i.language, i.seller, i.buyer, i.net_ore, i.vat_ore, i.gross_ore,
  c.number as credits_number, to_char(c.issue_date, 'YYYY-MM-DD') as credits_issue_date`;

async function documentOf(tx: Tx, row: InvoiceRow): Promise<InvoiceDocument> {
  const lines = await tx<LineRow[]>`
    select position, item_name, attendee_name, vat_percent, net_ore, vat_ore, gross_ore
    from public.invoice_lines where invoice_id = ${row.id} order by position`;
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    currency: 'DKK',
    language: row.language,
    seller: sellerOf(row.seller),
    buyer: buyerOf(row.buyer),
    credits:
      row.credits_number && row.credits_issue_date
        ? { number: row.credits_number, issueDate: row.credits_issue_date }
        : null,
    lines: lines.map((line) => ({
      position: line.position,
      itemName: line.item_name,
      attendeeName: line.attendee_name,
      vatPercent: line.vat_percent,
      netOre: Number(line.net_ore),
      vatOre: Number(line.vat_ore),
      grossOre: Number(line.gross_ore),
    })),
    netOre: Number(row.net_ore),
    vatOre: Number(row.vat_ore),
    grossOre: Number(row.gross_ore),
  };
}

/**
 * An event's invoice or credit note by its number, for an organiser's download
 * in `format`; the download is in the audit log before this returns. Null when
 * there is no such document or the person is not an organiser of the event.
 */
export async function loadInvoiceForOrganiser(
  claims: SignedIn,
  eventSlug: string,
  number: string,
  format: 'pdf' | 'xml',
  db: Sql = sql(),
): Promise<InvoiceDocument | null> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx.unsafe<InvoiceRow[]>(
        `select ${COLUMNS}
           from public.invoices i
           join public.events e on e.id = i.event_id
           left join public.invoices c on c.id = i.credits_invoice_id
          where e.slug = $1 and i.number = $2 and private.has_event_role(i.event_id, 'organiser')`,
        [eventSlug, number],
      );
      if (!row) return null;
      await tx`select private.record_invoice_download(${row.id}, ${format})`;
      return documentOf(tx, row);
    },
    db,
  );
}

/** An issued document by id, for a server job (`tx` runs as the service role): the invoice email's attachments. */
export async function loadInvoiceDocument(tx: Tx, id: string): Promise<InvoiceDocument | null> {
  const [row] = await tx.unsafe<InvoiceRow[]>(
    `select ${COLUMNS}
       from public.invoices i
       left join public.invoices c on c.id = i.credits_invoice_id
      where i.id = $1`,
    [id],
  );
  return row ? documentOf(tx, row) : null;
}

/** One of the signed-in buyer's own invoices or credit notes (My page); null for anyone else's. */
export async function loadMyInvoice(claims: SignedIn, id: string, db: Sql = sql()): Promise<InvoiceDocument | null> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx.unsafe<InvoiceRow[]>(
        `select ${COLUMNS}
           from public.invoices i
           join public.orders o on o.id = i.order_id
           left join public.invoices c on c.id = i.credits_invoice_id
          where i.id = $1
            and (o.buyer_user_id = (select auth.uid()) or o.buyer_email = (select private.current_email()))`,
        [id],
      );
      return row ? documentOf(tx, row) : null;
    },
    db,
  );
}
