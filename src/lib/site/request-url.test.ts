// builtRequestUrl against Astro's own createRequest (astro/app/node) with the
// built server's allowedDomains, over the headers a request can bring.
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { createRequest } from 'astro/app/node';
import { describe, expect, it } from 'vitest';
import { ALLOWED_DOMAINS_WHEN_BUILT } from './network.ts';
import { builtRequestUrl, type NodeRequestLike } from './request-url.ts';

const PORT = 4321;

function nodeRequest(url: string, headers: Record<string, string>, encrypted = false): NodeRequestLike {
  const socket = Object.assign(new EventEmitter(), encrypted ? { encrypted: true } : {});
  return Object.assign(new EventEmitter(), { method: 'POST', url, headers, socket });
}

const HOSTS = [
  'localhost:4321',
  'innovationsdag.dk',
  '127.0.0.1:8080',
  '[::1]:4321',
  'a:b:c',
  'evil/x',
  '',
  'UPPER.Example',
];
const FORWARDED: Record<string, string>[] = [
  {},
  { 'x-forwarded-proto': 'https' },
  { 'x-forwarded-proto': 'https, http' },
  { 'x-forwarded-proto': 'ftp' },
  { 'x-forwarded-host': 'innovationsdag.dk' },
  { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'innovationsdag.dk:8443, other.example' },
  { 'x-forwarded-host': 'bad\\host' },
  { 'x-forwarded-port': '8443', 'x-forwarded-proto': 'https' },
];
const PATHS = ['/api/booking', '/api/booking?lang=en', '/api/booking?lang=%00&x=1'];

describe('builtRequestUrl', () => {
  it('gives every request the URL Astro’s createRequest gives it', () => {
    let compared = 0;
    for (const host of HOSTS)
      for (const forwarded of FORWARDED)
        for (const path of PATHS)
          for (const encrypted of [false, true]) {
            const headers: Record<string, string> = { ...forwarded, ...(host ? { host } : {}) };
            const astro = createRequest(nodeRequest(path, headers, encrypted) as unknown as IncomingMessage, {
              skipBody: true,
              allowedDomains: ALLOWED_DOMAINS_WHEN_BUILT,
              port: PORT,
            });
            const ours = builtRequestUrl(nodeRequest(path, headers, encrypted), PORT);
            expect({ host, forwarded, path, encrypted, url: ours.href }).toEqual({
              host,
              forwarded,
              path,
              encrypted,
              url: astro.url,
            });
            compared += 1;
          }
    expect(compared).toBe(HOSTS.length * FORWARDED.length * PATHS.length * 2);
  });
});
