import { describe, expect, it } from 'vitest';
import { sampleCreditNote, sampleInvoice } from './sample-document.ts';
import { buildUbl } from './ubl.ts';
import { checkInvoiceUbl, RULES } from './ubl-rules.ts';

const invoiceXml = buildUbl(sampleInvoice());
const creditXml = buildUbl(sampleCreditNote(sampleInvoice(), 2));

/** The rules a document breaks, each once, sorted. */
const broken = (xml: string) => [...new Set(checkInvoiceUbl(xml).map((v) => v.rule))].sort();

/** Replaces exactly one occurrence (the test fails if `from` is not there). */
function tamper(xml: string, from: string | RegExp, to: string): string {
  const changed = xml.replace(from, to);
  expect(changed).not.toBe(xml);
  return changed;
}

describe('checkInvoiceUbl', () => {
  it('passes the invoice and the credit note we build', () => {
    expect(checkInvoiceUbl(invoiceXml)).toEqual([]);
    expect(checkInvoiceUbl(creditXml)).toEqual([]);
  });

  it('refuses what is not well-formed, or not an Invoice/CreditNote', () => {
    expect(broken(invoiceXml.slice(0, -20))).toEqual(['XML']);
    expect(broken('<?xml version="1.0"?><Order xmlns="urn:x"/>')).toEqual(['XML']);
  });

  it('notices totals that do not add up (BR-CO-10, -13, -14, -15, -16)', () => {
    expect(
      broken(
        tamper(invoiceXml, /<cbc:PayableAmount currencyID="DKK">[^<]+/, '<cbc:PayableAmount currencyID="DKK">3749.99'),
      ),
    ).toEqual(['BR-CO-16']);
    expect(
      broken(
        tamper(
          invoiceXml,
          /<cbc:LineExtensionAmount currencyID="DKK">1000.00/,
          '<cbc:LineExtensionAmount currencyID="DKK">1000.01',
        ),
      ),
    ).toEqual(
      // The lines no longer make the total, nor the S taxable amount (1 øre is within R120's slack).
      ['BR-CO-10', 'BR-S-08'],
    );
    expect(
      broken(
        tamper(
          invoiceXml,
          '<cbc:TaxExclusiveAmount currencyID="DKK">3000.00',
          '<cbc:TaxExclusiveAmount currencyID="DKK">3000.10',
        ),
      ),
    ).toEqual(['BR-CO-13', 'BR-CO-15']);
    expect(
      broken(
        tamper(
          invoiceXml,
          '<cbc:TaxAmount currencyID="DKK">750.00</cbc:TaxAmount>\n    <cac:TaxSubtotal>',
          '<cbc:TaxAmount currencyID="DKK">750.50</cbc:TaxAmount>\n    <cac:TaxSubtotal>',
        ),
      ),
    ).toEqual(['BR-CO-14', 'BR-CO-15']);
  });

  it('notices a VAT amount that is not the rate of its taxable amount (BR-CO-17 and our half-øre rule)', () => {
    const off = tamper(
      invoiceXml,
      /(<cac:TaxSubtotal>\s*<cbc:TaxableAmount[^>]*>[^<]+<\/cbc:TaxableAmount>\s*<cbc:TaxAmount currencyID="DKK">)750.00/,
      '$1749.50',
    );
    expect(broken(off)).toEqual(['BR-CO-14', 'SAMSPIL-VAT']);
    const farOff = tamper(
      invoiceXml,
      /(<cac:TaxSubtotal>\s*<cbc:TaxableAmount[^>]*>[^<]+<\/cbc:TaxableAmount>\s*<cbc:TaxAmount currencyID="DKK">)750.00/,
      '$1700.00',
    );
    expect(broken(farOff)).toEqual(['BR-CO-14', 'BR-CO-17', 'SAMSPIL-VAT']);
  });

  it('notices a line whose amount is not quantity × price (PEPPOL-EN16931-R120) and a negative price (BR-27)', () => {
    expect(
      broken(
        tamper(invoiceXml, '<cbc:PriceAmount currencyID="DKK">1000.00', '<cbc:PriceAmount currencyID="DKK">900.00'),
      ),
    ).toEqual(['PEPPOL-EN16931-R120']);
    expect(
      broken(
        tamper(invoiceXml, '<cbc:PriceAmount currencyID="DKK">1000.00', '<cbc:PriceAmount currencyID="DKK">-1000.00'),
      ),
    ).toEqual(['BR-27', 'PEPPOL-EN16931-R120']);
  });

  it('checks the endpoint schemes: GLN check digit (0088), CVR form (0184), known EAS codes', () => {
    expect(broken(tamper(invoiceXml, '>5798000000001</cbc:EndpointID>', '>5798000000002</cbc:EndpointID>'))).toEqual([
      'PEPPOL-COMMON-R040',
    ]);
    expect(
      broken(
        tamper(invoiceXml, '<cbc:EndpointID schemeID="0184">DK12345674', '<cbc:EndpointID schemeID="0184">DK1234567'),
      ),
    ).toEqual(['PEPPOL-COMMON-R042']);
    expect(
      broken(
        tamper(
          invoiceXml,
          'schemeID="0088">5798000000001</cbc:EndpointID>',
          'schemeID="9999">5798000000001</cbc:EndpointID>',
        ),
      ),
    ).toEqual(['BR-CL-25']);
    expect(broken(tamper(invoiceXml, /<cbc:EndpointID schemeID="0088">[^<]+<\/cbc:EndpointID>/, ''))).toEqual([
      'PEPPOL-EN16931-R010',
    ]);
  });

  it('checks the mandatory header fields and the buyer references', () => {
    expect(
      broken(tamper(invoiceXml, /<cbc:CustomizationID>[^<]+/, '<cbc:CustomizationID>urn:cen.eu:en16931:2017')),
    ).toEqual(['PEPPOL-EN16931-R004']);
    expect(broken(tamper(invoiceXml, /<cbc:ProfileID>[^<]+<\/cbc:ProfileID>/, ''))).toEqual(['PEPPOL-EN16931-R001']);
    expect(broken(tamper(invoiceXml, '<cbc:InvoiceTypeCode>380', '<cbc:InvoiceTypeCode>381'))).toEqual([
      'PEPPOL-EN16931-P0100',
    ]);
    expect(broken(tamper(invoiceXml, '<cbc:DueDate>2027-02-14', '<cbc:DueDate>2027-02-30'))).toEqual([
      'PEPPOL-COMMON-R030',
    ]);
    const noReferences = tamper(
      tamper(invoiceXml, /<cbc:BuyerReference>[^<]+<\/cbc:BuyerReference>/, ''),
      /<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/,
      '',
    );
    expect(broken(noReferences)).toEqual(['PEPPOL-EN16931-R003']);
    expect(broken(tamper(invoiceXml, /<cbc:RegistrationName>Testrup Kommune<\/cbc:RegistrationName>/, ''))).toEqual([
      'BR-07',
    ]);
    expect(broken(tamper(invoiceXml, '<cbc:DocumentCurrencyCode>DKK', '<cbc:DocumentCurrencyCode>EUR'))).toEqual([
      'PEPPOL-EN16931-R051',
    ]);
  });

  it('notices empty elements and elements out of the UBL 2.1 order', () => {
    expect(
      broken(
        tamper(invoiceXml, '<cbc:Note>Velfærdens Innovationsdag 2027 – 7K3M9QXA</cbc:Note>', '<cbc:Note></cbc:Note>'),
      ),
    ).toEqual(['PEPPOL-COMMON-R001']);
    // DueDate after the type code, as a hand-written template might put it.
    const swapped = tamper(
      invoiceXml,
      /(<cbc:DueDate>[^<]+<\/cbc:DueDate>)(\s*)(<cbc:InvoiceTypeCode>380<\/cbc:InvoiceTypeCode>)/,
      '$3$2$1',
    );
    expect(checkInvoiceUbl(swapped)).toEqual([
      {
        rule: 'UBL-ORDER',
        message: 'Invoice: cbc:DueDate comes after cbc:InvoiceTypeCode',
      },
    ]);
    const itemSwapped = tamper(
      invoiceXml,
      /(<cbc:Description>[^<]+<\/cbc:Description>)(\s*)(<cbc:Name>[^<]+<\/cbc:Name>)/,
      '$3$2$1',
    );
    expect(broken(itemSwapped)).toEqual(['UBL-ORDER']);
  });

  it('wants a credit note to reference the invoice it credits', () => {
    expect(broken(tamper(creditXml, /<cac:BillingReference>[\s\S]*?<\/cac:BillingReference>/, ''))).toEqual([
      'SAMSPIL-CREDIT',
    ]);
  });

  it('wants an amount due to come with a due date or payment terms (BR-CO-25)', () => {
    const noTerms = tamper(
      tamper(invoiceXml, /<cbc:DueDate>[^<]+<\/cbc:DueDate>/, ''),
      /<cac:PaymentTerms>[\s\S]*?<\/cac:PaymentTerms>/,
      '',
    );
    expect(broken(noTerms)).toEqual(['BR-CO-25']);
  });

  it('documents every rule it can report', () => {
    for (const rule of ['BR-CO-10', 'BR-CO-15', 'PEPPOL-COMMON-R040', 'UBL-ORDER', 'SAMSPIL-VAT']) {
      expect(RULES[rule]).toBeTruthy();
    }
  });
});
