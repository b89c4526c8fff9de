// Embedded sign-in links and codes against a real Postgres: stored only as
// hashes, used once even when many try at the same moment, dead after ten
// minutes; several live at once per address, and five wrong guesses burn
// every live code of the address.
import { beforeEach, describe, expect, it } from 'vitest';
import { createLocalAuth } from '../../src/lib/auth/local-auth.server.ts';
import { queueSignInMail } from '../../src/lib/auth/sign-in-mail.server.ts';
import { nextIp, testAuth, tokenOf } from '../fixtures/auth.ts';
import { freshDatabase } from '../fixtures/db.ts';

const { sql } = await freshDatabase({ max: 25 });
const { auth, signInMail } = testAuth(sql);

let counter = 0;
const newEmail = () => `person${++counter}-${Date.now()}@kommune.dk`;

/** Lets an address ask again at once; the rate limits have their own tests. */
beforeEach(async () => {
  await sql`delete from private.rate_limit_hits`;
});

async function tokenRow(email: string) {
  const [row] = await sql<{ failed_attempts: number; used_at: Date | null; lifetime: number }[]>`
    select failed_attempts, used_at, extract(epoch from expires_at - created_at)::int as lifetime
    from private.login_tokens where email = ${email} order by created_at desc limit 1`;
  return row!;
}

async function expire(email: string) {
  await sql`
    update private.login_tokens
       set created_at = created_at - interval '11 minutes', expires_at = expires_at - interval '11 minutes'
     where email = ${email}`;
}

describe('a sign-in request', () => {
  it('emails a 43-character link token and a 6-digit code that expire in ten minutes', async () => {
    const email = newEmail();
    const mail = await signInMail(email);

    expect(tokenOf(mail)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.idempotencyKey).toMatch(/^sign-in:[0-9a-f-]{36}$/);
    expect((await tokenRow(email)).lifetime).toBe(600);
    expect(mail.expiresAt.getTime() - Date.now()).toBeGreaterThan(590_000);
  });

  it('stores neither the link token nor the code, only 32-byte hashes', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    const [row] = await sql<{ everything: string; link: number; code: number }[]>`
      select row_to_json(t)::text as everything, octet_length(link_hash) as link, octet_length(code_hash) as code
      from private.login_tokens t where email = ${email}`;

    expect(row!.link).toBe(32);
    expect(row!.code).toBe(32);
    expect(row!.everything).not.toContain(tokenOf(mail));
    expect(row!.everything).not.toContain(mail.code);
    const hex = Buffer.from(tokenOf(mail), 'base64url').toString('hex');
    expect(row!.everything).not.toContain(hex);
  });

  it("does not void the code the address's owner is about to type", async () => {
    const email = newEmail();
    const owners = await signInMail(email);
    await sql`delete from private.rate_limit_hits`;
    await signInMail(email); // someone else who knows the address asks again

    expect(await auth.verifyCode({ email, code: owners.code })).toMatchObject({ email });
  });

  it('keeps the link of an earlier request working too', async () => {
    const email = newEmail();
    const first = await signInMail(email);
    await sql`delete from private.rate_limit_hits`;
    await signInMail(email);

    expect(await auth.verifyLink(tokenOf(first))).toMatchObject({ email });
  });

  it("retires the address's other codes and links once one of them signs in", async () => {
    const email = newEmail();
    const first = await signInMail(email);
    await sql`delete from private.rate_limit_hits`;
    const second = await signInMail(email);

    expect(await auth.verifyCode({ email, code: second.code })).toMatchObject({ email });
    expect(await auth.verifyCode({ email, code: first.code })).toBeNull();
    expect(await auth.verifyLink(tokenOf(first))).toBeNull();
    const [{ live }] = await sql<[{ live: number }]>`
      select count(*)::int as live from private.login_tokens where email = ${email} and used_at is null`;
    expect(live).toBe(0);
  });
});

describe('a code', () => {
  it('signs in once and creates the user on first sign-in', async () => {
    const email = newEmail();
    const mail = await signInMail(email);

    const user = await auth.verifyCode({ email, code: mail.code });
    expect(user).toMatchObject({ email, created: true });
    expect(await auth.verifyCode({ email, code: mail.code })).toBeNull();

    const [row] =
      await sql`select id, email, last_sign_in_at, email_confirmed_at from auth.users where email = ${email}`;
    expect(row).toMatchObject({ id: user!.id, email });
    expect(row!.last_sign_in_at).toBeInstanceOf(Date);
    expect(row!.email_confirmed_at).toBeInstanceOf(Date);
  });

  it('finds the existing user on a later sign-in', async () => {
    const email = newEmail();
    const first = await auth.verifyCode({ email, code: (await signInMail(email)).code });
    await sql`delete from private.rate_limit_hits`;
    const again = await auth.verifyCode({ email, code: (await signInMail(email)).code });
    expect(again).toMatchObject({ id: first!.id, email, created: false });
  });

  it('gives exactly one session to 20 simultaneous verifications', async () => {
    const email = newEmail();
    const mail = await signInMail(email);

    const results = await Promise.all(Array.from({ length: 20 }, () => auth.verifyCode({ email, code: mail.code })));

    expect(results.filter((user) => user !== null)).toHaveLength(1);
    const [{ users }] = await sql<
      [{ users: number }]
    >`select count(*)::int as users from auth.users where email = ${email}`;
    expect(users).toBe(1);
  });

  it('works only for the address it was sent to', async () => {
    const email = newEmail();
    const other = newEmail();
    const mail = await signInMail(email);
    await signInMail(other);

    expect(await auth.verifyCode({ email: other, code: mail.code })).toBeNull();
    expect(await auth.verifyCode({ email, code: mail.code })).toMatchObject({ email });
  });

  it('is refused after ten minutes', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    await expire(email);

    expect(await auth.verifyCode({ email, code: mail.code })).toBeNull();
    expect((await tokenRow(email)).used_at).toBeNull();
  });

  it('burns after five wrong codes, while the link keeps working', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    const wrong = mail.code === '000000' ? '111111' : '000000';

    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await auth.verifyCode({ email, code: wrong })).toBeNull();
      expect((await tokenRow(email)).failed_attempts).toBe(attempt);
    }
    expect(await auth.verifyCode({ email, code: mail.code })).toBeNull();
    expect((await tokenRow(email)).failed_attempts).toBe(5);
    expect(await auth.verifyLink(tokenOf(mail))).toMatchObject({ email });
  });

  it('allows five wrong guesses per address across all its live codes, not five per code', async () => {
    const email = newEmail();
    const mails = [];
    for (let request = 0; request < 3; request++) {
      await sql`delete from private.rate_limit_hits`;
      mails.push(await signInMail(email));
    }
    const codes = new Set(mails.map((mail) => mail.code));
    const wrong = ['000000', '111111', '222222', '333333'].find((code) => !codes.has(code))!;

    for (let attempt = 1; attempt <= 5; attempt++) expect(await auth.verifyCode({ email, code: wrong })).toBeNull();

    for (const mail of mails) expect(await auth.verifyCode({ email, code: mail.code })).toBeNull();
    const rows = await sql<{ failed_attempts: number }[]>`
      select failed_attempts from private.login_tokens where email = ${email}`;
    expect(rows.map((row) => row.failed_attempts)).toEqual([5, 5, 5]);
  });

  it('counts no more than five wrong guesses against several live codes when they arrive together', async () => {
    const email = newEmail();
    const first = await signInMail(email);
    await sql`delete from private.rate_limit_hits`;
    const second = await signInMail(email);
    const wrong = ['000000', '111111', '222222'].find((code) => code !== first.code && code !== second.code)!;

    await Promise.all(Array.from({ length: 20 }, () => auth.verifyCode({ email, code: wrong })));

    const rows = await sql<{ failed_attempts: number }[]>`
      select failed_attempts from private.login_tokens where email = ${email}`;
    expect(rows.map((row) => row.failed_attempts)).toEqual([5, 5]);
    expect(await auth.verifyCode({ email, code: first.code })).toBeNull();
    expect(await auth.verifyCode({ email, code: second.code })).toBeNull();
  });

  it('counts no more than five wrong guesses when they arrive together', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    const wrong = mail.code === '000000' ? '111111' : '000000';

    await Promise.all(Array.from({ length: 12 }, () => auth.verifyCode({ email, code: wrong })));

    expect((await tokenRow(email)).failed_attempts).toBe(5);
    expect(await auth.verifyCode({ email, code: mail.code })).toBeNull();
  });

  it('answers an address that never asked exactly like a wrong code', async () => {
    expect(await auth.verifyCode({ email: newEmail(), code: '123456' })).toBeNull();
  });
});

describe('a link', () => {
  it('signs in once', async () => {
    const email = newEmail();
    const mail = await signInMail(email);

    expect(await auth.verifyLink(tokenOf(mail))).toMatchObject({ email, created: true });
    expect(await auth.verifyLink(tokenOf(mail))).toBeNull();
    expect(await auth.verifyCode({ email, code: mail.code })).toBeNull();
  });

  it('gives exactly one session to 20 simultaneous clicks', async () => {
    const email = newEmail();
    const token = tokenOf(await signInMail(email));

    const results = await Promise.all(Array.from({ length: 20 }, () => auth.verifyLink(token)));

    expect(results.filter((user) => user !== null)).toHaveLength(1);
  });

  it('is refused after ten minutes', async () => {
    const email = newEmail();
    const mail = await signInMail(email);
    await expire(email);

    expect(await auth.verifyLink(tokenOf(mail))).toBeNull();
  });

  it('is refused when made up', async () => {
    expect(await auth.verifyLink('A'.repeat(43))).toBeNull();
  });
});

describe('the token table', () => {
  it('keeps at most five live tokens per address, even when requests race past the rate limit', async () => {
    const email = newEmail();
    const issue = (n: number) =>
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'service_role', true)`;
        return tx`select token_id from private.issue_login_token(
          ${email}, ${Buffer.alloc(32, n)}, ${Buffer.alloc(32, 100 + n)}, interval '10 minutes')`;
      });
    await Promise.all(Array.from({ length: 12 }, (_, n) => issue(n + 1)));
    const [state] = await sql<[{ live: number; all: number }]>`
      select count(*) filter (where used_at is null)::int as live, count(*)::int as all
      from private.login_tokens where email = ${email}`;
    expect(state).toEqual({ live: 5, all: 12 });
  });

  it('refuses a lifetime over ten minutes', async () => {
    await expect(
      sql`insert into private.login_tokens (email, link_hash, code_hash, expires_at)
          values (${newEmail()}, ${Buffer.alloc(32, 3)}, ${Buffer.alloc(32, 4)}, now() + interval '11 minutes')`,
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('is out of reach of anon and authenticated', async () => {
    for (const role of ['anon', 'authenticated']) {
      await expect(
        sql.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          await tx`select * from private.login_tokens`;
        }),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(
        sql.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          await tx`select private.consume_login_link(${Buffer.alloc(32)})`;
        }),
      ).rejects.toMatchObject({ code: '42501' });
    }
  });
});

describe('the sign-in email', () => {
  const withMailer = (mailer: Parameters<typeof createLocalAuth>[0]['mailer']) =>
    createLocalAuth({ db: sql, sessionSeconds: 3600, ipLimitPerHour: 1000, mailer });
  const ask = (auth: ReturnType<typeof withMailer>, email: string) =>
    auth.requestSignIn({ email, lang: 'en', redirectTo: 'https://x.example/en/log-ind/bekraeft', ip: nextIp() });

  it('is queued in the outbox in the same transaction, marked sensitive, with a working link and code', async () => {
    const email = newEmail();
    expect(await ask(withMailer(queueSignInMail), email)).toEqual({ ok: true });

    const [row] = await sql<
      {
        template: string;
        language: string;
        sensitive: boolean;
        data: { link: string; code: string; expiresInMinutes: number };
        key: string;
      }[]
    >`select template, language, sensitive, template_data as data, idempotency_key as key
      from private.outbox_emails where recipient = ${email}`;
    expect(row).toMatchObject({ template: 'sign-in', language: 'en', sensitive: true, data: { expiresInMinutes: 10 } });
    expect(row!.key).toMatch(/^sign-in:/);
    expect(row!.data.link).toMatch(/^https:\/\/x\.example\/en\/log-ind\/bekraeft\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(row!.data.link).searchParams.get('token')!;
    expect(await auth.verifyLink(token)).toMatchObject({ email });
  });

  it('is not queued when the rate limit refuses', async () => {
    const email = newEmail();
    const auth = withMailer(queueSignInMail);
    await ask(auth, email);
    expect(await ask(auth, email)).toMatchObject({ ok: false, reason: 'rate_limited' });
    const [row] = await sql<
      [{ n: number }]
    >`select count(*)::int as n from private.outbox_emails where recipient = ${email}`;
    expect(row.n).toBe(1);
  });

  it('takes the token and the rate-limit hit with it when queueing fails', async () => {
    const email = newEmail();
    const failing = withMailer(async () => {
      throw new Error('outbox down');
    });
    await expect(ask(failing, email)).rejects.toThrow('outbox down');
    const [row] = await sql<[{ tokens: number; hits: number }]>`
      select (select count(*)::int from private.login_tokens where email = ${email}) as tokens,
             (select count(*)::int from private.rate_limit_hits where bucket = private.rate_limit_key(${`sign-in:email:${email}`})) as hits`;
    expect(row).toEqual({ tokens: 0, hits: 0 });
  });
});
