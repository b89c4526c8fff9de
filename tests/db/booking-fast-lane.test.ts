// The booking endpoint's fast lane (src/lib/booking/booking-fast-lane.server.ts)
// behind the real front door (scripts/front-door.ts, what
// scripts/serve.ts puts before Astro), against a real Postgres. Astro is
// stood in for by a handler that echoes what reached it, so each test shows
// which door answered and that a post left to Astro arrives whole. The
// endpoint's contract through both doors is tests/e2e/booking-api.spec.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../../src/lib/auth/local-auth.server.ts';
import { closePool } from '../../src/lib/db/db.server.ts';
import { readEnv } from '../../src/lib/config.ts';
import { frontDoor } from '../../scripts/front-door.ts';
import { worldAt } from '../fixtures/clock.ts';
import {
  type Attendee,
  insertAttendees,
  insertBookableSession,
  seatInvariantBreaches,
} from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 4 });
// The server's own settings: its pool on this database, one trusted proxy (X-Forwarded-For counts), and
// the public origin a proxy may forward (links in a seat email are built on it).
process.env.DATABASE_URL = url;
process.env.TRUSTED_PROXY_HOPS = '1';
process.env.SITE_URL = 'https://innovationsdag.example';
const env = readEnv();

let server: http.Server;
let base: string;
let eventId: string;
let attendees: Attendee[];
const auth = createLocalAuth({ db: sql, sessionSeconds: 12 * 3600, ipLimitPerHour: 1_000, mailer: async () => {} });

beforeAll(async () => {
  const world = await insertEventWorld(sql, { slug: 'fast-lane', status: 'published' });
  eventId = world.eventId;
  await sql`update public.events set max_gallery_rounds_per_attendee = null where id = ${eventId}`;
  attendees = await insertAttendees(sql, { eventId, count: 8, tag: 'fast-lane' });
  // Astro's stand-in: says it answered, with the body it could still read.
  const astro: http.RequestListener = (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      res.writeHead(299, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ astro: true, url: req.url, body }));
    });
  };
  server = http.createServer(frontDoor({ ...env, PORT: 4321 }, astro));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await closePool();
  expect(await seatInvariantBreaches(sql)).toEqual([]);
});

let hour = 8;
async function round(capacity: number): Promise<string> {
  hour += 1;
  const at = (minutes: number) => worldAt(`${String(hour).padStart(2, '0')}:${minutes === 0 ? '00' : '30'}`);
  return insertBookableSession(sql, { eventId, slug: `fast-${hour}`, startsAt: at(0), endsAt: at(30), capacity });
}

async function cookieOf(attendee: Attendee, sessionSeconds = 12 * 3600): Promise<string> {
  const issuer =
    sessionSeconds === 12 * 3600
      ? auth
      : createLocalAuth({ db: sql, sessionSeconds, ipLimitPerHour: 1_000, mailer: async () => {} });
  return `theme=dark; ${LOCAL_SESSION_COOKIE}=${(await issuer.issueSession({ id: attendee.userId, email: attendee.email })).token}`;
}

interface Posted {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A post over plain node:http (fetch may not set Host, and Astro reads our origin from it). */
async function post(
  path: string,
  options: { cookie?: string; origin?: string | null; body?: string | Uint8Array; headers?: Record<string, string> },
): Promise<Posted> {
  const body = Buffer.from(options.body ?? '{}');
  const headers: Record<string, string> = {
    // The host the browser addressed.
    host: 'localhost:4321',
    'content-type': 'application/json',
    'content-length': String(body.length),
    ...options.headers,
  };
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.origin !== null) headers['origin'] = options.origin ?? 'http://localhost:4321';
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') answer.set(name, value);
          else if (Array.isArray(value)) for (const one of value) answer.append(name, one);
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: answer,
          body: JSON.parse(text) as Record<string, unknown>,
        });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function bookingsOf(sessionId: string): Promise<number> {
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from public.bookings where session_id = ${sessionId}`;
  return row!.n;
}

const booking = (sessionId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event: eventId, session: sessionId, back: '/fast-lane/galleri', ...extra });

describe('the booking fast lane', () => {
  it('books a local session’s post itself, with the middleware’s headers and no cookie', async () => {
    const session = await round(1);
    const answer = await post('/api/booking?lang=en', {
      cookie: await cookieOf(attendees[0]!),
      body: booking(session),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, code: 'confirmed', message: 'You have a seat.' });
    expect(answer.body['location']).toBe(`/fast-lane/galleri?booking=confirmed&session=${session}`);
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    });
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    const [row] = await sql<{ status: string; user_id: string }[]>`
      select b.status, t.holder_user_id as user_id from public.bookings b join public.tickets t on t.id = b.ticket_id
       where b.session_id = ${session}`;
    expect(row).toEqual({ status: 'confirmed', user_id: attendees[0]!.userId });
    // The second is the first in line, numbered, never a second seat.
    const second = await post('/api/booking', { cookie: await cookieOf(attendees[1]!), body: booking(session) });
    expect(second).toMatchObject({ status: 200, body: { code: 'waitlisted', position: 1 } });
  });

  it('refuses a post from another origin, or with no Origin, before reading it', async () => {
    const session = await round(5);
    const cookie = await cookieOf(attendees[2]!);
    expect(
      await post('/api/booking', { cookie, origin: 'https://evil.example', body: booking(session) }),
    ).toMatchObject({
      status: 403,
      body: { ok: false, error: 'cross_origin' },
    });
    expect((await post('/api/booking', { cookie, origin: null, body: booking(session) })).status).toBe(403);
    // The Host is ours only as the browser addressed it: another Host makes the page's Origin foreign.
    expect(
      (await post('/api/booking', { cookie, body: booking(session), headers: { host: 'other.example' } })).status,
    ).toBe(403);
    expect(await bookingsOf(session)).toBe(0);
  });

  it('answers bad bodies as the Astro route does: 415, 413 and 400 with the form’s sentence', async () => {
    const session = await round(5);
    const cookie = await cookieOf(attendees[2]!);
    expect(
      await post('/api/booking', { cookie, body: booking(session), headers: { 'content-type': 'text/plain' } }),
    ).toMatchObject({
      status: 415,
      body: { error: 'bad_request', message: 'Forespørgslen var ugyldig. Prøv igen fra programmet.' },
    });
    const padded = booking(session, { back: `/${'x'.repeat(3_000)}` });
    expect((await post('/api/booking', { cookie, body: padded })).status).toBe(413);
    expect((await post('/api/booking', { cookie, body: '{"event": 1' })).status).toBe(400);
    expect((await post('/api/booking', { cookie, body: new Uint8Array([0x7b, 0xff, 0x7d]) })).status).toBe(400);
    expect(
      (await post('/api/booking', { cookie, body: JSON.stringify({ event: eventId, session: 'x' }) })).status,
    ).toBe(400);
  });

  it('leaves to Astro, whole and unread, every post whose session only readClaims can read', async () => {
    const session = await round(5);
    const body = booking(session);
    const cases = {
      'no cookie': undefined,
      'a forged token': `${LOCAL_SESSION_COOKIE}=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm9wZQ`,
      'a session due for renewal': await cookieOf(attendees[3]!, 3600),
    };
    for (const [what, cookie] of Object.entries(cases)) {
      const answer = await post('/api/booking?lang=da', { ...(cookie ? { cookie } : {}), body });
      expect({ what, ...answer.body }).toEqual({ what, astro: true, url: '/api/booking?lang=da', body });
    }
    // Other paths and methods never reach the fast lane.
    expect((await post('/api/booking/', { cookie: await cookieOf(attendees[3]!), body })).body).toMatchObject({
      astro: true,
    });
    expect((await post('/en/api/booking', { cookie: await cookieOf(attendees[3]!), body })).body).toMatchObject({
      astro: true,
    });
    expect(await bookingsOf(session)).toBe(0);
  });

  it('books nothing for a session ended since its cookie, and clears the cookie as Astro does', async () => {
    const session = await round(5);
    const cookie = await cookieOf(attendees[4]!);
    await sql`delete from private.auth_sessions where user_id = ${attendees[4]!.userId}`;
    const answer = await post('/api/booking', { cookie, body: booking(session) });
    expect(answer).toMatchObject({ status: 401, body: { ok: false, error: 'not_signed_in' } });
    expect(answer.headers.get('set-cookie')).toBe(
      `${LOCAL_SESSION_COOKIE}=deleted; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`,
    );
    expect(await bookingsOf(session)).toBe(0);
  });

  it('counts the rate limit per client address a trusted proxy names, and answers 429 with the wait', async () => {
    const session = await round(50);
    const cookie = await cookieOf(attendees[5]!);
    const from = (address: string) => ({ 'x-forwarded-for': address });
    await post('/api/booking', { cookie, body: booking(session), headers: from('10.9.8.7') });
    const [counted] = await sql<{ hits: number }[]>`
      select count(*)::int as hits from private.rate_limit_hits
       where bucket = private.rate_limit_key('form:booking:ip:10.9.8.7')`;
    expect(counted?.hits).toBe(1);
    // The person's own allowance (BOOKING_USER_LIMIT_PER_MINUTE) runs out whatever the address.
    let limited: Posted | undefined;
    for (let attempt = 0; attempt < env.BOOKING_USER_LIMIT_PER_MINUTE + 5 && !limited; attempt += 1) {
      const answer = await post('/api/booking', { cookie, body: booking(session), headers: from(`10.0.0.${attempt}`) });
      if (answer.status === 429) limited = answer;
    }
    expect(limited?.body).toMatchObject({ ok: false, error: 'rate_limited' });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('takes the origin and HSTS from a trusted TLS proxy’s headers, as Astro does', async () => {
    const session = await round(5);
    const cookie = await cookieOf(attendees[6]!);
    const proxied = {
      host: 'innovationsdag.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '192.0.2.10',
    };
    const answer = await post('/api/booking', {
      cookie,
      origin: 'https://innovationsdag.example',
      body: booking(session),
      headers: proxied,
    });
    expect(answer).toMatchObject({ status: 200, body: { code: 'confirmed' } });
    expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000');
    // The plain-http origin of the same host is not ours behind that proxy.
    const other = await post('/api/booking', {
      cookie: await cookieOf(attendees[7]!),
      origin: 'http://innovationsdag.example',
      body: booking(session),
      headers: proxied,
    });
    expect(other.status).toBe(403);
  });
});
