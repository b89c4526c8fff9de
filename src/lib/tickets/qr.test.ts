import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeQrImage } from '../../../tests/fixtures/qr-decode.ts';
import { ticketQrPng, ticketQrSvg } from './qr.ts';
import { encodeTicketCode } from './ticket-code.ts';

let code: string;
/** Codes of other tickets, revisions and keys: each makes other modules, so the fixed mask meets other data. */
let codes: string[];
beforeAll(async () => {
  const signer = (privateKey: KeyObject) => (message: Uint8Array) => sign(null, message, privateKey);
  const { privateKey } = generateKeyPairSync('ed25519');
  const ticket = (n: number, revision: number, keyId: number) => ({
    eventId: '6f1c2a4e-9b3d-4c5e-8f70-112233445566',
    ticketId: `3b241101-e2bb-4255-8caf-4136c566a${String(962 + n).padStart(3, '0')}`,
    keyId,
    revision,
    notBefore: new Date('2030-05-01T06:00:00Z'),
    notAfter: new Date('2030-05-03T06:00:00Z'),
  });
  code = await encodeTicketCode(ticket(0, 0, 1), signer(privateKey));
  codes = [code];
  for (let n = 1; n < 12; n += 1) {
    codes.push(
      await encodeTicketCode(ticket(n, n % 3, 1 + (n % 2)), signer(generateKeyPairSync('ed25519').privateKey)),
    );
  }
});

describe('a ticket code in a QR code', () => {
  it('is one alphanumeric segment in a version 6 symbol (41×41) at error correction M', () => {
    const qr = QRCode.create(code, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBe(6);
    expect(qr.modules.size).toBe(41);
    expect(qr.segments.map((segment) => segment.mode.id)).toEqual(['Alphanumeric']);
  });
});

describe('ticketQrSvg', () => {
  it('is an image with an accessible name, a title and a two-module margin, 270 px unless styled', async () => {
    const svg = await ticketQrSvg(code, { label: 'QR-kode til din billet' });

    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*>/);
    expect(svg).toContain('aria-label="QR-kode til din billet"');
    expect(svg).toMatch(/^<svg [^>]*><title>QR-kode til din billet<\/title>/);
    expect(svg).toContain('viewBox="0 0 45 45"');
    expect(svg).toContain('width="270" height="270"');
    expect(svg).toContain('stroke="#000000"');
    expect(svg).toMatch(/<\/svg>$/);
  });

  it('escapes the label', async () => {
    const svg = await ticketQrSvg(code, { label: 'Anna & "Bo" <3' });
    expect(svg).toContain('aria-label="Anna &#38; &#34;Bo&#34; &#60;3"');
    expect(svg).toContain('<title>Anna &#38; &#34;Bo&#34; &#60;3</title>');
  });

  it('scales', async () => {
    expect(await ticketQrSvg(code, { label: 'QR', scale: 10 })).toContain('width="450" height="450"');
  });
});

describe('ticketQrPng', () => {
  it('is a 360 × 360 PNG by default, larger on request', async () => {
    const png = await ticketQrPng(code);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([360, 360]);

    const large = await ticketQrPng(code, { scale: 12 });
    expect(large.readUInt32BE(16)).toBe(540);
  });

  it('has exactly the pixels of the PNG the qrcode library renders with the same mask: the modules, black on white, with the margin', async () => {
    for (const scale of [5, 8]) {
      const ours = await sharp(await ticketQrPng(code, { scale }))
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const library = await sharp(
        await QRCode.toBuffer(code, { errorCorrectionLevel: 'M', margin: 2, maskPattern: 2, type: 'png', scale }),
      )
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([ours.info.width, ours.info.height]).toEqual([45 * scale, 45 * scale]);
      expect([ours.info.width, ours.info.height]).toEqual([library.info.width, library.info.height]);
      expect(ours.data.equals(library.data)).toBe(true);
      // Not a blank image: the finder pattern's dark corner sits inside the two-module margin.
      expect(ours.data[2 * scale * ours.info.width + 2 * scale]).toBe(0);
      expect(ours.data[0]).toBe(255);
    }
  });
});

describe('the QR codes scan', () => {
  // ZXing (zxing-wasm) is the decoder of the door scanner's fallback (barcode-detector's ponyfill).
  it('reads every email PNG back as its ticket code, at the email size and the print size', async () => {
    expect(new Set(codes).size).toBe(12);
    for (const each of codes) {
      for (const scale of [5, 8]) expect(await decodeQrImage(await ticketQrPng(each, { scale }))).toEqual([each]);
    }
  });

  it('reads the ticket page SVG back as its ticket code, drawn at its default size', async () => {
    for (const each of codes.slice(0, 4)) {
      const png = await sharp(Buffer.from(await ticketQrSvg(each, { label: 'QR' })))
        .png()
        .toBuffer();
      expect(await decodeQrImage(png)).toEqual([each]);
    }
  });

  it('reads a photo-like copy: the email PNG scaled down to 180 px and blurred', async () => {
    for (const each of codes.slice(0, 4)) {
      const photo = await sharp(await ticketQrPng(each, { scale: 5 }))
        .resize(180, 180)
        .blur(0.8)
        .jpeg({ quality: 70 })
        .toBuffer();
      expect(await decodeQrImage(photo)).toEqual([each]);
    }
  });
});
