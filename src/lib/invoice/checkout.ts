// Checkout by invoice, the pure part: the buyer's invoicing details as the
// registration form posts them (`invoice.<field>` inputs, so an issue's path
// is the name of its field), the rules they follow, and the refusals.
// The same rules hold in Postgres (20261203140200_invoice_checkout.sql).
import { z } from 'zod';
import type { InvoiceCheckoutMessageKey } from '../i18n/dictionary/invoice-checkout.ts';
import { parseCvr, parseEan } from './identifiers.ts';

type Key = InvoiceCheckoutMessageKey;

export const BUYER_TYPES = ['public', 'company'] as const;
export type BuyerType = (typeof BUYER_TYPES)[number];

export const PAYMENT_METHODS = ['card', 'invoice'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The invoice fieldset's inputs, named `invoice.<field>`. */
export const INVOICE_FIELDS = [
  'buyerType',
  'organisationName',
  'ean',
  'cvr',
  'orderReference',
  'referencePerson',
  'invoiceEmail',
  'remember',
] as const;
export type InvoiceField = (typeof INVOICE_FIELDS)[number];

export function invoiceFieldName(field: InvoiceField): `invoice.${InvoiceField}` {
  return `invoice.${field}`;
}

// eslint-disable-next-line no-control-regex
const LINE_CONTROLS = /[\u0000-\u001f\u007f]/;

function optionalLine(max: 100 | 200) {
  return z
    .string()
    .nullish()
    .transform((value) => (value ?? '').normalize('NFC').trim())
    .pipe(
      z
        .string()
        .max(max, { error: `invoiceCheckout.field.max${max}` satisfies Key })
        .refine((value) => value.isWellFormed() && !LINE_CONTROLS.test(value), {
          error: 'invoiceCheckout.field.invalidCharacters' satisfies Key,
        }),
    )
    .transform((value) => (value === '' ? null : value));
}

/** The address the invoice goes to: the shape orders and invoice_buyers accept, lower-case. */
const invoiceEmailField = z
  .string({ error: 'invoiceCheckout.field.emailRequired' satisfies Key })
  .transform((value) => value.normalize('NFC').trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, { error: 'invoiceCheckout.field.emailRequired' satisfies Key })
      .max(254, { error: 'invoiceCheckout.field.emailInvalid' satisfies Key })
      .refine((value) => !LINE_CONTROLS.test(value) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value), {
        error: 'invoiceCheckout.field.emailInvalid' satisfies Key,
      })
      .pipe(z.email({ pattern: z.regexes.unicodeEmail, error: 'invoiceCheckout.field.emailInvalid' satisfies Key })),
  );

const EAN_MESSAGES = {
  format: 'invoiceCheckout.field.eanFormat',
  check_digit: 'invoiceCheckout.field.eanCheckDigit',
} as const satisfies Record<string, Key>;

const CVR_MESSAGES = {
  format: 'invoiceCheckout.field.cvrFormat',
  check_digit: 'invoiceCheckout.field.cvrCheckDigit',
} as const satisfies Record<string, Key>;

/**
 * The buyer's invoicing details. A public authority gives its EAN (where
 * NemHandel delivers the invoice), its order or requisition number and a
 * reference person; a company gives its CVR number. Either may give both
 * numbers; each is checked by its check digit and stored as plain digits.
 */
export const invoiceBuyerInput = z
  .object({
    buyerType: z.enum(BUYER_TYPES, { error: 'invoiceCheckout.field.buyerTypeRequired' satisfies Key }),
    organisationName: optionalLine(200),
    ean: optionalLine(100),
    cvr: optionalLine(100),
    orderReference: optionalLine(100),
    referencePerson: optionalLine(200),
    invoiceEmail: invoiceEmailField,
    remember: z.boolean(),
  })
  .transform((value, ctx) => {
    const issue = (path: InvoiceField, message: Key) =>
      ctx.issues.push({ code: 'custom', path: [path], message, input: value });
    const isPublic = value.buyerType === 'public';
    if (value.organisationName === null) issue('organisationName', 'invoiceCheckout.field.organisationRequired');
    let ean: string | null = null;
    if (value.ean !== null) {
      const parsed = parseEan(value.ean);
      if (parsed.ok) ean = parsed.value;
      else issue('ean', EAN_MESSAGES[parsed.problem]);
    } else if (isPublic) issue('ean', 'invoiceCheckout.field.eanRequired');
    let cvr: string | null = null;
    if (value.cvr !== null) {
      const parsed = parseCvr(value.cvr);
      if (parsed.ok) cvr = parsed.value;
      else issue('cvr', CVR_MESSAGES[parsed.problem]);
    } else if (!isPublic) issue('cvr', 'invoiceCheckout.field.cvrRequired');
    if (isPublic && value.orderReference === null) {
      issue('orderReference', 'invoiceCheckout.field.orderReferenceRequired');
    }
    if (isPublic && value.referencePerson === null) {
      issue('referencePerson', 'invoiceCheckout.field.referencePersonRequired');
    }
    return { ...value, organisationName: value.organisationName ?? '', ean, cvr };
  });
export type InvoiceBuyerInput = z.output<typeof invoiceBuyerInput>;

const CHECKED = new Set(['on', 'true', '1', 'yes']);

type FormSource = Pick<FormData, 'get'>;

function text(form: FormSource, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** How the form asks to pay: `paymentMethod=invoice` picks the invoice; anything else is the card. */
export function paymentMethodFromForm(form: FormSource): PaymentMethod {
  return text(form, 'paymentMethod') === 'invoice' ? 'invoice' : 'card';
}

/** The raw invoice fields, for the schema or to fill the form in again. */
export function invoiceFromForm(form: FormSource): Record<InvoiceField, string | boolean | undefined> {
  return {
    buyerType: text(form, invoiceFieldName('buyerType')) || undefined,
    organisationName: text(form, invoiceFieldName('organisationName')),
    ean: text(form, invoiceFieldName('ean')),
    cvr: text(form, invoiceFieldName('cvr')),
    orderReference: text(form, invoiceFieldName('orderReference')),
    referencePerson: text(form, invoiceFieldName('referencePerson')),
    invoiceEmail: text(form, invoiceFieldName('invoiceEmail')),
    remember: CHECKED.has(text(form, invoiceFieldName('remember')) ?? ''),
  };
}

/** What the invoice fieldset shows: what was posted, else the remembered details, else empty. */
export interface InvoiceFormValues {
  buyerType: BuyerType | null;
  organisationName: string;
  ean: string;
  cvr: string;
  orderReference: string;
  referencePerson: string;
  invoiceEmail: string;
  remember: boolean;
}

export interface RememberedBuyer {
  buyerType: BuyerType;
  ean: string | null;
  cvr: string | null;
  organisationName: string;
  referencePerson: string | null;
  invoiceEmail: string;
}

export function invoiceFormValues(posted: FormSource | null, remembered: RememberedBuyer | null): InvoiceFormValues {
  if (posted && posted.get('paymentMethod') !== null) {
    const raw = invoiceFromForm(posted);
    const line = (value: string | boolean | undefined) => (typeof value === 'string' ? value.slice(0, 300) : '');
    return {
      buyerType: (BUYER_TYPES as readonly unknown[]).includes(raw.buyerType) ? (raw.buyerType as BuyerType) : null,
      organisationName: line(raw.organisationName),
      ean: line(raw.ean),
      cvr: line(raw.cvr),
      orderReference: line(raw.orderReference),
      referencePerson: line(raw.referencePerson),
      invoiceEmail: line(raw.invoiceEmail),
      remember: raw.remember === true,
    };
  }
  return {
    buyerType: remembered?.buyerType ?? null,
    organisationName: remembered?.organisationName ?? '',
    ean: remembered?.ean ?? '',
    cvr: remembered?.cvr ?? '',
    orderReference: '',
    referencePerson: remembered?.referencePerson ?? '',
    invoiceEmail: remembered?.invoiceEmail ?? '',
    remember: remembered !== null,
  };
}

/** The invoice's state as the buyer sees it, from its dates (`today` in Copenhagen, YYYY-MM-DD). */
export type InvoiceState =
  | { kind: 'awaiting'; dueDate: string }
  | { kind: 'overdue'; dueDate: string }
  | { kind: 'paid'; paidAt: Date }
  | { kind: 'credited' }
  | { kind: 'credit_note'; creditsNumber: string };

export function invoiceState(
  invoice: {
    kind: 'invoice' | 'credit_note';
    dueDate: string | null;
    paidAt: Date | null;
    grossOre: number;
    creditedOre: number;
    creditsNumber: string | null;
  },
  today: string,
): InvoiceState {
  if (invoice.kind === 'credit_note') return { kind: 'credit_note', creditsNumber: invoice.creditsNumber ?? '' };
  if (invoice.paidAt) return { kind: 'paid', paidAt: invoice.paidAt };
  if (invoice.creditedOre >= invoice.grossOre) return { kind: 'credited' };
  const dueDate = invoice.dueDate ?? today;
  return today > dueDate ? { kind: 'overdue', dueDate } : { kind: 'awaiting', dueDate };
}
