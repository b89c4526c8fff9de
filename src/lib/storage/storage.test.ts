import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MB, UPLOAD_MAX_BYTES } from '../limits/uploads.ts';
import { fileField, readUploadedFile } from '../limits/uploaded-file.ts';
import { judgeBody } from '../limits/body-limit.ts';
import { bodyLimitFor } from '../limits/body-limit.ts';
import { localFolderStore, type LocalFolderStore } from './local-folder.server.ts';
import { expiryFor, signObjectPath, verifyObjectLink } from './signed-url.ts';
import { contentTypeOfKey, downloadName, isObjectKey, judgeUpload, objectKey } from './storage.ts';
import { localObjectResponse, storeUpload } from './storage.server.ts';

const SECRET = new TextEncoder().encode('a test secret of at least thirty-two bytes');
const ID = '0b6f4a0e-3c1d-4f5e-9a7b-2c8d1e0f3a4b';

const pdf = () =>
  new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A Windows program: the MZ header and a PE signature where e_lfanew points. */
function windowsExe(): Uint8Array {
  const bytes = new Uint8Array(512);
  bytes.set([0x4d, 0x5a], 0);
  new DataView(bytes.buffer).setUint32(0x3c, 0x80, true);
  bytes.set([0x50, 0x45, 0, 0, 0x4c, 0x01], 0x80);
  return bytes;
}

/** A valid PNG header that claims 20,000 × 20,000 pixels: a decompression bomb's calling card. */
function hugePngHeader(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20_000, 0);
  ihdr.writeUInt32BE(20_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', new Uint8Array()),
  ]);
}

describe('the storage rules', () => {
  it('judges by the sniffed type, never the name', () => {
    expect(judgeUpload('material', 10, { ext: 'pdf', mime: 'application/pdf' })).toMatchObject({
      ok: true,
      treatment: 'document',
      ext: 'pdf',
    });
    expect(judgeUpload('material', 10, { ext: 'exe', mime: 'application/x-msdownload' })).toEqual({
      ok: false,
      code: 'upload_type_not_allowed',
      kind: 'material',
    });
    expect(judgeUpload('image', 10, { ext: 'pdf', mime: 'application/pdf' })).toMatchObject({
      code: 'upload_type_not_allowed',
    });
    expect(judgeUpload('image', 10, undefined)).toMatchObject({ code: 'upload_type_not_allowed' });
    expect(judgeUpload('image', 10, { ext: 'png', mime: 'image/png' })).toMatchObject({ treatment: 'image' });
  });

  it('refuses empty files and files over the kind’s limit', () => {
    expect(judgeUpload('image', 0, undefined)).toEqual({ ok: false, code: 'upload_missing' });
    expect(judgeUpload('image', UPLOAD_MAX_BYTES.image + 1, { ext: 'png', mime: 'image/png' })).toEqual({
      ok: false,
      code: 'upload_too_large',
      maxBytes: 10 * MB,
    });
  });

  it('makes keys that cannot leave their folder', () => {
    expect(objectKey('materials/abc-1', ID, 'pdf')).toBe(`materials/abc-1/${ID}.pdf`);
    expect(() => objectKey('../etc', ID, 'pdf')).toThrow();
    expect(() => objectKey('Materials', ID, 'pdf')).toThrow();
    expect(isObjectKey(`materials/../${ID}.pdf`)).toBe(false);
    expect(isObjectKey(`${ID}.pdf`)).toBe(false);
    expect(contentTypeOfKey(`a/${ID}.webp`)).toBe('image/webp');
    expect(contentTypeOfKey(`a/${ID}.pptx`)).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
  });

  it('keeps the stem of the declared name and the real extension', () => {
    expect(downloadName('C:\\Users\\anne\\Slides: dag 1.exe', 'pdf')).toBe('Slides dag 1.pdf');
    expect(downloadName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(downloadName('"\u0000";.pdf', 'pdf')).toBe('file.pdf');
  });
});

describe('signed links', () => {
  it('round up the expiry to a five-minute step at least the lifetime away', () => {
    expect(expiryFor(1_000, 600)).toBe(1_800);
    expect(expiryFor(1_200, 600)).toBe(1_800);
  });

  it('open until they expire, and not with another key, expiry or name', () => {
    const key = `materials/x/${ID}.pdf`;
    const link = new URL(signObjectPath(SECRET, { key, expires: 2_000, downloadName: 'a.pdf' }), 'http://x');
    expect(link.pathname).toBe(`/api/storage/${key}`);
    expect(verifyObjectLink(SECRET, key, link.searchParams, 1_999)).toEqual({ verdict: 'ok', downloadName: 'a.pdf' });
    expect(verifyObjectLink(SECRET, key, link.searchParams, 2_000).verdict).toBe('expired');
    expect(verifyObjectLink(SECRET, `materials/y/${ID}.pdf`, link.searchParams, 1).verdict).toBe('bad_signature');
    for (const [name, value] of [
      ['exp', '9999999999'],
      ['name', 'b.pdf'],
      ['sig', 'AAAA'],
    ] as const) {
      const changed = new URLSearchParams(link.searchParams);
      changed.set(name, value);
      expect(verifyObjectLink(SECRET, key, changed, 1).verdict, name).toBe('bad_signature');
    }
    const other = new TextEncoder().encode('another secret of at least thirty-two bytes!');
    expect(verifyObjectLink(other, key, link.searchParams, 1).verdict).toBe('bad_signature');
  });
});

describe('upload limits at the edge', () => {
  it('lets multipart requests up to the upload limit through, other bodies only to the base limit', () => {
    const base = 1 * MB;
    expect(bodyLimitFor('multipart/form-data; boundary=x', base)).toBeGreaterThan(25 * MB);
    expect(bodyLimitFor('application/x-www-form-urlencoded', base)).toBe(base);
    const limit = bodyLimitFor('multipart/form-data; boundary=x', base);
    expect(judgeBody('POST', { 'content-length': String(limit + 1) }, limit)).toBe('too_large');
  });

  it('refuses a file over its kind’s limit without reading it', async () => {
    const file = new File([new Uint8Array(1)], 'big.png');
    Object.defineProperty(file, 'size', { value: UPLOAD_MAX_BYTES.image + 1 });
    Object.defineProperty(file, 'arrayBuffer', {
      value: () => {
        throw new Error('read');
      },
    });
    expect(await readUploadedFile(file, 'image')).toEqual({ ok: false, code: 'upload_too_large', maxBytes: 10 * MB });
    expect(await readUploadedFile(undefined, 'image')).toEqual({ ok: false, code: 'upload_missing' });
    expect(fileField.parse(new File([], ''))).toBeUndefined();
  });
});

describe('the local folder store, on a real folder', () => {
  let root: string;
  let now = 1_000_000;
  let store: LocalFolderStore;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'samspil-storage-'));
    store = localFolderStore({ root, secret: async () => SECRET, now: () => now });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const read = async (url: string) => {
    const link = new URL(url, 'http://x');
    return store.readSigned(decodeURI(link.pathname.replace('/api/storage/', '')), link.searchParams);
  };

  it('stores a PDF byte for byte and serves it through a signed link until it expires', async () => {
    const stored = await storeUpload(
      { bytes: pdf(), declaredName: 'Slides.pdf', kind: 'material', prefix: 'materials/t' },
      store,
    );
    if (!stored.ok) throw new Error(stored.code);
    expect(stored.object).toMatchObject({ contentType: 'application/pdf', downloadName: 'Slides.pdf' });
    expect(stored.object.key).toMatch(/^materials\/t\/[0-9a-f-]{36}\.pdf$/);
    const url = await store.signedUrl(stored.object.key, { expiresInSeconds: 300, downloadName: 'Slides.pdf' });
    const opened = await read(url);
    expect(opened.ok && Buffer.from(opened.object.bytes).equals(Buffer.from(pdf()))).toBe(true);
    const response = localObjectResponse(opened, now);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Slides.pdf");
    expect(response.headers.get('content-security-policy')).toContain('sandbox');

    now += 10_000;
    expect(await read(url)).toEqual({ ok: false, code: 'expired' });
    expect(localObjectResponse(await read(url), now).status).toBe(410);
  });

  it('refuses an .exe named .pdf, and stores nothing', async () => {
    const before = await readdir(root, { recursive: true });
    const result = await storeUpload(
      { bytes: windowsExe(), declaredName: 'report.pdf', kind: 'material', prefix: 'materials/t' },
      store,
    );
    expect(result).toEqual({ ok: false, code: 'upload_type_not_allowed', kind: 'material' });
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    expect(
      await storeUpload({ bytes: html, declaredName: 'a.pdf', kind: 'material', prefix: 'materials/t' }, store),
    ).toMatchObject({ code: 'upload_type_not_allowed' });
    expect(await readdir(root, { recursive: true })).toEqual(before);
  });

  it('refuses an oversize file', async () => {
    const bytes = new Uint8Array(UPLOAD_MAX_BYTES.material + 1);
    bytes.set(pdf());
    expect(
      await storeUpload({ bytes, declaredName: 'big.pdf', kind: 'material', prefix: 'materials/t' }, store),
    ).toEqual({
      ok: false,
      code: 'upload_too_large',
      maxBytes: 25 * MB,
    });
  });

  it('turns a phone photo upright, resizes it for the web as WebP and drops its metadata', async () => {
    // 4000 × 3000 stored sideways with EXIF orientation 6 (rotate 90°), as phones do.
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#3a7' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const stored = await storeUpload(
      { bytes: photo, declaredName: 'IMG_0001.JPG', kind: 'image', prefix: 'events/e' },
      store,
    );
    if (!stored.ok) throw new Error(stored.code);
    expect(stored.object).toMatchObject({
      contentType: 'image/webp',
      width: 1200,
      height: 1600,
      downloadName: 'IMG_0001.webp',
    });
    const opened = await read(await store.signedUrl(stored.object.key, { expiresInSeconds: 60 }));
    if (!opened.ok) throw new Error(opened.code);
    const meta = await sharp(opened.object.bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1200, height: 1600 });
    expect(meta.exif).toBeUndefined();
    expect(localObjectResponse(opened, now).headers.get('content-disposition')).toBe('inline');
  });

  it('refuses an image that cannot be decoded or claims too many pixels', async () => {
    const png = await sharp({
      create: {
        width: 300,
        height: 300,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .png()
      .toBuffer();
    const broken = png.subarray(0, png.length / 2);
    for (const bytes of [hugePngHeader(), broken]) {
      expect(await storeUpload({ bytes, declaredName: 'x.png', kind: 'image', prefix: 'events/e' }, store)).toEqual({
        ok: false,
        code: 'upload_image_unreadable',
      });
    }
  });

  it('refuses links with a changed signature; a removed object is gone', async () => {
    const stored = await storeUpload(
      { bytes: pdf(), declaredName: 'x.pdf', kind: 'material', prefix: 'materials/t' },
      store,
    );
    if (!stored.ok) throw new Error(stored.code);
    const url = await store.signedUrl(stored.object.key, { expiresInSeconds: 60 });
    expect(await read(url.replace(/sig=[^&]+/, 'sig=AAAA'))).toEqual({ ok: false, code: 'bad_signature' });
    await store.remove([stored.object.key]);
    expect(await read(url)).toEqual({ ok: false, code: 'not_found' });
    await store.remove([stored.object.key]);
    const files = await readdir(root, { recursive: true });
    expect(files.some((file) => file.includes(stored.object.key.split('/').pop()!))).toBe(false);
  });

  it('never overwrites an object', async () => {
    const key = objectKey('materials/t', ID, 'pdf');
    await store.put(key, pdf(), 'application/pdf');
    await expect(store.put(key, pdf(), 'application/pdf')).rejects.toThrow();
  });
});
