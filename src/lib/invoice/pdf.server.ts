// Renders an invoice or credit note PDF (pdf.ts lays it out). pdfmake on
// PDFKit with the standard Helvetica fonts, as the takeaways PDFs: no font
// file ships, no file is read, no URL fetched.
import pdfmake from 'pdfmake';
import type { InvoiceDocument } from './document.ts';
import { invoicePdfDefinition } from './pdf.ts';

const FONTS = {
  Helvetica: {
    normal: 'Helvetica',
    bold: 'Helvetica-Bold',
    italics: 'Helvetica-Oblique',
    bolditalics: 'Helvetica-BoldOblique',
  },
} as const;
const STANDARD_FONT_NAMES = new Set<string>(Object.values(FONTS.Helvetica));

pdfmake.setFonts(FONTS);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => STANDARD_FONT_NAMES.has(path));

export function renderInvoicePdf(document: InvoiceDocument): Promise<Buffer> {
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: [56, 56, 56, 56],
      defaultStyle: { font: 'Helvetica', fontSize: 10, lineHeight: 1.2 },
      styles: {
        title: { fontSize: 22, bold: true, margin: [0, 0, 0, 8] },
        h2: { fontSize: 12, bold: true, margin: [0, 16, 0, 4] },
        muted: { color: '#555555' },
      },
      ...invoicePdfDefinition(document),
    })
    .getBuffer();
}
