import { describe, expect, it } from 'vitest';
import { forwardedHeaders, isLoopbackAddress, isInternetOrigin } from './network.ts';

describe('forwardedHeaders', () => {
  const fromProxy = {
    'x-forwarded-for': '198.51.100.7',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'innovationsdag.dk',
  };

  it('trusts nothing without trusted proxies', () => {
    expect(forwardedHeaders(fromProxy, { trustedHops: 0, siteUrl: 'https://innovationsdag.dk' })).toEqual({});
  });

  it('keeps what one trusted proxy wrote', () => {
    expect(forwardedHeaders(fromProxy, { trustedHops: 1, siteUrl: 'https://innovationsdag.dk' })).toEqual(fromProxy);
  });

  it('takes the client address the outermost trusted proxy saw, not one the client wrote', () => {
    const headers = { 'x-forwarded-for': '127.0.0.1, 10.9.9.9, 198.51.100.7' };
    expect(forwardedHeaders(headers, { trustedHops: 1 })['x-forwarded-for']).toBe('198.51.100.7');
    expect(forwardedHeaders(headers, { trustedHops: 2 })['x-forwarded-for']).toBe('10.9.9.9');
    expect(forwardedHeaders({ 'x-forwarded-for': '198.51.100.7' }, { trustedHops: 2 })['x-forwarded-for']).toBe(
      '198.51.100.7',
    );
  });

  it('keeps a forwarded host only when it is SITE_URL’s, with its port', () => {
    const site = { trustedHops: 1, siteUrl: 'https://samspil.test:8443' };
    expect(forwardedHeaders({ 'x-forwarded-host': 'samspil.test:8443' }, site)).toEqual({
      'x-forwarded-host': 'samspil.test:8443',
    });
    expect(forwardedHeaders({ 'x-forwarded-host': 'evil.example' }, site)).toEqual({});
    expect(forwardedHeaders({ 'x-forwarded-host': 'samspil.test' }, site)).toEqual({});
    expect(forwardedHeaders({ 'x-forwarded-host': 'innovationsdag.dk' }, { trustedHops: 1 })).toEqual({});
  });

  it('keeps only http or https as the scheme', () => {
    expect(forwardedHeaders({ 'x-forwarded-proto': 'HTTPS' }, { trustedHops: 1 })).toEqual({
      'x-forwarded-proto': 'https',
    });
    expect(forwardedHeaders({ 'x-forwarded-proto': 'ftp' }, { trustedHops: 1 })).toEqual({});
    expect(forwardedHeaders({ 'x-forwarded-proto': ['http', 'https'] }, { trustedHops: 1 })).toEqual({
      'x-forwarded-proto': 'https',
    });
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.0.1', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['1270.0.0.1', false],
    ['', false],
  ])('%s: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe('isInternetOrigin', () => {
  it.each([
    [undefined, false],
    ['http://localhost:4321', false],
    ['http://127.0.0.1:4321', false],
    ['http://[::1]:4321', false],
    ['https://samspil.localhost', false],
    ['https://samspil.test:8443', false],
    ['http://devbox.local:4321', false],
    ['http://192.168.1.5:4321', false],
    ['http://10.1.2.3', false],
    ['http://172.20.0.2:4321', false],
    ['http://[fd00::5]:4321', false],
    ['https://innovationsdag.dk', true],
    ['https://172.32.0.1', true],
    ['https://203.0.113.10', true],
    ['https://test.innovationsdag.dk', true],
  ])('%s: %s', (origin, isPublic) => {
    expect(isInternetOrigin(origin)).toBe(isPublic);
  });
});
