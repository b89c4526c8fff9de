// Exports of lists to CSV and XLSX, the pure half: how a list declares its
// columns, which of them an organiser chose, what a third party may see, and
// how each value becomes a cell. No I/O; the writers (`csv.ts`,
// `xlsx.server.ts`) and the streaming endpoint (`export-response.server.ts`)
// build on it.
//
// A list is declared once, with localised headers and typed values:
//
//   const people = defineList<Person>({
//     key: 'people',
//     columns: [
//       { key: 'name', header: 'lists.col.name', type: 'text', value: (p) => p.name },
//       { key: 'email', header: 'lists.col.email', type: 'text', value: (p) => p.email, contact: true },
//       { key: 'paid', header: 'lists.col.paid', type: 'dkk', value: (p) => p.paidOre },
//     ],
//     consented: (p) => p.consentShareContact,
//   });
//
// `contact: true` marks contact data (email, phone): an export for a third
// party (a caterer, a venue) leaves it blank for every row whose person did
// not consent to sharing.
import type { Lang } from '../i18n/locales.ts';
import type { MessageKey, Translate } from '../i18n/messages.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * What a cell holds. `dkk` is an amount in øre (integers, as everywhere in
 * Samspil) shown as kroner; `datetime` and `date` are instants shown as the
 * wall clock of the event's time zone.
 */
export type ColumnType = 'text' | 'number' | 'dkk' | 'datetime' | 'date' | 'boolean';

export type RawValue = string | number | boolean | Date | null | undefined;

export interface ExportColumn<Row> {
  /** Stable, URL-safe: what the column chooser posts. */
  key: string;
  header: MessageKey;
  type: ColumnType;
  value: (row: Row) => RawValue;
  /** Contact data: blank in a third-party export for people who did not consent to sharing. */
  contact?: boolean;
  /** Width in characters in XLSX; by default from the type and the header. */
  width?: number;
  /** Chosen when the organiser has not chosen (default true). */
  byDefault?: boolean;
}

export interface ExportList<Row> {
  key: string;
  columns: readonly ExportColumn<Row>[];
  /** Whether the person of a row consented to sharing their contact data (default: nobody did). */
  consented?: (row: Row) => boolean;
}

/** Declares a list; checks that its column keys are unique and URL-safe. */
export function defineList<Row>(list: ExportList<Row>): ExportList<Row> {
  const seen = new Set<string>();
  for (const column of list.columns) {
    if (!/^[a-z][a-zA-Z0-9_-]*$/.test(column.key)) throw new Error(`export column key ${column.key} is not URL-safe`);
    if (seen.has(column.key)) throw new Error(`export list ${list.key} has column ${column.key} twice`);
    seen.add(column.key);
  }
  return list;
}

/**
 * The columns an organiser chose, in the list's order. Unknown keys are
 * ignored; choosing nothing (or only unknown keys) gives the default columns.
 */
export function chooseColumns<Row>(list: ExportList<Row>, keys: readonly string[]): ExportColumn<Row>[] {
  const wanted = new Set(keys);
  const chosen = list.columns.filter((column) => wanted.has(column.key));
  return chosen.length > 0 ? chosen : list.columns.filter((column) => column.byDefault !== false);
}

export interface ExportOptions {
  lang: Lang;
  timeZone: string;
  /** For a third party: contact data only of people who consented. */
  thirdParty: boolean;
}

/** The raw values of one row for the chosen columns, contact data withheld where it must be. */
export function rowValues<Row>(
  list: ExportList<Row>,
  columns: readonly ExportColumn<Row>[],
  row: Row,
  options: Pick<ExportOptions, 'thirdParty'>,
): RawValue[] {
  const withhold = options.thirdParty && !(list.consented?.(row) ?? false);
  return columns.map((column) => (withhold && column.contact ? null : column.value(row)));
}

export function headersOf<Row>(columns: readonly ExportColumn<Row>[], tr: Translate): string[] {
  return columns.map((column) => tr(column.header));
}

// Wall clock ------------------------------------------------------------------

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The instant's calendar date and time of day in `timeZone`, as numbers. */
export function wallClockParts(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/**
 * A Date whose UTC fields are the wall clock in `timeZone`. Spreadsheets have
 * no time zones: exceljs writes a Date's UTC fields, so this is how an XLSX
 * cell shows 09:00 for a session at 09:00 in Copenhagen, summer or winter.
 */
export function spreadsheetDate(instant: Date, timeZone: string, dateOnly = false): Date {
  const p = wallClockParts(instant, timeZone);
  return dateOnly
    ? new Date(Date.UTC(p.year, p.month - 1, p.day))
    : new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

const pad = (n: number) => String(n).padStart(2, '0');

// Cells -----------------------------------------------------------------------

/** A typed XLSX cell value: numbers stay numbers, instants become wall-clock dates. */
export function xlsxCell(type: ColumnType, value: RawValue, timeZone: string): string | number | boolean | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'dkk':
      return Number(value) / 100;
    case 'datetime':
    case 'date':
      return value instanceof Date ? spreadsheetDate(value, timeZone, type === 'date') : null;
    case 'boolean':
      return Boolean(value);
    case 'text':
      return String(value);
  }
}

/** Excel number formats per type (Danish conventions; Excel localises the separators). */
export const XLSX_NUMBER_FORMATS: Partial<Record<ColumnType, string>> = {
  dkk: '#,##0.00',
  datetime: 'dd-mm-yyyy hh:mm',
  date: 'dd-mm-yyyy',
};

/**
 * Text a spreadsheet would read as a formula (=, +, -, @, tab, return) gets a
 * leading apostrophe: names and answers typed by the public are data, never
 * formulas (CSV injection).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A CSV cell as Danish (or English) Excel reads it: decimal comma in Danish,
 * instants as "yyyy-mm-dd hh:mm" in the event's time zone (which Excel
 * recognises as a date in both), yes/no in words.
 */
export function csvCell(type: ColumnType, value: RawValue, options: ExportOptions, tr: Translate): string {
  if (value === null || value === undefined || value === '') return '';
  switch (type) {
    case 'number':
    case 'dkk': {
      const n = type === 'dkk' ? Number(value) / 100 : Number(value);
      const text = type === 'dkk' ? n.toFixed(2) : String(n);
      return options.lang === 'da' ? text.replace('.', ',') : text;
    }
    case 'datetime':
    case 'date': {
      if (!(value instanceof Date)) return '';
      const p = wallClockParts(value, options.timeZone);
      const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
      return type === 'date' ? date : `${date} ${pad(p.hour)}:${pad(p.minute)}`;
    }
    case 'boolean':
      return tr(value ? 'exports.yes' : 'exports.no');
    case 'text':
      return neutraliseFormula(String(value));
  }
}

const DEFAULT_WIDTHS: Record<ColumnType, number> = {
  text: 24,
  number: 10,
  dkk: 12,
  datetime: 17,
  date: 12,
  boolean: 8,
};

/** A column's XLSX width: its own, else wide enough for the header and a typical value. */
export function columnWidth<Row>(column: ExportColumn<Row>, header: string): number {
  return column.width ?? Math.min(60, Math.max(DEFAULT_WIDTHS[column.type], header.length + 2));
}

// Files -----------------------------------------------------------------------

/**
 * The download's file name: ASCII only (Danish letters folded, so every
 * browser and mail client keeps it), the event's slug, the list and the date.
 */
export function exportFileName(parts: readonly string[], format: ExportFormat, today: Date, timeZone: string): string {
  const p = wallClockParts(today, timeZone);
  const fold = (text: string) =>
    text
      .replace(/æ/gi, (m) => (m === 'æ' ? 'ae' : 'AE'))
      .replace(/ø/gi, (m) => (m === 'ø' ? 'oe' : 'OE'))
      .replace(/å/gi, (m) => (m === 'å' ? 'aa' : 'AA'))
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase();
  const name = [...parts.map(fold).filter((part) => part.length > 0), `${p.year}-${pad(p.month)}-${pad(p.day)}`].join(
    '-',
  );
  return `${name}.${format}`;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(title: string, taken: ReadonlySet<string>): string {
  const clean = title.replace(/[:\\/?*[\]]/g, ' ').trim() || 'Sheet';
  let name = clean.slice(0, 31);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = clean.slice(0, 31 - suffix.length) + suffix;
  }
  return name;
}
