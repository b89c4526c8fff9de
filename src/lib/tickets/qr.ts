// QR images of ticket codes: SVG for the ticket page (sharp at any size, on a
// phone and on paper) and PNG for email attachments. Error correction M
// survives a scratched screen or a folded print-out and keeps a ticket code
// at version 6 (41×41 modules); a margin of two modules is enough for phone
// cameras and keeps the code large on a small screen.
import QRCode from 'qrcode';

const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

export interface TicketQrSvgOptions {
  /** The accessible name, from the dictionary (e.g. "QR-kode til din billet"). */
  label: string;
  /** CSS pixels per module when no stylesheet sizes the image; 6 makes a ticket code 270 px. */
  scale?: number;
}

/** The QR code as an SVG element with role="img", an aria-label and a <title>. */
export async function ticketQrSvg(code: string, options: TicketQrSvgOptions): Promise<string> {
  const modules = QRCode.create(code, OPTIONS).modules.size + 2 * OPTIONS.margin;
  const svg = await QRCode.toString(code, {
    ...OPTIONS,
    type: 'svg',
    width: modules * (options.scale ?? 6),
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
  const label = escapeXml(options.label);
  const open = '<svg xmlns="http://www.w3.org/2000/svg" ';
  if (!svg.startsWith(open)) throw new Error('unexpected SVG from the qrcode library');
  const withName = `${open}role="img" aria-label="${label}" ${svg.slice(open.length)}`;
  const endOfTag = withName.indexOf('>') + 1;
  return `${withName.slice(0, endOfTag)}<title>${label}</title>${withName.slice(endOfTag).trimEnd()}`;
}

export interface TicketQrPngOptions {
  /** Image pixels per module; 8 makes a ticket code 360 px, about 3 cm printed at 300 dpi. */
  scale?: number;
}

/** The QR code as a PNG, for email attachments and print. */
export function ticketQrPng(code: string, options: TicketQrPngOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(code, {
    ...OPTIONS,
    type: 'png',
    scale: options.scale ?? 8,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
