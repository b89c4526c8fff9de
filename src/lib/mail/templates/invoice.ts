// The invoice email: an invoice (or a credit note) for an order paid by
// invoice, sent to the buyer's invoice address when it is issued, with its
// amounts, due date and the buyer's own references; the PDF and the
// e-invoice (Peppol BIS 3.0 UBL) attached, and links to them on the buyer's
// My page. The invoice itself is never in the email body: what counts is the
// issued document.
// Its words live here rather than in dictionary.ts: one template's own part.
import { z } from 'zod';
import type { Lang } from '../../i18n/locales.ts';
import { formatDate, formatDkk } from '../../i18n/format.ts';
import { fill } from './dictionary.ts';
import { link, name, ore, reference } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

const isoDate = z.iso.date();

export const invoiceMailData = z.object({
  kind: z.enum(['invoice', 'credit_note']),
  number: reference,
  sellerName: name,
  /** The paying organisation. */
  recipientName: name,
  eventName: name,
  orderReference: reference,
  /** The buyer's own order or requisition number, and reference person. */
  buyerOrderReference: z.string().trim().min(1).max(100).optional(),
  referencePerson: name.optional(),
  ean: z
    .string()
    .regex(/^\d{13}$/)
    .optional(),
  issueDate: isoDate,
  /** Invoices only. */
  dueDate: isoDate.optional(),
  /** Credit notes only: the invoice they credit. */
  creditsNumber: reference.optional(),
  netOre: ore,
  vatOre: ore,
  grossOre: ore,
  pdfUrl: link,
  xmlUrl: link,
  myPageUrl: link,
  /** The issued document as PDF and UBL XML, attached. */
  files: z
    .array(
      z.object({
        filename: z.string().regex(/^[^\\/\r\n"]{1,120}$/),
        contentType: z.enum(['application/pdf', 'application/xml; charset=utf-8']),
        contentBase64: z.base64(),
      }),
    )
    .max(2)
    .default([]),
});
export type InvoiceMailData = z.input<typeof invoiceMailData>;

const WORDS = {
  da: {
    subjectInvoice: 'Faktura {number} fra {seller}: {event}',
    subjectCreditNote: 'Kreditnota {number} fra {seller}: {event}',
    headingInvoice: 'Faktura {number}',
    headingCreditNote: 'Kreditnota {number}',
    greeting: 'Til {name}',
    introInvoice:
      'Her er fakturaen for jeres tilmelding til {event}. Billetterne er bekræftet, og ordren afventer betaling.',
    introCreditNote:
      'En eller flere billetter til {event} er afmeldt. Her er kreditnotaen, der krediterer faktura {credits}.',
    order: 'Ordrenummer',
    buyerOrder: 'Jeres ordre-/rekvisitionsnummer',
    referencePerson: 'Referenceperson',
    ean: 'EAN-nummer',
    issued: 'Udstedt',
    due: 'Forfalder',
    net: 'Beløb uden moms',
    vat: 'Moms 25 %',
    gross: 'I alt inkl. moms',
    grossCredit: 'Krediteret i alt inkl. moms',
    awaiting: 'Afventer betaling – betal senest {date}. Betalingsoplysningerne står på fakturaen.',
    creditNote:
      'Beløbet trækkes fra det, I skylder på faktura {credits}; er den betalt, tilbagebetaler arrangøren det.',
    pdf: 'Hent PDF',
    xml: 'Hent e-faktura (XML)',
    links:
      'PDF’en og e-fakturaen (XML) er vedhæftet. Linkene åbner dem på Min side for den, der tilmeldte: log ind med den e-mailadresse, tilmeldingen blev lavet med. E-fakturaen følger Peppol BIS Billing 3.0 og kan sendes videre til jeres økonomisystem.',
    myPage: 'Gå til Min side',
    footer: 'Denne e-mail er sendt automatisk af Samspil på vegne af {seller}.',
  },
  en: {
    subjectInvoice: 'Invoice {number} from {seller}: {event}',
    subjectCreditNote: 'Credit note {number} from {seller}: {event}',
    headingInvoice: 'Invoice {number}',
    headingCreditNote: 'Credit note {number}',
    greeting: 'To {name}',
    introInvoice:
      'Here is the invoice for your registration for {event}. The tickets are confirmed, and the order awaits payment.',
    introCreditNote:
      'One or more tickets for {event} were cancelled. Here is the credit note, crediting invoice {credits}.',
    order: 'Order number',
    buyerOrder: 'Your order/requisition number',
    referencePerson: 'Reference person',
    ean: 'EAN number',
    issued: 'Issued',
    due: 'Due',
    net: 'Amount excl. VAT',
    vat: 'VAT 25%',
    gross: 'Total incl. VAT',
    grossCredit: 'Credited in total incl. VAT',
    awaiting: 'Awaiting payment – pay by {date} at the latest. The payment details are on the invoice.',
    creditNote: 'The amount is taken off what you owe on invoice {credits}; if it is paid, the organisers pay it back.',
    pdf: 'Download the PDF',
    xml: 'Download the e-invoice (XML)',
    links:
      'The PDF and the e-invoice (XML) are attached. The links open them on My page of the person who registered: sign in with the email address the registration was made with. The e-invoice follows Peppol BIS Billing 3.0 and can go straight into your finance system.',
    myPage: 'Go to My page',
    footer: 'This email was sent automatically by Samspil on behalf of {seller}.',
  },
} as const satisfies Record<Lang, Record<string, string>>;

type Data = z.output<typeof invoiceMailData>;

/** A YYYY-MM-DD date as the reader says it (noon UTC is the same day in every European zone). */
function dateOf(lang: Lang, isoDay: string): string {
  return formatDate(lang, new Date(`${isoDay}T12:00:00Z`), 'Europe/Copenhagen');
}

export const invoiceMail = defineTemplate({
  schema: invoiceMailData,
  sensitive: false,
  render(lang, data: Data) {
    const w = WORDS[lang];
    const t = (key: keyof typeof w, params?: Record<string, string | number>) => fill(w[key], params);
    const credit = data.kind === 'credit_note';
    const params = { number: data.number, seller: data.sellerName, event: data.eventName };
    const subject = oneLine(t(credit ? 'subjectCreditNote' : 'subjectInvoice', params));
    const credits = data.creditsNumber ?? '';
    const rows: [string, string][] = [
      [t('order'), data.orderReference],
      ...(data.buyerOrderReference ? [[t('buyerOrder'), data.buyerOrderReference] as [string, string]] : []),
      ...(data.referencePerson ? [[t('referencePerson'), data.referencePerson] as [string, string]] : []),
      ...(data.ean ? [[t('ean'), data.ean] as [string, string]] : []),
      [t('issued'), dateOf(lang, data.issueDate)],
      ...(data.dueDate && !credit ? [[t('due'), dateOf(lang, data.dueDate)] as [string, string]] : []),
      [t('net'), formatDkk(lang, data.netOre)],
      [t('vat'), formatDkk(lang, data.vatOre)],
      [t(credit ? 'grossCredit' : 'gross'), formatDkk(lang, data.grossOre)],
    ];
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: credit
        ? t('introCreditNote', { event: data.eventName, credits })
        : t('awaiting', { date: dateOf(lang, data.dueDate ?? data.issueDate) }),
      footer: t('footer', { seller: data.sellerName }),
      blocks: [
        { kind: 'heading', text: t(credit ? 'headingCreditNote' : 'headingInvoice', params) },
        { kind: 'paragraph', text: t('greeting', { name: data.recipientName }) },
        {
          kind: 'paragraph',
          text: credit
            ? t('introCreditNote', { event: data.eventName, credits })
            : t('introInvoice', { event: data.eventName }),
        },
        { kind: 'details', rows },
        {
          kind: 'note',
          text: credit
            ? t('creditNote', { credits })
            : t('awaiting', { date: dateOf(lang, data.dueDate ?? data.issueDate) }),
        },
        { kind: 'button', href: data.pdfUrl, label: t('pdf') },
        { kind: 'button', href: data.xmlUrl, label: t('xml') },
        { kind: 'paragraph', text: t('links') },
        { kind: 'button', href: data.myPageUrl, label: t('myPage') },
      ],
    });
    return { subject, html, text, attachments: data.files };
  },
});
