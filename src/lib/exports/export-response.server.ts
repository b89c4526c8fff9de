// An export as an HTTP response: the audit entry first (its own
// transaction, so the download is on record before a byte leaves), then one
// read-only transaction as the signed-in user — RLS decides what the lists
// hold — whose cursor feeds the file writer batch by batch into a temporary
// file. The transaction ends (and its connection goes back to the pool) when
// the file is complete; only then does the client get it, read from disk at
// whatever speed it downloads. So a slow client never holds a database
// connection, and nothing holds the whole list in memory: a 100,000-row
// export needs the memory of one batch. A failure before the file is complete
// is an error page, never half a file.
//
//   return streamExport({
//     claims, eventId: event.id, list, columns, format, options, tr,
//     fileName: exportFileName([event.slug, 'deltagere'], format, new Date(), event.timeZone),
//     sheet: 'Deltagere',
//     produce: (tx, out) => cursorRows(tx`select … where event_id = ${event.id}`, out),
//   });
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { PendingQuery, Row as DbRow } from 'postgres';
import { asUser, asUserStreaming, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import type { Translate } from '../i18n/messages.ts';
import {
  EXPORT_CONTENT_TYPES,
  type ExportColumn,
  type ExportFormat,
  type ExportList,
  type ExportOptions,
} from './exports.ts';
import { csvWriter, type ExportWriter, xlsxWriter } from './writers.server.ts';

/** Where a producer hands its rows: a new sheet (XLSX) and batches of rows. */
export type ExportSink<Row> = Pick<ExportWriter<Row>, 'sheet' | 'rows'>;

export interface StreamExport<Row> {
  claims: SignedIn;
  eventId: string;
  list: ExportList<Row>;
  /** The chosen columns (`chooseColumns`). */
  columns: readonly ExportColumn<Row>[];
  format: ExportFormat;
  options: ExportOptions;
  tr: Translate;
  fileName: string;
  /** The sheet's name when `produce` names none. */
  sheet: string;
  /** A short note for the audit entry (e.g. which session's list). */
  auditDetail?: string | undefined;
  /** Reads the rows in the export's transaction and hands them to `out` (see `cursorRows`). */
  produce: (tx: Tx, out: ExportSink<Row>) => Promise<void>;
  /** The pool (tests pass their own). */
  db?: Sql | undefined;
}

/** Rows in batches from a Postgres cursor; the next batch is fetched once the writer has taken this one. */
export async function cursorRows<Row extends DbRow>(
  query: PendingQuery<Row[]>,
  out: ExportSink<Row>,
  batchSize = 500,
): Promise<void> {
  await query.cursor(batchSize, async (rows: Row[]) => {
    await out.rows(rows);
  });
}

/** Records the export in the audit log as the user (only an organiser of the event may). */
export async function recordExport(
  claims: SignedIn,
  entry: {
    eventId: string;
    list: string;
    format: ExportFormat;
    columns: readonly string[];
    thirdParty: boolean;
    detail?: string | undefined;
  },
  db: Sql = sql(),
): Promise<void> {
  await asUser(
    claims,
    (tx) =>
      tx`select private.record_export(${entry.eventId}, ${entry.list}, ${entry.format}, ${[...entry.columns]}::text[],
                                      ${entry.thirdParty}, ${entry.detail ?? null})`,
    db,
  );
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function streamExport<Row>(spec: StreamExport<Row>): Promise<Response> {
  await recordExport(
    spec.claims,
    {
      eventId: spec.eventId,
      list: spec.list.key,
      format: spec.format,
      columns: spec.columns.map((column) => column.key),
      thirdParty: spec.options.thirdParty,
      detail: spec.auditDetail,
    },
    spec.db ?? sql(),
  );

  const writerSpec = {
    list: spec.list,
    columns: spec.columns,
    options: spec.options,
    tr: spec.tr,
    defaultSheet: spec.sheet,
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'samspil-export-'));
  try {
    const file = path.join(dir, `export.${spec.format}`);
    const out = createWriteStream(file);
    const writer = spec.format === 'xlsx' ? xlsxWriter(out, writerSpec) : csvWriter(out, writerSpec);
    try {
      await asUserStreaming(
        spec.claims,
        async (tx) => {
          await tx`set transaction read only`;
          await spec.produce(tx, writer);
          await writer.finish();
        },
        spec.db ?? sql(),
      );
    } catch (error) {
      out.destroy();
      throw error;
    }
    const { size } = await stat(file);
    const input = createReadStream(file);
    await once(input, 'open');
    // The open file stays readable after its name is gone, so nothing is left behind however the download ends.
    return new Response(Readable.toWeb(input) as ReadableStream<Uint8Array>, {
      headers: {
        'content-type': EXPORT_CONTENT_TYPES[spec.format],
        'content-disposition': contentDisposition(spec.fileName),
        'content-length': String(size),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
