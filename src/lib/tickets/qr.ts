// QR images of ticket codes: SVG for the ticket page (sharp at any size, on a
// phone and on paper) and PNG for email attachments. Error correction M
// survives a scratched screen or a folded print-out and keeps a ticket code
// at version 6 (41×41 modules); a margin of two modules is enough for phone
// cameras and keeps the code large on a small screen.
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/**
 * The mask for email PNGs, fixed. Left to choose, the library tries all eight
 * masks and scores each (0.3 ms of a confirmation's ~1 ms on the 2-core test
 * machine); any mask makes a valid code (ISO/IEC 18004 §7.8: the score only
 * avoids patterns that are harder for a camera), and qr.test.ts decodes codes
 * made with this one with ZXing, the door scanner's decoder. Pattern 2 (a dark
 * module every third column) is the one the library itself picks most often
 * for ticket codes.
 */
const EMAIL_MASK = 2;

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

/**
 * The QR code as a PNG, for email attachments and print: a 1-bit greyscale
 * image written here from the code's modules. The qrcode library's PNG
 * renderer paints a full RGBA bitmap and compresses it (12–25 ms a code on the
 * 2-core test machine, on the event loop that also answers the registration
 * rush); this writes the same pixels as one bit each and compresses ~8 KB
 * (well under a millisecond), so a thousand confirmations render in seconds.
 */
export function ticketQrPng(code: string, options: TicketQrPngOptions = {}): Promise<Buffer> {
  const { modules } = QRCode.create(segmentsOf(code), { ...OPTIONS, maskPattern: EMAIL_MASK });
  const scale = options.scale ?? 8;
  const side = (modules.size + 2 * OPTIONS.margin) * scale;
  const rowBytes = 1 + Math.ceil(side / 8);
  // Each module row is `scale` pixel rows. Its first: filter byte 0 (none), then pixels 8 to a byte,
  // most significant first, 1 white. The others repeat it: filter 2 ("up", each byte minus the one
  // above) and zeros, which deflate compresses in less than half the time of the repeated pixels.
  const raw = Buffer.alloc(rowBytes * side);
  for (let row = -OPTIONS.margin; row < modules.size + OPTIONS.margin; row += 1) {
    const first = (row + OPTIONS.margin) * scale * rowBytes;
    raw.fill(0xff, first + 1, first + rowBytes);
    if (row >= 0 && row < modules.size) {
      for (let column = 0; column < modules.size; column += 1) {
        if (!modules.get(row, column)) continue;
        const left = (column + OPTIONS.margin) * scale;
        for (let x = left; x < left + scale; x += 1) raw[first + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
      }
    }
    for (let repeat = 1; repeat < scale; repeat += 1) raw[first + repeat * rowBytes] = 2;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  return Promise.resolve(
    Buffer.concat([
      PNG_SIGNATURE,
      pngChunk('IHDR', header),
      // A few KB: compressing in place costs less than the stream machinery of the asynchronous call.
      pngChunk('IDAT', deflateSync(raw)),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/**
 * A ticket code is one alphanumeric segment (see qr.test.ts). Saying so spares
 * the library its search for the best mix of segments (a shortest-path search,
 * the largest cost of a code after the PNG itself); any other text is left to it.
 */
function segmentsOf(code: string): string | QRCode.QRCodeSegment[] {
  return /^[0-9A-Z $%*+\-./:]*$/.test(code) ? [{ data: code, mode: 'alphanumeric' }] : code;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
