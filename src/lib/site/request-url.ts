// The URL Astro's built server gives a request (`createRequest` from
// astro/app/node with security.allowedDomains = ALLOWED_DOMAINS_WHEN_BUILT,
// any host), computed from Node's request without building a fetch Request:
// the booking fast lane needs only its origin and query, and a Request's
// header validation cost a rush a tenth of its CPU (#16). scripts/serve.ts has
// already dropped every forwarded header no trusted proxy wrote.
// src/lib/site/request-url.test.ts holds it to Astro's own function. Pure.

type HeaderValue = string | string[] | undefined;

export interface NodeRequestLike {
  url?: string | undefined;
  headers: Record<string, HeaderValue>;
  /** A TLS socket says `encrypted`. */
  socket: object;
}

/** The first of a comma-separated header's values (Astro's getFirstForwardedValue). */
function firstValue(value: HeaderValue): string | undefined {
  return value?.toString().split(',')[0]?.trim();
}

/** A host Astro accepts with any domain allowed: no slash, at most one colon, a parsable URL. */
function acceptedHost(host: string | undefined, protocol: string): string | undefined {
  if (!host || /[/\\]/.test(host)) return undefined;
  const [hostname, port, ...rest] = host.split(':');
  if (rest.length > 0) return undefined;
  return URL.canParse(`${protocol}://${port ? `${hostname}:${port}` : hostname}`) ? host : undefined;
}

export function builtRequestUrl(req: NodeRequestLike, serverPort: number): URL {
  const forwardedProtocol = firstValue(req.headers['x-forwarded-proto']);
  const trustedProtocol = forwardedProtocol && /^https?$/.test(forwardedProtocol) ? forwardedProtocol : undefined;
  const forwardedHost = acceptedHost(firstValue(req.headers['x-forwarded-host']), trustedProtocol ?? 'https');
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  const protocol = trustedProtocol ?? (encrypted ? 'https' : 'http');
  const hostHeader = req.headers.host ?? req.headers[':authority'];
  const host = acceptedHost(typeof hostHeader === 'string' ? hostHeader : undefined, protocol);
  const hostname = forwardedHost ?? host ?? 'localhost';
  const port = !forwardedHost && !host && serverPort ? String(serverPort) : undefined;
  const hostPort = /:\d+$/.test(hostname) ? hostname : `${hostname}${port ? `:${port}` : ''}`;
  const path = req.url ?? '';
  if (URL.canParse(`${protocol}://${hostPort}${path}`)) return new URL(`${protocol}://${hostPort}${path}`);
  if (URL.canParse(`${protocol}://${hostPort}`)) return new URL(`${protocol}://${hostPort}`);
  return new URL(`${protocol}://${serverPort ? `localhost:${serverPort}` : 'localhost'}`);
}
