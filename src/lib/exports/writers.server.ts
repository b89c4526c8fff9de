// The two file writers of an export. Both take rows in batches and write to a
// Node stream (a temporary file: export-response.server.ts), waiting whenever
// the stream's buffer is full, so memory holds about one batch however long
// the list, and the cursor that feeds the batches waits with it.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Translate } from '../i18n/messages.ts';
import { CSV_BOM, csvLines } from './csv.ts';
import {
  columnWidth,
  csvCell,
  type ExportColumn,
  type ExportList,
  type ExportOptions,
  headersOf,
  rowValues,
  sheetName,
  XLSX_NUMBER_FORMATS,
  xlsxCell,
} from './exports.ts';

export interface ExportSpec<Row> {
  list: ExportList<Row>;
  columns: readonly ExportColumn<Row>[];
  options: ExportOptions;
  tr: Translate;
  /** The sheet's name when the producer never names one. */
  defaultSheet: string;
}

export interface ExportWriter<Row> {
  /** Starts a new sheet named `title` (XLSX: one sheet per list); CSV goes on in one table. */
  sheet(title: string): Promise<void>;
  rows(rows: readonly Row[]): Promise<void>;
  /** Ends the file (and the stream). */
  finish(): Promise<void>;
}

export class DownloadAbortedError extends Error {
  constructor() {
    super('the client stopped the download');
    this.name = 'DownloadAbortedError';
  }
}

/** Waits until `out` takes more; throws when the client went away meanwhile. */
async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new DownloadAbortedError();
  if (!out.writableNeedDrain) return;
  await Promise.race([once(out, 'drain'), once(out, 'close')]);
  if (out.destroyed) throw new DownloadAbortedError();
}

export function csvWriter<Row>(out: Writable, spec: ExportSpec<Row>): ExportWriter<Row> {
  const { list, columns, options, tr } = spec;
  let started = false;
  const write = async (text: string) => {
    if (text.length > 0) out.write(text, 'utf8');
    await drained(out);
  };
  const start = async () => {
    if (started) return;
    started = true;
    await write(CSV_BOM + csvLines([headersOf(columns, tr)]));
  };
  return {
    sheet: start,
    async rows(rows) {
      await start();
      const records = rows.map((row) =>
        rowValues(list, columns, row, options).map((value, i) => csvCell(columns[i]!.type, value, options, tr)),
      );
      await write(csvLines(records));
    },
    async finish() {
      await start();
      out.end();
      await once(out, 'finish');
    },
  };
}

export function xlsxWriter<Row>(out: Writable, spec: ExportSpec<Row>): ExportWriter<Row> {
  const { list, columns, options, tr } = spec;
  // No shared strings: that table would grow with every distinct name until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const headers = headersOf(columns, tr);
  const taken = new Set<string>();
  let sheet: ExcelJS.Worksheet | undefined;

  const open = (title: string) => {
    sheet?.commit();
    const name = sheetName(title, taken);
    taken.add(name.toLowerCase());
    sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((column, i) => ({ key: column.key, width: columnWidth(column, headers[i]!) }));
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    return sheet;
  };

  return {
    async sheet(title) {
      open(title);
      await drained(out);
    },
    async rows(rows) {
      const target = sheet ?? open(spec.defaultSheet);
      for (const row of rows) {
        const values = rowValues(list, columns, row, options);
        const added = target.addRow(values.map((value, i) => xlsxCell(columns[i]!.type, value, options.timeZone)));
        columns.forEach((column, i) => {
          const format = XLSX_NUMBER_FORMATS[column.type];
          if (format && values[i] !== null && values[i] !== undefined) added.getCell(i + 1).numFmt = format;
        });
        added.commit();
      }
      await drained(out);
    },
    async finish() {
      if (!sheet) open(spec.defaultSheet);
      sheet!.commit();
      await workbook.commit();
      if (!out.writableFinished) await once(out, 'finish');
    },
  };
}
