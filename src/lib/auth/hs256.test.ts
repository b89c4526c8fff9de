import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyHs256 } from './hs256.ts';

const key = new TextEncoder().encode('a test secret of enough length for HS256 only');
const other = new TextEncoder().encode('another secret, which signed nothing of ours here');
const NOW = 1_800_000_000;
const expect_ = { issuer: 'samspil', audience: 'authenticated', now: NOW };

async function token(
  claims: Record<string, unknown>,
  options: {
    alg?: string;
    exp?: number;
    iat?: number;
    iss?: string;
    aud?: string | string[];
    secret?: Uint8Array;
  } = {},
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setSubject('3f1c6a0e-8a45-4d7e-9a51-0a8e0c3b2f10')
    .setIssuer(options.iss ?? 'samspil')
    .setAudience(options.aud ?? 'authenticated')
    .setIssuedAt(options.iat ?? NOW - 60)
    .setExpirationTime(options.exp ?? NOW + 3600);
  return jwt.sign(options.secret ?? key);
}

/** What jose's jwtVerify says with the options local sign-in used before: the reference. */
async function joseAccepts(jwt: string): Promise<boolean> {
  try {
    await jwtVerify(jwt, key, {
      algorithms: ['HS256'],
      issuer: 'samspil',
      audience: 'authenticated',
      currentDate: new Date(NOW * 1000),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    return true;
  } catch {
    return false;
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('verifyHs256 accepts exactly what jose accepted', () => {
  it('agrees with jose on valid, forged, expired, foreign and malformed tokens', async () => {
    const valid = await token({ email: 'a@example.org', role: 'authenticated', session_id: 'x' });
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const cases: Record<string, string> = {
      valid,
      'valid, audience in a list': await token({ role: 'authenticated' }, { aud: ['other', 'authenticated'] }),
      'signed with another secret': await token({ role: 'authenticated' }, { secret: other }),
      'expired a second ago': await token({ role: 'authenticated' }, { exp: NOW - 1 }),
      'expires this second': await token({ role: 'authenticated' }, { exp: NOW }),
      'another issuer': await token({ role: 'authenticated' }, { iss: 'someone-else' }),
      'another audience': await token({ role: 'authenticated' }, { aud: 'anon' }),
      'HS512 instead': await token({ role: 'authenticated' }, { alg: 'HS512' }),
      'not valid before later': await token({ role: 'authenticated', nbf: NOW + 60 }),
      'payload changed, signature kept': `${header}.${b64({ sub: 'someone-else', exp: NOW + 60, iat: NOW, iss: 'samspil', aud: 'authenticated' })}.${signature}`,
      'alg none': `${b64({ alg: 'none' })}.${payload}.`,
      'signature cut short': `${header}.${payload}.${signature.slice(0, -2)}`,
      'signature with a foreign character': `${header}.${payload}.${signature.slice(0, -1)}*`,
      'two parts': `${header}.${payload}`,
      'four parts': `${valid}.x`,
      empty: '',
      'header not JSON': `${Buffer.from('nope').toString('base64url')}.${payload}.${signature}`,
    };
    for (const [name, jwt] of Object.entries(cases)) {
      const ours = verifyHs256(jwt, key, expect_) !== null;
      expect({ name, accepted: ours }).toEqual({ name, accepted: await joseAccepts(jwt) });
    }
    expect(verifyHs256(valid, key, expect_)).toMatchObject({ email: 'a@example.org', session_id: 'x' });
  });

  it('refuses a token without iat or sub, as jose did with those claims required', async () => {
    const withoutIat = `${b64({ alg: 'HS256' })}.${b64({ sub: 's', exp: NOW + 60, iss: 'samspil', aud: 'authenticated' })}`;
    const signed = (unsigned: string) =>
      `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
    expect(verifyHs256(signed(withoutIat), key, expect_)).toBeNull();
    expect(await joseAccepts(signed(withoutIat))).toBe(false);
    const withoutSub = `${b64({ alg: 'HS256' })}.${b64({ iat: NOW, exp: NOW + 60, iss: 'samspil', aud: 'authenticated' })}`;
    expect(verifyHs256(signed(withoutSub), key, expect_)).toBeNull();
    expect(await joseAccepts(signed(withoutSub))).toBe(false);
  });
});
