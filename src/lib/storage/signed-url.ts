// Signed, expiring links to objects in the local folder (embedded mode), in
// the spirit of Supabase Storage's signed URLs: the key, the expiry and the
// download name are signed with HMAC-SHA256, so none can be changed. The
// expiry is rounded up to a five-minute step: a page rendered twice in that
// time links the same URL, which the browser may keep in its cache.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LOCAL_OBJECT_PATH = '/api/storage/';
const EXPIRY_STEP_SECONDS = 300;

export interface SignedParts {
  key: string;
  /** Unix seconds after which the link no longer opens. */
  expires: number;
  /** Set: served as an attachment under this name; unset: shown inline. */
  downloadName?: string | undefined;
}

function mac(secret: Uint8Array, parts: SignedParts): Buffer {
  return createHmac('sha256', secret)
    .update(`samspil.storage\n${parts.key}\n${parts.expires}\n${parts.downloadName ?? ''}`)
    .digest();
}

/** When a link asked for now with this lifetime expires: at least `ttl` away, on a step boundary. */
export function expiryFor(nowSeconds: number, ttlSeconds: number): number {
  return Math.ceil((nowSeconds + ttlSeconds) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
}

/** The path and query of a signed link: `/api/storage/<key>?exp=…&sig=…[&name=…]`. */
export function signObjectPath(secret: Uint8Array, parts: SignedParts): string {
  const query = new URLSearchParams({ exp: String(parts.expires) });
  if (parts.downloadName !== undefined) query.set('name', parts.downloadName);
  query.set('sig', mac(secret, parts).toString('base64url'));
  return `${LOCAL_OBJECT_PATH}${parts.key}?${query}`;
}

export type LinkVerdict = 'ok' | 'bad_signature' | 'expired';

/** Checks a link's signature (in constant time) and then its expiry. */
export function verifyObjectLink(
  secret: Uint8Array,
  key: string,
  query: URLSearchParams,
  nowSeconds: number,
): { verdict: LinkVerdict; downloadName?: string | undefined } {
  const expires = Number(query.get('exp'));
  const signature = Buffer.from(query.get('sig') ?? '', 'base64url');
  const downloadName = query.get('name') ?? undefined;
  if (!Number.isSafeInteger(expires)) return { verdict: 'bad_signature' };
  const expected = mac(secret, { key, expires, downloadName });
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
    return { verdict: 'bad_signature' };
  if (expires <= nowSeconds) return { verdict: 'expired' };
  return { verdict: 'ok', downloadName };
}
