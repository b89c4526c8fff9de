// Rate limits in Postgres, shared by every server instance: per address one
// sign-in email a minute, five in ten minutes, ten an hour and 25 a day, per client IP a
// configurable number an hour; checked and recorded atomically. A refused
// request says whose limit it met and how long to wait, and leaves the codes
// already sent working.
import { beforeEach, describe, expect, it } from 'vitest';
import { signInRateRules } from '../../src/lib/auth/auth.ts';
import { purgeOldRateLimitHits, takeRateLimits } from '../../src/lib/limits/rate-limit.server.ts';
import { asService } from '../../src/lib/db/db.server.ts';
import { nextIp, testAuth } from '../fixtures/auth.ts';
import { freshDatabase } from '../fixtures/db.ts';

const { sql } = await freshDatabase({ max: 25 });

let counter = 0;
const newEmail = () => `rate${++counter}-${Date.now()}@region.dk`;

beforeEach(async () => {
  await sql`delete from private.rate_limit_hits`;
});

const take = (email: string, ip: string, ipPerHour = 1000) =>
  asService((tx) => takeRateLimits(tx, signInRateRules(email, ip, ipPerHour)), sql);

async function hitsIn(bucket: string): Promise<number> {
  const [row] = await sql<
    [{ n: number }]
  >`select count(*)::int as n from private.rate_limit_hits where bucket = private.rate_limit_key(${bucket})`;
  return row.n;
}

async function ageHits(bucket: string, minutesAgo: number[]) {
  for (const minutes of minutesAgo) {
    await sql`insert into private.rate_limit_hits (bucket, hit_at) values (private.rate_limit_key(${bucket}), now() - make_interval(mins => ${minutes}))`;
  }
}

describe('per address', () => {
  it('allows one request a minute', async () => {
    const email = newEmail();
    expect(await take(email, nextIp())).toEqual({ allowed: true });

    const second = await take(email, nextIp());
    expect(second).toMatchObject({ allowed: false, bucket: `sign-in:email:${email}` });
    expect(second.allowed === false && second.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(second.allowed === false && second.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('allows the next request once the minute has passed', async () => {
    const email = newEmail();
    await ageHits(`sign-in:email:${email}`, [2]);
    expect(await take(email, nextIp())).toEqual({ allowed: true });
  });

  it('allows a sixth request in an hour (the old limit was five), up to ten', async () => {
    const email = newEmail();
    // Five emails in the last hour: a person who mistyped and asked again at the door.
    await ageHits(`sign-in:email:${email}`, [50, 40, 30, 20, 10]);
    expect(await take(email, nextIp())).toEqual({ allowed: true });
    await ageHits(`sign-in:email:${email}`, [9, 8, 7]);
    await sql`update private.rate_limit_hits set hit_at = now() - interval '2 minutes'
              where bucket = private.rate_limit_key(${`sign-in:email:${email}`}) and hit_at > now() - interval '1 minute'`;
    expect(await take(email, nextIp())).toEqual({ allowed: true });
  });

  it('refuses the eleventh in an hour and says when the oldest leaves the window', async () => {
    const email = newEmail();
    await ageHits(`sign-in:email:${email}`, [50, 45, 40, 35, 30, 25, 20, 15, 10, 5]);
    const eleventh = await take(email, nextIp());
    expect(eleventh).toMatchObject({ allowed: false, bucket: `sign-in:email:${email}` });
    // The tenth most recent hit is 50 minutes old: free again in about 10 minutes.
    expect(eleventh.allowed === false && eleventh.retryAfterSeconds).toBeGreaterThan(590);
    expect(eleventh.allowed === false && eleventh.retryAfterSeconds).toBeLessThanOrEqual(600);
  });

  it('refuses the 26th in a day, spread over the hours', async () => {
    const email = newEmail();
    await ageHits(
      `sign-in:email:${email}`,
      Array.from({ length: 25 }, (_, i) => 70 + i * 50),
    );
    const refusedToday = await take(email, nextIp());
    expect(refusedToday).toMatchObject({ allowed: false });
    // The oldest of the 25 is 1,270 minutes old: it leaves the day in 170 minutes.
    expect(refusedToday.allowed === false && refusedToday.retryAfterSeconds).toBeGreaterThan(169 * 60);
    expect(refusedToday.allowed === false && refusedToday.retryAfterSeconds).toBeLessThanOrEqual(170 * 60);
  });

  it('does not record refused requests, so waiting always helps', async () => {
    const email = newEmail();
    await take(email, nextIp());
    for (let i = 0; i < 5; i++) await take(email, nextIp());
    expect(await hitsIn(`sign-in:email:${email}`)).toBe(1);
  });

  it('lets exactly one of 10 simultaneous requests through', async () => {
    const email = newEmail();
    const results = await Promise.all(Array.from({ length: 10 }, () => take(email, nextIp())));
    expect(results.filter((result) => result.allowed)).toHaveLength(1);
    expect(await hitsIn(`sign-in:email:${email}`)).toBe(1);
  });

  it('sends exactly one email for 10 simultaneous sign-in requests', async () => {
    const { auth, mails } = testAuth(sql);
    const email = newEmail();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        auth.requestSignIn({ email, lang: 'da', redirectTo: 'http://localhost/log-ind/bekraeft', ip: nextIp() }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toHaveLength(9);
    expect(mails.filter((mail) => mail.to === email)).toHaveLength(1);
    const [row] = await sql<
      [{ n: number }]
    >`select count(*)::int as n from private.login_tokens where email = ${email}`;
    expect(row.n).toBe(1);
  });
});

describe('recovering from a refusal', () => {
  it('says the limit was the address, and the code already sent still signs in', async () => {
    const { auth, signInMail } = testAuth(sql);
    const email = newEmail();
    const first = await signInMail(email);
    const again = await auth.requestSignIn({
      email,
      lang: 'da',
      redirectTo: 'http://localhost:4321/log-ind/bekraeft',
      ip: nextIp(),
    });
    expect(again).toMatchObject({ ok: false, reason: 'rate_limited', scope: 'address' });
    expect(again.ok === false && again.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(await auth.verifyCode({ email, code: first.code })).toMatchObject({ email });
  });

  it('never lets requests alone retire the code its owner is typing', async () => {
    const { auth, signInMail } = testAuth(sql);
    const email = newEmail();
    const owners = await signInMail(email);
    // Someone who knows the address asks again every minute: four more codes, then a wait.
    const answers = [];
    for (let i = 0; i < 5; i++) {
      await sql`update private.rate_limit_hits set hit_at = hit_at - interval '61 seconds'
                where bucket = private.rate_limit_key(${`sign-in:email:${email}`})`;
      answers.push(
        await auth.requestSignIn({
          email,
          lang: 'da',
          redirectTo: 'http://localhost:4321/log-ind/bekraeft',
          ip: nextIp(),
        }),
      );
    }
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, true, false]);
    expect(await auth.verifyCode({ email, code: owners.code })).toMatchObject({ email });
  });

  it('says the limit was the network when the IP is full', async () => {
    const { auth } = testAuth(sql, { ipLimitPerHour: 1 });
    const ip = nextIp();
    const request = (email: string) =>
      auth.requestSignIn({ email, lang: 'en', redirectTo: 'http://localhost:4321/en/log-ind/bekraeft', ip });
    expect(await request(newEmail())).toEqual({ ok: true });
    expect(await request(newEmail())).toMatchObject({ ok: false, reason: 'rate_limited', scope: 'network' });
  });

  it('keeps the five newest codes of an address working through a day of asking again', async () => {
    const { signInMail, auth } = testAuth(sql);
    const email = newEmail();
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await signInMail(email)).code);
      // Let two minutes pass, as a person who asks again later does.
      await sql`update private.rate_limit_hits set hit_at = hit_at - interval '130 seconds'
                where bucket = private.rate_limit_key(${`sign-in:email:${email}`})`;
    }
    // The oldest of six was retired; the second oldest still works.
    expect(await auth.verifyCode({ email, code: codes[1]! })).toMatchObject({ email });
  });
});

describe('per client IP', () => {
  it('allows the configured number an hour across addresses', async () => {
    const ip = nextIp();
    for (let i = 0; i < 3; i++) expect(await take(newEmail(), ip, 3)).toEqual({ allowed: true });

    expect(await take(newEmail(), ip, 3)).toMatchObject({ allowed: false, bucket: `sign-in:ip:${ip}` });
    expect(await take(newEmail(), nextIp(), 3)).toEqual({ allowed: true });
  });

  it('counts an IPv6 client by its /64', async () => {
    await take(newEmail(), '2001:db8:aa:1::1', 1);
    expect(await take(newEmail(), '2001:db8:aa:1:ffff::2', 1)).toMatchObject({ allowed: false });
    expect(await take(newEmail(), '2001:db8:aa:2::1', 1)).toEqual({ allowed: true });
  });

  it('holds under concurrency: 10 addresses from one IP with room for 4', async () => {
    const ip = nextIp();
    const results = await Promise.all(Array.from({ length: 10 }, () => take(newEmail(), ip, 4)));
    expect(results.filter((result) => result.allowed)).toHaveLength(4);
  });
});

describe('the rate-limit function', () => {
  it('does not deadlock when requests share buckets in different orders', async () => {
    const rules = (first: string, second: string) => [
      { bucket: first, limit: 1000, windowSeconds: 60 },
      { bucket: second, limit: 1000, windowSeconds: 60 },
    ];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        asService((tx) => takeRateLimits(tx, i % 2 ? rules('x', 'y') : rules('y', 'x')), sql),
      ),
    );
    expect(results.every((result) => result.allowed)).toBe(true);
    expect(await hitsIn('x')).toBe(20);
  });

  it('forgets hits older than a day', async () => {
    await ageHits('old', [60 * 25]);
    await take(newEmail(), nextIp());
    expect(await hitsIn('old')).toBe(0);
  });

  it('purges every hit older than a day on the retention job, with nobody let through', async () => {
    await ageHits('stale', [60 * 25, 60 * 30]);
    await ageHits('fresh', [5]);
    expect(await purgeOldRateLimitHits(sql)).toBeGreaterThanOrEqual(2);
    expect({ stale: await hitsIn('stale'), fresh: await hitsIn('fresh') }).toEqual({ stale: 0, fresh: 1 });
  });

  it('cannot reveal the key: the service keys a bucket but may not read the secret', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx.unsafe('set local role service_role');
        await tx`select secret from private.rate_limit_secrets`;
      }),
    ).rejects.toMatchObject({ code: '42501' });
    const [keyed] = await sql.begin(async (tx) => {
      await tx.unsafe('set local role service_role');
      return tx<{ key: string }[]>`select private.rate_limit_key('sign-in:email:a@example.org') as key`;
    });
    expect(keyed!.key).toMatch(/^k:[0-9a-f]{64}$/);
  });

  it('refuses malformed rules', async () => {
    const call = (buckets: string[], limits: number[], windows: number[]) =>
      sql`select * from private.take_rate_limits(${buckets}::text[], ${limits}::int[], ${windows}::int[])`;
    await expect(call(['a'], [1, 2], [60])).rejects.toMatchObject({ code: '22023' });
    await expect(call(['a'], [0], [60])).rejects.toMatchObject({ code: '22023' });
    await expect(call(['a'], [1], [90_000])).rejects.toMatchObject({ code: '22023' });
    await expect(call([], [], [])).rejects.toMatchObject({ code: '22023' });
    await expect(call([''], [1], [60])).rejects.toMatchObject({ code: '22023' });
  });

  it('cannot be called by anon or authenticated', async () => {
    for (const role of ['anon', 'authenticated']) {
      await expect(
        sql.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          await tx`select * from private.take_rate_limits(array['a'], array[1], array[60])`;
        }),
      ).rejects.toMatchObject({ code: '42501' });
    }
  });
});
