// A JSON request body's rules, without the reading: the content type, the
// size limit, UTF-8 and JSON. Shared by the JSON APIs that read a fetch
// Request (src/lib/checkin/http.ts's readJsonBody) and the booking endpoint's
// fast lane, which reads Node's request itself. Pure: no I/O.

export type JsonBody = { ok: true; body: unknown } | { ok: false; status: 400 | 413 | 415; code: string };

/** A refusal before a byte is read (415 when it is not JSON, 413 when it says it is too big), or null. */
export function refuseJsonBodyUnread(
  contentType: string | null | undefined,
  contentLength: string | null | undefined,
  maxBytes: number,
): JsonBody | null {
  if (!/^application\/json\b/i.test(contentType ?? ''))
    return { ok: false, status: 415, code: 'unsupported_media_type' };
  if (Number(contentLength ?? '0') > maxBytes) return { ok: false, status: 413, code: 'too_large' };
  return null;
}

/** The body's bytes as JSON: 413 over the limit, 400 when they are not UTF-8 or not JSON. */
export function decodeJsonBody(bytes: Uint8Array, maxBytes: number): JsonBody {
  if (bytes.length > maxBytes) return { ok: false, status: 413, code: 'too_large' };
  let text: string;
  try {
    // Bytes that are not UTF-8 are refused, not silently replaced.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, code: 'bad_encoding' };
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, code: 'bad_json' };
  }
}
