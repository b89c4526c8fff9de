// How large an uploaded file may be, per kind, and the ceiling of a whole
// upload request. Pure constants, shared by the server (astro.config.mjs's
// action body limit, scripts/serve.ts, the storage port) and the form field
// that tells people the limit before they choose a file.

export const MB = 1024 * 1024;

/** What an upload is for decides which types it may have and how large it may be. */
export type UploadKind = 'image' | 'material';

export const UPLOAD_MAX_BYTES: { readonly [K in UploadKind]: number } = {
  // Photos straight from a phone are 3–8 MB; they are re-encoded for the web anyway.
  image: 10 * MB,
  // Slide decks with pictures; a report as PDF.
  material: 25 * MB,
};

/** The other fields of an upload form (title, language, visibility, …) never need more than this. */
const FORM_FIELDS_ALLOWANCE_BYTES = 1 * MB;

/** The largest file any upload accepts (what a refusal of a too-large request names). */
export const LARGEST_UPLOAD_BYTES = Math.max(...Object.values(UPLOAD_MAX_BYTES));

/**
 * The largest multipart request an action reads (Astro's `security.actionBodySizeLimit`):
 * the largest file plus the form's other fields. Astro compares the declared
 * Content-Length with it before reading a byte and answers CONTENT_TOO_LARGE.
 */
export const UPLOAD_REQUEST_LIMIT_BYTES = LARGEST_UPLOAD_BYTES + FORM_FIELDS_ALLOWANCE_BYTES;

/**
 * scripts/serve.ts lets a multipart request this large through to the app, so
 * that between the request limit and this one the form itself says the file is
 * too large (Astro refuses it unread); beyond it the server refuses it unread
 * with its own page.
 */
export const MULTIPART_BODY_LIMIT_BYTES = 4 * UPLOAD_REQUEST_LIMIT_BYTES;

/** Whole megabytes, for messages ("at most 25 MB"). */
export function megabytes(bytes: number): number {
  return Math.round(bytes / MB);
}
