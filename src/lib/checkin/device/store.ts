// The check-in device's storage, in IndexedDB (through idb): the offline pack
// per event, the queue of scans, and the device's settings. A scan is written
// here before anything else happens to it, so closing the page, losing the
// connection or a crash never loses one; it leaves the queue only as "synced",
// with the server's verdict beside the device's own. Browser only.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { VerdictCode } from '../checkin.ts';
import { type LocalCheckIns, type OfflinePack, packIsExpired, sessionKey } from '../offline.ts';

/** The door (`kind: 'door'`, a code or a manual check-in) or a session's door. */
export interface QueuedScan {
  nonce: string;
  eventId: string;
  kind: 'door' | 'session';
  sessionId: string | null;
  code: string | null;
  manual: { ticketId: string; revision: number } | null;
  scannedAt: string;
  device: string;
  gate: string | null;
  /** The ticket, when the device could tell (a good signature or a manual check-in). */
  ticketId: string | null;
  name: string | null;
  /** The device's own verdict, shown when there was no answer in time. */
  local: VerdictCode;
  /** 1 until the server has answered; an index key (IndexedDB cannot index booleans). */
  pending: 0 | 1;
  /** The server's verdict, once synced. */
  server: { code: string; conflict: boolean } | null;
  syncedAt: string | null;
  /** Scanned in rehearsal: practice, sent as such, never a real check-in. Absent in scans kept before rehearsals. */
  practice?: boolean;
}

export interface DeviceSettings {
  gate: string;
  device: string;
  sound: boolean;
}

export interface KeptPack {
  eventId: string;
  pack: OfflinePack;
  /** When the server last confirmed it (a new pack or a 304). */
  fetchedAt: string;
  /** The server's ETag, sent back so an unchanged pack is not downloaded again. */
  etag?: string;
  /**
   * The device's clock when it asked for the pack that is kept (or was told
   * it is unchanged): every scan this device synced before then is in the
   * pack's check-ins — undone ones included. See `localCheckIns`.
   */
  coveredAt?: string;
}

interface CheckinDb extends DBSchema {
  packs: { key: string; value: KeptPack };
  queue: {
    key: string;
    value: QueuedScan;
    indexes: { 'by-event-pending': [string, number]; 'by-event-time': [string, string] };
  };
  settings: { key: string; value: { key: string; value: DeviceSettings } };
  meta: { key: string; value: { key: string; value: string } };
}

const DB_NAME = 'samspil-checkin';

let opened: Promise<IDBPDatabase<CheckinDb>> | null = null;

function db(): Promise<IDBPDatabase<CheckinDb>> {
  opened ??= openDB<CheckinDb>(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('packs', { keyPath: 'eventId' });
      const queue = database.createObjectStore('queue', { keyPath: 'nonce' });
      queue.createIndex('by-event-pending', ['eventId', 'pending']);
      queue.createIndex('by-event-time', ['eventId', 'scannedAt']);
      database.createObjectStore('settings', { keyPath: 'key' });
      database.createObjectStore('meta', { keyPath: 'key' });
    },
  });
  return opened;
}

export async function loadPack(eventId: string) {
  return (await db()).get('packs', eventId);
}

export async function savePack(pack: OfflinePack, fetchedAt: Date, etag: string | null, coveredAt: Date) {
  await (
    await db()
  ).put('packs', {
    eventId: pack.eventId,
    pack,
    fetchedAt: fetchedAt.toISOString(),
    coveredAt: coveredAt.toISOString(),
    ...(etag ? { etag } : {}),
  });
}

/** The device's own id, made once and kept (it is no personal data): the server lists and revokes devices by it. */
export async function deviceId(): Promise<string> {
  const kept = await loadMeta('device-id');
  if (kept) return kept;
  const made = crypto.randomUUID();
  await saveMeta('device-id', made);
  return made;
}

/** The events that have scans waiting to be uploaded on this device. */
export async function pendingEvents(): Promise<string[]> {
  const events = new Set<string>();
  for (const scan of await (await db()).getAll('queue')) if (scan.pending === 1) events.add(scan.eventId);
  return [...events];
}

/**
 * Removes what the device keeps about an event's attendees: the pack and the
 * scans already uploaded (they carry names). Scans not yet uploaded stay, so
 * that nothing scanned is lost; they are removed once uploaded, the next
 * time this runs. The gate's settings stay (no personal data).
 */
export async function forgetEvent(eventId: string): Promise<void> {
  const database = await db();
  const tx = database.transaction(['packs', 'queue'], 'readwrite');
  await tx.objectStore('packs').delete(eventId);
  const range = IDBKeyRange.bound([eventId, ''], [eventId, '\uffff']);
  let cursor = await tx.objectStore('queue').index('by-event-time').openCursor(range);
  while (cursor) {
    if (cursor.value.pending === 0) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

/**
 * Signing out: removes every pack, setting and scan of every event — but only
 * when no scan is waiting to be uploaded (checked in the same transaction, so
 * a scan stored meanwhile is never deleted). Otherwise nothing is removed
 * and the number waiting is returned.
 */
export async function forgetEverything(): Promise<{ ok: true } | { ok: false; pending: number }> {
  const database = await db();
  const tx = database.transaction(['packs', 'settings', 'queue'], 'readwrite');
  let pending = 0;
  let cursor = await tx.objectStore('queue').openCursor();
  while (cursor) {
    if (cursor.value.pending === 1) pending += 1;
    cursor = await cursor.continue();
  }
  if (pending > 0) {
    tx.abort();
    await tx.done.catch(() => undefined);
    return { ok: false, pending };
  }
  await Promise.all([
    tx.objectStore('packs').clear(),
    tx.objectStore('settings').clear(),
    tx.objectStore('queue').clear(),
  ]);
  await tx.done;
  return { ok: true };
}

/**
 * Drops the packs of events that are over (see `packIsExpired`), with their
 * settings and uploaded scans; the events dropped.
 */
export async function dropExpiredPacks(now: Date): Promise<string[]> {
  const database = await db();
  const dropped: string[] = [];
  for (const kept of await database.getAll('packs')) {
    if (!packIsExpired(kept.pack, now)) continue;
    await forgetEvent(kept.eventId);
    dropped.push(kept.eventId);
  }
  return dropped;
}

export async function loadSettings(eventId: string): Promise<DeviceSettings | null> {
  return (await (await db()).get('settings', eventId))?.value ?? null;
}

export async function saveSettings(eventId: string, value: DeviceSettings) {
  await (await db()).put('settings', { key: eventId, value });
}

export async function loadMeta(key: string): Promise<string | null> {
  return (await (await db()).get('meta', key))?.value ?? null;
}

export async function saveMeta(key: string, value: string) {
  await (await db()).put('meta', { key, value });
}

/** Keeps a scan; resolves once it is durably stored. */
export async function enqueue(scan: QueuedScan) {
  const database = await db();
  const tx = database.transaction('queue', 'readwrite');
  await tx.store.put(scan);
  await tx.done;
}

export async function pendingScans(eventId: string, limit: number): Promise<QueuedScan[]> {
  return (await db()).getAllFromIndex('queue', 'by-event-pending', IDBKeyRange.only([eventId, 1]), limit);
}

export async function countPending(eventId: string): Promise<number> {
  return (await db()).countFromIndex('queue', 'by-event-pending', IDBKeyRange.only([eventId, 1]));
}

/** The server answered these: recorded with its verdicts, in one transaction. */
export async function markSynced(
  answers: { nonce: string; code: string; conflict: boolean; practice?: boolean }[],
  at: Date,
) {
  const database = await db();
  const tx = database.transaction('queue', 'readwrite');
  for (const answer of answers) {
    const scan = await tx.store.get(answer.nonce);
    if (!scan) continue;
    await tx.store.put({
      ...scan,
      pending: 0,
      server: { code: answer.code, conflict: answer.conflict },
      syncedAt: at.toISOString(),
      // The server judged it as practice (rehearsal was on there): never a real check-in here either.
      ...(answer.practice || scan.practice ? { practice: true } : {}),
    });
  }
  await tx.done;
}

/** The latest scans of this event on this device, newest first. */
export async function recentScans(eventId: string, limit = 20): Promise<QueuedScan[]> {
  const database = await db();
  const range = IDBKeyRange.bound([eventId, ''], [eventId, '\uffff']);
  const found: QueuedScan[] = [];
  let cursor = await database.transaction('queue').store.index('by-event-time').openCursor(range, 'prev');
  while (cursor && found.length < limit) {
    found.push(cursor.value);
    cursor = await cursor.continue();
  }
  return found;
}

/** Every scan of the event on this device, oldest first. */
export async function queuedScans(eventId: string): Promise<QueuedScan[]> {
  return (await db()).getAllFromIndex('queue', 'by-event-time', IDBKeyRange.bound([eventId, ''], [eventId, '\uffff']));
}

/**
 * What this device let in that its pack cannot know yet, for offline
 * verdicts: its scans still waiting, and those synced after the kept pack was
 * asked for (`coveredAt`). A scan synced before then is in the pack as the
 * server has it now — so a check-in an organiser undid is no longer "already
 * checked in" here once a pack made after the undo arrives. Without
 * `coveredAt` (a pack kept before it existed) every admitted scan counts.
 * Practice scans (rehearsal) are kept apart: they never count as real.
 */
export function localCheckIns(scans: readonly QueuedScan[], coveredAt: string | null = null): LocalCheckIns {
  const real = {
    door: new Map<string, { at: string; gate: string | null; device: string }>(),
    sessions: new Set<string>(),
  };
  const practice = {
    door: new Map<string, { at: string; gate: string | null; device: string }>(),
    sessions: new Set<string>(),
  };
  for (const scan of scans) {
    const admitted = scan.server ? scan.server.code === 'ok' : scan.local === 'ok';
    if (!admitted || !scan.ticketId) continue;
    const inPack = !scan.practice && coveredAt !== null && scan.syncedAt !== null && scan.syncedAt < coveredAt;
    if (inPack) continue;
    const into = scan.practice ? practice : real;
    if (scan.kind === 'door' && !into.door.has(scan.ticketId)) {
      into.door.set(scan.ticketId, { at: scan.scannedAt, gate: scan.gate, device: scan.device });
    } else if (scan.kind === 'session' && scan.sessionId) {
      into.sessions.add(sessionKey(scan.sessionId, scan.ticketId));
    }
  }
  return { ...real, practice };
}

/** Scans the server found to be offline duplicates: let in here while another device had already let them in; newest first. */
export function conflicts(scans: readonly QueuedScan[]): QueuedScan[] {
  return scans.filter((scan) => scan.server?.conflict).reverse();
}
