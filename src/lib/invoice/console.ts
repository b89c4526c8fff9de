// The organiser's side of invoices, the pure part: an invoice's status as
// the console shows it (derived, never stored), the list's filter and
// counts, the settings form and the mark-paid form (zod, a dictionary key per
// field), and every refusal with its status, words and field. No I/O; the
// reads and writes are console.server.ts.
import { z } from 'zod';
import { CHANGED_ELSEWHERE, type ChangedElsewhere } from '../console/concurrency.ts';
import type { InvoiceConsoleMessageKey } from '../i18n/dictionary/invoice-console.ts';
import { checkbox, optionalText, versionField, wholeNumber } from '../settings/fields.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import { parseCvr } from './identifiers.ts';
import { parseDanishDate } from './bank-csv.ts';

type Key = InvoiceConsoleMessageKey;

// ── Status ─────────────────────────────────────────────────────────────────

export const INVOICE_STATUSES = ['issued', 'overdue', 'paid', 'credited'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceFacts {
  grossOre: number;
  /** What the invoice's credit notes took off, in total. */
  creditedOre: number;
  paidAt: Date | null;
  /** The first moment the invoice is overdue (the midnight after its due date). */
  dueAt: Date;
}

/** What is still owed: the gross less the credit notes (never below zero). */
export function outstandingOre(invoice: Pick<InvoiceFacts, 'grossOre' | 'creditedOre'>): number {
  return Math.max(0, invoice.grossOre - invoice.creditedOre);
}

/**
 * Credited when credit notes took off all of it; otherwise paid once marked
 * paid; otherwise overdue from `dueAt` on; otherwise issued. A partly
 * credited invoice follows the rest of it.
 */
export function invoiceStatus(invoice: InvoiceFacts, now: Date): InvoiceStatus {
  if (outstandingOre(invoice) === 0) return 'credited';
  if (invoice.paidAt) return 'paid';
  return now.getTime() >= invoice.dueAt.getTime() ? 'overdue' : 'issued';
}

/** The list's filter from the query string: a status, or every invoice. */
export function parseStatusFilter(value: string | null): InvoiceStatus | null {
  return (INVOICE_STATUSES as readonly string[]).includes(value ?? '') ? (value as InvoiceStatus) : null;
}

export function countByStatus(statuses: readonly InvoiceStatus[]): Record<InvoiceStatus, number> {
  const counts: Record<InvoiceStatus, number> = { issued: 0, overdue: 0, paid: 0, credited: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}

// ── Reminders ───────────────────────────────────────────────────────────────

/**
 * Days after the due date each reminder is sent; the same schedule as
 * private.invoice_reminder_offset (the SQL decides, this one is for words).
 * Three at most, ten days or more apart, as Danish practice (renteloven § 9 b) expects.
 */
export const REMINDER_DAYS_AFTER_DUE = [3, 14, 28] as const;

const DAY_MS = 86_400_000;

/** Whether the invoice's next reminder is due at `now` (what "send reminders now" would send). */
export function reminderDue(invoice: InvoiceFacts & { remindersSent: number }, now: Date): boolean {
  const days = REMINDER_DAYS_AFTER_DUE[invoice.remindersSent];
  if (days === undefined || invoice.paidAt || outstandingOre(invoice) === 0) return false;
  return now.getTime() >= invoice.dueAt.getTime() + days * DAY_MS;
}

// ── Settings form ───────────────────────────────────────────────────────────

const clean = (value: string | null | undefined) => (value ?? '').normalize('NFKC').trim();

function patterned(pattern: RegExp, message: Key, transform: (text: string) => string = (text) => text) {
  return z
    .string()
    .nullish()
    .transform((raw, context): string | null => {
      const text = transform(clean(raw));
      if (text === '') return null;
      if (!pattern.test(text)) {
        context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return text;
    });
}

/** The ISO 13616 check: the IBAN moved four characters, letters as numbers, modulo 97 is 1. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of moved) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const cvrField = z
  .string()
  .nullish()
  .transform((raw, context): string | null => {
    const text = clean(raw);
    if (text === '') return null;
    const parsed = parseCvr(text);
    if (!parsed.ok) {
      context.addIssue({
        code: 'custom',
        message: (parsed.problem === 'format'
          ? 'invoiceConsole.cvr.format'
          : 'invoiceConsole.cvr.checkDigit') satisfies Key,
      });
      return z.NEVER;
    }
    return parsed.value;
  });

const ibanField = z
  .string()
  .nullish()
  .transform((raw, context): string | null => {
    const text = clean(raw).replace(/[\s-]/g, '').toUpperCase();
    if (text === '') return null;
    if (!isValidIban(text)) {
      context.addIssue({ code: 'custom', message: 'invoiceConsole.iban.invalid' satisfies Key });
      return z.NEVER;
    }
    return text;
  });

const emailField = z
  .string()
  .nullish()
  .transform((raw, context): string | null => {
    const text = clean(raw).toLowerCase();
    if (text === '') return null;
    if (text.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) {
      context.addIssue({ code: 'custom', message: 'invoiceConsole.email.invalid' satisfies Key });
      return z.NEVER;
    }
    return text;
  });

/** The fields an invoice cannot be made without, in the form's order. */
export const REQUIRED_WHEN_ENABLED = [
  'sellerName',
  'sellerCvr',
  'sellerAddress',
  'sellerPostcode',
  'sellerCity',
] as const;

export const invoiceSettingsForm = z
  .object({
    event: z.uuid({ error: 'invoiceConsole.badForm' satisfies Key }),
    // Empty: no settings saved yet (the first save creates them).
    version: z
      .string()
      .nullish()
      .transform((raw) => (raw ?? '').trim())
      .pipe(z.union([z.literal('').transform(() => null), versionField])),
    enabled: checkbox,
    sellerName: optionalText(200),
    sellerCvr: cvrField,
    sellerAddress: optionalText(200),
    sellerPostcode: patterned(/^[0-9A-Za-z][0-9A-Za-z -]{1,9}$/, 'invoiceConsole.postcode.invalid'),
    sellerCity: optionalText(120).refine((city) => city === null || city.length <= 100, {
      error: 'invoiceConsole.city.invalid' satisfies Key,
    }),
    bankReg: patterned(/^[0-9]{4}$/, 'invoiceConsole.bankReg.invalid', (text) => text.replace(/[\s-]/g, '')),
    bankAccount: patterned(/^[0-9]{1,10}$/, 'invoiceConsole.bankAccount.invalid', (text) => text.replace(/[\s-]/g, '')),
    iban: ibanField,
    bic: patterned(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'invoiceConsole.bic.invalid', (text) =>
      text.replace(/\s/g, '').toUpperCase(),
    ),
    dueDays: wholeNumber(0, 365),
    invoiceEmail: emailField,
  })
  .superRefine((value, context) => {
    const issue = (path: string, message: Key) => context.addIssue({ code: 'custom', path: [path], message });
    if ((value.bankReg === null) !== (value.bankAccount === null)) {
      issue(value.bankReg === null ? 'bankReg' : 'bankAccount', 'invoiceConsole.bank.bothOrNeither');
    }
    if (!value.enabled) return;
    // Turning invoices on needs what every invoice must carry: the seller, and where to pay.
    for (const field of REQUIRED_WHEN_ENABLED) {
      if (value[field] === null) issue(field, 'invoiceConsole.requiredToEnable');
    }
    if (value.bankReg === null && value.bankAccount === null && value.iban === null) {
      issue('bankReg', 'invoiceConsole.paymentRequiredToEnable');
    }
  });
export type InvoiceSettingsInput = z.output<typeof invoiceSettingsForm>;

/** The settings form's fields, in its order (the error summary follows it). */
export const SETTINGS_FIELD_ORDER = [
  'enabled',
  'sellerName',
  'sellerCvr',
  'sellerAddress',
  'sellerPostcode',
  'sellerCity',
  'invoiceEmail',
  'bankReg',
  'bankAccount',
  'iban',
  'bic',
  'dueDays',
] as const;

// ── Mark paid ───────────────────────────────────────────────────────────────

const dateField = z
  .string()
  .nullish()
  .transform((raw, context) => {
    const date = parseDanishDate(clean(raw));
    if (date === null) {
      context.addIssue({ code: 'custom', message: 'invoiceConsole.paidOn.invalid' satisfies Key });
      return z.NEVER;
    }
    return date;
  });

export const markPaidForm = z.object({
  event: z.uuid({ error: 'invoiceConsole.badForm' satisfies Key }),
  invoice: z.uuid({ error: 'invoiceConsole.badForm' satisfies Key }),
  paidOn: dateField,
});
export type MarkPaidInput = z.output<typeof markPaidForm>;

/** A payment date may be today or earlier (in Copenhagen), and not before the invoice was issued. */
export function paidOnProblem(paidOn: string, issueDate: string, today: string): 'future' | 'before_issue' | null {
  if (paidOn > today) return 'future';
  if (paidOn < issueDate) return 'before_issue';
  return null;
}

export const applyBankForm = z.object({
  event: z.uuid({ error: 'invoiceConsole.badForm' satisfies Key }),
  // "<invoice id>:<yyyy-mm-dd>" each (bank-csv.ts paymentToken); a form has up to a year's payments.
  payment: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(
      z
        .array(z.string().max(60))
        .min(1, { error: 'invoiceConsole.bank.nothingToApply' satisfies Key })
        .max(20_000),
    ),
});

export const remindForm = z.object({ event: z.uuid({ error: 'invoiceConsole.badForm' satisfies Key }) });

// ── Refusals ────────────────────────────────────────────────────────────────

export type InvoiceConsoleRefusal =
  | ChangedElsewhere
  | Refused<'not_found'>
  | Refused<'incomplete'>
  | Refused<'cvr_fixed'>
  | Refused<'already_paid'>
  | Refused<'paid_in_future'>
  | Refused<'paid_before_issue'>
  | Refused<'credited'>
  | Refused<'no_file'>
  | Refused<'file_too_large'>
  | Refused<'file_empty'>
  | Refused<'no_header'>;

export const INVOICE_CONSOLE_REFUSALS: RefusalRules<InvoiceConsoleRefusal> = {
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_found: { status: 404, message: 'invoiceConsole.notFound' },
  incomplete: { status: 422, message: 'invoiceConsole.requiredToEnable', field: 'enabled' },
  cvr_fixed: { status: 409, message: 'invoiceConsole.cvr.fixed', field: 'sellerCvr' },
  already_paid: { status: 409, message: 'invoiceConsole.alreadyPaid' },
  paid_in_future: { status: 422, message: 'invoiceConsole.paidOn.future', field: 'paidOn' },
  paid_before_issue: { status: 422, message: 'invoiceConsole.paidOn.beforeIssue', field: 'paidOn' },
  credited: { status: 409, message: 'invoiceConsole.credited' },
  no_file: { status: 400, message: 'invoiceConsole.bank.noFile', field: 'file' },
  file_too_large: { status: 413, message: 'invoiceConsole.bank.tooLarge', field: 'file' },
  file_empty: { status: 422, message: 'invoiceConsole.bank.empty', field: 'file' },
  no_header: { status: 422, message: 'invoiceConsole.bank.noHeader', field: 'file' },
};

export const bankFileForm = z.object({
  event: z.uuid({ error: 'invoiceConsole.badForm' satisfies Key }),
  file: z
    .instanceof(File)
    .nullish()
    .transform((file) => (file && file.size > 0 ? file : undefined)),
});

/** A calendar date (yyyy-mm-dd) as an instant Copenhagen shows as that date: noon UTC. */
export function calendarDay(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** One invoice or credit note as the console lists and exports it. */
export interface ConsoleInvoice {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  issueDate: string;
  /** Invoices only. */
  dueDate: string | null;
  dueAt: Date | null;
  issuedAt: Date;
  netOre: number;
  vatOre: number;
  grossOre: number;
  creditedOre: number;
  paidAt: Date | null;
  /** The date it was paid, in Copenhagen. */
  paidOn: string | null;
  remindersSent: number;
  organisation: string | null;
  ean: string | null;
  cvr: string | null;
  orderReference: string | null;
  referencePerson: string | null;
  /** A credit note's invoice. */
  creditsNumber: string | null;
}
