// Embedded-mode sign-in: the same flow as Supabase Auth, done here. Users live
// in auth.users, links and codes in private.login_tokens (hashed, single use,
// ten minutes), and a session is a Supabase-shaped JWT signed HS256 with a
// secret every instance shares — so the database cannot tell the modes apart.
// As in Supabase Auth, the JWT names its session (`session_id`), which must
// still be in private.auth_sessions on every use: signing out and deleting the
// account end it for every copy of the cookie.
//
// This plays Supabase Auth's part, a privileged auth server, which is why it
// works through the service role: anon may not read tokens or create users.
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { SignJWT } from 'jose';
import { verifyHs256 } from './hs256.ts';
import { asService, type SignedIn, type Sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import {
  type AuthContext,
  type AuthProvider,
  CODE_LENGTH,
  type RequestSignInResult,
  sessionCookieOptions,
  SIGN_IN_TTL_SECONDS,
  type SignInRequest,
  rateLimitScope,
  signInRateRules,
  type VerifyResult,
} from './auth.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';

export const LOCAL_SESSION_COOKIE = 'samspil-session';
export const LOCAL_ISSUER = 'samspil';
const AUDIENCE = 'authenticated';

export interface SignInMail {
  to: string;
  lang: Lang;
  link: string;
  code: string;
  expiresAt: Date;
  idempotencyKey: string;
}

/** Queues the sign-in email inside the caller's transaction (the outbox). */
export type SignInMailer = (tx: Tx, mail: SignInMail) => Promise<void>;

export interface LocalAuthOptions {
  db: Sql;
  /** AUTH_JWT_SECRET; unset → the shared secret in private.auth_secrets. */
  secret?: string | undefined;
  sessionSeconds: number;
  ipLimitPerHour: number;
  mailer: SignInMailer;
  /** Called after the transaction that queued a sign-in email has committed. */
  afterCommit?: (() => void) | undefined;
}

export interface LocalSession {
  /** The signed JWT: the cookie's value. */
  token: string;
  claims: SignedIn & { exp: number };
  sessionId: string;
  maxAgeSeconds: number;
}

export interface SignedInUser {
  id: string;
  email: string;
  created: boolean;
  /** The server-side session started by this sign-in. */
  sessionId: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** A 256-bit URL-safe token (43 characters) and a 6-digit code from a CSPRNG. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newCode(): string {
  return randomInt(0, 10 ** CODE_LENGTH)
    .toString()
    .padStart(CODE_LENGTH, '0');
}

export function linkTokenHash(token: string): Buffer {
  return sha256(`samspil.login-link\n${token}`);
}

/** Keyed, and bound to the address: a code is worthless for any other email. */
export function codeHash(secret: Uint8Array, email: string, code: string): Buffer {
  return createHmac('sha256', secret).update(`samspil.login-code\n${email}\n${code}`).digest();
}

export type LocalAuth = ReturnType<typeof createLocalAuth>;

export function createLocalAuth(options: LocalAuthOptions) {
  const { db, sessionSeconds } = options;
  let secretPromise: Promise<Uint8Array> | undefined;

  /** The signing secret: from the environment, or the one row all instances share. */
  function secret(): Promise<Uint8Array> {
    secretPromise ??= (
      options.secret ? Promise.resolve(new TextEncoder().encode(options.secret)) : sharedSecret(db)
    ).catch((error: unknown) => {
      secretPromise = undefined;
      throw error;
    });
    return secretPromise;
  }

  async function requestSignIn(request: SignInRequest): Promise<RequestSignInResult> {
    const key = await secret();
    const token = newLinkToken();
    const code = newCode();
    const result = await asService(async (tx): Promise<RequestSignInResult> => {
      const limits = await takeRateLimits(tx, signInRateRules(request.email, request.ip, options.ipLimitPerHour));
      if (!limits.allowed) {
        return {
          ok: false,
          reason: 'rate_limited',
          retryAfterSeconds: limits.retryAfterSeconds,
          scope: rateLimitScope(limits.bucket),
        };
      }
      const [issued] = await tx<{ token_id: string; expires_at: Date }[]>`
        select token_id, expires_at
        from private.issue_login_token(${request.email}, ${linkTokenHash(token)}, ${codeHash(key, request.email, code)},
                                       ${`${SIGN_IN_TTL_SECONDS} seconds`}::interval)`;
      const link = new URL(request.redirectTo);
      link.searchParams.set('token', token);
      await options.mailer(tx, {
        to: request.email,
        lang: request.lang,
        link: link.href,
        code,
        expiresAt: issued!.expires_at,
        idempotencyKey: `sign-in:${issued!.token_id}`,
      });
      return { ok: true };
    }, db);
    if (result.ok) options.afterCommit?.();
    return result;
  }

  /** Consumes a code; on success the user (created on first sign-in), else null. */
  async function verifyCode(input: { email: string; code: string }): Promise<SignedInUser | null> {
    const key = await secret();
    return asService(async (tx) => {
      const [row] = await tx<{ email: string | null }[]>`
        select private.consume_login_code(${input.email}, ${codeHash(key, input.email, input.code)}) as email`;
      return row?.email ? signInUser(tx, row.email, sessionSeconds) : null;
    }, db);
  }

  async function verifyLink(token: string): Promise<SignedInUser | null> {
    return asService(async (tx) => {
      const [row] = await tx<{ email: string | null }[]>`
        select private.consume_login_link(${linkTokenHash(token)}) as email`;
      return row?.email ? signInUser(tx, row.email, sessionSeconds) : null;
    }, db);
  }

  /** Signs in an address the caller has verified (see AuthProvider.signInVerifiedEmail). */
  async function signInVerifiedEmail(email: string): Promise<SignedInUser> {
    return asService((tx) => signInUser(tx, email, sessionSeconds), db);
  }

  /**
   * Signs a session JWT. Without a sessionId a new server-side session is
   * started for the user; with one (a renewal) the caller has checked it is live.
   */
  async function issueSession(
    user: { id: string; email: string },
    options: { now?: Date | undefined; sessionId?: string | undefined; method?: 'otp' | 'magiclink' | undefined } = {},
  ): Promise<LocalSession> {
    const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const exp = iat + sessionSeconds;
    const sessionId =
      options.sessionId ?? (await asService(async (tx) => startSession(tx, user.id, sessionSeconds), db));
    const token = await new SignJWT({
      email: user.email,
      role: 'authenticated',
      session_id: sessionId,
      is_anonymous: false,
      amr: [{ method: options.method ?? 'otp', timestamp: iat }],
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setAudience(AUDIENCE)
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await secret());
    return {
      token,
      claims: { role: 'authenticated', sub: user.id, email: user.email, aud: AUDIENCE, exp },
      sessionId,
      maxAgeSeconds: sessionSeconds,
    };
  }

  /**
   * Verified claims of a session token, or null when forged, expired or
   * malformed. Synchronous HMAC (hs256.ts): this runs on every signed-in request.
   */
  async function verifySession(
    token: string,
    now: Date = new Date(),
  ): Promise<{ claims: SignedIn & { exp: number }; sessionId: string | null } | null> {
    const payload = verifyHs256(token, await secret(), {
      issuer: LOCAL_ISSUER,
      audience: AUDIENCE,
      now: Math.floor(now.getTime() / 1000),
    });
    if (!payload) return null;
    const { sub, email, role, exp } = payload;
    if (role !== 'authenticated' || typeof sub !== 'string' || typeof email !== 'string' || typeof exp !== 'number')
      return null;
    const sessionId = typeof payload['session_id'] === 'string' ? payload['session_id'] : null;
    return { claims: { role: 'authenticated', sub, email, aud: AUDIENCE, exp }, sessionId };
  }

  /**
   * Whether a verified token's session is still live and its user still
   * exists: one primary-key lookup. `renew` also extends the session for a
   * renewed JWT, in the same statement, and only if it is live.
   */
  async function sessionIsLive(
    verified: { claims: SignedIn; sessionId: string | null },
    renew = false,
  ): Promise<boolean> {
    if (!verified.sessionId || !UUID.test(verified.sessionId)) return false;
    const renewFor = renew ? `${sessionSeconds} seconds` : null;
    // One statement on the pool's own connection (the migrations' owner, as
    // Supabase Auth uses its own), not an asService transaction: this runs on
    // every signed-in request, and BEGIN/set_config/COMMIT would triple its
    // round trips (measured: ~0.9 ms against ~3 ms on the test machine).
    const [row] = await db<{ live: boolean }[]>`
      select private.auth_session_is_live(${verified.sessionId}, ${verified.claims.sub}, ${renewFor}::interval) as live`;
    return row?.live === true;
  }

  /** Ends the session a valid token names; with `everywhere`, every session of its user. */
  async function endSession(token: string, everywhere = false): Promise<void> {
    const verified = await verifySession(token);
    if (!verified) return;
    const userId = verified.claims.sub;
    if (everywhere) {
      await asService((tx) => tx`delete from private.auth_sessions where user_id = ${userId}`, db);
    } else if (verified.sessionId && UUID.test(verified.sessionId)) {
      await asService((tx) => tx`select private.end_auth_session(${verified.sessionId}, ${userId})`, db);
    }
  }

  return {
    mode: 'local' as const,
    requestSignIn,
    verifyCode,
    verifyLink,
    signInVerifiedEmail,
    issueSession,
    verifySession,
    sessionIsLive,
    endSession,
    sessionSeconds,
    db,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function startSession(tx: Tx, userId: string, sessionSeconds: number): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    select private.start_auth_session(${userId}, ${`${sessionSeconds} seconds`}::interval) as id`;
  return row!.id;
}

/** The user (created on first sign-in) and a new server-side session, in the sign-in's transaction. */
async function signInUser(tx: Tx, email: string, sessionSeconds: number): Promise<SignedInUser> {
  const [user] = await tx<{ user_id: string; created: boolean }[]>`
    select user_id, created from private.find_or_create_user(${email}, true, true)`;
  const sessionId = await startSession(tx, user!.user_id, sessionSeconds);
  return { id: user!.user_id, email, created: user!.created, sessionId };
}

async function sharedSecret(db: Sql): Promise<Uint8Array> {
  return asService(async (tx) => {
    await tx`insert into private.auth_secrets (name, secret) values ('jwt', ${randomBytes(32)}) on conflict (name) do nothing`;
    const [row] = await tx<{ secret: Buffer }[]>`select secret from private.auth_secrets where name = 'jwt'`;
    return new Uint8Array(row!.secret);
  }, db);
}

/** Removes the session cookie (a session found ended, or signing out). */
export function clearLocalSessionCookie(ctx: Pick<AuthContext, 'url' | 'cookies'>): void {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(ctx.url, 0);
  ctx.cookies.delete(LOCAL_SESSION_COOKIE, options);
}

/** The AuthProvider for one request: the local core plus the session cookie. */
export function localAuthProvider(core: LocalAuth, ctx: AuthContext): AuthProvider {
  const setSession = (session: LocalSession) =>
    ctx.cookies.set(LOCAL_SESSION_COOKIE, session.token, sessionCookieOptions(ctx.url, session.maxAgeSeconds));
  const clearSession = () => clearLocalSessionCookie(ctx);
  const signedIn = async (
    user: SignedInUser | null,
    method: 'otp' | 'magiclink',
    failure: VerifyResult,
  ): Promise<VerifyResult> => {
    if (!user) return failure;
    setSession(await core.issueSession(user, { method, sessionId: user.sessionId }));
    return { ok: true };
  };

  return {
    mode: 'local',
    requestSignIn: (request) => core.requestSignIn(request),
    verifyCode: async (input) => signedIn(await core.verifyCode(input), 'otp', { ok: false, reason: 'invalid_code' }),
    verifyLink: async ({ token }) => {
      const failure: VerifyResult = { ok: false, reason: 'invalid_link' };
      return token ? signedIn(await core.verifyLink(token), 'magiclink', failure) : failure;
    },
    async signInVerifiedEmail(email) {
      const user = await core.signInVerifiedEmail(email);
      const session = await core.issueSession(user, { method: 'magiclink', sessionId: user.sessionId });
      setSession(session);
      return session.claims;
    },
    async readSession() {
      const token = ctx.cookies.get(LOCAL_SESSION_COOKIE)?.value;
      if (!token) return null;
      const verified = await core.verifySession(token);
      // Past half its life, an active session is re-issued for another full term.
      const renew = verified !== null && verified.claims.exp - Date.now() / 1000 < core.sessionSeconds / 2;
      // A valid signature is not enough: the session must not have been ended
      // (signed out, user deleted) since the token was issued.
      if (!verified || !(await core.sessionIsLive(verified, renew))) {
        clearSession();
        return null;
      }
      const { claims, sessionId } = verified;
      if (renew) {
        setSession(await core.issueSession({ id: claims.sub, email: claims.email ?? '' }, { sessionId: sessionId! }));
      }
      return claims;
    },
    async signOut({ everywhere = false } = {}) {
      const token = ctx.cookies.get(LOCAL_SESSION_COOKIE)?.value;
      // The cookie goes whatever happens; the session ends for every copy of it.
      clearSession();
      if (token) await core.endSession(token, everywhere);
    },
    async deleteUser(userId) {
      // private.erase_my_personal_data deleted the row with the person's data; its sessions went with it.
      const rows = await asService((tx) => tx`select 1 from auth.users where id = ${userId}`, core.db);
      return rows.length === 0;
    },
  };
}
