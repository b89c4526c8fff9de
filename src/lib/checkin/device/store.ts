// The check-in device's storage, in IndexedDB (through idb): the offline pack
// per event, the queue of scans, and the device's settings. A scan is written
// here before anything else happens to it, so closing the page, losing the
// connection or a crash never loses one; it leaves the queue only as "synced",
// with the server's verdict beside the device's own. Browser only.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { VerdictCode } from '../checkin.ts';
import { type LocalCheckIns, type OfflinePack, sessionKey } from '../offline.ts';

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

export async function savePack(pack: OfflinePack, fetchedAt: Date, etag: string | null) {
  await (
    await db()
  ).put('packs', {
    eventId: pack.eventId,
    pack,
    fetchedAt: fetchedAt.toISOString(),
    ...(etag ? { etag } : {}),
  });
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
export async function markSynced(answers: { nonce: string; code: string; conflict: boolean }[], at: Date) {
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

/** What this device (or the server, for its scans) let in, for offline verdicts. */
export function localCheckIns(scans: readonly QueuedScan[]): LocalCheckIns {
  const door = new Map<string, { at: string; gate: string | null; device: string }>();
  const sessions = new Set<string>();
  for (const scan of scans) {
    const admitted = scan.server ? scan.server.code === 'ok' : scan.local === 'ok';
    if (!admitted || !scan.ticketId) continue;
    if (scan.kind === 'door' && !door.has(scan.ticketId)) {
      door.set(scan.ticketId, { at: scan.scannedAt, gate: scan.gate, device: scan.device });
    } else if (scan.kind === 'session' && scan.sessionId) {
      sessions.add(sessionKey(scan.sessionId, scan.ticketId));
    }
  }
  return { door, sessions };
}

/** Scans the server found to be offline duplicates: let in here while another device had already let them in; newest first. */
export function conflicts(scans: readonly QueuedScan[]): QueuedScan[] {
  return scans.filter((scan) => scan.server?.conflict).reverse();
}
