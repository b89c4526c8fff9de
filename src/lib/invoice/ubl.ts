// The e-invoice: Peppol BIS Billing 3.0 in UBL 2.1 — an Invoice (type 380) or
// a CreditNote (type 381) that references the invoice it credits. Built with
// xmlbuilder2 (escaping, namespaces and well-formedness are the library's,
// never string concatenation), children in the order the UBL 2.1 schema's
// sequences demand (ubl-rules.ts checks that order on what comes out).
//
// Identifiers: the buyer's endpoint is its EAN (scheme 0088) — a public
// buyer's NemHandel address; a company without an EAN is addressed by its CVR
// (0184) or, lacking that, by its invoice email (EM). The seller is its CVR
// (0184, written "DK" + 8 digits as PEPPOL-COMMON-R042 accepts in every
// version), and its VAT number is the same CVR with the DK prefix.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { decimalAmount, totalsOf } from './amounts.ts';
import type { InvoiceDocument, InvoiceLine } from './document.ts';

export const CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

export const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;

/** UNCL 1001 document type codes. */
export const TYPE_CODE = { invoice: '380', credit_note: '381' } as const;

/** UNCL 5305 VAT category of a rate: standard rated, or exempt for a 0 % ticket. */
export function vatCategory(vatPercent: number): 'S' | 'E' {
  return vatPercent > 0 ? 'S' : 'E';
}

const EXEMPTION_REASON = { da: 'Momsfritaget', en: 'Exempt from VAT' } as const;

/** "DK12345678": the CVR as scheme 0184 and as the VAT identifier write it. */
export function dkCvr(cvr: string): string {
  return `DK${cvr}`;
}

/** The buyer's electronic address: EAN (0088), else CVR (0184), else email (EM). */
export function buyerEndpoint(buyer: InvoiceDocument['buyer']): { scheme: string; value: string } {
  if (buyer.ean) return { scheme: '0088', value: buyer.ean };
  if (buyer.cvr) return { scheme: '0184', value: dkCvr(buyer.cvr) };
  return { scheme: 'EM', value: buyer.email };
}

/** A Danish domestic account as one identifier: the registration number and the account, padded to 10 digits. */
export function danishAccount(reg: string, account: string): string {
  return `${reg}${account.padStart(10, '0')}`;
}

type Parent = XMLBuilder;

function cbc(parent: Parent, name: string, text: string | null | undefined, attributes?: Record<string, string>): void {
  // No empty elements (PEPPOL-COMMON-R001): an absent value leaves the element out.
  if (text === null || text === undefined || text.trim() === '') return;
  parent.ele(NS.cbc, `cbc:${name}`, attributes).txt(text);
}

function cac(parent: Parent, name: string): Parent {
  return parent.ele(NS.cac, `cac:${name}`);
}

function amount(parent: Parent, name: string, ore: number, currency: string): void {
  cbc(parent, name, decimalAmount(ore), { currencyID: currency });
}

function postalAddress(
  parent: Parent,
  address: { street: string | null; city: string | null; postcode: string | null; country: string },
): void {
  const element = cac(parent, 'PostalAddress');
  cbc(element, 'StreetName', address.street);
  cbc(element, 'CityName', address.city);
  cbc(element, 'PostalZone', address.postcode);
  cbc(cac(element, 'Country'), 'IdentificationCode', address.country);
}

function taxScheme(parent: Parent): void {
  cbc(cac(parent, 'TaxScheme'), 'ID', 'VAT');
}

function supplierParty(root: Parent, document: InvoiceDocument): void {
  const { seller } = document;
  const party = cac(cac(root, 'AccountingSupplierParty'), 'Party');
  cbc(party, 'EndpointID', dkCvr(seller.cvr), { schemeID: '0184' });
  cbc(cac(party, 'PartyName'), 'Name', seller.name);
  postalAddress(party, {
    street: seller.address,
    city: seller.city,
    postcode: seller.postcode,
    country: seller.country,
  });
  const tax = cac(party, 'PartyTaxScheme');
  cbc(tax, 'CompanyID', dkCvr(seller.cvr));
  taxScheme(tax);
  const legal = cac(party, 'PartyLegalEntity');
  cbc(legal, 'RegistrationName', seller.name);
  cbc(legal, 'CompanyID', dkCvr(seller.cvr), { schemeID: '0184' });
  if (seller.email) cbc(cac(party, 'Contact'), 'ElectronicMail', seller.email);
}

function customerParty(root: Parent, document: InvoiceDocument): void {
  const { buyer } = document;
  const party = cac(cac(root, 'AccountingCustomerParty'), 'Party');
  const endpoint = buyerEndpoint(buyer);
  cbc(party, 'EndpointID', endpoint.value, { schemeID: endpoint.scheme });
  if (buyer.ean) cbc(cac(party, 'PartyIdentification'), 'ID', buyer.ean, { schemeID: '0088' });
  cbc(cac(party, 'PartyName'), 'Name', buyer.organisationName);
  postalAddress(party, { street: buyer.address, city: buyer.city, postcode: buyer.postcode, country: buyer.country });
  const legal = cac(party, 'PartyLegalEntity');
  cbc(legal, 'RegistrationName', buyer.organisationName);
  if (buyer.cvr) cbc(legal, 'CompanyID', dkCvr(buyer.cvr), { schemeID: '0184' });
  const contact = cac(party, 'Contact');
  cbc(contact, 'Name', buyer.referencePerson ?? buyer.name);
  cbc(contact, 'ElectronicMail', buyer.email);
}

function paymentMeans(root: Parent, document: InvoiceDocument): void {
  const { seller } = document;
  const means = (code: string, account: string, branch: string | null) => {
    const element = cac(root, 'PaymentMeans');
    cbc(element, 'PaymentMeansCode', code);
    // The remittance information the buyer's payment carries: the invoice number.
    cbc(element, 'PaymentID', document.number);
    const payee = cac(element, 'PayeeFinancialAccount');
    cbc(payee, 'ID', account);
    cbc(payee, 'Name', seller.name);
    if (branch) cbc(cac(payee, 'FinancialInstitutionBranch'), 'ID', branch);
  };
  // 42: payment to a (domestic) bank account; 58: SEPA credit transfer to an IBAN.
  if (seller.bankReg && seller.bankAccount) {
    means('42', danishAccount(seller.bankReg, seller.bankAccount), seller.bankReg);
  }
  if (seller.iban) means('58', seller.iban, seller.bic);
}

// Totals are the stored ones; the breakdown is summed from the lines, so a
// document whose stored totals disagree with its lines fails BR-CO-10/14.
function taxTotal(root: Parent, document: InvoiceDocument): void {
  const total = cac(root, 'TaxTotal');
  amount(total, 'TaxAmount', document.vatOre, document.currency);
  for (const subtotal of totalsOf(document.lines).breakdown) {
    const element = cac(total, 'TaxSubtotal');
    amount(element, 'TaxableAmount', subtotal.taxableOre, document.currency);
    amount(element, 'TaxAmount', subtotal.vatOre, document.currency);
    const category = cac(element, 'TaxCategory');
    const id = vatCategory(subtotal.vatPercent);
    cbc(category, 'ID', id);
    cbc(category, 'Percent', String(subtotal.vatPercent));
    if (id === 'E') cbc(category, 'TaxExemptionReason', EXEMPTION_REASON[document.language]);
    taxScheme(category);
  }
}

function monetaryTotal(root: Parent, document: InvoiceDocument): void {
  const element = cac(root, 'LegalMonetaryTotal');
  amount(element, 'LineExtensionAmount', document.netOre, document.currency);
  amount(element, 'TaxExclusiveAmount', document.netOre, document.currency);
  amount(element, 'TaxInclusiveAmount', document.grossOre, document.currency);
  amount(element, 'PayableAmount', document.grossOre, document.currency);
}

function line(root: Parent, document: InvoiceDocument, item: InvoiceLine): void {
  const isInvoice = document.kind === 'invoice';
  const element = cac(root, isInvoice ? 'InvoiceLine' : 'CreditNoteLine');
  cbc(element, 'ID', String(item.position));
  // One ticket a line; C62 is UN/ECE Rec 20's "one".
  cbc(element, isInvoice ? 'InvoicedQuantity' : 'CreditedQuantity', '1', { unitCode: 'C62' });
  amount(element, 'LineExtensionAmount', item.netOre, document.currency);
  const product = cac(element, 'Item');
  const who = document.language === 'en' ? 'Attendee' : 'Deltager';
  if (item.attendeeName) cbc(product, 'Description', `${who}: ${item.attendeeName}`);
  cbc(product, 'Name', `${item.itemName} – ${document.seller.eventName}`.slice(0, 200));
  const category = cac(product, 'ClassifiedTaxCategory');
  cbc(category, 'ID', vatCategory(item.vatPercent));
  cbc(category, 'Percent', String(item.vatPercent));
  taxScheme(category);
  amount(cac(element, 'Price'), 'PriceAmount', item.netOre, document.currency);
}

/** The Peppol BIS Billing 3.0 UBL of an issued invoice or credit note, as UTF-8 XML text. */
export function buildUbl(document: InvoiceDocument): string {
  const isInvoice = document.kind === 'invoice';
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(isInvoice ? NS.invoice : NS.creditNote, isInvoice ? 'Invoice' : 'CreditNote', {
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });
  const { buyer } = document;

  cbc(root, 'CustomizationID', CUSTOMIZATION_ID);
  cbc(root, 'ProfileID', PROFILE_ID);
  cbc(root, 'ID', document.number);
  cbc(root, 'IssueDate', document.issueDate);
  if (isInvoice) cbc(root, 'DueDate', document.dueDate);
  cbc(root, isInvoice ? 'InvoiceTypeCode' : 'CreditNoteTypeCode', TYPE_CODE[document.kind]);
  cbc(root, 'Note', `${document.seller.eventName} – ${buyer.orderNumber}`);
  cbc(root, 'DocumentCurrencyCode', document.currency);
  // BT-10: the buyer's reference person (what Danish public buyers route by), else their order number, else ours.
  cbc(root, 'BuyerReference', buyer.referencePerson ?? buyer.orderReference ?? buyer.orderNumber);
  const order = cac(root, 'OrderReference');
  // BT-13, the buyer's order; "NA" when they gave none but our order reference (BT-14) is stated.
  cbc(order, 'ID', buyer.orderReference ?? 'NA');
  cbc(order, 'SalesOrderID', buyer.orderNumber);
  if (document.credits) {
    const reference = cac(cac(root, 'BillingReference'), 'InvoiceDocumentReference');
    cbc(reference, 'ID', document.credits.number);
    cbc(reference, 'IssueDate', document.credits.issueDate);
  }
  supplierParty(root, document);
  customerParty(root, document);
  paymentMeans(root, document);
  if (isInvoice && document.dueDate) {
    const days = Math.round((Date.parse(document.dueDate) - Date.parse(document.issueDate)) / 86_400_000);
    const terms = document.language === 'en' ? `Net ${days} days` : `Netto ${days} dage`;
    cbc(cac(root, 'PaymentTerms'), 'Note', terms);
  }
  taxTotal(root, document);
  monetaryTotal(root, document);
  for (const item of document.lines) line(root, document, item);

  return doc.end({ prettyPrint: true });
}
