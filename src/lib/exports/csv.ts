// CSV text as Danish Excel opens it without an import dialog: UTF-8 with a
// byte-order mark (without it Excel reads Æ, Ø and Å as two characters each),
// `;` between fields (Danish Excel's list separator, since `,` is the decimal
// mark) and CRLF line ends. Quoting by csv-stringify: a field with `;`, a
// quote or a line break is quoted, quotes doubled. Pure.
import { stringify } from 'csv-stringify/sync';

export const CSV_BOM = '\uFEFF';
export const CSV_DELIMITER = ';';
export const CSV_RECORD_DELIMITER = '\r\n';

/** Lines of CSV, each ending in CRLF (the first call of a file adds CSV_BOM itself). */
export function csvLines(records: readonly (readonly string[])[]): string {
  if (records.length === 0) return '';
  return stringify(
    records.map((record) => [...record]),
    {
      delimiter: CSV_DELIMITER,
      record_delimiter: CSV_RECORD_DELIMITER,
      eof: true,
      // csv-stringify quotes only the record delimiter itself; a bare line break in a field needs it too.
      quoted_match: /[\r\n]/,
    },
  );
}
