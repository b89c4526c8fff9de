// Embedded-mode sessions: Supabase-shaped JWTs signed HS256 with a secret all
// instances share, in an HttpOnly cookie; asUser with the verified claims
// makes auth.uid() the user, so RLS sees them exactly as on Supabase.
import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_SESSION_COOKIE, localAuthProvider } from '../../src/lib/auth/local-auth.server.ts';
import { asUser, type Tx } from '../../src/lib/db/db.server.ts';
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
    const { token } = await configured.issueSession(await signedInUser());
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

  it('names a server-side session that the sign-in started', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    const { ctx, writes } = authContext('https://x.example/log-ind');
    await localAuthProvider(auth, ctx).verifyCode({ email, code: mail.code });

    const sessionId = decodeJwt(writes.get(LOCAL_SESSION_COOKIE)!.value)['session_id'];
    const [row] = await sql<{ email: string; lifetime: number }[]>`
      select u.email, extract(epoch from s.not_after - s.created_at)::int as lifetime
      from private.auth_sessions s join auth.users u on u.id = s.user_id where s.id = ${sessionId as string}`;
    expect(row).toEqual({ email, lifetime: HOURS_12 });
  });

  it('opens nothing after signing out, not even a copy taken before', async () => {
    const user = await signedInUser();
    const { token } = await auth.issueSession(user);
    const copy = authContext('https://x.example/min-side', { [LOCAL_SESSION_COOKIE]: token });
    expect(await localAuthProvider(auth, copy.ctx).readSession()).toMatchObject({ sub: user.id });

    await localAuthProvider(
      auth,
      authContext('https://x.example/log-ud', { [LOCAL_SESSION_COOKIE]: token }).ctx,
    ).signOut();

    const after = authContext('https://x.example/min-side', { [LOCAL_SESSION_COOKIE]: token });
    expect(await localAuthProvider(auth, after.ctx).readSession()).toBeNull();
    expect(after.writes.get(LOCAL_SESSION_COOKIE)).toMatchObject({ deleted: true });
  });

  it('ends only the session signed out of: the same person on another device stays signed in', async () => {
    const user = await signedInUser();
    const phone = await auth.issueSession(user);
    const laptop = await auth.issueSession(user);
    await localAuthProvider(
      auth,
      authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: phone.token }).ctx,
    ).signOut();

    const read = authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: laptop.token });
    expect(await localAuthProvider(auth, read.ctx).readSession()).toMatchObject({ sub: user.id });
  });

  it('ends every session of the user when signing out everywhere (account deletion)', async () => {
    const user = await signedInUser();
    const phone = await auth.issueSession(user);
    const laptop = await auth.issueSession(user);
    const other = await auth.issueSession(await signedInUser());
    await localAuthProvider(
      auth,
      authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: phone.token }).ctx,
    ).signOut({ everywhere: true });

    const read = (token: string) =>
      localAuthProvider(auth, authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: token }).ctx).readSession();
    expect(await read(laptop.token)).toBeNull();
    expect(await read(other.token)).not.toBeNull();
  });

  it('opens nothing once the account is deleted, and is not renewed for a user who is gone', async () => {
    const user = await signedInUser();
    const fresh = await auth.issueSession(user);
    // Issued seven hours ago: past half its life, so a read would renew it.
    const old = await auth.issueSession(user, { now: new Date(Date.now() - 7 * 3600 * 1000) });
    await asUser(
      { role: 'authenticated', sub: user.id, email: user.email, aud: 'authenticated' },
      (tx) => tx`select * from private.erase_my_personal_data()`,
      sql,
    );

    for (const token of [fresh.token, old.token]) {
      const read = authContext('https://x.example/min-side', { [LOCAL_SESSION_COOKIE]: token });
      expect(await localAuthProvider(auth, read.ctx).readSession()).toBeNull();
      expect(read.writes.get(LOCAL_SESSION_COOKIE)).toMatchObject({ deleted: true, value: '' });
    }
    const [{ sessions }] = await sql<[{ sessions: number }]>`
      select count(*)::int as sessions from private.auth_sessions where user_id = ${user.id}`;
    expect(sessions).toBe(0);
  });

  it('is not renewed once its server-side session has ended, even with a valid signature', async () => {
    const user = await signedInUser();
    const old = await auth.issueSession(user, { now: new Date(Date.now() - 7 * 3600 * 1000) });
    await sql`delete from private.auth_sessions where id = ${old.sessionId}`;

    const read = authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: old.token });
    expect(await localAuthProvider(auth, read.ctx).readSession()).toBeNull();
    expect(read.writes.get(LOCAL_SESSION_COOKIE)).toMatchObject({ deleted: true });
  });

  it('is refused for a soft-deleted user, and without a session id at all', async () => {
    const user = await signedInUser();
    const { token, sessionId } = await auth.issueSession(user);
    const verified = (await auth.verifySession(token))!;
    expect(await auth.sessionIsLive(verified)).toBe(true);
    expect(await auth.sessionIsLive({ ...verified, sessionId: null })).toBe(false);
    expect(await auth.sessionIsLive({ ...verified, sessionId: 'not-a-uuid' })).toBe(false);
    // Someone else's session id with this user's signature: no.
    const other = await auth.issueSession(await signedInUser());
    expect(await auth.sessionIsLive({ ...verified, sessionId: other.sessionId })).toBe(false);

    await sql`update auth.users set deleted_at = now() where id = ${user.id}`;
    expect(await auth.sessionIsLive({ ...verified, sessionId })).toBe(false);
    expect(await auth.sessionIsLive({ ...verified, sessionId }, true)).toBe(false);
  });

  it('moves its server-side end forward when renewed', async () => {
    const user = await signedInUser();
    const old = await auth.issueSession(user, { now: new Date(Date.now() - 7 * 3600 * 1000) });
    await sql`update private.auth_sessions set created_at = now() - interval '7 hours', not_after = now() + interval '5 hours' where id = ${old.sessionId}`;
    const read = authContext('https://x.example/', { [LOCAL_SESSION_COOKIE]: old.token });
    expect(await localAuthProvider(auth, read.ctx).readSession()).toMatchObject({ sub: user.id });

    const [{ left }] = await sql<[{ left: number }]>`
      select extract(epoch from not_after - now())::int as left from private.auth_sessions where id = ${old.sessionId}`;
    expect(left).toBeGreaterThan(HOURS_12 - 60);
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

describe('the session table', () => {
  it('is out of reach of anon and authenticated, for reading, writing and its functions', async () => {
    const user = await signedInUser();
    const { sessionId } = await auth.issueSession(user);
    for (const role of ['anon', 'authenticated']) {
      const as = <T>(work: (tx: Tx) => Promise<T>) =>
        sql.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          await tx`select set_config('request.jwt.claims', ${JSON.stringify({ role, sub: user.id })}, true)`;
          return work(tx);
        });
      await expect(as((tx) => tx`select * from private.auth_sessions`)).rejects.toMatchObject({ code: '42501' });
      await expect(
        as(
          (tx) =>
            tx`insert into private.auth_sessions (user_id, not_after) values (${user.id}, now() + interval '1 hour')`,
        ),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(as((tx) => tx`delete from private.auth_sessions`)).rejects.toMatchObject({ code: '42501' });
      await expect(as((tx) => tx`select private.auth_session_is_live(${sessionId}, ${user.id})`)).rejects.toMatchObject(
        { code: '42501' },
      );
      await expect(
        as((tx) => tx`select private.start_auth_session(${user.id}, interval '1 hour')`),
      ).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('is open to the service role, the embedded auth server', async () => {
    const user = await signedInUser();
    const { sessionId } = await auth.issueSession(user);
    const rows = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true)`;
      return tx<{ user_id: string }[]>`select user_id from private.auth_sessions where id = ${sessionId}`;
    });
    expect(rows).toEqual([{ user_id: user.id }]);
  });

  it('refuses a session for a user that does not exist', async () => {
    await expect(
      sql`insert into private.auth_sessions (user_id, not_after) values (gen_random_uuid(), now() + interval '1 hour')`,
    ).rejects.toMatchObject({ code: '23503' });
  });
});
