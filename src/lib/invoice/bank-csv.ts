// A Danish bank statement as CSV, read and matched against an event's
// invoices. Danish netbanks export `;`-separated files with Danish numbers
// ("1.234,50", "-75,00"), dates as dd-mm-yyyy (or dd.mm.yyyy, and Nordea's
// yyyy/mm/dd), in UTF-8 with or without a byte-order mark or in Windows-1252,
// sometimes with a line or two before the header. The columns differ per bank
// (Danske Bank "Dato;Tekst;Beløb;Saldo", Nordea "Bogføringsdato;Beløb;…;
// Beskrivelse", Jyske "Dato;Tekst;Beløb;Saldo"), so they are found by their
// header. csv-parse does the CSV itself (quotes, `;` in quoted text).
//
// Matching: an incoming amount whose text names one of the event's invoice
// numbers (as a whole number of its own: "Faktura 12" names 12, "5798000012"
// does not) is that invoice's payment. Pure: no I/O.
import { parse } from 'csv-parse/sync';

export interface BankRow {
  /** 1-based line of the record in the file, for the organiser to find it. */
  line: number;
  /** The booking date, as yyyy-mm-dd. */
  date: string;
  text: string;
  /** In øre; incoming payments are positive. */
  amountOre: number;
}

export type BankCsvProblem = 'empty' | 'no_header' | 'too_large';

export type ParsedBankCsv =
  | {
      ok: true;
      rows: BankRow[];
      /** Lines with a header's columns that could not be read (a date or amount that is none). */ skipped: number[];
    }
  | { ok: false; problem: BankCsvProblem };

/** The largest statement read: a year of a busy account is far below it. */
export const BANK_CSV_MAX_BYTES = 10 * 1024 * 1024;

// Header names, lower-cased and without spaces, per column; the first match wins.
const DATE_HEADERS = [
  'bogføringsdato',
  'bogført',
  'dato',
  'posteringsdato',
  'date',
  'bookingdate',
  'rentedato',
  'valørdato',
];
const TEXT_HEADERS = [
  'tekst',
  'posteringstekst',
  'beskrivelse',
  'text',
  'description',
  'meddelelse',
  'navn',
  'afsender',
];
const AMOUNT_HEADERS = ['beløb', 'beløbidkk', 'belob', 'amount', 'beløb(dkk)'];

const normaliseHeader = (cell: string) => cell.normalize('NFC').toLowerCase().replace(/[\s"]/g, '');

function columnOf(header: readonly string[], names: readonly string[]): number {
  const cells = header.map(normaliseHeader);
  for (const name of names) {
    const index = cells.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

/**
 * The file's text: UTF-8 (a byte-order mark dropped) when the bytes are
 * UTF-8, otherwise Windows-1252, which older netbanks still write.
 */
export function decodeBankCsv(bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

/** A Danish amount as øre: "1.234,50", "-75", "+1234,5", "1 234,50"; null if it is none. */
export function parseDanishAmount(raw: string): number | null {
  const text = raw
    .trim()
    .replace(/[\s\u00a0]/g, '')
    .replace(/(kr\.?|dkk)$/i, '');
  const match = /^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const ore = Number(match[2]!.replace(/\./g, '')) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) return null;
  return match[1] === '-' ? -ore : ore;
}

/** A statement date as yyyy-mm-dd: dd-mm-yyyy, dd.mm.yyyy, dd/mm/yyyy or yyyy-mm-dd, yyyy/mm/dd; null if none. */
export function parseDanishDate(raw: string): string | null {
  const text = raw.trim();
  let day: number, month: number, year: number;
  let match = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(text);
  if (match) {
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
    if (!match) return null;
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** `;` unless the first line has more tabs (some banks export tab-separated "CSV"). */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (char: string) => firstLine.split(char).length - 1;
  return count('\t') > count(';') ? '\t' : ';';
}

/** Reads a statement; the header is searched for in its first ten records. */
export function parseBankCsv(input: Uint8Array | string): ParsedBankCsv {
  if (typeof input !== 'string' && input.byteLength > BANK_CSV_MAX_BYTES) return { ok: false, problem: 'too_large' };
  const text = (typeof input === 'string' ? input : decodeBankCsv(input)).replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, problem: 'empty' };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch {
    return { ok: false, problem: 'no_header' };
  }
  const headerAt = records
    .slice(0, 10)
    .findIndex(({ record }) => columnOf(record, DATE_HEADERS) >= 0 && columnOf(record, AMOUNT_HEADERS) >= 0);
  if (headerAt < 0) return { ok: false, problem: 'no_header' };
  const header = records[headerAt]!.record;
  const dateColumn = columnOf(header, DATE_HEADERS);
  const amountColumn = columnOf(header, AMOUNT_HEADERS);
  const textColumns = TEXT_HEADERS.map((name) => columnOf(header, [name])).filter(
    (index, at, all) => index >= 0 && all.indexOf(index) === at,
  );

  const rows: BankRow[] = [];
  const skipped: number[] = [];
  for (let index = headerAt + 1; index < records.length; index += 1) {
    const { record, info } = records[index]!;
    // The line where the record ends: what the organiser finds in an editor or spreadsheet.
    const line = info.lines;
    const date = parseDanishDate(record[dateColumn] ?? '');
    const amountOre = parseDanishAmount(record[amountColumn] ?? '');
    if (date === null || amountOre === null) {
      skipped.push(line);
      continue;
    }
    const rowText = textColumns
      .map((column) => record[column] ?? '')
      .filter((cell) => cell !== '')
      .join(' · ');
    rows.push({ line, date, text: rowText.slice(0, 500), amountOre });
  }
  return { ok: true, rows, skipped };
}

// ── Matching ────────────────────────────────────────────────────────────────

/** What the matcher needs of an invoice. */
export interface OpenInvoice {
  id: string;
  number: string;
  /** What is still owed: the gross less what credit notes took off. */
  outstandingOre: number;
  paid: boolean;
  /** yyyy-mm-dd: a payment booked before this day cannot be for this invoice. */
  issueDate: string;
}

export type BankMatch =
  | { kind: 'matched'; row: BankRow; invoice: OpenInvoice }
  | { kind: 'amount_differs'; row: BankRow; invoice: OpenInvoice }
  | { kind: 'before_issue'; row: BankRow; invoice: OpenInvoice }
  | { kind: 'already_paid'; row: BankRow; invoice: OpenInvoice }
  | { kind: 'unmatched'; row: BankRow };

export type BankMatchKind = BankMatch['kind'];
export const BANK_MATCH_KINDS: readonly BankMatchKind[] = [
  'matched',
  'amount_differs',
  'before_issue',
  'already_paid',
  'unmatched',
];

/** The whole numbers a bank text holds, without leading zeros ("Fakt. 0012" → "12"). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9])[0-9]{1,10}(?![0-9])/g)].map((match) => match[0].replace(/^0+(?=\d)/, ''));
}

/**
 * Each incoming row against the invoices. A row naming several invoice
 * numbers takes the one whose amount fits; an invoice matched by one row is
 * not matched again by a later one (the later is "already paid" — the
 * organiser sees it and decides). A row booked before the invoice was issued
 * is not its payment, whatever it says ("before issue"; marking paid would
 * refuse that date too). Outgoing rows (negative) are unmatched.
 */
export function matchBankRows(rows: readonly BankRow[], invoices: readonly OpenInvoice[]): BankMatch[] {
  const byNumber = new Map(invoices.map((invoice) => [invoice.number, invoice]));
  const taken = new Set<string>();
  return rows.map((row): BankMatch => {
    if (row.amountOre <= 0) return { kind: 'unmatched', row };
    const named = [...new Set(numbersIn(row.text))]
      .map((number) => byNumber.get(number))
      .filter((invoice): invoice is OpenInvoice => invoice !== undefined);
    if (named.length === 0) return { kind: 'unmatched', row };
    const unpaid = named.filter((invoice) => !invoice.paid && !taken.has(invoice.id));
    // ISO dates compare as text.
    const open = unpaid.filter((invoice) => row.date >= invoice.issueDate);
    const fits = open.find((invoice) => invoice.outstandingOre === row.amountOre);
    if (fits) {
      taken.add(fits.id);
      return { kind: 'matched', row, invoice: fits };
    }
    if (open.length > 0) return { kind: 'amount_differs', row, invoice: open[0]! };
    if (unpaid.length > 0) return { kind: 'before_issue', row, invoice: unpaid[0]! };
    return { kind: 'already_paid', row, invoice: named[0]! };
  });
}

/** How many rows of each kind. */
export function countMatches(matches: readonly BankMatch[]): Record<BankMatchKind, number> {
  const counts: Record<BankMatchKind, number> = {
    matched: 0,
    amount_differs: 0,
    before_issue: 0,
    already_paid: 0,
    unmatched: 0,
  };
  for (const match of matches) counts[match.kind] += 1;
  return counts;
}

/** The form value that carries one matched payment to the apply step: "<invoice id>:<yyyy-mm-dd>". */
export function paymentToken(match: { invoice: OpenInvoice; row: BankRow }): string {
  return `${match.invoice.id}:${match.row.date}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads paymentToken's value back; null if it is not one. */
export function parsePaymentToken(value: string): { invoiceId: string; date: string } | null {
  const [id, date, ...rest] = value.split(':');
  if (rest.length > 0 || !id || !UUID.test(id) || !date || parseDanishDate(date) !== date) return null;
  return { invoiceId: id.toLowerCase(), date };
}
