// Sign-in through Supabase Auth with @supabase/ssr: email link and 6-digit
// code, PKCE, the session in HttpOnly cookies. Only claims that getClaims()
// has verified are trusted; getSession() is never used for identity.
import { createServerClient, parseCookieHeader } from '@supabase/ssr';
import { createClient, isAuthError, type SupabaseClient } from '@supabase/supabase-js';
import { asService, type Claims, type SignedIn, type Sql } from '../db/db.server.ts';
import {
  type AuthContext,
  type AuthProvider,
  AuthUnavailableError,
  type RequestSignInResult,
  sessionCookieOptions,
  type SignInRequest,
  rateLimitScope,
  signInRateRules,
  type VerifyResult,
} from './auth.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';

export interface SupabaseAuthOptions {
  url: string;
  anonKey: string;
  /** The secret (service-role) key: lets the server start a session for an invited address. */
  serviceRoleKey?: string | undefined;
  sessionSeconds: number;
  ipLimitPerHour: number;
  db: Sql;
}

/** The session: sb-<project>-auth-token, possibly chunked (.0, .1, …). */
const SESSION_COOKIE = /^sb-.+-auth-token(\.\d+)?$/;
/** Every Supabase Auth cookie: the session and PKCE verifiers (…-auth-token-flow-<id>-code-verifier). */
const SUPABASE_COOKIE = /^sb-.+-auth-token([.-].*)?$/;

export interface CookieWrite {
  name: string;
  value: string;
  options: { maxAge?: number | undefined; expires?: Date | undefined };
}

/**
 * Our cookie rules over Supabase's defaults (readable by scripts, 400 days):
 * HttpOnly, Secure outside localhost, as long as our session. A deletion
 * (max-age 0) stays a deletion.
 */
export function supabaseCookieOptions(write: CookieWrite, url: URL, sessionSeconds: number) {
  const deleting = write.value === '' || write.options.maxAge === 0;
  return sessionCookieOptions(url, deleting ? 0 : sessionSeconds);
}

function authFailure(error: unknown): 'client' | 'unavailable' {
  if (isAuthError(error) && error.status !== undefined && error.status >= 400 && error.status < 500) return 'client';
  return 'unavailable';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function supabaseAuthProvider(options: SupabaseAuthOptions, ctx: AuthContext): AuthProvider {
  // The secret key's client, for the Auth admin API: never stores or refreshes a session.
  const adminClient = (serviceRoleKey: string) =>
    createClient(options.url, serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
  let client: SupabaseClient | undefined;
  // A new server client per request, as @supabase/ssr requires.
  const supabase = () =>
    (client ??= createServerClient(options.url, options.anonKey, {
      cookies: {
        getAll: () => parseCookieHeader(ctx.request.headers.get('cookie') ?? ''),
        setAll: (writes) => {
          for (const write of writes) {
            ctx.cookies.set(write.name, write.value, supabaseCookieOptions(write, ctx.url, options.sessionSeconds));
          }
        },
      },
      auth: { flowType: 'pkce', detectSessionInUrl: false, autoRefreshToken: false },
    }));
  const hasSessionCookie = () =>
    parseCookieHeader(ctx.request.headers.get('cookie') ?? '').some(({ name }) => SESSION_COOKIE.test(name));

  async function verified(
    attempt: Promise<{ error: unknown }>,
    reason: 'invalid_code' | 'invalid_link',
  ): Promise<VerifyResult> {
    const { error } = await attempt;
    if (!error) return { ok: true };
    if (authFailure(error) === 'client') return { ok: false, reason };
    throw new AuthUnavailableError(`Supabase Auth: ${(error as Error).message}`);
  }

  return {
    mode: 'supabase',

    async requestSignIn(request: SignInRequest): Promise<RequestSignInResult> {
      const limits = await asService(
        (tx) => takeRateLimits(tx, signInRateRules(request.email, request.ip, options.ipLimitPerHour)),
        options.db,
      );
      if (!limits.allowed) {
        return {
          ok: false,
          reason: 'rate_limited',
          retryAfterSeconds: limits.retryAfterSeconds,
          scope: rateLimitScope(limits.bucket),
        };
      }
      const { error } = await supabase().auth.signInWithOtp({
        email: request.email,
        options: { emailRedirectTo: request.redirectTo, shouldCreateUser: true },
      });
      if (!error) return { ok: true };
      // Supabase Auth's own per-address limit.
      if (error.status === 429) return { ok: false, reason: 'rate_limited', retryAfterSeconds: 60, scope: 'address' };
      throw new AuthUnavailableError(`Supabase Auth could not send the sign-in email: ${error.message}`);
    },

    verifyCode: ({ email, code }) =>
      verified(supabase().auth.verifyOtp({ email, token: code, type: 'email' }), 'invalid_code'),

    verifyLink({ code, tokenHash }) {
      // token_hash (the recommended email template) works in any browser; a
      // PKCE code only where the sign-in was requested, which holds its verifier.
      if (tokenHash)
        return verified(supabase().auth.verifyOtp({ token_hash: tokenHash, type: 'email' }), 'invalid_link');
      if (code) return verified(supabase().auth.exchangeCodeForSession(code), 'invalid_link');
      return Promise.resolve({ ok: false, reason: 'invalid_link' });
    },

    async signInVerifiedEmail(email: string): Promise<SignedIn | null> {
      if (!options.serviceRoleKey) return null;
      // The admin API issues a one-time magic-link token for the address
      // (creating the user if needed) without sending anything; verifying its
      // hash with this request's client starts the session in its cookies.
      const admin = adminClient(options.serviceRoleKey);
      const link = await admin.auth.admin.generateLink({ type: 'magiclink', email });
      if (link.error) throw new AuthUnavailableError(`Supabase Auth could not issue a link: ${link.error.message}`);
      const { data, error } = await supabase().auth.verifyOtp({
        token_hash: link.data.properties.hashed_token,
        type: 'email',
      });
      if (error || !data.user) {
        throw new AuthUnavailableError(`Supabase Auth refused its own link: ${error?.message ?? 'no user'}`);
      }
      return { role: 'authenticated', sub: data.user.id, email: data.user.email ?? email, aud: 'authenticated' };
    },

    async readSession(): Promise<Claims | null> {
      if (!hasSessionCookie()) return null;
      const { data, error } = await supabase().auth.getClaims();
      if (error || !data) return null;
      const { sub, email, role, aud, exp, session_id: sessionId } = data.claims;
      const audiences = Array.isArray(aud) ? aud : [aud];
      if (role !== 'authenticated' || typeof sub !== 'string' || !audiences.includes('authenticated')) return null;
      // The access token stays valid for its hour after sign-out or deletion (Supabase ends the
      // session and the refresh token, not the JWT): the token's session must still be in
      // auth.sessions, for a user who still exists, on every request.
      if (typeof sessionId !== 'string' || !UUID.test(sessionId) || !UUID.test(sub)) return null;
      const [row] = await asService(
        (tx) => tx<{ live: boolean }[]>`select private.supabase_session_is_live(${sessionId}, ${sub}) as live`,
        options.db,
      );
      if (row?.live !== true) return null;
      return {
        role: 'authenticated',
        sub,
        aud: 'authenticated',
        ...(typeof email === 'string' ? { email } : {}),
        ...(typeof exp === 'number' ? { exp } : {}),
      };
    },

    async deleteUser(userId: string): Promise<boolean> {
      if (!options.serviceRoleKey) {
        console.error(
          `samspil: Supabase Auth user ${userId} was not deleted: set SUPABASE_SERVICE_ROLE_KEY (docs/DEPLOY.md)`,
        );
        return false;
      }
      // A hard delete (shouldSoftDelete false): GoTrue removes the row, and its sessions and
      // identities go with it, so no address stays behind in the auth schema.
      const { error } = await adminClient(options.serviceRoleKey).auth.admin.deleteUser(userId, false);
      if (!error || (isAuthError(error) && error.status === 404)) return true;
      console.error(`samspil: Supabase Auth could not delete user ${userId}: ${error.message}`);
      return false;
    },

    async signOut({ everywhere = false } = {}) {
      // Local scope: Supabase ends this device's session and revokes its
      // refresh token; global (deleting the account) ends all of the user's.
      // Whatever Supabase answers, the cookies go.
      await supabase()
        .auth.signOut({ scope: everywhere ? 'global' : 'local' })
        .catch(() => undefined);
      for (const { name } of parseCookieHeader(ctx.request.headers.get('cookie') ?? '')) {
        if (SUPABASE_COOKIE.test(name)) {
          const { maxAge: _maxAge, ...cookieOptions } = sessionCookieOptions(ctx.url, 0);
          ctx.cookies.delete(name, cookieOptions);
        }
      }
    },
  };
}
