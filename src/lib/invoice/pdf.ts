// The invoice or credit note a person reads and approves, as a pdfmake
// document definition (pure; pdf.server.ts renders it). Danish or English by
// the order's language; amounts always with two decimals ("1.000,00 kr." /
// "DKK 1,000.00") through Intl, dates in Copenhagen.
import { formatShortDate } from '../i18n/format.ts';
import { INTL_LOCALE, type Lang } from '../i18n/locales.ts';
import { t } from '../i18n/messages.ts';
import { pdfText } from '../takeaways/pdf-text.ts';
import { totalsOf } from './amounts.ts';
import type { InvoiceDocument } from './document.ts';

const amountFormats = new Map<Lang, Intl.NumberFormat>();

/** Øre as DKK with two decimals, always: an invoice shows every øre. */
export function formatInvoiceAmount(lang: Lang, ore: number): string {
  let format = amountFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], {
      style: 'currency',
      currency: 'DKK',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    amountFormats.set(lang, format);
  }
  return format.format(ore / 100);
}

/** A YYYY-MM-DD date (already Copenhagen's) as "15. januar 2027" / "15 January 2027". */
export function formatInvoiceDate(lang: Lang, isoDate: string): string {
  // Noon UTC is the same calendar day in Copenhagen, summer or winter.
  return formatShortDate(lang, new Date(`${isoDate}T12:00:00Z`));
}

const text = (value: string, style?: object) => ({ text: pdfText(value), ...style });
const right = (value: string, style?: object) => text(value, { alignment: 'right', ...style });

/** The pdfmake definition of an issued invoice or credit note. */
export function invoicePdfDefinition(document: InvoiceDocument): object {
  const lang = document.language;
  const tr = t(lang);
  const money = (ore: number) => formatInvoiceAmount(lang, ore);
  const date = (iso: string) => formatInvoiceDate(lang, iso);
  const { seller, buyer } = document;
  const isInvoice = document.kind === 'invoice';
  const title = isInvoice ? tr('invoiceDoc.invoice') : tr('invoiceDoc.creditNote');

  const facts: [string, string][] = [
    [tr('invoiceDoc.number'), document.number],
    [tr('invoiceDoc.issueDate'), date(document.issueDate)],
  ];
  if (isInvoice && document.dueDate) facts.push([tr('invoiceDoc.dueDate'), date(document.dueDate)]);
  if (buyer.orderReference) facts.push([tr('invoiceDoc.orderReference'), buyer.orderReference]);
  if (buyer.referencePerson) facts.push([tr('invoiceDoc.referencePerson'), buyer.referencePerson]);
  facts.push([tr('invoiceDoc.orderNumber'), buyer.orderNumber]);
  facts.push([tr('invoiceDoc.event'), seller.eventName]);

  const sellerLines = [
    seller.name,
    seller.address,
    `${seller.postcode} ${seller.city}`,
    tr('invoiceDoc.cvr', { cvr: seller.cvr }),
    ...(seller.email ? [seller.email] : []),
  ];
  const buyerLines = [
    buyer.organisationName,
    ...(buyer.address ? [buyer.address] : []),
    ...(buyer.postcode || buyer.city ? [[buyer.postcode, buyer.city].filter(Boolean).join(' ')] : []),
    ...(buyer.ean ? [tr('invoiceDoc.ean', { ean: buyer.ean })] : []),
    ...(buyer.cvr ? [tr('invoiceDoc.cvr', { cvr: buyer.cvr })] : []),
    buyer.email,
  ];

  const totals = totalsOf(document.lines);
  const lineRows = document.lines.map((line) => [
    {
      stack: [
        text(line.itemName),
        ...(line.attendeeName
          ? [text(tr('invoiceDoc.attendee', { name: line.attendeeName }), { style: 'muted', fontSize: 9 })]
          : []),
      ],
    },
    right(`${line.vatPercent} %`),
    right(money(line.netOre)),
    right(money(line.vatOre)),
    right(money(line.grossOre)),
  ]);

  const totalRows: object[][] = [[text(tr('invoiceDoc.totalNet')), right(money(document.netOre))]];
  for (const subtotal of totals.breakdown) {
    totalRows.push(
      subtotal.vatPercent > 0
        ? [
            text(tr('invoiceDoc.vatOf', { rate: subtotal.vatPercent, amount: money(subtotal.taxableOre) })),
            right(money(subtotal.vatOre)),
          ]
        : [text(tr('invoiceDoc.vatExempt', { amount: money(subtotal.taxableOre) })), right(money(0))],
    );
  }
  totalRows.push([
    text(isInvoice ? tr('invoiceDoc.total') : tr('invoiceDoc.totalCredited'), { bold: true }),
    right(money(document.grossOre), { bold: true }),
  ]);

  const payment: object[] = [];
  if (isInvoice) {
    payment.push(text(tr('invoiceDoc.payment'), { style: 'h2' }));
    if (document.dueDate) {
      payment.push(text(tr('invoiceDoc.payBy', { date: date(document.dueDate), number: document.number })));
    }
    if (seller.bankReg && seller.bankAccount) {
      payment.push(text(tr('invoiceDoc.bankAccount', { reg: seller.bankReg, account: seller.bankAccount })));
    }
    if (seller.iban) payment.push(text(tr('invoiceDoc.iban', { iban: seller.iban })));
    if (seller.bic) payment.push(text(tr('invoiceDoc.bic', { bic: seller.bic })));
  } else {
    payment.push(text(tr('invoiceDoc.creditNoteNote'), { margin: [0, 12, 0, 0] }));
  }
  if (seller.email)
    payment.push(text(tr('invoiceDoc.contact', { email: seller.email }), { style: 'muted', margin: [0, 12, 0, 0] }));

  return {
    info: { title: pdfText(`${title} ${document.number} – ${seller.name}`), author: pdfText(seller.name) },
    language: lang === 'da' ? 'da-DK' : 'en-GB',
    content: [
      {
        columns: [
          { width: '*', stack: [text(title, { style: 'title' }), ...sellerLines.map((line) => text(line))] },
          {
            width: 'auto',
            table: { body: facts.map(([label, value]) => [text(label, { bold: true }), text(value)]) },
            layout: 'noBorders',
          },
        ],
      },
      ...(document.credits
        ? [
            text(
              tr('invoiceDoc.credits', { number: document.credits.number, date: date(document.credits.issueDate) }),
              {
                bold: true,
                margin: [0, 12, 0, 0],
              },
            ),
          ]
        : []),
      text(tr('invoiceDoc.buyer'), { style: 'h2' }),
      ...buyerLines.map((line) => text(line)),
      {
        table: {
          headerRows: 1,
          widths: ['*', 'auto', 'auto', 'auto', 'auto'],
          body: [
            [
              text(tr('invoiceDoc.description'), { bold: true }),
              right(tr('invoiceDoc.vatRate'), { bold: true }),
              right(tr('invoiceDoc.net'), { bold: true }),
              right(tr('invoiceDoc.vat'), { bold: true }),
              right(tr('invoiceDoc.gross'), { bold: true }),
            ],
            ...lineRows,
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 16, 0, 8],
      },
      {
        columns: [
          { width: '*', text: '' },
          { width: 'auto', table: { body: totalRows }, layout: 'noBorders' },
        ],
      },
      ...payment,
    ],
  };
}
