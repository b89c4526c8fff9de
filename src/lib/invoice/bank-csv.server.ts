// A bank file's preview: the uploaded statement read (bank-csv.ts) and
// matched against the event's invoices as the organiser sees them (RLS).
// Nothing is written here; the organiser applies the matched payments in a
// second step (console.server.ts applyBankPayments).
import type { SignedIn, Sql } from '../db/db.server.ts';
import { sql } from '../db/db.server.ts';
import { refused } from '../site/refusal.ts';
import {
  BANK_CSV_MAX_BYTES,
  type BankMatchKind,
  countMatches,
  matchBankRows,
  parseBankCsv,
  paymentToken,
} from './bank-csv.ts';
import type { InvoiceConsoleRefusal } from './console.ts';
import { invoicesToMatch } from './console.server.ts';

/** Rows without an invoice beyond this many are counted, not listed (a year's statement has thousands). */
export const UNMATCHED_ROWS_SHOWN = 200;

export interface BankPreviewRow {
  kind: BankMatchKind;
  line: number;
  date: string;
  text: string;
  amountOre: number;
  invoiceNumber: string | null;
  outstandingOre: number | null;
  /** Matched rows: what the apply form posts. */
  payment: string | null;
}

export interface BankPreview {
  ok: true;
  fileName: string;
  counts: Record<BankMatchKind, number>;
  total: number;
  skipped: number[];
  rows: BankPreviewRow[];
  /** How long reading and matching took, for the log and the report. */
  ms: number;
}

export async function previewBankFile(
  claims: SignedIn,
  eventId: string,
  file: File | undefined,
  db: Sql = sql(),
): Promise<BankPreview | InvoiceConsoleRefusal> {
  if (!file) return refused('no_file');
  if (file.size > BANK_CSV_MAX_BYTES) return refused('file_too_large');
  const invoices = await invoicesToMatch(claims, eventId, db);
  const started = performance.now();
  const parsed = parseBankCsv(new Uint8Array(await file.arrayBuffer()));
  if (!parsed.ok) {
    return refused(
      parsed.problem === 'too_large' ? 'file_too_large' : parsed.problem === 'empty' ? 'file_empty' : 'no_header',
    );
  }
  const matches = matchBankRows(parsed.rows, invoices);
  let unmatchedShown = 0;
  const rows: BankPreviewRow[] = [];
  for (const match of matches) {
    if (match.kind === 'unmatched' && ++unmatchedShown > UNMATCHED_ROWS_SHOWN) continue;
    rows.push({
      kind: match.kind,
      line: match.row.line,
      date: match.row.date,
      text: match.row.text,
      amountOre: match.row.amountOre,
      invoiceNumber: 'invoice' in match ? match.invoice.number : null,
      outstandingOre: 'invoice' in match ? match.invoice.outstandingOre : null,
      payment: match.kind === 'matched' ? paymentToken(match) : null,
    });
  }
  return {
    ok: true,
    fileName: file.name.slice(0, 200),
    counts: countMatches(matches),
    total: matches.length,
    skipped: parsed.skipped.slice(0, 50),
    rows,
    ms: Math.round(performance.now() - started),
  };
}
