// A reminder for an overdue invoice (queued by
// private.queue_due_invoice_reminders, src/lib/invoice/reminders.server.ts):
// which invoice, what is still owed, where to pay, and the buyer's My page
// with the invoice to download. Reminders 1–3 differ only in their heading.
// No fee and no interest are claimed: those are the organiser's to decide.
// Its words are kept here, beside it.
import { z } from 'zod';
import { formatDkk, formatShortDate } from '../../i18n/format.ts';
import type { Lang } from '../../i18n/locales.ts';
import { translator } from './dictionary.ts';
import { link, name, ore } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

const isoDate = z.iso.date();
const optional = (max: number) => z.string().trim().min(1).max(max).optional();

export const invoiceReminderData = z.object({
  recipientName: name,
  organisationName: name,
  eventName: name,
  invoiceNumber: z.string().regex(/^[1-9][0-9]{0,9}$/),
  issueDate: isoDate,
  dueDate: isoDate,
  amountOre: ore,
  step: z.int().min(1).max(3),
  orderReference: optional(100),
  sellerName: name,
  sellerEmail: z.email().max(254).optional(),
  bankReg: optional(4),
  bankAccount: optional(10),
  iban: optional(34),
  myPageUrl: link,
});
export type InvoiceReminderData = z.input<typeof invoiceReminderData>;

const WORDS = {
  da: {
    subject: 'Påmindelse: faktura {number} fra {seller} er forfalden',
    preheader: 'Faktura {number} på {amount} skulle være betalt {due}.',
    heading1: 'Påmindelse om betaling',
    heading2: 'Anden påmindelse om betaling',
    heading3: 'Sidste påmindelse om betaling',
    intro:
      'Vi har endnu ikke registreret betaling af faktura {number} for {event} til {organisation}. Betalingsfristen var {due}.',
    paidAlready: 'Har I allerede betalt, kan I se bort fra denne e-mail – betalinger kan være nogle dage undervejs.',
    invoice: 'Faktura',
    issued: 'Fakturadato',
    due: 'Forfaldsdato',
    amount: 'Beløb at betale',
    orderReference: 'Jeres ordrenummer',
    account: 'Konto (reg.nr. og kontonr.)',
    iban: 'IBAN',
    payNote: 'Angiv fakturanummer {number} ved betalingen.',
    button: 'Se fakturaen på Min side',
    questions: 'Spørgsmål om fakturaen? Skriv til {email}.',
  },
  en: {
    subject: 'Reminder: invoice {number} from {seller} is overdue',
    preheader: 'Invoice {number} for {amount} was due {due}.',
    heading1: 'Payment reminder',
    heading2: 'Second payment reminder',
    heading3: 'Final payment reminder',
    intro: 'We have not yet registered payment of invoice {number} for {event} to {organisation}. It was due {due}.',
    paidAlready: 'If you have already paid, please ignore this email – payments can take a few days to arrive.',
    invoice: 'Invoice',
    issued: 'Invoice date',
    due: 'Due date',
    amount: 'Amount to pay',
    orderReference: 'Your order number',
    account: 'Account (reg. no. and account no.)',
    iban: 'IBAN',
    payNote: 'Please quote invoice number {number} with the payment.',
    button: 'See the invoice on My page',
    questions: 'Questions about the invoice? Write to {email}.',
  },
} satisfies Record<Lang, Record<string, string>>;

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** A calendar date as Copenhagen shows it (noon UTC is that date in every zone near Denmark). */
const calendarDate = (lang: Lang, date: string) => formatShortDate(lang, new Date(`${date}T12:00:00Z`));

export const invoiceReminder = defineTemplate({
  schema: invoiceReminderData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const words = WORDS[lang];
    const number = data.invoiceNumber;
    const amount = formatDkk(lang, data.amountOre);
    const due = calendarDate(lang, data.dueDate);
    const subject = oneLine(fill(words.subject, { number, seller: data.sellerName }));
    const rows: [string, string][] = [
      [words.invoice, number],
      [words.issued, calendarDate(lang, data.issueDate)],
      [words.due, due],
      [words.amount, amount],
    ];
    if (data.orderReference) rows.push([words.orderReference, data.orderReference]);
    if (data.bankReg && data.bankAccount) rows.push([words.account, `${data.bankReg} ${data.bankAccount}`]);
    if (data.iban) rows.push([words.iban, data.iban]);
    const heading = data.step === 1 ? words.heading1 : data.step === 2 ? words.heading2 : words.heading3;
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: fill(words.preheader, { number, amount, due }),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: heading },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        {
          kind: 'paragraph',
          text: fill(words.intro, { number, event: data.eventName, organisation: data.organisationName, due }),
        },
        { kind: 'details', rows },
        { kind: 'paragraph', text: fill(words.payNote, { number }) },
        { kind: 'button', href: data.myPageUrl, label: words.button, fallback: t('common.linkFallback') },
        { kind: 'note', text: words.paidAlready },
        ...(data.sellerEmail
          ? [{ kind: 'note' as const, text: fill(words.questions, { email: data.sellerEmail }) }]
          : []),
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
