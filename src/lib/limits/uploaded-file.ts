// Reading an uploaded file in an action, within the limits: the file's size
// is checked before its bytes are read, so a file over its kind's limit is
// refused without being copied. The whole request was already bounded before
// the action ran: Astro compares the declared Content-Length with
// UPLOAD_REQUEST_LIMIT_BYTES and answers CONTENT_TOO_LARGE unread
// (isUploadTooLarge words it), and scripts/serve.ts refuses anything beyond
// MULTIPART_BODY_LIMIT_BYTES.
import { z } from 'zod';
import { type Refused, refused } from '../site/refusal.ts';
import { UPLOAD_MAX_BYTES, type UploadKind } from './uploads.ts';

/** A form's file field: a File, or nothing when the browser sent none. */
export const fileField = z
  .instanceof(File)
  .nullish()
  .transform((file) => (file && file.size > 0 ? file : undefined));

export type UploadedFile = { ok: true; bytes: Uint8Array; declaredName: string };

export async function readUploadedFile(
  file: File | undefined,
  kind: UploadKind,
): Promise<UploadedFile | Refused<'upload_missing'> | Refused<'upload_too_large', { maxBytes: number }>> {
  if (!file || file.size === 0) return refused('upload_missing');
  if (file.size > UPLOAD_MAX_BYTES[kind]) return refused('upload_too_large', { maxBytes: UPLOAD_MAX_BYTES[kind] });
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()), declaredName: file.name };
}

/** True for the action error Astro answers an upload request over its limit with (before reading it). */
export function isUploadTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'CONTENT_TOO_LARGE';
}
