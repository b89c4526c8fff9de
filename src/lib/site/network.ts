// Where a request comes from and where the site is served: which forwarded
// headers a trusted proxy vouches for, whether the client is this machine,
// and whether an origin is reachable from the internet. Pure: scripts/serve.ts
// applies forwardedHeaders() to every request before Astro sees it.

/** The forwarded headers Astro reads (with `security.allowedDomains` set) and the app reads. */
export const FORWARDED_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
] as const;

/**
 * The built server's `security.allowedDomains` (astro.config.mjs): any host,
 * since forwardedHeaders() below has already dropped what no trusted proxy
 * wrote. The booking endpoint's fast lane builds its request with the same.
 */
export const ALLOWED_DOMAINS_WHEN_BUILT: { hostname?: string }[] = [{}];

export interface ForwardedPolicy {
  /** Reverse proxies in front of the app that append to X-Forwarded-For (TRUSTED_PROXY_HOPS). */
  trustedHops: number;
  /** The public origin (SITE_URL), when set: the only host a proxy may forward. */
  siteUrl?: string | undefined;
}

export interface TrustedForwarded {
  /** Exactly one address: the client as our outermost trusted proxy saw it. */
  'x-forwarded-for'?: string;
  'x-forwarded-proto'?: 'http' | 'https';
  'x-forwarded-host'?: string;
}

type HeaderValue = string | string[] | undefined;

function listOf(value: HeaderValue): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The entry our outermost trusted proxy wrote: the N-th from the right; anything further left is the client's own. */
function trustedEntry(value: HeaderValue, hops: number): string | undefined {
  const entries = listOf(value);
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - hops)];
}

/**
 * The forwarded headers the request may keep, replacing whatever it came
 * with. Without trusted proxies none: a client could otherwise choose its own
 * address, scheme and host. With them: the client address our outermost proxy
 * saw (so Astro's clientAddress, which takes the first X-Forwarded-For entry,
 * is that address), the scheme it was reached by, and a forwarded host only
 * when it is SITE_URL's.
 */
export function forwardedHeaders(headers: Record<string, HeaderValue>, policy: ForwardedPolicy): TrustedForwarded {
  if (policy.trustedHops <= 0) return {};
  const trusted: TrustedForwarded = {};
  const client = trustedEntry(headers['x-forwarded-for'], policy.trustedHops);
  if (client) trusted['x-forwarded-for'] = client;
  const proto = trustedEntry(headers['x-forwarded-proto'], policy.trustedHops)?.toLowerCase();
  if (proto === 'http' || proto === 'https') trusted['x-forwarded-proto'] = proto;
  const host = trustedEntry(headers['x-forwarded-host'], policy.trustedHops)?.toLowerCase();
  if (host && policy.siteUrl && host === new URL(policy.siteUrl).host) trusted['x-forwarded-host'] = host;
  return trusted;
}

function bareAddress(address: string): string {
  return address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .replace(/^::ffff:(?=\d{1,3}(\.\d{1,3}){3}$)/, '');
}

/** 127.0.0.0/8 and ::1 (IPv4-mapped too): a client on this very machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = bareAddress(address);
  return bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Names and ranges that never resolve from the internet (RFC 6761, RFC 1918, RFC 4193, link-local). */
function isPrivateHostname(hostname: string): boolean {
  const host = bareAddress(hostname).replace(/\.$/, '');
  if (host === 'localhost' || isLoopbackAddress(host)) return true;
  if (/(^|\.)(localhost|test|example|invalid|local|internal|home\.arpa)$/.test(host)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return /^(fc|fd)[0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
}

/** Whether the site's origin is reachable from the internet: anything but loopback, private ranges and reserved names. */
export function isInternetOrigin(siteUrl: string | undefined): boolean {
  if (!siteUrl) return false;
  return !isPrivateHostname(new URL(siteUrl).hostname);
}
