import { describe, expect, it } from 'vitest';
import { renderInvoicePdf } from './pdf.server.ts';
import { formatInvoiceAmount } from './pdf.ts';
import { sampleCreditNote, sampleInvoice } from './sample-document.ts';

async function pdfText(pdf: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const content = await (await document.getPage(1)).getTextContent();
  await document.destroy();
  return content.items
    .map((item) => ('str' in item ? item.str : ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe('formatInvoiceAmount', () => {
  it('shows every øre, Danish and English', () => {
    expect(formatInvoiceAmount('da', 100_000).replace(/\s/g, ' ')).toBe('1.000,00 kr.');
    expect(formatInvoiceAmount('en', 99_999).replace(/\s/g, ' ')).toBe('DKK 999.99');
  });
});

describe('renderInvoicePdf', () => {
  it('states seller, buyer, EAN, references, lines with VAT, totals, due date and where to pay, in Danish', async () => {
    const text = await pdfText(await renderInvoicePdf(sampleInvoice()));
    for (const expected of [
      'Faktura',
      'Center for Offentlig Innovation',
      'CVR-nr. 12345674',
      'Testrup Kommune',
      'EAN-nr. 5798000000001',
      'REK-4711',
      'Rita Reference',
      '7K3M9QXA',
      'Deltager: Deltager 1 Ærø',
      'Moms 25 % af 3.000,00 kr.',
      '750,00 kr.',
      'I alt DKK',
      '3.750,00 kr.',
      '14. februar 2027',
      'Reg.nr. 1234, kontonr. 12345678',
      'IBAN DK5000400440116243',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('makes an English credit note that names the invoice it credits', async () => {
    const note = sampleCreditNote(sampleInvoice({ language: 'en' }), 1);
    const text = await pdfText(await renderInvoicePdf(note));
    expect(text).toContain('Credit note');
    expect(text).toContain('Credits invoice no. 17 of 15 January 2027');
    expect(text).toContain('DKK 1,250.00');
    expect(text).not.toContain('Due by');
  });
});
