// Embedded-mode sessions: Supabase-shaped JWTs signed HS256 with a secret all
// instances share, in an HttpOnly cookie; asUser with the verified claims
// makes auth.uid() the user, so RLS sees them exactly as on Supabase.
import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_SESSION_COOKIE, localAuthProvider } from '../../src/lib/auth/local-auth.server.ts';
import { asUser } from '../../src/lib/db/db.server.ts';
import { authContext, testAuth } from '../fixtures/auth.ts';
import { freshDatabase } from '../fixtures/db.ts';

const { sql } = await freshDatabase({ max: 12 });
const HOURS_12 = 12 * 3600;
const { auth, signInMail } = testAuth(sql, { sessionSeconds: HOURS_12 });

let counter = 0;
const newEmail = () => `session${++counter}-${Date.now()}@stat.dk`;

async function signedInUser() {
  const email = newEmail();
  const mail = await signInMail(email);
  const user = await auth.verifyCode({ email, code: mail.code });
  return user!;
}

describe('a session token', () => {
  it('carries Supabase-shaped claims for 12 hours', async () => {
    const user = await signedInUser();
    const session = await auth.issueSession(user);

    expect(decodeProtectedHeader(session.token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(session.token);
    expect(claims).toMatchObject({
      sub: user.id,
      email: user.email,
      role: 'authenticated',
      aud: 'authenticated',
      iss: 'samspil',
      is_anonymous: false,
    });
    expect(claims.exp! - claims.iat!).toBe(HOURS_12);
    expect(typeof claims['session_id']).toBe('string');
    expect(session.maxAgeSeconds).toBe(HOURS_12);
  });

  it('verifies back to the claims asUser takes, and auth.uid() is the user', async () => {
    const user = await signedInUser();
    const verified = await auth.verifySession((await auth.issueSession(user)).token);
    expect(verified?.claims).toMatchObject({
      role: 'authenticated',
      sub: user.id,
      email: user.email,
      aud: 'authenticated',
    });

    const [row] = await asUser(
      verified!.claims,
      (tx) => tx`select auth.uid() as uid, auth.role() as role, auth.email() as email, current_user as db_role`,
      sql,
    );
    expect(row).toEqual({ uid: user.id, role: 'authenticated', email: user.email, db_role: 'authenticated' });
  });

  it('is refused once expired', async () => {
    const user = await signedInUser();
    const { token } = await auth.issueSession(user, { now: new Date(Date.now() - HOURS_12 * 1000 - 5000) });
    expect(await auth.verifySession(token)).toBeNull();
  });

  it('is refused when tampered with, signed with another secret, or unsigned', async () => {
    const user = await signedInUser();
    const { token } = await auth.issueSession(user);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...decodeJwt(token), sub: '00000000-0000-4000-8000-000000000000' }),
    ).toString('base64url');
    expect(await auth.verifySession(`${header}.${forgedPayload}.${signature}`)).toBeNull();

    const otherSecret = new TextEncoder().encode('x'.repeat(40));
    const foreign = await new SignJWT({ email: user.email, role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setAudience('authenticated')
      .setIssuer('samspil')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(otherSecret);
    expect(await auth.verifySession(foreign)).toBeNull();

    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(await auth.verifySession(none)).toBeNull();
    expect(await auth.verifySession('not-a-jwt')).toBeNull();
  });

  it('is accepted by every instance: the generated secret lives in the database, once', async () => {
    const instances = Array.from({ length: 8 }, () => testAuth(sql).auth);
    const user = await signedInUser();
    const tokens = await Promise.all(instances.map((instance) => instance.issueSession(user)));
    for (const instance of instances) {
      for (const { token } of tokens) expect(await instance.verifySession(token)).not.toBeNull();
    }
    const [row] = await sql<[{ n: number; bytes: number }]>`
      select count(*)::int as n, min(octet_length(secret)) as bytes from private.auth_secrets`;
    expect(row).toEqual({ n: 1, bytes: 32 });
  });

  it('is signed with AUTH_JWT_SECRET when that is set', async () => {
    const secret = 'a-configured-secret-of-at-least-32-characters';
    const configured = testAuth(sql, { secret }).auth;
    const { token } = await configured.issueSession({ id: '00000000-0000-4000-8000-000000000001', email: 'a@b.dk' });
    await expect(jwtVerify(token, new TextEncoder().encode(secret))).resolves.toBeTruthy();
    expect(await auth.verifySession(token)).toBeNull();
  });
});

describe('the session cookie', () => {
  it('is set HttpOnly, SameSite=Lax, Secure outside localhost, for as long as the session', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    const { ctx, writes } = authContext('https://innovationsdag.example/log-ind');

    expect(await localAuthProvider(auth, ctx).verifyCode({ email, code: mail.code })).toEqual({ ok: true });

    const cookie = writes.get(LOCAL_SESSION_COOKIE)!;
    expect(cookie.options).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: HOURS_12 });
    expect((await auth.verifySession(cookie.value))?.claims.email).toBe(email);
  });

  it('is not Secure on localhost, where there is no TLS', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    const { ctx, writes } = authContext('http://localhost:4321/log-ind');
    await localAuthProvider(auth, ctx).verifyCode({ email, code: mail.code });
    expect(writes.get(LOCAL_SESSION_COOKIE)!.options).toMatchObject({ secure: false, httpOnly: true });
  });

  it('is read back as verified claims, and an expired or forged one is cleared', async () => {
    const user = await signedInUser();
    const valid = await auth.issueSession(user);
    const read = authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: valid.token });
    expect(await localAuthProvider(auth, read.ctx).readSession()).toMatchObject({ sub: user.id });
    expect(read.writes.size).toBe(0);

    const expired = await auth.issueSession(user, { now: new Date(Date.now() - HOURS_12 * 1000 - 1000) });
    const stale = authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: expired.token });
    expect(await localAuthProvider(auth, stale.ctx).readSession()).toBeNull();
    expect(stale.writes.get(LOCAL_SESSION_COOKIE)).toMatchObject({ deleted: true, options: { path: '/' } });
  });

  it('is renewed for a full term once past half its life', async () => {
    const user = await signedInUser();
    const old = await auth.issueSession(user, { now: new Date(Date.now() - 7 * 3600 * 1000) });
    const { ctx, writes } = authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: old.token });

    expect(await localAuthProvider(auth, ctx).readSession()).toMatchObject({ sub: user.id });
    const renewed = writes.get(LOCAL_SESSION_COOKIE)!;
    const claims = decodeJwt(renewed.value);
    expect(claims.exp! - Date.now() / 1000).toBeGreaterThan(HOURS_12 - 60);
    expect(claims['session_id']).toBe(old.sessionId);
  });

  it('is cleared by signing out', async () => {
    const user = await signedInUser();
    const { token } = await auth.issueSession(user);
    const { ctx, writes } = authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: token });
    await localAuthProvider(auth, ctx).signOut();
    expect(writes.get(LOCAL_SESSION_COOKIE)).toMatchObject({
      deleted: true,
      options: { path: '/', httpOnly: true, secure: true, sameSite: 'lax' },
    });
  });

  it('does not exist for a wrong code or a used link', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    const { ctx, writes } = authContext('https://x.example/');
    const provider = localAuthProvider(auth, ctx);
    const wrong = mail.code === '000000' ? '111111' : '000000';
    expect(await provider.verifyCode({ email, code: wrong })).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await provider.verifyLink({})).toEqual({ ok: false, reason: 'invalid_link' });
    expect(await provider.verifyLink({ token: 'B'.repeat(43) })).toEqual({ ok: false, reason: 'invalid_link' });
    expect(writes.size).toBe(0);
  });
});
