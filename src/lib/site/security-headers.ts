// The headers every answer of ours carries, set by src/middleware.ts on what
// Astro renders and by the booking endpoint's fast lane
// (src/lib/booking/booking-fast-lane.server.ts) on what it answers itself.
// Pure: no I/O.
import { isLoopbackHost } from '../auth/auth.ts';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * A year of HTTPS-only, once a browser has reached us over HTTPS (directly or
 * through a TLS proxy that said so). Never for localhost: the browser would
 * pin every other local server on that name to HTTPS as well.
 */
export const HSTS = 'max-age=31536000';

/** Adds the security headers (and HSTS where it applies) that `headers` does not carry yet. */
export function addSecurityHeaders(
  headers: { has(name: string): boolean; set(name: string, value: string): unknown },
  url: URL,
): void {
  if (url.protocol === 'https:' && !isLoopbackHost(url.hostname)) headers.set('strict-transport-security', HSTS);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!headers.has(name)) headers.set(name, value);
  }
}
