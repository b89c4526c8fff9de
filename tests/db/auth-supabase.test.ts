// The Supabase Auth provider with the real @supabase/ssr client against a
// stand-in for Supabase Auth's HTTP API (the endpoints it calls, answering as
// the hosted service does). Access tokens are ES256-signed and checked against
// the stand-in's JWKS, as getClaims() does with a project's asymmetric keys.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthUnavailableError } from '../../src/lib/auth/auth.ts';
import { supabaseAuthProvider } from '../../src/lib/auth/supabase-auth.server.ts';
import { asUser } from '../../src/lib/db/db.server.ts';
import { authContext, type CookieWrite } from '../fixtures/auth.ts';
import { freshDatabase } from '../fixtures/db.ts';

const { sql } = await freshDatabase();

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

const calls: Call[] = [];
let otpStatus = 200;
const user = { id: randomUUID(), email: 'supa@kommune.dk' };
const keys = await generateKeyPair('ES256', { extractable: true });
const otherKeys = await generateKeyPair('ES256', { extractable: true });
const KID = 'test-key-1';
let server: Server;
let baseUrl = '';

async function accessToken(options: { signWith?: CryptoKey; expiresIn?: number; sessionId?: string | null } = {}) {
  const sessionId = options.sessionId === undefined ? randomUUID() : options.sessionId;
  return new SignJWT({
    email: user.email,
    role: 'authenticated',
    aal: 'aal1',
    ...(sessionId === null ? {} : { session_id: sessionId }),
  })
    .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'JWT' })
    .setSubject(user.id)
    .setAudience('authenticated')
    .setIssuer(`${baseUrl}/auth/v1`)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 3600))
    .sign(options.signWith ?? keys.privateKey);
}

/** A new session, as GoTrue starts one: its row in auth.sessions, its id in the access token. */
async function session() {
  const sessionId = randomUUID();
  await sql`insert into auth.sessions (id, user_id) values (${sessionId}, ${user.id})`;
  return {
    access_token: await accessToken({ sessionId }),
    token_type: 'bearer',
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    refresh_token: `refresh-${randomUUID()}`,
    user: {
      id: user.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: user.email,
      app_metadata: {},
      user_metadata: {},
    },
  };
}

/** The user object GoTrue answers with, without starting a session. */
async function sessionUser() {
  return {
    user: {
      id: user.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: user.email,
      app_metadata: {},
      user_metadata: {},
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of request) raw += chunk;
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

beforeAll(async () => {
  // Supabase Auth's own table of sessions, in the shape the hosted auth schema has (the embedded
  // database has none): GoTrue writes a row per sign-in and deletes it on sign-out.
  await sql`
    create table auth.sessions (
      id uuid primary key,
      user_id uuid not null references auth.users (id) on delete cascade,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      factor_id uuid,
      aal text,
      not_after timestamptz,
      refreshed_at timestamp,
      user_agent text,
      ip inet,
      tag text
    )`;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: KID, alg: 'ES256', use: 'sig', key_ops: ['verify'] };
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    calls.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body,
      authorization: request.headers.authorization,
    });
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    switch (url.pathname) {
      case '/auth/v1/.well-known/jwks.json':
        return reply(200, { keys: [jwk] });
      case '/auth/v1/otp':
        return otpStatus === 200
          ? reply(200, {})
          : reply(otpStatus, {
              code: otpStatus === 429 ? 'over_email_send_rate_limit' : 'unexpected_failure',
              msg: 'no',
            });
      case '/auth/v1/admin/generate_link':
        // The admin API answers with the user and the link's properties side by side, as GoTrue does.
        if (request.headers.authorization !== `Bearer ${SECRET_KEY}`) return reply(401, { msg: 'invalid JWT' });
        return reply(200, {
          ...(await session()).user,
          action_link: `${baseUrl}/auth/v1/verify?token=x&type=magiclink`,
          email_otp: '987654',
          hashed_token: 'invitation_hash',
          redirect_to: baseUrl,
          verification_type: 'magiclink',
        });
      case '/auth/v1/verify':
        if (
          body['token'] === '123456' ||
          body['token_hash'] === 'pkce_goodhash' ||
          (body['token_hash'] === 'invitation_hash' && body['type'] === 'email')
        )
          return reply(200, await session());
        return reply(403, { code: 'otp_expired', msg: 'Token has expired or is invalid' });
      case '/auth/v1/token':
        if (url.searchParams.get('grant_type') === 'pkce' && body['auth_code'] === 'good-code' && body['code_verifier'])
          return reply(200, await session());
        return reply(400, { code: 'flow_state_not_found', msg: 'invalid flow state' });
      case '/auth/v1/logout': {
        // As GoTrue: the bearer token's session ends (local), or every session of its user (global).
        const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
        const claims = decodeJwt(token);
        if (url.searchParams.get('scope') === 'global') {
          await sql`delete from auth.sessions where user_id = ${claims.sub ?? ''}`;
        } else await sql`delete from auth.sessions where id = ${String(claims['session_id'])}`;
        response.writeHead(204);
        return response.end();
      }
      case `/auth/v1/admin/users/${user.id}`:
        // auth.admin.deleteUser: with the secret key only; a hard delete takes the sessions along.
        // (supabase-js reads the user first, then deletes it.)
        if (request.headers.authorization !== `Bearer ${SECRET_KEY}`) return reply(401, { msg: 'invalid JWT' });
        if ((await sql`select 1 from auth.users where id = ${user.id}`).length === 0) {
          return reply(404, { code: 'user_not_found', msg: 'User not found' });
        }
        if (request.method === 'GET') return reply(200, (await sessionUser()).user);
        if (request.method !== 'DELETE') return reply(405, { msg: 'method not allowed' });
        await sql`delete from auth.users where id = ${user.id}`;
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end('{}');
      default:
        return reply(404, { msg: 'not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  calls.length = 0;
  otpStatus = 200;
  await sql`insert into auth.users (id, email) values (${user.id}, ${user.email}) on conflict (id) do nothing`;
  await sql`delete from private.rate_limit_hits`;
});

const SESSION_SECONDS = 12 * 3600;
const SECRET_KEY = 'sb_secret_test';
const provider = (url: string, cookies: Record<string, string> = {}, serviceRoleKey?: string) => {
  const { ctx, writes } = authContext(url, cookies);
  const auth = supabaseAuthProvider(
    {
      url: baseUrl,
      anonKey: 'sb_publishable_test',
      serviceRoleKey,
      sessionSeconds: SESSION_SECONDS,
      ipLimitPerHour: 100,
      db: sql,
    },
    ctx,
  );
  return { auth, writes };
};

/** What the browser holds after these writes: live cookies only. */
const jar = (writes: Map<string, CookieWrite>) =>
  Object.fromEntries(
    [...writes].filter(([, write]) => !write.deleted && write.value !== '').map(([name, w]) => [name, w.value]),
  );

const request = (auth: ReturnType<typeof provider>['auth'], email = user.email) =>
  auth.requestSignIn({
    email,
    lang: 'da',
    redirectTo: 'https://innovationsdag.example/log-ind/bekraeft?next=%2Fmin-side',
    ip: '198.51.100.7',
  });

describe('requesting a sign-in through Supabase Auth', () => {
  it('asks for an OTP email with our landing page as the redirect, and keeps the PKCE verifier in an HttpOnly cookie', async () => {
    const { auth, writes } = provider('https://innovationsdag.example/log-ind');
    expect(await request(auth)).toEqual({ ok: true });

    const otp = calls.find((call) => call.path === '/auth/v1/otp')!;
    expect(otp.body).toMatchObject({ email: user.email, create_user: true, code_challenge_method: 's256' });
    expect(otp.query.get('redirect_to')).toBe('https://innovationsdag.example/log-ind/bekraeft?next=%2Fmin-side');
    const [name, verifier] = [...writes].find(([cookie]) => cookie.endsWith('-code-verifier'))!;
    expect(name).toMatch(/^sb-.+-auth-token-.*code-verifier$/);
    expect(verifier.options).toMatchObject({ httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  });

  it('applies our rate limits before Supabase is asked', async () => {
    expect(await request(provider('https://x.example/').auth)).toEqual({ ok: true });
    const second = await request(provider('https://x.example/').auth);
    expect(second).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(calls.filter((call) => call.path === '/auth/v1/otp')).toHaveLength(1);
  });

  it("reports Supabase's own rate limit as a rate limit, and other failures as unavailable", async () => {
    otpStatus = 429;
    expect(await request(provider('https://x.example/').auth, 'a@kommune.dk')).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    otpStatus = 500;
    await expect(request(provider('https://x.example/').auth, 'b@kommune.dk')).rejects.toBeInstanceOf(
      AuthUnavailableError,
    );
  });
});

describe('verifying and reading the session', () => {
  it('signs in with the code: session cookies HttpOnly, Secure, as long as our session', async () => {
    const { auth, writes } = provider('https://innovationsdag.example/log-ind');
    expect(await auth.verifyCode({ email: user.email, code: '123456' })).toEqual({ ok: true });

    const verify = calls.find((call) => call.path === '/auth/v1/verify')!;
    expect(verify.body).toMatchObject({ email: user.email, token: '123456', type: 'email' });
    const sessionCookies = [...writes].filter(
      ([name, write]) => /^sb-.+-auth-token(\.\d+)?$/.test(name) && !write.deleted,
    );
    expect(sessionCookies.length).toBeGreaterThan(0);
    for (const [, write] of sessionCookies) {
      expect(write.options).toMatchObject({
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        path: '/',
        maxAge: SESSION_SECONDS,
      });
    }
  });

  it('refuses a wrong or expired code without setting a cookie', async () => {
    const { auth, writes } = provider('https://x.example/');
    expect(await auth.verifyCode({ email: user.email, code: '654321' })).toEqual({ ok: false, reason: 'invalid_code' });
    expect(jar(writes)).toEqual({});
  });

  it('reads verified claims back, and auth.uid() in the database is the user', async () => {
    const first = provider('http://localhost:4321/log-ind');
    await first.auth.verifyCode({ email: user.email, code: '123456' });

    const claims = await provider('http://localhost:4321/', jar(first.writes)).auth.readSession();
    expect(claims).toMatchObject({ role: 'authenticated', sub: user.id, email: user.email, aud: 'authenticated' });
    expect(calls.some((call) => call.path === '/auth/v1/.well-known/jwks.json')).toBe(true);
    const [row] = await asUser(claims!, (tx) => tx`select auth.uid() as uid`, sql);
    expect(row).toEqual({ uid: user.id });
  });

  it('trusts no token the project did not sign', async () => {
    const first = provider('https://x.example/');
    await first.auth.verifyCode({ email: user.email, code: '123456' });
    const cookies = jar(first.writes);
    const name = Object.keys(cookies).find((cookie) => /-auth-token$/.test(cookie))!;
    const stored = JSON.parse(Buffer.from(cookies[name]!.replace(/^base64-/, ''), 'base64url').toString()) as {
      access_token: string;
    };
    stored.access_token = await accessToken({ signWith: otherKeys.privateKey });
    const forged = { [name]: `base64-${Buffer.from(JSON.stringify(stored)).toString('base64url')}` };

    expect(await provider('https://x.example/', forged).auth.readSession()).toBeNull();
  });

  it('has no session and asks nobody when there is no Supabase cookie', async () => {
    expect(await provider('https://x.example/', { other: 'cookie' }).auth.readSession()).toBeNull();
    expect(calls).toEqual([]);
  });

  it('signs in from the link with a token hash, in any browser', async () => {
    const { auth, writes } = provider('https://x.example/log-ind/bekraeft');
    expect(await auth.verifyLink({ tokenHash: 'pkce_goodhash' })).toEqual({ ok: true });
    expect(calls.find((call) => call.path === '/auth/v1/verify')!.body).toMatchObject({
      token_hash: 'pkce_goodhash',
      type: 'email',
    });
    expect(Object.keys(jar(writes)).some((name) => /-auth-token$/.test(name))).toBe(true);
    expect(await provider('https://x.example/').auth.verifyLink({ tokenHash: 'pkce_badhash' })).toEqual({
      ok: false,
      reason: 'invalid_link',
    });
  });

  it('signs in from the link with a PKCE code in the browser that asked, with its verifier', async () => {
    const asked = provider('https://x.example/log-ind');
    await request(asked.auth);
    const { auth, writes } = provider('https://x.example/log-ind/bekraeft', jar(asked.writes));

    expect(await auth.verifyLink({ code: 'good-code' })).toEqual({ ok: true });
    const exchange = calls.find((call) => call.path === '/auth/v1/token')!;
    expect(exchange.query.get('grant_type')).toBe('pkce');
    expect(typeof exchange.body['code_verifier']).toBe('string');
    expect(Object.keys(jar(writes)).some((name) => /-auth-token$/.test(name))).toBe(true);
  });

  it('cannot use a PKCE code in another browser', async () => {
    expect(await provider('https://x.example/').auth.verifyLink({ code: 'good-code' })).toEqual({
      ok: false,
      reason: 'invalid_link',
    });
  });

  it('signs out: every Supabase cookie is cleared', async () => {
    const asked = provider('https://x.example/');
    await request(asked.auth);
    const first = provider('https://x.example/', jar(asked.writes));
    await first.auth.verifyCode({ email: user.email, code: '123456' });
    const cookies = { ...jar(asked.writes), ...jar(first.writes) };
    expect(Object.keys(cookies).length).toBeGreaterThanOrEqual(2);
    const { auth, writes } = provider('https://x.example/log-ud', cookies);

    await auth.signOut();

    for (const name of Object.keys(cookies)) expect(writes.get(name)).toMatchObject({ deleted: true });
    expect(calls.some((call) => call.path === '/auth/v1/logout' && call.query.get('scope') === 'local')).toBe(true);
  });

  it('signs out everywhere (Supabase scope global) when the account is deleted', async () => {
    const asked = provider('https://x.example/');
    await request(asked.auth);
    const first = provider('https://x.example/', jar(asked.writes));
    await first.auth.verifyCode({ email: user.email, code: '123456' });
    const cookies = { ...jar(asked.writes), ...jar(first.writes) };
    const { auth, writes } = provider('https://x.example/min-side/slet-konto', cookies);
    const before = calls.length;

    await auth.signOut({ everywhere: true });

    for (const name of Object.keys(cookies)) expect(writes.get(name)).toMatchObject({ deleted: true });
    const logouts = calls.slice(before).filter((call) => call.path === '/auth/v1/logout');
    expect(logouts.map((call) => call.query.get('scope'))).toEqual(['global']);
  });
});

describe('signing in an address a team invitation has verified', () => {
  it('with the secret key: asks the admin API for a link token, verifies it, and the session is in the cookies', async () => {
    const { auth, writes } = provider('https://innovationsdag.example/invitation/x', {}, SECRET_KEY);
    const claims = await auth.signInVerifiedEmail(user.email);
    expect(claims).toEqual({ role: 'authenticated', sub: user.id, email: user.email, aud: 'authenticated' });

    const generate = calls.find((call) => call.path === '/auth/v1/admin/generate_link')!;
    expect(generate.body).toMatchObject({ type: 'magiclink', email: user.email });
    expect(generate.authorization).toBe(`Bearer ${SECRET_KEY}`);
    const verify = calls.find((call) => call.path === '/auth/v1/verify')!;
    expect(verify.body).toMatchObject({ token_hash: 'invitation_hash', type: 'email' });
    // Nothing was emailed: no OTP request.
    expect(calls.some((call) => call.path === '/auth/v1/otp')).toBe(false);

    const next = provider('https://innovationsdag.example/konsol', jar(writes));
    expect(await next.auth.readSession()).toMatchObject({ role: 'authenticated', sub: user.id, email: user.email });
  });

  it('without the secret key: starts nothing, so the person signs in with a code', async () => {
    const { auth, writes } = provider('https://innovationsdag.example/invitation/x');
    expect(await auth.signInVerifiedEmail(user.email)).toBeNull();
    expect(calls).toEqual([]);
    expect(jar(writes)).toEqual({});
  });
});

describe('a session Supabase Auth has ended', () => {
  /** Signs in with a code; the browser's cookies. */
  async function signedIn(): Promise<Record<string, string>> {
    const first = provider('https://x.example/log-ind');
    expect(await first.auth.verifyCode({ email: user.email, code: '123456' })).toEqual({ ok: true });
    return jar(first.writes);
  }

  it('is anonymous at once after signing out, though its access token has most of its hour left', async () => {
    const cookies = await signedIn();
    expect(await provider('https://x.example/', cookies).auth.readSession()).toMatchObject({ sub: user.id });

    // The same cookies replayed after signing out (a copy kept by an attacker, another tab).
    await provider('https://x.example/log-ud', cookies).auth.signOut();
    expect(await provider('https://x.example/min-side', cookies).auth.readSession()).toBeNull();
  });

  it("signing out on one device leaves the person's other device signed in", async () => {
    const phone = await signedIn();
    const laptop = await signedIn();
    await provider('https://x.example/log-ud', phone).auth.signOut();
    expect(await provider('https://x.example/', phone).auth.readSession()).toBeNull();
    expect(await provider('https://x.example/', laptop).auth.readSession()).toMatchObject({ sub: user.id });
  });

  it('trusts no token without a session, and none whose session has passed its not_after', async () => {
    const cookies = await signedIn();
    const name = Object.keys(cookies).find((cookie) => /-auth-token$/.test(cookie))!;
    const stored = JSON.parse(Buffer.from(cookies[name]!.replace(/^base64-/, ''), 'base64url').toString()) as {
      access_token: string;
    };
    const sessionId = String(decodeJwt(stored.access_token)['session_id']);
    await sql`update auth.sessions set not_after = now() - interval '1 second' where id = ${sessionId}`;
    expect(await provider('https://x.example/', cookies).auth.readSession()).toBeNull();

    stored.access_token = await accessToken({ sessionId: null });
    const noSession = { [name]: `base64-${Buffer.from(JSON.stringify(stored)).toString('base64url')}` };
    expect(await provider('https://x.example/', noSession).auth.readSession()).toBeNull();
  });

  it('deleting the account deletes the user through the Auth admin API, with the secret key, and its sessions end', async () => {
    const cookies = await signedIn();
    const before = calls.length;

    expect(await provider('https://x.example/min-side/slet-konto', cookies, SECRET_KEY).auth.deleteUser(user.id)).toBe(
      true,
    );

    const deletes = calls.slice(before).filter((call) => call.method === 'DELETE');
    expect(deletes.map((call) => [call.path, call.authorization])).toEqual([
      [`/auth/v1/admin/users/${user.id}`, `Bearer ${SECRET_KEY}`],
    ]);
    expect(deletes[0]!.body).toMatchObject({ should_soft_delete: false });
    expect(await sql`select 1 from auth.users where id = ${user.id}`).toHaveLength(0);
    // The access token is still within its hour, and still signed by the project: no matter.
    expect(await provider('https://x.example/min-side', cookies).auth.readSession()).toBeNull();
  });

  it('a user already gone counts as deleted', async () => {
    await sql`delete from auth.users where id = ${user.id}`;
    expect(await provider('https://x.example/', {}, SECRET_KEY).auth.deleteUser(user.id)).toBe(true);
  });

  it('without the secret key, says the user was not deleted and asks nobody', async () => {
    const cookies = await signedIn();
    const before = calls.length;
    expect(await provider('https://x.example/min-side/slet-konto', cookies).auth.deleteUser(user.id)).toBe(false);
    expect(calls.slice(before)).toEqual([]);
    expect(await sql`select 1 from auth.users where id = ${user.id}`).toHaveLength(1);
  });
});
