// What happens to uploaded bytes before they are stored: the type is sniffed
// from the bytes (file-type), judged against the kind's rules (storage.ts),
// and an image is decoded and re-encoded for the web by sharp — turned
// upright, at most IMAGE_MAX_EDGE on its longest side, WebP, without its
// metadata (a phone photo's EXIF carries where it was taken). Documents are
// kept byte for byte. CPU only, no I/O.
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { UploadKind } from '../limits/uploads.ts';
import { IMAGE_MAX_EDGE, IMAGE_MAX_PIXELS, judgeUpload, type UploadRefusal, WEB_IMAGE } from './storage.ts';

export interface PreparedUpload {
  ok: true;
  bytes: Uint8Array;
  contentType: string;
  ext: string;
  /** Pixels of a re-encoded image. */
  width?: number;
  height?: number;
}

export async function prepareUpload(bytes: Uint8Array, kind: UploadKind): Promise<PreparedUpload | UploadRefusal> {
  const sniffed = bytes.length > 0 ? await fileTypeFromBuffer(bytes) : undefined;
  const judged = judgeUpload(kind, bytes.length, sniffed);
  if (!judged.ok) return judged;
  if (judged.treatment === 'document') return { ok: true, bytes, contentType: judged.mime, ext: judged.ext };
  try {
    const edge = IMAGE_MAX_EDGE[kind];
    // failOn 'error': a truncated or corrupt image is refused rather than stored half grey.
    const { data, info } = await sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      contentType: WEB_IMAGE.mime,
      ext: WEB_IMAGE.ext,
      width: info.width,
      height: info.height,
    };
  } catch {
    return { ok: false, code: 'upload_image_unreadable' };
  }
}
