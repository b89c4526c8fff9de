import { describe, expect, it } from 'vitest';
import {
  AUTH_REFUSALS,
  clientIp,
  codeSchema,
  emailSchema,
  ipRateKey,
  isLoopbackHost,
  linkParamsFrom,
  minutesToWait,
  normaliseEmail,
  rateLimitScope,
  requestSignInInput,
  safeNextPath,
  sessionCookieOptions,
  signInRateRules,
  verifyCodeInput,
  verifyLinkInput,
  waitTime,
} from './auth.ts';
import { authDa, authEn } from '../i18n/dictionary/auth.ts';
import { signInRecoveryDa, signInRecoveryEn } from '../i18n/dictionary/sign-in-recovery.ts';
import { describeRefusal, refused } from '../site/refusal.ts';
import { isMessageKey, t } from '../i18n/messages.ts';

const issues = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('emails', () => {
  it.each([
    ['  Anne.Hansen@Kommune.DK ', 'anne.hansen@kommune.dk'],
    ['SØREN@ÆRØ.DK', 'søren@ærø.dk'],
    ['e\u0301va@example.org', '\u00e9va@example.org'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
    expect(emailSchema.parse(input)).toBe(expected);
  });

  it.each([
    ['', 'auth.field.emailRequired'],
    ['   ', 'auth.field.emailRequired'],
    ['anne', 'auth.field.emailInvalid'],
    ['anne@kommune', 'auth.field.emailInvalid'],
    ['anne@@kommune.dk', 'auth.field.emailInvalid'],
    ['an ne@kommune.dk', 'auth.field.emailInvalid'],
    [`${'a'.repeat(250)}@x.dk`, 'auth.field.emailInvalid'],
  ])('refuses %j with %s', (input, message) => {
    expect(issues(emailSchema.safeParse(input))[0]).toBe(message);
  });

  it('refuses a missing field (Astro passes null) as required', () => {
    expect(issues(emailSchema.safeParse(null))).toEqual(['auth.field.emailRequired']);
  });
});

describe('codes', () => {
  it.each(['123456', ' 123 456 ', '123-456', '000000'])('accepts %j', (input) => {
    expect(codeSchema.parse(input)).toMatch(/^\d{6}$/);
  });

  it.each([
    ['', 'auth.field.codeRequired'],
    ['12345', 'auth.field.codeInvalid'],
    ['1234567', 'auth.field.codeInvalid'],
    ['12345a', 'auth.field.codeInvalid'],
    ['１２３４５６', 'auth.field.codeInvalid'],
  ])('refuses %j with %s', (input, message) => {
    expect(issues(codeSchema.safeParse(input))).toEqual([message]);
  });
});

describe('action input', () => {
  it('takes a missing next as the home page', () => {
    expect(requestSignInInput.parse({ email: 'a@b.dk', next: null })).toEqual({ email: 'a@b.dk', next: '/' });
    expect(verifyCodeInput.parse({ email: 'a@b.dk', code: '123456' })).toEqual({
      email: 'a@b.dk',
      code: '123456',
      next: '/',
    });
  });

  it('sanitises next instead of failing on it', () => {
    expect(requestSignInInput.parse({ email: 'a@b.dk', next: 'https://evil.example' }).next).toBe('/');
  });

  it('accepts a link form with only some of its parameters', () => {
    expect(verifyLinkInput.parse({ token: 'abc', code: null, token_hash: null, next: null })).toMatchObject({
      token: 'abc',
      next: '/',
    });
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/min-side', '/min-side'],
    ['/en/min-side?tab=billetter#qr', '/en/min-side?tab=billetter#qr'],
    ['/velfaerdens-innovationsdag-2027/program', '/velfaerdens-innovationsdag-2027/program'],
    ['/a/../b', '/b'],
    // Percent-encoded, so harmless in a Location header.
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
  ])('keeps the same-origin path %j', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    'min-side',
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '/\tevil',
    '\\\\evil.example',
    'javascript:alert(1)',
    `/${'a'.repeat(2001)}`,
    '/log-ind',
    '/en/log-ind/bekraeft?token=x',
    '/log-ud',
    // Dot segments that would normalise into a protocol-relative URL.
    '/.//evil.example',
    '/a/..//evil.example/min-side',
    '/%2e//evil.example',
    '/./\\evil.example',
  ])('sends %j home instead', (input) => {
    expect(safeNextPath(input)).toBe('/');
  });

  it('sends English visitors to their own home page when told to', () => {
    expect(safeNextPath('//evil.example', '/en/')).toBe('/en/');
    expect(safeNextPath('/en/konsol/dag?q=anne', '/en/')).toBe('/en/konsol/dag?q=anne');
  });

  it('never returns anything but a single-slash path', () => {
    for (const input of ['/\u0000x', '/ /evil', '/./\\/evil', '/%2F%2Fevil.example', '/..//x', '/.//.//x']) {
      const result = safeNextPath(input);
      expect(result.startsWith('/')).toBe(true);
      expect(result.startsWith('//')).toBe(false);
      expect(new URL(result, 'https://samspil.example').origin).toBe('https://samspil.example');
    }
  });
});

describe('link parameters', () => {
  it('keeps well-formed values and drops the rest', () => {
    const token = 'A'.repeat(43);
    expect(linkParamsFrom({ token, code: 'c0ffee00-1234', tokenHash: 'pkce_abcdef0123' })).toEqual({
      token,
      code: 'c0ffee00-1234',
      tokenHash: 'pkce_abcdef0123',
    });
    expect(linkParamsFrom({ token: 'short', code: '<script>', tokenHash: null })).toEqual({});
  });
});

describe('cookies', () => {
  it('are HttpOnly, SameSite=Lax, whole-site and as long as the session', () => {
    expect(sessionCookieOptions(new URL('https://innovationsdag.dk/log-ind'), 43200)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      maxAge: 43200,
    });
  });

  it.each([
    ['http://localhost:4321/', false],
    ['http://127.0.0.1:4321/', false],
    ['http://[::1]:4321/', false],
    ['http://samspil.localhost/', false],
    ['http://innovationsdag.dk/', true],
    ['http://192.168.1.20:4321/', true],
    ['https://localhost:8443/', true],
  ])('on %s are Secure: %s', (url, secure) => {
    expect(sessionCookieOptions(new URL(url), 60).secure).toBe(secure);
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.10.0.1')).toBe(true);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
  });
});

describe('client address', () => {
  it('is the socket address unless proxies are trusted', () => {
    expect(clientIp('1.1.1.1', '10.0.0.9', 0)).toBe('10.0.0.9');
    expect(clientIp(null, undefined, 0)).toBe('unknown');
  });

  it('is the entry our outermost trusted proxy added, never what the client claims', () => {
    expect(clientIp('203.0.113.7', '10.0.0.9', 1)).toBe('203.0.113.7');
    expect(clientIp('6.6.6.6, 203.0.113.7', '10.0.0.9', 1)).toBe('203.0.113.7');
    expect(clientIp('6.6.6.6, 203.0.113.7, 10.0.0.2', '10.0.0.9', 2)).toBe('203.0.113.7');
    expect(clientIp('203.0.113.7', '10.0.0.9', 2)).toBe('10.0.0.9');
  });

  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:aa:1::1', '2001:db8:aa:1::/64'],
    ['2001:0db8:00aa:0001:ffff:ffff:ffff:ffff', '2001:db8:aa:1::/64'],
    ['[2001:db8::1]', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('is rate-limited by %s as %s', (ip, key) => {
    expect(ipRateKey(ip)).toBe(key);
  });
});

describe('rate rules', () => {
  it('are one a minute, five in ten minutes, ten an hour and 25 a day per address, and the configured number per IP', () => {
    expect(signInRateRules('a@b.dk', '2001:db8::5', 60)).toEqual([
      { bucket: 'sign-in:email:a@b.dk', limit: 1, windowSeconds: 60 },
      { bucket: 'sign-in:email:a@b.dk', limit: 5, windowSeconds: 600 },
      { bucket: 'sign-in:email:a@b.dk', limit: 10, windowSeconds: 3600 },
      { bucket: 'sign-in:email:a@b.dk', limit: 25, windowSeconds: 86_400 },
      { bucket: 'sign-in:ip:2001:db8:0:0::/64', limit: 60, windowSeconds: 3600 },
    ]);
  });

  it("tell an address's limit from a network's", () => {
    const [email, , , , ip] = signInRateRules('a@b.dk', '10.0.0.1', 60);
    expect(rateLimitScope(email!.bucket)).toBe('address');
    expect(rateLimitScope(ip!.bucket)).toBe('network');
  });
});

describe('errors across the action boundary', () => {
  it('say whose limit it was, and put a wrong code at its field', () => {
    const tr = t('en');
    const limited = describeRefusal(tr, refused('rate_limited', { retryAfterSeconds: 150 }), AUTH_REFUSALS);
    expect(limited).toMatchObject({ status: 429, field: undefined });
    expect(limited.message).toContain('this address');
    const network = refused('rate_limited', { retryAfterSeconds: 150, scope: 'network' as const });
    expect(describeRefusal(tr, network, AUTH_REFUSALS).message).toContain('your network');
    expect(describeRefusal(tr, refused('invalid_code'), AUTH_REFUSALS)).toMatchObject({ status: 400, field: 'code' });
    expect(describeRefusal(tr, refused('unavailable'), AUTH_REFUSALS).status).toBe(503);
  });

  it('wait in seconds under a minute, minutes up to an hour and a half, then hours', () => {
    expect(waitTime(0)).toEqual({ unit: 'seconds', count: 1 });
    expect(waitTime(45)).toEqual({ unit: 'seconds', count: 45 });
    expect(waitTime(59.2)).toEqual({ unit: 'minutes', count: 1 });
    expect(waitTime(60)).toEqual({ unit: 'minutes', count: 1 });
    expect(waitTime(11 * 60 + 1)).toEqual({ unit: 'minutes', count: 12 });
    expect(waitTime(90 * 60)).toEqual({ unit: 'minutes', count: 90 });
    expect(waitTime(5 * 3600 - 10)).toEqual({ unit: 'hours', count: 5 });
  });

  it('round minutes up, never to zero', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60)).toBe(1);
    expect(minutesToWait(61)).toBe(2);
    expect(minutesToWait(3600)).toBe(60);
  });
});

describe('sign-in strings', () => {
  it('exist in Danish and English with the same keys', () => {
    expect(Object.keys(authEn)).toEqual(Object.keys(authDa));
  });

  it('cover every message key the schemas use', () => {
    for (const key of [
      'auth.field.emailRequired',
      'auth.field.emailInvalid',
      'auth.field.codeRequired',
      'auth.field.codeInvalid',
    ]) {
      expect(isMessageKey(key)).toBe(true);
    }
  });

  it('say the wait in the right number, with the time of day', () => {
    expect(t('da')('signInRecovery.wait.minutes', { count: 1, time: '18.52' })).toBe(
      'Du kan bede om en ny e-mail om 1 minut (kl. 18.52).',
    );
    expect(t('da')('signInRecovery.wait.minutes', { count: 12, time: '18.52' })).toContain(
      'om 12 minutter (kl. 18.52)',
    );
    expect(t('da')('signInRecovery.wait.seconds', { count: 45, time: '18.41' })).toContain('om 45 sekunder');
    expect(t('en')('signInRecovery.wait.minutes', { count: 5, time: '18:52' })).toContain('in 5 minutes (at 18:52)');
    expect(t('en')('signInRecovery.wait.seconds', { count: 1, time: '18:41' })).toContain('in 1 second (at');
    expect(Object.keys(signInRecoveryEn)).toEqual(Object.keys(signInRecoveryDa));
  });
});
