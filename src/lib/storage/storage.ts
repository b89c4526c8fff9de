// The storage port's rules, without I/O: which types each kind of upload may
// have (judged from the sniffed bytes, never from the name), how large it may
// be, what its object key looks like, the download name people see, and the
// refusals as data. The port itself (storage.server.ts) does the sniffing,
// re-encoding and storing.
import type { Translate } from '../i18n/messages.ts';
import type { UploadKind } from '../limits/uploads.ts';
import { UPLOAD_MAX_BYTES, megabytes } from '../limits/uploads.ts';
import { type RefusalWords, type Refused, refused } from '../site/refusal.ts';

/** What file-type reads from the first bytes; undefined when nothing it knows matches. */
export type SniffedType = { readonly ext: string; readonly mime: string } | undefined;

/** Images every browser shows after we re-encode them (the input may be any of these). */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/tiff': 'tif',
};

/** Documents kept as uploaded: PDF, and Office and OpenDocument files (slides, reports, sheets). */
const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};

/** Re-encoded images are stored as WebP. */
export const WEB_IMAGE = { mime: 'image/webp', ext: 'webp' } as const;

/** The longest edge of a re-encoded image: event images and photos; slides shown as pictures. */
export const IMAGE_MAX_EDGE: { readonly [K in UploadKind]: number } = { image: 1600, material: 2400 };

/** More pixels than this is refused before decoding (a small file can claim to be a huge image). */
export const IMAGE_MAX_PIXELS = 40_000_000;

export type UploadRefusal =
  | Refused<'upload_missing'>
  | Refused<'upload_too_large', { maxBytes: number }>
  | Refused<'upload_type_not_allowed', { kind: UploadKind }>
  | Refused<'upload_image_unreadable'>;

/** What an accepted upload is: an image to re-encode, or a document to keep byte for byte. */
export type AcceptedUpload = { ok: true; treatment: 'image' | 'document'; mime: string; ext: string };

/** Judges an upload by its size and its sniffed type; the declared name plays no part. */
export function judgeUpload(kind: UploadKind, size: number, sniffed: SniffedType): AcceptedUpload | UploadRefusal {
  if (size === 0) return refused('upload_missing');
  if (size > UPLOAD_MAX_BYTES[kind]) return refused('upload_too_large', { maxBytes: UPLOAD_MAX_BYTES[kind] });
  if (sniffed && IMAGE_TYPES[sniffed.mime]) {
    return { ok: true, treatment: 'image', mime: sniffed.mime, ext: IMAGE_TYPES[sniffed.mime]! };
  }
  if (kind === 'material' && sniffed && DOCUMENT_TYPES[sniffed.mime]) {
    return { ok: true, treatment: 'document', mime: sniffed.mime, ext: DOCUMENT_TYPES[sniffed.mime]! };
  }
  return refused('upload_type_not_allowed', { kind });
}

/** The content type a stored object is served with, from the extension its key got from the sniffed type. */
export function contentTypeOfKey(key: string): string {
  const ext = key.slice(key.lastIndexOf('.') + 1);
  if (ext === WEB_IMAGE.ext) return WEB_IMAGE.mime;
  for (const table of [IMAGE_TYPES, DOCUMENT_TYPES]) {
    for (const [mime, known] of Object.entries(table)) if (known === ext) return mime;
  }
  return 'application/octet-stream';
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SEGMENT = '[a-z0-9][a-z0-9-]{0,62}';

/** `area/…/<uuid>.<ext>`: lower-case segments and a random name, so a key never walks out of its folder. */
export const OBJECT_KEY = new RegExp(`^(?:${SEGMENT}/){1,4}${UUID}\\.[a-z0-9]{2,5}$`);
const PREFIX = new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,3}$`);

export function isObjectKey(key: string): boolean {
  return OBJECT_KEY.test(key);
}

/** A new object's key under a prefix such as `materials/<event id>`; the caller supplies the random id. */
export function objectKey(prefix: string, id: string, ext: string): string {
  const key = `${prefix}/${id}.${ext}`;
  if (!PREFIX.test(prefix) || !isObjectKey(key)) throw new Error(`not a storage key: ${key}`);
  return key;
}

/**
 * The name a download is saved under: the declared name's stem (path,
 * control and reserved characters removed) with the extension of what the
 * file really is.
 */
export function downloadName(declared: string, ext: string): string {
  const base = declared.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base)
    // Control characters and what file systems or headers reserve.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*:<>?|\\/;]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return `${stem || 'file'}.${ext}`;
}

/**
 * The upload refusals for a form whose file field is `field`: 413 for a file
 * over the limit, 415 for a type the kind does not allow, 422 for an image
 * that cannot be decoded, 400 when no file was chosen.
 */
export function uploadRefusalRules(field: string): {
  readonly [C in UploadRefusal['code']]: RefusalWords | ((refusal: Refused<string>) => RefusalWords);
} {
  return {
    upload_missing: { status: 400, message: 'storage.refused.missing', field },
    upload_too_large: (refusal) => ({
      status: 413,
      message: 'storage.refused.tooLarge',
      params: { megabytes: megabytes((refusal as Extract<UploadRefusal, { code: 'upload_too_large' }>).maxBytes) },
      field,
    }),
    upload_type_not_allowed: (refusal) => ({
      status: 415,
      message:
        (refusal as Extract<UploadRefusal, { code: 'upload_type_not_allowed' }>).kind === 'image'
          ? 'storage.refused.notImage'
          : 'storage.refused.notMaterial',
      field,
    }),
    upload_image_unreadable: { status: 422, message: 'storage.refused.imageUnreadable', field },
  };
}

/** The file picker's `accept`: a hint to the browser only; the bytes decide. */
export const UPLOAD_ACCEPT: { readonly [K in UploadKind]: string } = {
  image: Object.keys(IMAGE_TYPES).join(','),
  material: [...Object.values(DOCUMENT_TYPES).map((ext) => `.${ext}`), ...Object.keys(IMAGE_TYPES)].join(','),
};

/** The hint under a file field: which types, and the limit. */
export function uploadHint(tr: Translate, kind: UploadKind): string {
  return tr(kind === 'image' ? 'storage.field.hintImage' : 'storage.field.hintMaterial', {
    megabytes: megabytes(UPLOAD_MAX_BYTES[kind]),
  });
}
