// The invoices as a bookkeeping file (CSV through src/lib/exports/: UTF-8 with
// BOM, `;`, Danish decimals): one line per invoice and credit note, credit
// notes with negative amounts so the lines add up to what is owed, and the
// status as the console shows it. Pure: the rows come from console.server.ts.
import { defineList, type ExportList } from '../exports/exports.ts';
import type { Translate } from '../i18n/messages.ts';
import { calendarDay, type ConsoleInvoice, invoiceStatus } from './console.ts';

/** What a line needs: the console's own row, without the ids and instants only the page uses. */
export type ExportedInvoice = Omit<ConsoleInvoice, 'id' | 'issuedAt'>;

export function invoiceExportList(tr: Translate, now: Date): ExportList<ExportedInvoice> {
  const sign = (row: ExportedInvoice) => (row.kind === 'credit_note' ? -1 : 1);
  return defineList<ExportedInvoice>({
    key: 'invoices',
    columns: [
      { key: 'number', header: 'invoiceConsole.col.number', type: 'text', value: (row) => row.number },
      {
        key: 'kind',
        header: 'invoiceConsole.col.kind',
        type: 'text',
        value: (row) => tr(`invoiceConsole.kind.${row.kind}`),
      },
      { key: 'credits', header: 'invoiceConsole.col.credits', type: 'text', value: (row) => row.creditsNumber },
      { key: 'issued', header: 'invoiceConsole.col.issued', type: 'date', value: (row) => calendarDay(row.issueDate) },
      {
        key: 'due',
        header: 'invoiceConsole.col.due',
        type: 'date',
        value: (row) => (row.dueDate ? calendarDay(row.dueDate) : null),
      },
      { key: 'buyer', header: 'invoiceConsole.col.buyer', type: 'text', value: (row) => row.organisation },
      { key: 'ean', header: 'invoiceConsole.col.ean', type: 'text', value: (row) => row.ean },
      { key: 'cvr', header: 'invoiceConsole.col.cvr', type: 'text', value: (row) => row.cvr },
      {
        key: 'orderReference',
        header: 'invoiceConsole.col.orderReference',
        type: 'text',
        value: (row) => row.orderReference,
      },
      {
        key: 'referencePerson',
        header: 'invoiceConsole.col.referencePerson',
        type: 'text',
        value: (row) => row.referencePerson,
      },
      { key: 'net', header: 'invoiceConsole.col.net', type: 'dkk', value: (row) => sign(row) * row.netOre },
      { key: 'vat', header: 'invoiceConsole.col.vat', type: 'dkk', value: (row) => sign(row) * row.vatOre },
      { key: 'gross', header: 'invoiceConsole.col.amount', type: 'dkk', value: (row) => sign(row) * row.grossOre },
      {
        key: 'status',
        header: 'invoiceConsole.col.status',
        type: 'text',
        value: (row) =>
          row.kind === 'invoice' && row.dueAt
            ? tr(`invoiceConsole.status.${invoiceStatus({ ...row, dueAt: row.dueAt }, now)}`)
            : null,
      },
      {
        key: 'paidOn',
        header: 'invoiceConsole.col.paidOn',
        type: 'date',
        value: (row) => (row.paidOn ? calendarDay(row.paidOn) : null),
      },
      { key: 'reminders', header: 'invoiceConsole.col.reminders', type: 'number', value: (row) => row.remindersSent },
    ],
  });
}
