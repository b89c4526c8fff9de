// Sign-in without passwords: the types every auth provider speaks and the
// rules that need no I/O — what an email and a code look like, where a
// sign-in may send the visitor afterwards, the session cookie, the client
// address and the rate limits.
import type { AstroCookies } from 'astro';
import { z } from 'zod';
import type { Claims, SignedIn } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';

/** Links and codes expire after ten minutes (Supabase: email OTP expiry 600 s). */
export const SIGN_IN_TTL_SECONDS = 600;
export const CODE_LENGTH = 6;
/** Wrong codes before a code is burnt; the same number is in private.consume_login_code. */
export const MAX_CODE_ATTEMPTS = 5;

// ── Results ────────────────────────────────────────────────────────────────

/** Whose limit a refused request met: its address's, or its network's (client IP). */
export type RateLimitScope = 'address' | 'network';

export type RequestSignInResult =
  { ok: true } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number; scope: RateLimitScope };

export type VerifyResult = { ok: true } | { ok: false; reason: 'invalid_code' | 'invalid_link' };

/** Machine codes an action reports; the page turns them into words. */
export type AuthErrorCode = 'rate_limited' | 'invalid_code' | 'invalid_link' | 'unavailable';

/** The auth service cannot be reached or is not configured; the form says "try again later" (503). */
export class AuthUnavailableError extends Error {}

// ── The one auth interface ─────────────────────────────────────────────────

export interface SignInRequest {
  email: string;
  lang: Lang;
  /** Absolute URL of the link landing page, with `next` in its query. */
  redirectTo: string;
  ip: string;
}

/** What a sign-in link carries: our own token (embedded), or Supabase's PKCE code or token hash. */
export interface LinkParams {
  token?: string;
  code?: string;
  tokenHash?: string;
}

/** The parts of a request auth needs: Astro's middleware, page and action contexts all have them. */
export interface AuthContext {
  request: Request;
  url: URL;
  cookies: AstroCookies;
}

/**
 * One per request, bound to that request's cookies (Supabase's server client
 * must never be shared between requests, so neither is this).
 */
export interface AuthProvider {
  readonly mode: 'local' | 'supabase';
  requestSignIn(request: SignInRequest): Promise<RequestSignInResult>;
  verifyCode(input: { email: string; code: string }): Promise<VerifyResult>;
  verifyLink(input: LinkParams): Promise<VerifyResult>;
  /** Verified claims, or null. Never trusts an unverified cookie. */
  readSession(): Promise<Claims | null>;
  /**
   * Signs in the owner of `email` — an address the server has verified by
   * other means: its owner followed a single-use link that only that address
   * was sent (a team invitation) — creating the account on first use. The new
   * session's claims, or null when this provider cannot start a session by
   * itself (Supabase Auth without the secret key): the person then signs in
   * with a code as usual.
   */
  signInVerifiedEmail(email: string): Promise<SignedIn | null>;
  /**
   * Ends this device's session on the server and clears its cookies; with
   * `everywhere`, every session of the user (when the account is deleted).
   */
  signOut(options?: { everywhere?: boolean }): Promise<void>;
  /**
   * Deletes the user's account row where the auth service keeps it, after the person's data has
   * been erased (private.erase_my_personal_data). Embedded: the erasure already deleted it, so
   * this is a no-op that says so. Supabase Auth: the Auth admin API (auth.admin.deleteUser, with
   * the secret key), since the database's roles may not delete from auth.users. Whether the row
   * is gone.
   */
  deleteUser(userId: string): Promise<boolean>;
}

// ── Input ──────────────────────────────────────────────────────────────────

/** Trimmed, NFC and lower-case: one account per address however it is typed. */
export function normaliseEmail(input: string): string {
  return input.normalize('NFC').trim().toLowerCase();
}

/** The digits of a code as typed ("123 456" and "123-456" are fine). */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

const CODE_PATTERN = new RegExp(`^\\d{${CODE_LENGTH}}$`);

/** Messages are dictionary keys (src/lib/i18n/dictionary/auth.ts); the page shows them at the field. */
export const emailSchema = z
  .string({ error: 'auth.field.emailRequired' })
  .transform(normaliseEmail)
  .pipe(
    z
      .string()
      .min(1, { error: 'auth.field.emailRequired', abort: true })
      .max(254, { error: 'auth.field.emailInvalid' })
      .pipe(
        z
          .email({ pattern: z.regexes.unicodeEmail, error: 'auth.field.emailInvalid' })
          // A domain with a dot: "navn@kommune" would be accepted and never arrive.
          .regex(/@[^.@]+(\.[^.@]+)+$/, { error: 'auth.field.emailInvalid' }),
      ),
  );

export const codeSchema = z
  .string({ error: 'auth.field.codeRequired' })
  .transform(normaliseCode)
  .pipe(
    z
      .string()
      .min(1, { error: 'auth.field.codeRequired', abort: true })
      .regex(CODE_PATTERN, { error: 'auth.field.codeInvalid' }),
  );

// Astro hands a field the form did not send to the schema as null.
const nextSchema = z
  .string()
  .nullish()
  .transform((value) => safeNextPath(value));

export const requestSignInInput = z.object({ email: emailSchema, next: nextSchema });
export const verifyCodeInput = z.object({ email: emailSchema, code: codeSchema, next: nextSchema });
export const verifyLinkInput = z.object({
  token: z.string().nullish(),
  code: z.string().nullish(),
  token_hash: z.string().nullish(),
  next: nextSchema,
});

// ── Where to go after signing in ───────────────────────────────────────────

const AUTH_PATHS = /^\/(en\/)?(log-ind|log-ud)(\/|$)/;

/**
 * A same-origin path to continue to, or '/' for anything else: absolute and
 * protocol-relative URLs, backslashes and control characters are refused, so
 * the sign-in can never become an open redirect.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value, 'http://samspil.invalid');
  } catch {
    return fallback;
  }
  if (parsed.origin !== 'http://samspil.invalid') return fallback;
  // Dot segments can make a protocol-relative URL of a path ("/.//evil.example"
  // is "//evil.example"): what leaves here must still start with one slash.
  if (parsed.pathname.startsWith('//')) return fallback;
  const path = parsed.pathname + parsed.search + parsed.hash;
  return AUTH_PATHS.test(parsed.pathname) ? fallback : path;
}

/** Reads link parameters from the landing page's query, ignoring anything malformed. */
export function linkParamsFrom(input: {
  token?: string | null | undefined;
  code?: string | null | undefined;
  tokenHash?: string | null | undefined;
}): LinkParams {
  const params: LinkParams = {};
  if (input.token && /^[A-Za-z0-9_-]{43}$/.test(input.token)) params.token = input.token;
  if (input.code && /^[A-Za-z0-9-]{8,128}$/.test(input.code)) params.code = input.code;
  if (input.tokenHash && /^[A-Za-z0-9_-]{8,256}$/.test(input.tokenHash)) params.tokenHash = input.tokenHash;
  return params;
}

// ── Cookies ────────────────────────────────────────────────────────────────

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/** HttpOnly, SameSite=Lax, Secure everywhere but localhost, for the whole site, as long as the session. */
export function sessionCookieOptions(url: URL, maxAgeSeconds: number): SessionCookieOptions {
  // Secure wherever the site is reached over HTTPS (behind a TLS proxy too) and on every
  // host but this machine's, where plain http://localhost must keep working.
  const secure = url.protocol === 'https:' || !isLoopbackHost(url.hostname);
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds };
}

// ── Client address and rate limits ─────────────────────────────────────────

/**
 * The client's address. With N trusted proxies in front, the N-th entry from
 * the right of X-Forwarded-For is the one our own outermost proxy saw; entries
 * further left are whatever the client sent and cannot be trusted.
 */
export function clientIp(forwardedFor: string | null, socketAddress: string | undefined, trustedHops: number): string {
  if (trustedHops > 0 && forwardedFor) {
    const hops = forwardedFor
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    const candidate = hops[hops.length - trustedHops];
    if (candidate) return candidate;
  }
  return socketAddress ?? 'unknown';
}

/**
 * The rate-limit key of an address: IPv4 as is, IPv6 by its /64 (one
 * subscriber's whole prefix), IPv4-mapped IPv6 as IPv4.
 */
export function ipRateKey(ip: string): string {
  const address = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return address;
  if (!address.includes(':') || !/^[0-9a-f:.]+$/.test(address)) return address.slice(0, 100) || 'unknown';
  const [head = '', tail = ''] = address.split('::', 2);
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') && tail !== '' ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface RateRule {
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Sign-in emails per address: one a minute keeps an inbox from being flooded
 * (asking again sooner shows the code form for the email already sent); five
 * in ten minutes — the codes' life, and the number of live codes an address
 * keeps (private.login_tokens_live_max) — so requests alone never retire a
 * code its owner is typing; and ten an hour, 25 a day, so a person who
 * mistyped, waited for a slow email or lost it can ask again several times
 * (the hour's cap was five, which locked people out at the door). With five
 * tries a code, guessing stays hopeless (125 guesses of 10⁶ a day).
 */
export const SIGN_IN_EMAIL_LIMITS = { perMinute: 1, perTenMinutes: 5, perHour: 10, perDay: 25 } as const;

/** Per address SIGN_IN_EMAIL_LIMITS; per client IP `ipPerHour` an hour. */
export function signInRateRules(email: string, ip: string, ipPerHour: number): RateRule[] {
  const bucket = `${EMAIL_BUCKET}${email}`;
  return [
    { bucket, limit: SIGN_IN_EMAIL_LIMITS.perMinute, windowSeconds: 60 },
    { bucket, limit: SIGN_IN_EMAIL_LIMITS.perTenMinutes, windowSeconds: 600 },
    { bucket, limit: SIGN_IN_EMAIL_LIMITS.perHour, windowSeconds: 3600 },
    { bucket, limit: SIGN_IN_EMAIL_LIMITS.perDay, windowSeconds: 86_400 },
    { bucket: `sign-in:ip:${ipRateKey(ip)}`, limit: ipPerHour, windowSeconds: 3600 },
  ];
}

const EMAIL_BUCKET = 'sign-in:email:';

/** Which limit a denied bucket of signInRateRules belongs to. */
export function rateLimitScope(deniedBucket: string): RateLimitScope {
  return deniedBucket.startsWith(EMAIL_BUCKET) ? 'address' : 'network';
}

// ── Refusals across the action boundary ─────────────────────────────────────

/** A sign-in step refused, as the action answers it; a rate limit says how long to wait, and whose it was. */
export type AuthRefusal = Refused<AuthErrorCode, { retryAfterSeconds?: number; scope?: RateLimitScope }>;

/** Every refusal of the sign-in actions, with its status and words: the one place for them. */
export const AUTH_REFUSALS: RefusalRules<AuthRefusal> = {
  rate_limited: (refusal) => ({
    status: 429,
    message: refusal.scope === 'network' ? 'signInRecovery.limit.network' : 'signInRecovery.limit.address',
  }),
  invalid_code: { status: 400, message: 'auth.error.invalidCode', field: 'code' },
  invalid_link: { status: 400, message: 'auth.error.invalidLink' },
  unavailable: { status: 503, message: 'auth.error.unavailable' },
};

/** Whole minutes to wait, at least one, for the rate-limit message. */
export function minutesToWait(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

/**
 * How long to wait, in the unit a person reads best: seconds under a minute
 * ("om 45 sekunder"), whole minutes rounded up to an hour and a half ("om 12
 * minutter"), whole hours rounded up beyond (the day's limit).
 */
export function waitTime(retryAfterSeconds: number): { unit: 'seconds' | 'minutes' | 'hours'; count: number } {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  if (seconds < 60) return { unit: 'seconds', count: seconds };
  if (seconds <= 90 * 60) return { unit: 'minutes', count: minutesToWait(seconds) };
  return { unit: 'hours', count: Math.ceil(seconds / 3600) };
}
