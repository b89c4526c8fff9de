// The device's link to the server: fetching the offline pack, and uploading
// the queue of scans in batches until it is empty. Every upload may be
// repeated safely (the server is idempotent by nonce), so a request that
// timed out or a page closed mid-sync is simply sent again later. Browser only.
import { MAX_SYNC_BATCH, type ScanVerdict } from '../checkin.ts';
import { type OfflinePack, packIsExpired } from '../offline.ts';
import { deviceId, loadPack, markSynced, pendingScans, type QueuedScan, savePack } from './store.ts';

/** `revoked`: an organiser revoked this device; `event_over`: the event's pack is no longer kept. */
export type SyncFailure = 'offline' | 'signed_out' | 'forbidden' | 'revoked' | 'event_over' | 'server';
export type SyncOutcome =
  { ok: true; sent: number; conflicts: number; revoked: boolean } | { ok: false; reason: SyncFailure; sent: number };

const api = (eventId: string, path: string) => `/api/checkin/${encodeURIComponent(eventId)}/${path}`;

/** What the device calls itself, set by the app once its settings are known. */
let deviceLabel = '';

export function setDeviceLabel(label: string) {
  deviceLabel = label;
}

/** The headers that name this device to the server (the id it keeps, the name staff gave it). */
async function deviceHeaders(): Promise<Record<string, string>> {
  return {
    'x-checkin-device': await deviceId(),
    ...(deviceLabel ? { 'x-checkin-device-label': encodeURIComponent(deviceLabel) } : {}),
  };
}

async function failureOf(response: Response): Promise<SyncFailure> {
  if (response.status === 401) return 'signed_out';
  if (response.status === 403) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    return body?.error === 'device_revoked' ? 'revoked' : 'forbidden';
  }
  return 'server';
}

async function postJson(url: string, body: unknown, signal?: AbortSignal): Promise<Response | SyncFailure> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await deviceHeaders()) },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
    });
  } catch {
    return 'offline';
  }
}

function doorBody(scan: QueuedScan) {
  return {
    ...(scan.code !== null ? { code: scan.code } : {}),
    ...(scan.manual !== null ? { manual: scan.manual } : {}),
    nonce: scan.nonce,
    scannedAt: scan.scannedAt,
    device: scan.device,
    gate: scan.gate,
    practice: scan.practice === true,
  };
}

function sessionBody(scan: QueuedScan) {
  return {
    sessionId: scan.sessionId,
    code: scan.code,
    nonce: scan.nonce,
    scannedAt: scan.scannedAt,
    practice: scan.practice === true,
  };
}

/** A verdict as the server sends it: a door's ScanVerdict, or a session door's verdict. */
export type ServerVerdict = Partial<Omit<ScanVerdict, 'code'>> & { code: string; booked?: boolean };

interface Answer {
  nonce: string;
  verdict: ServerVerdict;
}

/**
 * Uploads one batch of one kind; the answers are stored. A batch the server
 * cannot read (400) is retried scan by scan, and a single unreadable scan is
 * set aside as `bad_request` so it can never block the queue.
 */
async function uploadBatch(
  eventId: string,
  kind: QueuedScan['kind'],
  scans: QueuedScan[],
  signal?: AbortSignal,
): Promise<{ ok: true; answers: Answer[]; revoked: boolean } | { ok: false; reason: SyncFailure }> {
  const url = api(eventId, kind === 'door' ? 'sync' : 'session-sync');
  const body = { scans: kind === 'door' ? scans.map(doorBody) : scans.map(sessionBody) };
  const response = await postJson(url, body, signal);
  if (typeof response === 'string') return { ok: false, reason: response };
  if (response.status === 400 || response.status === 413) {
    if (scans.length === 1) {
      const answers = [{ nonce: scans[0]!.nonce, verdict: { code: 'bad_request', conflict: false } }];
      await markSynced([{ nonce: scans[0]!.nonce, code: 'bad_request', conflict: false }], new Date());
      return { ok: true, answers, revoked: false };
    }
    const answers: Answer[] = [];
    let revoked = false;
    for (const scan of scans) {
      const one = await uploadBatch(eventId, kind, [scan], signal);
      if (!one.ok) return one;
      answers.push(...one.answers);
      revoked ||= one.revoked;
    }
    return { ok: true, answers, revoked };
  }
  if (!response.ok) return { ok: false, reason: await failureOf(response) };
  let answers: Answer[];
  let revoked: boolean;
  try {
    const body = (await response.json()) as { results: Answer[]; deviceRevoked?: boolean };
    answers = body.results;
    revoked = body.deviceRevoked === true;
  } catch {
    return { ok: false, reason: 'server' };
  }
  await markSynced(
    answers.map((answer) => ({
      nonce: answer.nonce,
      code: answer.verdict.code,
      conflict: answer.verdict.conflict ?? false,
      practice: answer.verdict.practice === true,
    })),
    new Date(),
  );
  return { ok: true, answers, revoked };
}

/** Sends the whole queue, batch by batch, oldest first. */
export async function syncQueue(eventId: string): Promise<SyncOutcome> {
  let sent = 0;
  let conflicts = 0;
  let revoked = false;
  for (;;) {
    const pending = await pendingScans(eventId, MAX_SYNC_BATCH);
    if (pending.length === 0) return { ok: true, sent, conflicts, revoked };
    for (const kind of ['door', 'session'] as const) {
      const batch = pending.filter((scan) => scan.kind === kind);
      if (batch.length === 0) continue;
      const result = await uploadBatch(eventId, kind, batch);
      if (!result.ok) return { ok: false, reason: result.reason, sent };
      sent += batch.length;
      revoked ||= result.revoked;
      conflicts += result.answers.filter((answer) => answer.verdict.conflict).length;
    }
  }
}

/**
 * One scan sent at once, for the server's verdict on screen; null when no
 * answer came in `timeoutMs` (the scan stays queued and the device's own
 * verdict is shown).
 */
export async function sendNow(
  eventId: string,
  scan: QueuedScan,
  timeoutMs: number,
): Promise<{ ok: true; verdict: Answer['verdict']; revoked: boolean } | { ok: false; reason: SyncFailure }> {
  const result = await uploadBatch(eventId, scan.kind, [scan], AbortSignal.timeout(timeoutMs));
  if (!result.ok) return result;
  return { ok: true, verdict: result.answers[0]!.verdict, revoked: result.revoked };
}

/**
 * Fetches and keeps the event's pack; the failure when there is none to be
 * had. The kept pack's ETag goes along, so an unchanged pack comes back as a
 * 304 with no body. A pack of an event that is over is not kept (`event_over`).
 */
export async function refreshPack(
  eventId: string,
  options: { fresh?: boolean } = {},
): Promise<{ ok: true; pack: OfflinePack; changed: boolean; coveredAt: string } | { ok: false; reason: SyncFailure }> {
  const kept = await loadPack(eventId);
  // Asked before the request leaves: every scan synced before this moment is in the answer (see localCheckIns).
  const coveredAt = new Date();
  // `fresh` (a manual sync) downloads the whole pack whatever the device holds.
  const etag = options.fresh ? undefined : kept?.etag;
  let response: Response;
  try {
    response = await fetch(api(eventId, 'offline-pack'), {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { ...(await deviceHeaders()), ...(etag ? { 'if-none-match': etag } : {}) },
    });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  if (response.status === 304 && kept) {
    if (packIsExpired(kept.pack, new Date())) return { ok: false, reason: 'event_over' };
    await savePack(kept.pack, new Date(), kept.etag ?? null, coveredAt);
    return { ok: true, pack: kept.pack, changed: false, coveredAt: coveredAt.toISOString() };
  }
  if (!response.ok) return { ok: false, reason: await failureOf(response) };
  const pack = (await response.json()) as OfflinePack;
  if (packIsExpired(pack, new Date())) return { ok: false, reason: 'event_over' };
  await savePack(pack, new Date(), response.headers.get('etag'), coveredAt);
  return { ok: true, pack, changed: true, coveredAt: coveredAt.toISOString() };
}

/** An attendee found at the desk (the API's AttendeeMatch, as JSON). */
export interface FoundAttendee {
  ticketId: string;
  name: string | null;
  organisation: string | null;
  reference: string;
  status: string;
  revision: number;
  checkedInAt: string | null;
  gate?: string | null;
}

/** The desk's search, online: the server's current state. */
export async function searchOnline(
  eventId: string,
  query: string,
): Promise<{ ok: true; attendees: FoundAttendee[] } | { ok: false; reason: SyncFailure }> {
  let response: Response;
  try {
    response = await fetch(`${api(eventId, 'attendees')}?q=${encodeURIComponent(query)}`, {
      credentials: 'same-origin',
      headers: await deviceHeaders(),
      signal: AbortSignal.timeout(3_000),
    });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  if (!response.ok) return { ok: false, reason: await failureOf(response) };
  return { ok: true, ...((await response.json()) as { attendees: FoundAttendee[] }) };
}
