// An issued invoice or credit note as the PDF and the UBL see it: the row of
// public.invoices with its lines, seller and buyer as copied at issue. Pure;
// invoice.server.ts reads it from the database.
import type { Lang } from '../i18n/locales.ts';

export type InvoiceKind = 'invoice' | 'credit_note';

export interface InvoiceSeller {
  name: string;
  cvr: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  bankReg: string | null;
  bankAccount: string | null;
  iban: string | null;
  bic: string | null;
  email: string | null;
  eventName: string;
}

export interface InvoiceBuyer {
  type: 'public' | 'company';
  organisationName: string;
  /** The public buyer's EAN (GLN): its NemHandel/Peppol address (scheme 0088). */
  ean: string | null;
  cvr: string | null;
  /** The buyer's order or requisition number. */
  orderReference: string | null;
  referencePerson: string | null;
  email: string;
  /** Who placed the order in Samspil. */
  name: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  /** Samspil's order reference (8 characters). */
  orderNumber: string;
}

export interface InvoiceLine {
  position: number;
  itemName: string;
  attendeeName: string | null;
  vatPercent: number;
  netOre: number;
  vatOre: number;
  grossOre: number;
}

export interface InvoiceDocument {
  id: string;
  kind: InvoiceKind;
  number: string;
  /** YYYY-MM-DD in Copenhagen. */
  issueDate: string;
  /** YYYY-MM-DD; invoices only. */
  dueDate: string | null;
  currency: 'DKK';
  language: Lang;
  seller: InvoiceSeller;
  buyer: InvoiceBuyer;
  /** For a credit note: the invoice it credits. */
  credits: { number: string; issueDate: string } | null;
  lines: InvoiceLine[];
  netOre: number;
  vatOre: number;
  grossOre: number;
}

/** public.invoices.seller as the issuing function writes it. */
export interface SellerJson {
  name: string;
  cvr: string;
  address: string;
  postcode: string;
  city: string;
  country?: string;
  bank_reg?: string;
  bank_account?: string;
  iban?: string;
  bic?: string;
  email?: string;
  event_name: string;
}

/** public.invoices.buyer as the issuing function writes it. */
export interface BuyerJson {
  type: 'public' | 'company';
  organisation_name: string;
  ean?: string;
  cvr?: string;
  order_reference?: string;
  reference_person?: string;
  email: string;
  name?: string;
  address?: string;
  postcode?: string;
  city?: string;
  country?: string;
  order_number: string;
}

export function sellerOf(json: SellerJson): InvoiceSeller {
  return {
    name: json.name,
    cvr: json.cvr,
    address: json.address,
    postcode: json.postcode,
    city: json.city,
    country: json.country ?? 'DK',
    bankReg: json.bank_reg ?? null,
    bankAccount: json.bank_account ?? null,
    iban: json.iban ?? null,
    bic: json.bic ?? null,
    email: json.email ?? null,
    eventName: json.event_name,
  };
}

export function buyerOf(json: BuyerJson): InvoiceBuyer {
  return {
    type: json.type,
    organisationName: json.organisation_name,
    ean: json.ean ?? null,
    cvr: json.cvr ?? null,
    orderReference: json.order_reference ?? null,
    referencePerson: json.reference_person ?? null,
    email: json.email,
    name: json.name ?? null,
    address: json.address ?? null,
    postcode: json.postcode ?? null,
    city: json.city ?? null,
    country: json.country ?? 'DK',
    orderNumber: json.order_number,
  };
}

/** The file name of a download: "faktura-17.pdf", "kreditnota-18.xml" (English: "invoice-17.pdf"). */
export function invoiceFileName(
  document: Pick<InvoiceDocument, 'kind' | 'number' | 'language'>,
  ext: 'pdf' | 'xml',
): string {
  const word =
    document.language === 'en'
      ? document.kind === 'invoice'
        ? 'invoice'
        : 'credit-note'
      : document.kind === 'invoice'
        ? 'faktura'
        : 'kreditnota';
  return `${word}-${document.number}.${ext}`;
}
