// The check-in API's JSON in and out: a request body read without throwing,
// responses that no cache keeps. Every refusal is a 4xx with a code.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type ZodType, z } from 'zod';
import { plainText } from '../limits/input.ts';
import { decodeJsonBody, type JsonBody, refuseJsonBodyUnread } from '../site/json-body.ts';
import { isBadInputError, isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from '../db/outage.ts';

export const eventIdParam = z.uuid();

/** The headers the check-in app names itself with (see `deviceOf`). */
export const DEVICE_HEADER = 'x-checkin-device';
export const DEVICE_LABEL_HEADER = 'x-checkin-device-label';

const deviceLabel = plainText(z.string().trim().min(1).max(100));

/**
 * The device a request comes from: its id (a UUID it chose) and its name
 * (URI-encoded, since headers are Latin-1). Null without the id; 'bad' for
 * an id or name that cannot be read.
 */
export function deviceOf(request: Request): { id: string; label: string } | null | 'bad' {
  const id = request.headers.get(DEVICE_HEADER);
  if (id === null) return null;
  if (!z.uuid().safeParse(id).success) return 'bad';
  let label: string;
  try {
    label = decodeURIComponent(request.headers.get(DEVICE_LABEL_HEADER) ?? '') || 'device';
  } catch {
    return 'bad';
  }
  const parsed = deviceLabel.safeParse(label);
  return parsed.success ? { id: id.toLowerCase(), label: parsed.data } : 'bad';
}

/** A JSON answer's version: the ETag over its stable part. */
export function etagOf(stable: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 32)}"`;
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store' },
  });
}

export function refuse(status: number, code: string, issues?: unknown): Response {
  return json(issues === undefined ? { error: code } : { error: code, issues }, status);
}

/** A fetch Request's JSON body by json-body.ts's rules: 415 when it is not JSON, 413 when too big, 400 when unreadable. */
export async function jsonBodyOf(request: Request, maxBytes: number): Promise<JsonBody> {
  const early = refuseJsonBodyUnread(
    request.headers.get('content-type'),
    request.headers.get('content-length'),
    maxBytes,
  );
  if (early) return early;
  try {
    return decodeJsonBody(new Uint8Array(await request.arrayBuffer()), maxBytes);
  } catch {
    return { ok: false, status: 400, code: 'bad_request' };
  }
}

/** The parsed JSON body, or the refusal as a response. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; body: unknown } | Response> {
  const read = await jsonBodyOf(request, maxBytes);
  return read.ok ? read : refuse(read.status, read.code);
}

/**
 * Runs the endpoint's work. The database away (unreachable, frozen, starting)
 * is a 503 with Retry-After that the device retries; data Postgres refused
 * (a NUL byte that slipped past the schema) is a 400 the device sets aside,
 * since sending it again can never help; anything else a 500.
 */
export async function orUnavailable(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (isBadInputError(error)) return refuse(400, 'bad_request');
    console.error('check-in API failed', error);
    if (!isDatabaseUnavailable(error)) return refuse(500, 'server_error');
    const response = refuse(503, 'unavailable');
    response.headers.set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    return response;
  }
}

/**
 * A signed-in device's JSON request to an event's check-in API, read and
 * checked: the event id, the body parsed by `schema`, the device it names
 * (x-checkin-device, optional). Otherwise the refusal:
 * 404 for an id that is not a UUID, 401 when not signed in, 415/413/400 for a
 * body the API cannot read (400 names the fields).
 */
export async function readDeviceRequest<T>(
  context: { params: { event?: string | undefined }; request: Request; locals: App.Locals },
  schema: ZodType<T>,
  maxBytes: number,
): Promise<{ ok: true; eventId: string; body: T; device: { id: string; label: string } | undefined } | Response> {
  const eventId = eventIdParam.safeParse(context.params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (context.locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  const device = deviceOf(context.request);
  if (device === 'bad') return refuse(400, 'bad_request', [DEVICE_HEADER]);
  const read = await readJsonBody(context.request, maxBytes);
  if (read instanceof Response) return read;
  const parsed = schema.safeParse(read.body);
  if (!parsed.success) {
    return refuse(
      400,
      'bad_request',
      parsed.error.issues.map((issue) => issue.path.join('.')),
    );
  }
  return { ok: true, eventId: eventId.data, body: parsed.data, device: device ?? undefined };
}

/**
 * A large JSON answer a device fetches again and again (the offline pack,
 * every minute, over the venue's Wi-Fi): with an ETag over `stable` (the
 * body without its timestamp), so an unchanged pack costs a 304 and no
 * bytes, and gzip-compressed when the device accepts it.
 */
export function cachedJson(request: Request, body: unknown, stable: unknown): Response {
  const etag = etagOf(stable);
  const headers: Record<string, string> = {
    'cache-control': 'private, no-cache',
    etag,
    vary: 'accept-encoding',
  };
  const known = (request.headers.get('if-none-match') ?? '').split(',').map((tag) => tag.trim());
  if (known.includes(etag)) return new Response(null, { status: 304, headers });
  const text = JSON.stringify(body);
  headers['content-type'] = 'application/json; charset=utf-8';
  if (/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '') && text.length > 1_024) {
    headers['content-encoding'] = 'gzip';
    return new Response(gzipSync(text, { level: 6 }), { headers });
  }
  return new Response(text, { headers });
}
