import { describe, expect, it } from 'vitest';
import { NoPublicOriginError, publicOrigin, requestOrigin } from './origin.ts';
import { readEnv } from '../config.ts';

describe('publicOrigin', () => {
  it('is built on SITE_URL, or on a loopback request, never on a forged Host', () => {
    const settings = { siteUrl: undefined, port: 4321, production: true };
    expect(publicOrigin({ ...settings, siteUrl: 'https://dag.example.dk/' }, new URL('http://evil.example/x'))).toBe(
      'https://dag.example.dk',
    );
    expect(publicOrigin(settings, new URL('http://127.0.0.1:5000/x'))).toBe('http://127.0.0.1:5000');
    expect(publicOrigin(settings, new URL('http://evil.example/x'))).toBe(null);
    expect(publicOrigin(settings)).toBe(null);
    expect(publicOrigin({ ...settings, production: false })).toBe('http://localhost:4321');
  });

  it('uses SITE_URL whenever it is set', () => {
    const settings = { siteUrl: 'https://innovationsdag.dk', port: 4321, production: false };
    expect(publicOrigin(settings, new URL('http://10.0.0.5:4321/log-ind'))).toBe('https://innovationsdag.dk');
  });

  it('trusts the request origin only on loopback', () => {
    const settings = { siteUrl: undefined, port: 4321, production: false };
    expect(publicOrigin(settings, new URL('http://localhost:4321/log-ind'))).toBe('http://localhost:4321');
    expect(publicOrigin(settings, new URL('https://evil.example/log-ind'))).toBeNull();
  });
});

describe('requestOrigin', () => {
  it('throws its own error when no origin may be used', () => {
    const env = readEnv({ NODE_ENV: 'production' });
    expect(() => requestOrigin(new URL('https://evil.example/x'), env)).toThrow(NoPublicOriginError);
    expect(requestOrigin(new URL('https://evil.example/x'), { ...env, SITE_URL: 'https://dag.example.dk' })).toBe(
      'https://dag.example.dk',
    );
  });
});
