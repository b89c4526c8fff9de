import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrCanvas, renderCertificatePdf } from './pdf.server.ts';

async function pdfText(pdf: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const content = await (await document.getPage(1)).getTextContent();
  await document.destroy();
  return content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
}

describe('qrCanvas', () => {
  it('draws exactly the dark modules of the code, row by row', () => {
    const text = 'https://samspil.example/bevis/abc';
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    let dark = 0;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) dark += qr.modules.get(y, x) ? 1 : 0;
    const { canvas } = qrCanvas(text, 100) as { canvas: { w: number; h: number }[] };
    const cell = 100 / (size + 4);
    const area = canvas.reduce((sum, rect) => sum + rect.w * rect.h, 0);
    expect(area / (cell * cell)).toBeCloseTo(dark, 6);
    expect(canvas.length).toBeLessThan(dark);
  });
});

describe('renderCertificatePdf', () => {
  it('states the name, the event, the hours and the sessions, in the language asked for', async () => {
    const certificate = {
      token: 'x',
      name: 'Søren Æblerød 👋',
      eventName: 'Velfærdens Innovationsdag',
      eventStartsAt: new Date('2031-05-01T07:00:00Z'),
      timeZone: 'Europe/Copenhagen',
      venueName: 'Øksnehallen',
      organiserName: 'COI',
      minutes: 210,
      sessions: [
        { title: 'Åbning', startsAt: new Date('2031-05-01T07:00:00Z'), endsAt: new Date('2031-05-01T08:00:00Z') },
      ],
      issuedAt: new Date('2031-05-02T07:00:00Z'),
    };
    const danish = await pdfText(await renderCertificatePdf(certificate, 'https://samspil.example/bevis/x', 'da'));
    expect(danish).toContain('Deltagerbevis');
    expect(danish).toContain('Søren Æblerød ?');
    expect(danish).toContain('3,5 timer');
    expect(danish).toContain('Åbning');
    const english = await pdfText(await renderCertificatePdf(certificate, 'https://samspil.example/bevis/x', 'en'));
    expect(english).toContain('Certificate of attendance');
    expect(english).toContain('3.5 hours');
  });
});
