import { describe, expect, it } from 'vitest';
import { renderEmail } from '../mail.ts';
import { SAMPLE_DATA } from './samples.ts';

const data = SAMPLE_DATA.invoice;
const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, ' ');

describe('the invoice email', () => {
  it('gives the number, the buyer references, the amounts with VAT, the due date and both download links', () => {
    const da = renderEmail('invoice', 'da', data);
    expect(da.subject).toBe('Faktura 1042 fra Center for Offentlig Innovation: Velfærdens Innovationsdag 2027');
    const text = plain(da.text);
    for (const line of [
      'Jeres ordre-/rekvisitionsnummer: REK-2027-0311',
      'Referenceperson: Mette Kristensen',
      'EAN-nummer: 5798000416604',
      'Beløb uden moms: 2.000 kr.',
      'Moms 25 %: 500 kr.',
      'I alt inkl. moms: 2.500 kr.',
      'Afventer betaling – betal senest lørdag den 2. januar 2027.',
    ]) {
      expect(text).toContain(line);
    }
    expect(da.html).toContain(`href="${data.pdfUrl}"`);
    expect(da.html).toContain(`href="${data.xmlUrl}"`);
    const en = renderEmail('invoice', 'en', data);
    expect(en.subject).toBe('Invoice 1042 from Center for Offentlig Innovation: Velfærdens Innovationsdag 2027');
    expect(plain(en.text)).toContain('Awaiting payment – pay by Saturday, 2 January 2027 at the latest.');
  });

  it('says a credit note credits its invoice, without a due date', () => {
    const { dueDate: _due, ...rest } = data;
    const note = renderEmail('invoice', 'da', { ...rest, kind: 'credit_note', number: '1043', creditsNumber: '1042' });
    expect(note.subject).toBe('Kreditnota 1043 fra Center for Offentlig Innovation: Velfærdens Innovationsdag 2027');
    expect(note.text).toContain('krediterer faktura 1042');
    expect(note.text).not.toContain('Forfalder');
  });

  it('attaches the PDF and the e-invoice it is given, and nothing else', () => {
    const files = [
      { filename: 'faktura-1042.pdf', contentType: 'application/pdf' as const, contentBase64: 'JVBERi0=' },
      {
        filename: 'faktura-1042.xml',
        contentType: 'application/xml; charset=utf-8' as const,
        contentBase64: 'PEludm9pY2Uv',
      },
    ];
    expect(renderEmail('invoice', 'da', { ...data, files }).attachments).toEqual(files);
    expect(() =>
      renderEmail('invoice', 'da', {
        ...data,
        files: [{ ...files[0]!, contentType: 'text/html' as 'application/pdf' }],
      }),
    ).toThrow();
  });

  it('refuses download links that are not http(s)', () => {
    expect(() => renderEmail('invoice', 'da', { ...data, pdfUrl: 'javascript:alert(1)' })).toThrow();
  });
});
