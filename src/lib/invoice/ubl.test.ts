import fc from 'fast-check';
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { sampleCreditNote, sampleInvoice } from './sample-document.ts';
import { buildUbl, CUSTOMIZATION_ID, NS, PROFILE_ID } from './ubl.ts';
import { checkInvoiceUbl } from './ubl-rules.ts';

/** The XML parsed back into a plain object (xmlbuilder2's reader): names with their prefixes. */
type Node = { [key: string]: Node | Node[] | string };
function parse(xml: string): { root: string; doc: Node } {
  const object = create(xml).end({ format: 'object' }) as Node;
  const root = Object.keys(object)[0]!;
  return { root, doc: object[root] as Node };
}
const get = (node: Node, path: string): Node | string => {
  let current: Node | string = node;
  for (const step of path.split('/')) {
    const next: Node | Node[] | string = (current as Node)[step]!;
    current = Array.isArray(next) ? next[0]! : next;
  }
  return current;
};
const value = (node: Node, path: string) => {
  const found = get(node, path);
  return typeof found === 'string' ? found : (found['#'] as string);
};
const attr = (node: Node, path: string, name: string) => (get(node, path) as Node)[`@${name}`];
const childNames = (xml: string): string[] => {
  const root = create(xml).root().node as unknown as { childNodes: ArrayLike<{ nodeType: number; nodeName: string }> };
  return Array.from(root.childNodes)
    .filter((node) => node.nodeType === 1)
    .map((node) => node.nodeName);
};

describe('buildUbl: an invoice', () => {
  const invoice = sampleInvoice();
  const xml = buildUbl(invoice);
  const { root, doc } = parse(xml);

  it('is a Peppol BIS Billing 3.0 UBL 2.1 Invoice that passes every rule we check', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(root).toBe('Invoice');
    expect(doc['@xmlns']).toBe(NS.invoice);
    expect(value(doc, 'cbc:CustomizationID')).toBe(CUSTOMIZATION_ID);
    expect(value(doc, 'cbc:ProfileID')).toBe(PROFILE_ID);
    expect(value(doc, 'cbc:InvoiceTypeCode')).toBe('380');
    expect(checkInvoiceUbl(xml)).toEqual([]);
  });

  it('puts the header in the UBL 2.1 order', () => {
    expect(childNames(xml)).toEqual([
      'cbc:CustomizationID',
      'cbc:ProfileID',
      'cbc:ID',
      'cbc:IssueDate',
      'cbc:DueDate',
      'cbc:InvoiceTypeCode',
      'cbc:Note',
      'cbc:DocumentCurrencyCode',
      'cbc:BuyerReference',
      'cac:OrderReference',
      'cac:AccountingSupplierParty',
      'cac:AccountingCustomerParty',
      'cac:PaymentMeans',
      'cac:PaymentMeans',
      'cac:PaymentTerms',
      'cac:TaxTotal',
      'cac:LegalMonetaryTotal',
      'cac:InvoiceLine',
      'cac:InvoiceLine',
      'cac:InvoiceLine',
    ]);
  });

  it("addresses the buyer by EAN (0088) and names the seller by CVR (0184), with the buyer's references", () => {
    expect(value(doc, 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID')).toBe('5798000000001');
    expect(attr(doc, 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID', 'schemeID')).toBe('0088');
    expect(value(doc, 'cac:AccountingSupplierParty/cac:Party/cbc:EndpointID')).toBe('DK12345674');
    expect(attr(doc, 'cac:AccountingSupplierParty/cac:Party/cbc:EndpointID', 'schemeID')).toBe('0184');
    expect(value(doc, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID')).toBe('DK12345674');
    expect(value(doc, 'cbc:BuyerReference')).toBe('Rita Reference');
    expect(value(doc, 'cac:OrderReference/cbc:ID')).toBe('REK-4711');
    expect(value(doc, 'cac:OrderReference/cbc:SalesOrderID')).toBe('7K3M9QXA');
    expect(value(doc, 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName')).toBe(
      'Testrup Kommune',
    );
  });

  it("pays to the organiser's Danish account and IBAN, with the invoice number as payment reference", () => {
    const means = doc['cac:PaymentMeans'] as Node[];
    expect(means.map((m) => value(m, 'cbc:PaymentMeansCode'))).toEqual(['42', '58']);
    expect(means.map((m) => value(m, 'cac:PayeeFinancialAccount/cbc:ID'))).toEqual([
      '12340012345678',
      'DK5000400440116243',
    ]);
    expect(means.map((m) => value(m, 'cbc:PaymentID'))).toEqual(['17', '17']);
  });

  it('states the VAT breakdown and totals in kroner with two decimals, adding up', () => {
    expect(value(doc, 'cac:TaxTotal/cbc:TaxAmount')).toBe('750.00');
    expect(attr(doc, 'cac:TaxTotal/cbc:TaxAmount', 'currencyID')).toBe('DKK');
    expect(value(doc, 'cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount')).toBe('3000.00');
    expect(value(doc, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID')).toBe('S');
    expect(value(doc, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent')).toBe('25');
    const totals = get(doc, 'cac:LegalMonetaryTotal') as Node;
    expect(
      ['LineExtensionAmount', 'TaxExclusiveAmount', 'TaxInclusiveAmount', 'PayableAmount'].map((n) =>
        value(totals, `cbc:${n}`),
      ),
    ).toEqual(['3000.00', '3000.00', '3750.00', '3750.00']);
    const lines = doc['cac:InvoiceLine'] as Node[];
    expect(lines.map((l) => value(l, 'cbc:LineExtensionAmount'))).toEqual(['1000.00', '1000.00', '1000.00']);
    expect(value(lines[0]!, 'cac:Item/cbc:Name')).toBe('Offentlig billet – Velfærdens Innovationsdag 2027');
    expect(value(lines[0]!, 'cac:Item/cbc:Description')).toBe('Deltager: Deltager 1 Ærø');
  });

  it('escapes what people type, never breaking the XML', () => {
    const nasty = sampleInvoice();
    nasty.buyer.organisationName = 'Kommune <script>&"\'</script>';
    const again = buildUbl(nasty);
    expect(checkInvoiceUbl(again)).toEqual([]);
    expect(again).toContain('Kommune &lt;script&gt;&amp;"\'&lt;/script&gt;');
    // Read back through the DOM, the text is what was typed.
    const names = create(again)
      .root()
      .filter((node) => node.node.nodeName === 'cbc:RegistrationName', false, true)
      .map((node) => node.node.textContent);
    expect(names).toContain('Kommune <script>&"\'</script>');
  });

  it('addresses a company without an EAN by CVR, and leaves out what it does not have', () => {
    const company = sampleInvoice({ language: 'en' });
    Object.assign(company.buyer, {
      type: 'company',
      ean: null,
      orderReference: null,
      referencePerson: null,
      address: null,
      postcode: null,
      city: null,
    });
    const companyXml = buildUbl(company);
    expect(checkInvoiceUbl(companyXml)).toEqual([]);
    const parsed = parse(companyXml).doc;
    expect(value(parsed, 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID')).toBe('DK29189846');
    expect(value(parsed, 'cac:OrderReference/cbc:ID')).toBe('NA');
    expect(value(parsed, 'cbc:BuyerReference')).toBe('7K3M9QXA');
    expect(get(parsed, 'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress')).toEqual({
      'cac:Country': { 'cbc:IdentificationCode': 'DK' },
    });
    expect(value(parsed, 'cac:PaymentTerms/cbc:Note')).toBe('Net 30 days');
  });

  it('passes the rules for any number of tickets, price and rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(0, 25),
        (tickets, priceOre, vatPercent) => {
          const document = sampleInvoice({ tickets, priceOre, vatPercent });
          expect(checkInvoiceUbl(buildUbl(document))).toEqual([]);
          expect(checkInvoiceUbl(buildUbl(sampleCreditNote(document, Math.ceil(tickets / 2))))).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('buildUbl: a credit note', () => {
  const invoice = sampleInvoice({ priceOre: 99_999 });
  const note = sampleCreditNote(invoice, 1);
  const xml = buildUbl(note);
  const { root, doc } = parse(xml);

  it('is a UBL CreditNote (381) referencing the invoice, in schema order, passing the rules', () => {
    expect(root).toBe('CreditNote');
    expect(doc['@xmlns']).toBe(NS.creditNote);
    expect(value(doc, 'cbc:CreditNoteTypeCode')).toBe('381');
    expect(value(doc, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe('17');
    expect(value(doc, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate')).toBe('2027-01-15');
    expect(childNames(xml)).toEqual([
      'cbc:CustomizationID',
      'cbc:ProfileID',
      'cbc:ID',
      'cbc:IssueDate',
      'cbc:CreditNoteTypeCode',
      'cbc:Note',
      'cbc:DocumentCurrencyCode',
      'cbc:BuyerReference',
      'cac:OrderReference',
      'cac:BillingReference',
      'cac:AccountingSupplierParty',
      'cac:AccountingCustomerParty',
      'cac:PaymentMeans',
      'cac:PaymentMeans',
      'cac:TaxTotal',
      'cac:LegalMonetaryTotal',
      'cac:CreditNoteLine',
    ]);
    expect(value(doc, 'cac:CreditNoteLine/cbc:CreditedQuantity')).toBe('1');
    expect(value(doc, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('999.99');
    expect(value(doc, 'cac:TaxTotal/cbc:TaxAmount')).toBe('200.00');
    expect(checkInvoiceUbl(xml)).toEqual([]);
  });
});
