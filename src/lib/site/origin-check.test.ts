import { describe, expect, it } from 'vitest';
import { isForbiddenCrossSiteRequest, isOneClickUnsubscribe } from './origin-check.ts';

const ORIGIN = 'https://samspil.example.org';
const TOKEN = 'NmYxYzJkM2UtMDAwMDphQGIuZGs.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
const request = (method: string, headers: Record<string, string> = {}) => ({ method, headers: new Headers(headers) });
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the cross-site form check', () => {
  it('refuses a form posted from another site or without an Origin, as Astro does', () => {
    const url = new URL(`${ORIGIN}/registrering`);
    expect(isForbiddenCrossSiteRequest(request('POST', { ...form, origin: 'https://evil.example' }), url)).toBe(true);
    expect(isForbiddenCrossSiteRequest(request('POST', form), url)).toBe(true);
    expect(
      isForbiddenCrossSiteRequest(request('POST', { 'content-type': 'multipart/form-data; boundary=x' }), url),
    ).toBe(true);
    expect(isForbiddenCrossSiteRequest(request('POST'), url)).toBe(true);
    expect(isForbiddenCrossSiteRequest(request('DELETE', { 'content-type': 'text/plain' }), url)).toBe(true);
  });

  it('lets our own forms, safe methods and JSON (webhooks) through', () => {
    const url = new URL(`${ORIGIN}/registrering`);
    expect(isForbiddenCrossSiteRequest(request('POST', { ...form, origin: ORIGIN }), url)).toBe(false);
    expect(isForbiddenCrossSiteRequest(request('GET'), url)).toBe(false);
    expect(
      isForbiddenCrossSiteRequest(request('POST', { 'content-type': 'application/json' }), new URL(`${ORIGIN}/api/x`)),
    ).toBe(false);
  });

  it('exempts exactly the one-click unsubscribe POST: the link itself, no query, Danish or English', () => {
    for (const path of [`/afmeld/${TOKEN}`, `/en/afmeld/${TOKEN}`]) {
      const url = new URL(`${ORIGIN}${path}`);
      expect(isOneClickUnsubscribe('POST', url)).toBe(true);
      expect(isForbiddenCrossSiteRequest(request('POST', form), url)).toBe(false);
      expect(isForbiddenCrossSiteRequest(request('POST', { 'content-type': 'multipart/form-data; b=1' }), url)).toBe(
        false,
      );
    }
    for (const path of [
      `/afmeld/${TOKEN}?_action=broadcast.unsubscribe`,
      `/afmeld/${TOKEN}/mere`,
      `/afmeld`,
      `/min-side/billetter/x/afmeld`,
      `/xafmeld/${TOKEN}`,
    ]) {
      const url = new URL(`${ORIGIN}${path}`);
      expect(isOneClickUnsubscribe('POST', url), path).toBe(false);
      expect(isForbiddenCrossSiteRequest(request('POST', form), url), path).toBe(true);
    }
    expect(isOneClickUnsubscribe('PUT', new URL(`${ORIGIN}/afmeld/${TOKEN}`))).toBe(false);
  });
});
