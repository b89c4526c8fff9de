// The Peppol BIS Billing 3.0 rules that can be checked in code, run on the XML
// text itself (parsed back with xmlbuilder2, read by namespace), so they catch
// a builder bug rather than repeat the builder's own arithmetic. RULES below
// names every rule checked; docs/ARCHITECTURE.md lists what only an external
// validator (the Peppol/NemHandel validator, the access point) checks: the full
// UBL 2.1 schema, the complete code lists, the EN 16931 rules for features we
// never use, national (DK) rules and the network's own checks.
import { create } from 'xmlbuilder2';
import { oreOfDecimal } from './amounts.ts';
import { gs1CheckDigit } from './identifiers.ts';
import { CUSTOMIZATION_ID, NS } from './ubl.ts';

export interface RuleViolation {
  rule: string;
  message: string;
}

/** Every rule checkInvoiceUbl checks, with what it says. */
export const RULES: Record<string, string> = {
  XML: 'The document is well-formed XML, an Invoice or CreditNote in the UBL 2.1 namespaces.',
  'UBL-ORDER':
    'Children appear in the order of the UBL 2.1 schema sequences (document, party, address, payment means, tax, totals, line, item, price), and only elements of the Peppol syntax mapping that we know.',
  'PEPPOL-COMMON-R001': 'No empty elements.',
  'PEPPOL-COMMON-R030': 'Dates are YYYY-MM-DD and real dates.',
  'PEPPOL-COMMON-R040': 'A GLN (scheme 0088) has 13 digits and a valid GS1 check digit.',
  'PEPPOL-COMMON-R042': 'A Danish CVR (scheme 0184) is "DK" followed by 8 digits, or 8 digits.',
  'BR-01': 'Specification identifier (CustomizationID) present.',
  'PEPPOL-EN16931-R004': 'CustomizationID is exactly the Peppol BIS Billing 3.0 one.',
  'PEPPOL-EN16931-R001': 'Business process (ProfileID) present.',
  'PEPPOL-EN16931-R007': 'ProfileID is urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0.',
  'BR-02': 'Invoice number present.',
  'BR-03': 'Issue date present.',
  'BR-04': 'Type code present.',
  'PEPPOL-EN16931-P0100': 'Invoice type code 380, credit note type code 381 (the codes we issue).',
  'BR-05': 'Document currency present.',
  'PEPPOL-EN16931-R051': 'Every currencyID is the document currency.',
  'PEPPOL-EN16931-R003': 'A buyer reference or an order reference is present.',
  'BR-06': "Seller's name (RegistrationName) present.",
  'BR-07': "Buyer's name (RegistrationName) present.",
  'BR-08': "Seller's postal address present.",
  'BR-09': "Seller's country code present (2 letters).",
  'BR-10': "Buyer's postal address present.",
  'BR-11': "Buyer's country code present (2 letters).",
  'PEPPOL-EN16931-R020': "Seller's electronic address (EndpointID) present.",
  'PEPPOL-EN16931-R010': "Buyer's electronic address (EndpointID) present.",
  'BR-62': "Seller's electronic address has a scheme.",
  'BR-63': "Buyer's electronic address has a scheme.",
  'BR-CL-25': 'Endpoint schemes are EAS codes (of those Danish invoicing uses: 0088, 0184, 0096, 0198, EM).',
  'BR-CO-09': "The seller's VAT identifier starts with an ISO country prefix.",
  'BR-S-02': 'A document with standard rated (S) lines states the seller VAT identifier.',
  'BR-16': 'At least one line.',
  'BR-21': 'Each line has an identifier, unique in the document.',
  'BR-22': 'Each line has a quantity.',
  'BR-23': 'Each quantity has a unit code.',
  'BR-24': 'Each line has a net amount.',
  'BR-25': 'Each item has a name.',
  'BR-26': 'Each line has a net price.',
  'BR-27': 'Net prices are not negative.',
  'PEPPOL-EN16931-R120': 'Line net amount = quantity × price / base quantity (within 0.02).',
  'BR-12': 'Sum of line net amounts (LineExtensionAmount) present.',
  'BR-13': 'Total without VAT (TaxExclusiveAmount) present.',
  'BR-14': 'Total with VAT (TaxInclusiveAmount) present.',
  'BR-15': 'Amount due (PayableAmount) present.',
  'BR-CO-10': 'LineExtensionAmount = sum of the line net amounts.',
  'BR-CO-13': 'TaxExclusiveAmount = LineExtensionAmount − allowances + charges.',
  'BR-CO-14': 'Total VAT = sum of the VAT breakdown amounts.',
  'BR-CO-15': 'TaxInclusiveAmount = TaxExclusiveAmount + total VAT.',
  'BR-CO-16': 'PayableAmount = TaxInclusiveAmount − prepaid + rounding.',
  'BR-CO-17': 'Each breakdown VAT = taxable amount × rate / 100, rounded (the standard allows 1 unit).',
  'SAMSPIL-VAT': 'Stricter than BR-CO-17: each breakdown VAT is within half an øre of taxable × rate / 100.',
  'BR-CO-18': 'At least one VAT breakdown.',
  'PEPPOL-EN16931-R053': 'Exactly one TaxTotal, and it carries the breakdown.',
  'BR-S-08': 'Per S rate: taxable amount = sum of the net amounts of the lines at that rate.',
  'BR-E-08': 'For category E: taxable amount = sum of the net amounts of the E lines.',
  'BR-S-01': 'Lines with category S have an S breakdown (and E lines an E one: BR-E-01).',
  'BR-S-05': 'S lines have a rate above zero.',
  'BR-E-05': 'E lines have rate zero.',
  'BR-E-10': 'An E breakdown carries an exemption reason.',
  'BR-DEC': 'Amounts have at most two decimals.',
  'BR-CO-25': 'A positive amount due comes with a due date or payment terms (invoices).',
  'BR-49': 'Each payment means has a code.',
  'BR-50': 'Credit transfers (30, 42, 58) name the payee account.',
  'SAMSPIL-CREDIT': 'A credit note references the invoice it credits (BillingReference, BT-25).',
};

// ---------------------------------------------------------------------------
// Reading the DOM by namespace
// ---------------------------------------------------------------------------

interface El {
  namespaceURI: string | null;
  localName: string;
  childNodes: ArrayLike<{ nodeType: number }>;
  textContent: string | null;
  getAttribute(name: string): string | null;
  attributes: ArrayLike<{ name: string }>;
}

const ELEMENT = 1;

function kids(element: El): El[] {
  return Array.from(element.childNodes).filter((node) => node.nodeType === ELEMENT) as unknown as El[];
}

const prefixOf = (element: El) =>
  element.namespaceURI === NS.cac ? 'cac' : element.namespaceURI === NS.cbc ? 'cbc' : '?';
const qname = (element: El) => `${prefixOf(element)}:${element.localName}`;

/** The children named `path`'s first step, then theirs, and so on: "cac:TaxTotal/cac:TaxSubtotal". */
function all(element: El, path: string): El[] {
  let current = [element];
  for (const step of path.split('/'))
    current = current.flatMap((node) => kids(node).filter((kid) => qname(kid) === step));
  return current;
}

const one = (element: El, path: string): El | undefined => all(element, path)[0];
const text = (element: El, path: string): string | null => {
  const found = one(element, path);
  return found ? (found.textContent ?? '').trim() : null;
};

function descendants(element: El): El[] {
  return kids(element).flatMap((kid) => [kid, ...descendants(kid)]);
}

// ---------------------------------------------------------------------------
// UBL 2.1 sequences (only the elements the Peppol mapping uses; enough to
// catch an element out of order, which the schema refuses)
// ---------------------------------------------------------------------------

const INVOICE_ORDER = [
  'cbc:UBLVersionID',
  'cbc:CustomizationID',
  'cbc:ProfileID',
  'cbc:ID',
  'cbc:IssueDate',
  'cbc:DueDate',
  'cbc:InvoiceTypeCode',
  'cbc:Note',
  'cbc:TaxPointDate',
  'cbc:DocumentCurrencyCode',
  'cbc:TaxCurrencyCode',
  'cbc:AccountingCost',
  'cbc:BuyerReference',
  'cac:InvoicePeriod',
  'cac:OrderReference',
  'cac:BillingReference',
  'cac:DespatchDocumentReference',
  'cac:ReceiptDocumentReference',
  'cac:OriginatorDocumentReference',
  'cac:ContractDocumentReference',
  'cac:AdditionalDocumentReference',
  'cac:ProjectReference',
  'cac:AccountingSupplierParty',
  'cac:AccountingCustomerParty',
  'cac:PayeeParty',
  'cac:TaxRepresentativeParty',
  'cac:Delivery',
  'cac:PaymentMeans',
  'cac:PaymentTerms',
  'cac:AllowanceCharge',
  'cac:TaxTotal',
  'cac:LegalMonetaryTotal',
  'cac:InvoiceLine',
];
const CREDIT_NOTE_ORDER = [
  'cbc:UBLVersionID',
  'cbc:CustomizationID',
  'cbc:ProfileID',
  'cbc:ID',
  'cbc:IssueDate',
  'cbc:TaxPointDate',
  'cbc:CreditNoteTypeCode',
  'cbc:Note',
  'cbc:DocumentCurrencyCode',
  'cbc:TaxCurrencyCode',
  'cbc:AccountingCost',
  'cbc:BuyerReference',
  'cac:InvoicePeriod',
  'cac:OrderReference',
  'cac:BillingReference',
  'cac:DespatchDocumentReference',
  'cac:ReceiptDocumentReference',
  'cac:ContractDocumentReference',
  'cac:AdditionalDocumentReference',
  'cac:OriginatorDocumentReference',
  'cac:ProjectReference',
  'cac:AccountingSupplierParty',
  'cac:AccountingCustomerParty',
  'cac:PayeeParty',
  'cac:TaxRepresentativeParty',
  'cac:Delivery',
  'cac:PaymentMeans',
  'cac:PaymentTerms',
  'cac:AllowanceCharge',
  'cac:TaxTotal',
  'cac:LegalMonetaryTotal',
  'cac:CreditNoteLine',
];
const LINE_ORDER = [
  'cbc:ID',
  'cbc:Note',
  'cbc:InvoicedQuantity',
  'cbc:CreditedQuantity',
  'cbc:LineExtensionAmount',
  'cbc:AccountingCost',
  'cac:InvoicePeriod',
  'cac:OrderLineReference',
  'cac:DocumentReference',
  'cac:AllowanceCharge',
  'cac:Item',
  'cac:Price',
];
/** Children of each aggregate, in schema order. */
const SEQUENCES: Record<string, string[]> = {
  'cac:OrderReference': ['cbc:ID', 'cbc:SalesOrderID'],
  'cac:BillingReference': ['cac:InvoiceDocumentReference'],
  'cac:InvoiceDocumentReference': ['cbc:ID', 'cbc:IssueDate'],
  'cac:AccountingSupplierParty': ['cac:Party'],
  'cac:AccountingCustomerParty': ['cac:Party'],
  'cac:Party': [
    'cbc:EndpointID',
    'cac:PartyIdentification',
    'cac:PartyName',
    'cac:PostalAddress',
    'cac:PartyTaxScheme',
    'cac:PartyLegalEntity',
    'cac:Contact',
  ],
  'cac:PartyIdentification': ['cbc:ID'],
  'cac:PartyName': ['cbc:Name'],
  'cac:PostalAddress': [
    'cbc:StreetName',
    'cbc:AdditionalStreetName',
    'cbc:CityName',
    'cbc:PostalZone',
    'cbc:CountrySubentity',
    'cac:AddressLine',
    'cac:Country',
  ],
  'cac:Country': ['cbc:IdentificationCode'],
  'cac:PartyTaxScheme': ['cbc:CompanyID', 'cac:TaxScheme'],
  'cac:TaxScheme': ['cbc:ID'],
  'cac:PartyLegalEntity': ['cbc:RegistrationName', 'cbc:CompanyID', 'cbc:CompanyLegalForm'],
  'cac:Contact': ['cbc:Name', 'cbc:Telephone', 'cbc:ElectronicMail'],
  'cac:PaymentMeans': [
    'cbc:PaymentMeansCode',
    'cbc:PaymentDueDate',
    'cbc:PaymentChannelCode',
    'cbc:InstructionID',
    'cbc:PaymentID',
    'cac:CardAccount',
    'cac:PayeeFinancialAccount',
    'cac:PaymentMandate',
  ],
  'cac:PayeeFinancialAccount': ['cbc:ID', 'cbc:Name', 'cac:FinancialInstitutionBranch'],
  'cac:FinancialInstitutionBranch': ['cbc:ID'],
  'cac:PaymentTerms': ['cbc:Note'],
  'cac:TaxTotal': ['cbc:TaxAmount', 'cac:TaxSubtotal'],
  'cac:TaxSubtotal': ['cbc:TaxableAmount', 'cbc:TaxAmount', 'cac:TaxCategory'],
  'cac:TaxCategory': ['cbc:ID', 'cbc:Percent', 'cbc:TaxExemptionReasonCode', 'cbc:TaxExemptionReason', 'cac:TaxScheme'],
  'cac:ClassifiedTaxCategory': ['cbc:ID', 'cbc:Percent', 'cac:TaxScheme'],
  'cac:LegalMonetaryTotal': [
    'cbc:LineExtensionAmount',
    'cbc:TaxExclusiveAmount',
    'cbc:TaxInclusiveAmount',
    'cbc:AllowanceTotalAmount',
    'cbc:ChargeTotalAmount',
    'cbc:PrepaidAmount',
    'cbc:PayableRoundingAmount',
    'cbc:PayableAmount',
  ],
  'cac:InvoiceLine': LINE_ORDER,
  'cac:CreditNoteLine': LINE_ORDER,
  'cac:Item': [
    'cbc:Description',
    'cbc:Name',
    'cac:BuyersItemIdentification',
    'cac:SellersItemIdentification',
    'cac:StandardItemIdentification',
    'cac:OriginCountry',
    'cac:CommodityClassification',
    'cac:ClassifiedTaxCategory',
    'cac:AdditionalItemProperty',
  ],
  'cac:Price': ['cbc:PriceAmount', 'cbc:BaseQuantity', 'cac:AllowanceCharge'],
};

function checkOrder(element: El, sequence: string[], where: string, report: (rule: string, message: string) => void) {
  let last = -1;
  for (const kid of kids(element)) {
    const name = qname(kid);
    const index = sequence.indexOf(name);
    if (index < 0) report('UBL-ORDER', `${where}: ${name} is not an element we know here`);
    else if (index < last) report('UBL-ORDER', `${where}: ${name} comes after ${sequence[last]}`);
    else last = index;
    const nested = SEQUENCES[name];
    if (nested) checkOrder(kid, nested, `${where}/${name}`, report);
  }
}

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

const EAS_CODES = new Set(['0088', '0184', '0096', '0198', 'EM']);
const CREDIT_TRANSFER = new Set(['30', '42', '58']);

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Violations of the RULES in a UBL Invoice or CreditNote; an empty list when it passes them all. */
export function checkInvoiceUbl(xml: string): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const report = (rule: string, message: string) => violations.push({ rule, message });

  let root: El;
  try {
    root = create(xml).root().node as unknown as El;
  } catch (error) {
    return [{ rule: 'XML', message: `not well-formed: ${(error as Error).message}` }];
  }
  const isInvoice = root.namespaceURI === NS.invoice && root.localName === 'Invoice';
  const isCreditNote = root.namespaceURI === NS.creditNote && root.localName === 'CreditNote';
  if (!isInvoice && !isCreditNote)
    return [{ rule: 'XML', message: `not a UBL Invoice or CreditNote: ${root.localName}` }];

  checkOrder(root, isInvoice ? INVOICE_ORDER : CREDIT_NOTE_ORDER, root.localName, report);

  const everything = descendants(root);
  for (const element of everything) {
    if (kids(element).length === 0 && (element.textContent ?? '').trim() === '') {
      report('PEPPOL-COMMON-R001', `${qname(element)} is empty`);
    }
  }
  for (const element of everything.filter((e) => ['IssueDate', 'DueDate', 'TaxPointDate'].includes(e.localName))) {
    if (!isDate((element.textContent ?? '').trim())) report('PEPPOL-COMMON-R030', `${qname(element)} is not a date`);
  }
  for (const element of everything) {
    const scheme = element.getAttribute('schemeID');
    const value = (element.textContent ?? '').trim();
    if (scheme === '0088' && !(/^\d{13}$/.test(value) && gs1CheckDigit(value.slice(0, 12)) === Number(value[12]))) {
      report('PEPPOL-COMMON-R040', `${value} is not a valid GLN`);
    }
    if (scheme === '0184' && !/^(DK)?\d{8}$/.test(value)) report('PEPPOL-COMMON-R042', `${value} is not a CVR`);
  }

  // Header
  const customization = text(root, 'cbc:CustomizationID');
  if (!customization) report('BR-01', 'no CustomizationID');
  else if (customization !== CUSTOMIZATION_ID) report('PEPPOL-EN16931-R004', `CustomizationID is ${customization}`);
  const profile = text(root, 'cbc:ProfileID');
  if (!profile) report('PEPPOL-EN16931-R001', 'no ProfileID');
  else if (!/^urn:fdc:peppol\.eu:2017:poacc:billing:\d{2}:1\.0$/.test(profile)) {
    report('PEPPOL-EN16931-R007', `ProfileID is ${profile}`);
  }
  if (!text(root, 'cbc:ID')) report('BR-02', 'no invoice number');
  if (!text(root, 'cbc:IssueDate')) report('BR-03', 'no issue date');
  const typeCode = text(root, isInvoice ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode');
  if (!typeCode) report('BR-04', 'no type code');
  else if (typeCode !== (isInvoice ? '380' : '381')) report('PEPPOL-EN16931-P0100', `type code ${typeCode}`);
  const currency = text(root, 'cbc:DocumentCurrencyCode');
  if (!currency || !/^[A-Z]{3}$/.test(currency)) report('BR-05', 'no document currency');
  for (const element of everything) {
    const id = element.getAttribute('currencyID');
    if (id !== null && id !== currency) report('PEPPOL-EN16931-R051', `${qname(element)} in ${id}, not ${currency}`);
  }
  if (!text(root, 'cbc:BuyerReference') && !text(root, 'cac:OrderReference/cbc:ID')) {
    report('PEPPOL-EN16931-R003', 'neither a buyer reference nor an order reference');
  }
  if (isCreditNote && !text(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')) {
    report('SAMSPIL-CREDIT', 'the credit note does not reference an invoice');
  }

  // Parties
  const seller = one(root, 'cac:AccountingSupplierParty/cac:Party');
  const buyer = one(root, 'cac:AccountingCustomerParty/cac:Party');
  const party = (element: El | undefined, who: 'seller' | 'buyer') => {
    const rules =
      who === 'seller'
        ? { name: 'BR-06', address: 'BR-08', country: 'BR-09', endpoint: 'PEPPOL-EN16931-R020', scheme: 'BR-62' }
        : { name: 'BR-07', address: 'BR-10', country: 'BR-11', endpoint: 'PEPPOL-EN16931-R010', scheme: 'BR-63' };
    if (!element || !text(element, 'cac:PartyLegalEntity/cbc:RegistrationName')) report(rules.name, `no ${who} name`);
    if (!element || !one(element, 'cac:PostalAddress')) report(rules.address, `no ${who} postal address`);
    const country = element ? text(element, 'cac:PostalAddress/cac:Country/cbc:IdentificationCode') : null;
    if (!country || !/^[A-Z]{2}$/.test(country)) report(rules.country, `no ${who} country code`);
    const endpoint = element ? one(element, 'cbc:EndpointID') : undefined;
    if (!endpoint) report(rules.endpoint, `no ${who} electronic address`);
    else {
      const scheme = endpoint.getAttribute('schemeID');
      if (!scheme) report(rules.scheme, `the ${who}'s electronic address has no scheme`);
      else if (!EAS_CODES.has(scheme)) report('BR-CL-25', `${scheme} is not an EAS code we know`);
    }
  };
  party(seller, 'seller');
  party(buyer, 'buyer');
  const sellerVat = seller
    ? all(seller, 'cac:PartyTaxScheme')
        .filter((scheme) => text(scheme, 'cac:TaxScheme/cbc:ID') === 'VAT')
        .map((scheme) => text(scheme, 'cbc:CompanyID'))[0]
    : null;
  if (sellerVat && !/^[A-Z]{2}/.test(sellerVat))
    report('BR-CO-09', `VAT identifier ${sellerVat} has no country prefix`);

  // Amounts
  const ore = (element: El | undefined, path: string, rule: string, what: string): number | null => {
    const value = element ? text(element, path) : null;
    if (value === null) {
      report(rule, `no ${what}`);
      return null;
    }
    const parsed = oreOfDecimal(value);
    if (parsed === null) report('BR-DEC', `${what} ${value} is not an amount with at most two decimals`);
    return parsed;
  };
  const optionalOre = (element: El | undefined, path: string, what: string) =>
    element && text(element, path) !== null ? ore(element, path, 'BR-DEC', what) : 0;

  const lineName = isInvoice ? 'cac:InvoiceLine' : 'cac:CreditNoteLine';
  const quantityName = isInvoice ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity';
  const lines = all(root, lineName);
  if (lines.length === 0) report('BR-16', 'no lines');
  const lineIds = new Set<string>();
  const lineNets: { category: string | null; percent: number | null; net: number }[] = [];
  for (const [index, line] of lines.entries()) {
    const where = `line ${index + 1}`;
    const id = text(line, 'cbc:ID');
    if (!id || lineIds.has(id)) report('BR-21', `${where} has no unique identifier`);
    if (id) lineIds.add(id);
    const quantityElement = one(line, quantityName);
    const quantity = quantityElement ? Number((quantityElement.textContent ?? '').trim()) : NaN;
    if (!quantityElement || Number.isNaN(quantity)) report('BR-22', `${where} has no quantity`);
    if (quantityElement && !quantityElement.getAttribute('unitCode')) report('BR-23', `${where} has no unit code`);
    const net = ore(line, 'cbc:LineExtensionAmount', 'BR-24', `${where} net amount`);
    if (!text(line, 'cac:Item/cbc:Name')) report('BR-25', `${where} has no item name`);
    const price = ore(line, 'cac:Price/cbc:PriceAmount', 'BR-26', `${where} price`);
    if (price !== null && price < 0) report('BR-27', `${where} has a negative price`);
    const baseText = text(line, 'cac:Price/cbc:BaseQuantity');
    const base = baseText === null ? 1 : Number(baseText);
    if (net !== null && price !== null && !Number.isNaN(quantity) && base > 0) {
      if (Math.abs(net - (quantity * price) / base) > 2) {
        report('PEPPOL-EN16931-R120', `${where}: ${net} øre is not ${quantity} × ${price} øre`);
      }
    }
    const category = text(line, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID');
    const percentText = text(line, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent');
    const percent = percentText === null ? null : Number(percentText);
    if (category === 'S' && !(percent !== null && percent > 0)) report('BR-S-05', `${where}: S at ${percentText}`);
    if (category === 'E' && percent !== 0) report('BR-E-05', `${where}: E at ${percentText}`);
    lineNets.push({ category, percent, net: net ?? 0 });
  }

  const totals = one(root, 'cac:LegalMonetaryTotal');
  const lineExtension = ore(totals, 'cbc:LineExtensionAmount', 'BR-12', 'LineExtensionAmount');
  const taxExclusive = ore(totals, 'cbc:TaxExclusiveAmount', 'BR-13', 'TaxExclusiveAmount');
  const taxInclusive = ore(totals, 'cbc:TaxInclusiveAmount', 'BR-14', 'TaxInclusiveAmount');
  const payable = ore(totals, 'cbc:PayableAmount', 'BR-15', 'PayableAmount');
  const allowances = optionalOre(totals, 'cbc:AllowanceTotalAmount', 'AllowanceTotalAmount') ?? 0;
  const charges = optionalOre(totals, 'cbc:ChargeTotalAmount', 'ChargeTotalAmount') ?? 0;
  const prepaid = optionalOre(totals, 'cbc:PrepaidAmount', 'PrepaidAmount') ?? 0;
  const rounding = optionalOre(totals, 'cbc:PayableRoundingAmount', 'PayableRoundingAmount') ?? 0;

  const sumOfLines = lineNets.reduce((sum, line) => sum + line.net, 0);
  if (lineExtension !== null && lineExtension !== sumOfLines) {
    report('BR-CO-10', `LineExtensionAmount ${lineExtension} ≠ sum of lines ${sumOfLines}`);
  }
  if (lineExtension !== null && taxExclusive !== null && taxExclusive !== lineExtension - allowances + charges) {
    report('BR-CO-13', `TaxExclusiveAmount ${taxExclusive} ≠ ${lineExtension} − ${allowances} + ${charges}`);
  }

  const taxTotals = all(root, 'cac:TaxTotal');
  const withBreakdown = taxTotals.filter((total) => all(total, 'cac:TaxSubtotal').length > 0);
  if (taxTotals.length !== 1 || withBreakdown.length !== 1) {
    report('PEPPOL-EN16931-R053', `${taxTotals.length} TaxTotal, ${withBreakdown.length} with a breakdown`);
  }
  const taxTotal = withBreakdown[0] ?? taxTotals[0];
  const totalVat = ore(taxTotal, 'cbc:TaxAmount', 'BR-CO-14', 'total VAT');
  const subtotals = taxTotal ? all(taxTotal, 'cac:TaxSubtotal') : [];
  if (subtotals.length === 0) report('BR-CO-18', 'no VAT breakdown');
  let sumOfVat = 0;
  const categories = new Set<string>();
  for (const subtotal of subtotals) {
    const category = text(subtotal, 'cac:TaxCategory/cbc:ID') ?? '?';
    const percent = Number(text(subtotal, 'cac:TaxCategory/cbc:Percent') ?? 'NaN');
    categories.add(`${category}/${percent}`);
    const taxable = ore(subtotal, 'cbc:TaxableAmount', 'BR-CO-18', `taxable amount of ${category} ${percent} %`);
    const vat = ore(subtotal, 'cbc:TaxAmount', 'BR-CO-18', `VAT of ${category} ${percent} %`);
    sumOfVat += vat ?? 0;
    if (taxable !== null && vat !== null && !Number.isNaN(percent)) {
      const exact = (taxable * percent) / 100;
      if (Math.abs(vat - Math.round(exact)) > 100) report('BR-CO-17', `${category} ${percent} %: ${vat} ≠ ${exact}`);
      if (Math.abs(vat - exact) > 0.5)
        report('SAMSPIL-VAT', `${category} ${percent} %: ${vat} øre is not ${exact} øre`);
    }
    const ofLines = lineNets
      .filter((line) => line.category === category && line.percent === percent)
      .reduce((sum, line) => sum + line.net, 0);
    if (taxable !== null && taxable !== ofLines) {
      report(
        category === 'E' ? 'BR-E-08' : 'BR-S-08',
        `${category} ${percent} %: taxable ${taxable} ≠ lines ${ofLines}`,
      );
    }
    if (
      category === 'E' &&
      !text(subtotal, 'cac:TaxCategory/cbc:TaxExemptionReason') &&
      !text(subtotal, 'cac:TaxCategory/cbc:TaxExemptionReasonCode')
    ) {
      report('BR-E-10', 'E breakdown without an exemption reason');
    }
  }
  for (const line of lineNets) {
    if (line.category && !categories.has(`${line.category}/${line.percent}`)) {
      report(line.category === 'E' ? 'BR-E-01' : 'BR-S-01', `no breakdown for ${line.category} ${line.percent} %`);
    }
  }
  if (lineNets.some((line) => line.category === 'S') && !sellerVat) report('BR-S-02', 'no seller VAT identifier');
  if (totalVat !== null && totalVat !== sumOfVat) report('BR-CO-14', `total VAT ${totalVat} ≠ breakdown ${sumOfVat}`);
  if (taxExclusive !== null && taxInclusive !== null && totalVat !== null && taxInclusive !== taxExclusive + totalVat) {
    report('BR-CO-15', `TaxInclusiveAmount ${taxInclusive} ≠ ${taxExclusive} + ${totalVat}`);
  }
  if (taxInclusive !== null && payable !== null && payable !== taxInclusive - prepaid + rounding) {
    report('BR-CO-16', `PayableAmount ${payable} ≠ ${taxInclusive} − ${prepaid} + ${rounding}`);
  }
  if (isInvoice && payable !== null && payable > 0 && !text(root, 'cbc:DueDate') && !one(root, 'cac:PaymentTerms')) {
    report('BR-CO-25', 'an amount due without a due date or payment terms');
  }

  // Payment
  for (const means of all(root, 'cac:PaymentMeans')) {
    const code = text(means, 'cbc:PaymentMeansCode');
    if (!code) report('BR-49', 'payment means without a code');
    else if (CREDIT_TRANSFER.has(code) && !text(means, 'cac:PayeeFinancialAccount/cbc:ID')) {
      report('BR-50', `payment means ${code} without the payee's account`);
    }
  }
  return violations;
}
