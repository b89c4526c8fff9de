// The entry points pages, actions and the middleware use: the provider for
// this request (Supabase Auth when configured, embedded otherwise) and the
// sign-in use cases built on it.
import { readEnv, type Env } from '../config.ts';
import { ANON, type Claims, type SignedIn, sql } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { originSettings, publicOrigin } from '../site/origin.ts';
import { pathsFor } from '../site/paths.ts';
import {
  type AuthContext,
  type AuthProvider,
  AuthUnavailableError,
  clientIp,
  type LinkParams,
  type RequestSignInResult,
  type VerifyResult,
} from './auth.ts';
import { createLocalAuth, LOCAL_SESSION_COOKIE, type LocalAuth, localAuthProvider } from './local-auth.server.ts';
import { queueSignInMail, sendQueuedMailNow } from './sign-in-mail.server.ts';
import { supabaseAuthProvider } from './supabase-auth.server.ts';

let env: Env | undefined;
let local: LocalAuth | undefined;

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

const settings = () => (env ??= readEnv());

const authLimits = (config: Env) => ({
  sessionSeconds: config.AUTH_SESSION_HOURS * 3600,
  ipLimitPerHour: config.AUTH_IP_LIMIT_PER_HOUR,
});

/** The auth provider for one request. */
export function authFor(ctx: AuthContext): AuthProvider {
  const config = settings();
  const common = authLimits(config);
  if (config.SUPABASE_URL && config.SUPABASE_ANON_KEY) {
    return supabaseAuthProvider(
      {
        url: config.SUPABASE_URL,
        anonKey: config.SUPABASE_ANON_KEY,
        serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
        db: sql(),
        ...common,
      },
      ctx,
    );
  }
  return localAuthProvider(localAuth(config), ctx);
}

/** The embedded auth's core, made once per process. */
function localAuth(config: Env): LocalAuth {
  local ??= createLocalAuth({
    db: sql(),
    secret: config.AUTH_JWT_SECRET,
    mailer: queueSignInMail,
    afterCommit: sendQueuedMailNow,
    ...authLimits(config),
  });
  return local;
}

/**
 * The verified claims of this request, or anon: what the middleware puts in
 * locals.claims. A session that cannot be verified is no session.
 */
export async function readClaims(ctx: AuthContext): Promise<Claims> {
  try {
    return (await authFor(ctx).readSession()) ?? ANON;
  } catch (error) {
    console.error('samspil: could not read the session;', error);
    return ANON;
  }
}

/** A signed-in caller whose session's signature holds but whose liveness the caller still confirms. */
export interface UnconfirmedSession {
  claims: SignedIn;
  sessionId: string;
}

/**
 * readClaims for the lean booking endpoint alone (src/pages/api/booking.ts):
 * a local session whose signature holds and that is not due for renewal comes
 * back unconfirmed, and the endpoint asks Postgres whether it is still live in
 * the same write as its rate limit — one round trip fewer per booking
 * (docs/ARCHITECTURE.md, "Booking in a rush"). No cookie, Supabase Auth, a
 * bad token and a session due for renewal all take readClaims' path.
 */
export async function readClaimsUnconfirmed(
  ctx: AuthContext,
): Promise<{ claims: Claims; unconfirmed: UnconfirmedSession | null }> {
  const unconfirmed = await unconfirmedSession(ctx.cookies.get(LOCAL_SESSION_COOKIE)?.value);
  return unconfirmed
    ? { claims: unconfirmed.claims, unconfirmed }
    : { claims: await readClaims(ctx), unconfirmed: null };
}

/**
 * The unconfirmed session a local session cookie's value carries, or null
 * when readClaims' path must decide (no cookie, Supabase Auth, a bad token, a
 * session due for renewal, no session id). Shared by readClaimsUnconfirmed
 * and the booking endpoint's fast lane (src/lib/booking/booking-fast-lane.server.ts).
 */
export async function unconfirmedSession(token: string | undefined): Promise<UnconfirmedSession | null> {
  const config = settings();
  if (!token || (config.SUPABASE_URL && config.SUPABASE_ANON_KEY)) return null;
  const core = localAuth(config);
  const verified = await core.verifySession(token).catch(() => null);
  const renew = verified !== null && verified.claims.exp - Date.now() / 1000 < core.sessionSeconds / 2;
  if (!verified || renew || !verified.sessionId || !isUuid(verified.sessionId)) return null;
  return { claims: verified.claims, sessionId: verified.sessionId };
}

export interface RequestContext extends AuthContext {
  clientAddress: string;
  locals: { lang: Lang };
}

function socketAddress(ctx: RequestContext): string | undefined {
  try {
    return ctx.clientAddress;
  } catch {
    return undefined;
  }
}

/** Emails a link and a code to the address, unless a rate limit says wait. */
export async function requestSignIn(
  ctx: RequestContext,
  input: { email: string; next: string },
): Promise<RequestSignInResult> {
  const config = settings();
  const origin = publicOrigin(originSettings(config), ctx.url);
  if (!origin) throw new AuthUnavailableError('Set SITE_URL: sign-in links are built from it outside localhost.');
  const lang = ctx.locals.lang;
  const landing = new URL(pathsFor(lang).signInConfirm(), origin);
  // Always present: Supabase's email template appends `&token_hash=…` to this URL.
  landing.searchParams.set('next', input.next);
  const ip = clientIp(ctx.request.headers.get('x-forwarded-for'), socketAddress(ctx), config.TRUSTED_PROXY_HOPS);
  return authFor(ctx).requestSignIn({ email: input.email, lang, redirectTo: landing.href, ip });
}

export function verifyCode(ctx: AuthContext, input: { email: string; code: string }): Promise<VerifyResult> {
  return authFor(ctx).verifyCode(input);
}

export function verifyLink(ctx: AuthContext, input: LinkParams): Promise<VerifyResult> {
  return authFor(ctx).verifyLink(input);
}

/** Signs in the owner of an address the server has verified otherwise (AuthProvider.signInVerifiedEmail). */
export function signInVerifiedEmail(ctx: AuthContext, email: string): Promise<SignedIn | null> {
  return authFor(ctx).signInVerifiedEmail(email);
}

export function signOut(ctx: AuthContext, options: { everywhere?: boolean } = {}): Promise<void> {
  return authFor(ctx).signOut(options);
}

/** Deletes the user's account row in the auth service once their data is erased (AuthProvider.deleteUser). */
export function deleteAuthUser(ctx: AuthContext, userId: string): Promise<boolean> {
  return authFor(ctx).deleteUser(userId);
}
