// The check-in endpoints, called as Astro calls them, against a real
// Postgres: every refusal is a 4xx with a code, a bad ticket code is a red
// verdict with status 200, and nothing answers 500.
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { APIContext, APIRoute } from 'astro';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Claims, closePool } from '../../src/lib/db/db.server.ts';
import { GET as attendeesRoute } from '../../src/pages/api/checkin/[event]/attendees.ts';
import { GET as offlinePackRoute } from '../../src/pages/api/checkin/[event]/offline-pack.ts';
import { POST as scanRoute } from '../../src/pages/api/checkin/[event]/scan.ts';
import { POST as syncRoute } from '../../src/pages/api/checkin/[event]/sync.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { orUnavailable } from '../../src/lib/checkin/http.ts';
import { codesFor, openCheckInWindow } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase();
// The endpoints use the process-wide pool, opened from DATABASE_URL.
const previousUrl = process.env['DATABASE_URL'];
process.env['DATABASE_URL'] = url;
afterAll(async () => {
  await closePool();
  if (previousUrl === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = previousUrl;
});

let world: EventWorld;
let staff: TestUser;
let stranger: TestUser;
let attendees: Attendee[];
let codes: string[];

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'indtjek-api', status: 'published' });
  await openCheckInWindow(sql, world.eventId);
  staff = await insertUser(sql, 'vagt-api@example.org');
  stranger = await insertUser(sql, 'fremmed-api@example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values (${world.eventId}, ${staff.id}, 'checkin_staff')`;
  attendees = await insertAttendees(sql, { eventId: world.eventId, count: 3, tag: 'api' });
  codes = await codesFor(sql, world.eventId, attendees);
});

/** The check-in app names itself in every request (src/lib/checkin/device/sync.ts). */
const DEVICE_HEADERS = { 'x-checkin-device': randomUUID(), 'x-checkin-device-label': encodeURIComponent('Dør Nord') };

async function call(
  route: APIRoute,
  options: {
    claims: Claims;
    event?: string;
    body?: string;
    type?: string;
    query?: string;
    headers?: Record<string, string>;
  },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const target = new URL(`http://localhost/api/checkin/x${options.query ?? ''}`);
  const headers = { ...DEVICE_HEADERS, ...options.headers };
  const request = new Request(target, {
    method: options.body === undefined ? 'GET' : 'POST',
    ...(options.body === undefined
      ? { headers }
      : { body: options.body, headers: { ...headers, 'content-type': options.type ?? 'application/json' } }),
  });
  const context = {
    params: { event: options.event ?? world.eventId },
    request,
    url: target,
    locals: { claims: options.claims, lang: 'da', pathWithoutLang: target.pathname },
  } as unknown as APIContext;
  const response = await route(context);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const scanBody = (code: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ code, nonce: randomUUID(), scannedAt: new Date().toISOString(), device: 'api-1', ...extra });

describe('POST scan', () => {
  it('answers a verdict: green for a good code, red with a reason for a bad one', async () => {
    const ok = await call(scanRoute, { claims: staff.claims, body: scanBody(codes[0]!, { gate: 'Nord' }) });
    expect(ok.status).toBe(200);
    expect(ok.body['verdict']).toMatchObject({ code: 'ok', colour: 'green' });
    const again = await call(scanRoute, { claims: staff.claims, body: scanBody(codes[0]!) });
    expect(again.body['verdict']).toMatchObject({ code: 'already_checked_in', first: { gate: 'Nord' } });
    const bad = await call(scanRoute, { claims: staff.claims, body: scanBody('WIFI:S:gæst;;') });
    expect(bad).toMatchObject({ status: 200, body: { verdict: { code: 'malformed', colour: 'red' } } });
  });

  it('refuses what it cannot read with a 4xx and a code', async () => {
    const cases: [Parameters<typeof call>[1], number, string][] = [
      [{ claims: staff.claims, event: 'ikke-et-id', body: scanBody(codes[1]!) }, 404, 'not_found'],
      [{ claims: ANON, body: scanBody(codes[1]!) }, 401, 'not_signed_in'],
      [{ claims: staff.claims, body: scanBody(codes[1]!), type: 'text/plain' }, 415, 'unsupported_media_type'],
      [{ claims: staff.claims, body: '{"code":' }, 400, 'bad_json'],
      [{ claims: staff.claims, body: JSON.stringify({ code: codes[1] }) }, 400, 'bad_request'],
      [{ claims: staff.claims, body: scanBody('x'.repeat(5_000)) }, 413, 'too_large'],
      [{ claims: stranger.claims, body: scanBody(codes[1]!) }, 403, 'not_authorised'],
      [{ claims: staff.claims, event: randomUUID(), body: scanBody(codes[1]!) }, 403, 'not_authorised'],
    ];
    for (const [options, status, error] of cases) {
      const { status: got, body } = await call(scanRoute, options);
      expect({ error, got, body: body['error'] }).toEqual({ error, got: status, body: error });
    }
  });
});

describe('POST sync', () => {
  it('answers per-scan verdicts and a summary; a repeated upload records nothing', async () => {
    const scans = [codes[1]!, codes[2]!, 'junk'].map((code) => JSON.parse(scanBody(code)) as unknown);
    const body = JSON.stringify({ scans });
    const first = await call(syncRoute, { claims: staff.claims, body });
    expect(first.status).toBe(200);
    expect(first.body['summary']).toMatchObject({ recorded: 2, replayed: 0, counts: { ok: 2, malformed: 1 } });
    const second = await call(syncRoute, { claims: staff.claims, body });
    expect(second.body['summary']).toMatchObject({ recorded: 0, replayed: 2 });
  });

  it('refuses an empty or oversized batch and strangers', async () => {
    expect((await call(syncRoute, { claims: staff.claims, body: '{"scans":[]}' })).status).toBe(400);
    const many = JSON.stringify({ scans: Array.from({ length: 501 }, () => JSON.parse(scanBody('x')) as unknown) });
    expect((await call(syncRoute, { claims: staff.claims, body: many })).status).toBe(400);
    const one = JSON.stringify({ scans: [JSON.parse(scanBody(codes[1]!)) as unknown] });
    expect((await call(syncRoute, { claims: stranger.claims, body: one })).status).toBe(403);
  });
});

describe('malformed input', () => {
  // A NUL byte used to reach Postgres, whose refusal came back as a 503 with Retry-After: the
  // device then retried the scan forever. Now it is a 400 the device sets aside (sync.ts).
  it('refuses control characters in a scan, a batch and a search with a 400, not a 503', async () => {
    const gate = await call(scanRoute, { claims: staff.claims, body: scanBody(codes[0]!, { gate: 'Nord\u0000' }) });
    expect(gate).toMatchObject({ status: 400, body: { error: 'bad_request', issues: ['gate'] } });
    const device = await call(scanRoute, { claims: staff.claims, body: scanBody(codes[0]!, { device: 'a\u0000' }) });
    expect(device.status).toBe(400);
    const batch = JSON.stringify({ scans: [JSON.parse(scanBody(codes[0]!, { gate: '\u0000' })) as unknown] });
    expect((await call(syncRoute, { claims: staff.claims, body: batch })).status).toBe(400);
    const search = await call(attendeesRoute, { claims: staff.claims, query: '?q=an%00ne' });
    expect(search).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });

  it('refuses a body that is not UTF-8', async () => {
    const target = new URL('http://localhost/api/checkin/x');
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"code":"'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}'),
    ]);
    const response = await scanRoute({
      params: { event: world.eventId },
      request: new Request(target, { method: 'POST', body: bytes, headers: { 'content-type': 'application/json' } }),
      url: target,
      locals: { claims: staff.claims, lang: 'da', pathWithoutLang: target.pathname },
    } as unknown as APIContext);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_encoding' });
  });

  it('answers data Postgres refuses with 400, an unreachable database with 503 and Retry-After', async () => {
    const failing = (code: string) => () => Promise.reject(Object.assign(new Error(code), { code }));
    expect((await orUnavailable(failing('22021'))).status).toBe(400);
    const away = await orUnavailable(failing('ECONNREFUSED'));
    expect(away.status).toBe(503);
    expect(away.headers.get('retry-after')).toBe('5');
    expect((await orUnavailable(() => Promise.reject(new TypeError('bug')))).status).toBe(500);
  });
});

describe('GET offline-pack and attendees', () => {
  it('give staff the pack and the search, and refuse everyone else', async () => {
    const pack = await call(offlinePackRoute, { claims: staff.claims });
    expect(pack.status).toBe(200);
    expect(pack.body['tickets']).toHaveLength(3);
    expect((await call(offlinePackRoute, { claims: stranger.claims })).status).toBe(403);
    expect((await call(offlinePackRoute, { claims: ANON })).status).toBe(401);
    // Only to a device that names itself, so it can be listed and revoked.
    const anonymous = await call(offlinePackRoute, { claims: staff.claims, headers: { 'x-checkin-device': '' } });
    expect(anonymous).toMatchObject({ status: 400, body: { error: 'bad_request' } });

    const found = await call(attendeesRoute, { claims: staff.claims, query: '?q=api-2' });
    expect(found.status).toBe(200);
    expect(found.body['attendees']).toHaveLength(1);
    expect((await call(attendeesRoute, { claims: staff.claims, query: '?q=a' })).status).toBe(400);
    expect((await call(attendeesRoute, { claims: stranger.claims, query: '?q=api' })).status).toBe(403);
  });
  it('sends the pack gzipped with an ETag, and an unchanged pack as a 304 with no body', async () => {
    const get = (headers: Record<string, string>) => {
      const target = new URL('http://localhost/api/checkin/x/offline-pack');
      return offlinePackRoute({
        params: { event: world.eventId },
        request: new Request(target, { headers: { ...DEVICE_HEADERS, ...headers } }),
        url: target,
        locals: { claims: staff.claims, lang: 'da', pathWithoutLang: target.pathname },
      } as unknown as APIContext);
    };
    const first = await get({ 'accept-encoding': 'gzip, br' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    const pack = JSON.parse(gunzipSync(Buffer.from(await first.arrayBuffer())).toString()) as { tickets: unknown[] };
    expect(pack.tickets).toHaveLength(3);

    const unchanged = await get({ 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    // An attendee's new name changes the pack, and so its ETag.
    await sql`update public.tickets set attendee_name = 'Nyt Navn' where id = ${attendees[0]!.ticketId}`;
    const changed = await get({ 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('content-encoding')).toBeNull();
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
