// Verifying an HS256 JWT (a session cookie) synchronously with node:crypto.
// jose's jwtVerify does the same through WebCrypto, whose HMAC runs as an
// asynchronous job on the thread pool and, with the key imported on every
// call, cost ~15 % of a booking request's CPU in the rush profile
// (docs/ARCHITECTURE.md, "Booking in a rush"). Signing stays with jose; what
// this accepts is exactly what jwtVerify accepted with the options local
// sign-in used (algorithms HS256, issuer, audience, required sub/exp/iat, no
// clock tolerance) — src/lib/auth/hs256.test.ts holds the two side by side.
import { createHmac, timingSafeEqual } from 'node:crypto';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface Hs256Expectations {
  issuer: string;
  audience: string;
  /** Seconds since the epoch. */
  now: number;
}

function decodeJson(part: string): Record<string, unknown> | null {
  if (!BASE64URL.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The payload of a token signed with `key`, or null when forged, malformed, expired, not yet valid or not ours. */
export function verifyHs256(token: string, key: Uint8Array, expect: Hs256Expectations): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (!BASE64URL.test(signaturePart)) return null;
  const expected = createHmac('sha256', key).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const header = decodeJson(headerPart);
  // `crit` names extensions we would have to understand; jose refuses what it does not know, so do we.
  if (!header || header['alg'] !== 'HS256' || header['crit'] !== undefined) return null;
  if (header['b64'] !== undefined) return null;
  const payload = decodeJson(payloadPart);
  if (!payload) return null;
  const { iss, aud, exp, iat, nbf, sub } = payload;
  if (iss !== expect.issuer) return null;
  if (!(aud === expect.audience || (Array.isArray(aud) && aud.includes(expect.audience)))) return null;
  if (typeof sub !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') return null;
  if (!Number.isFinite(exp) || exp <= expect.now) return null;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > expect.now)) return null;
  return payload;
}
