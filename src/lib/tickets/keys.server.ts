// The events' Ed25519 signing keys (private.event_signing_keys): the private
// half signs ticket codes on the server, the public half goes to check-in
// devices. Node's crypto makes and uses the keys; Postgres keeps them.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Tx } from '../db/db.server.ts';
import { importTicketPublicKey } from './ticket-code.ts';

export interface SigningKey {
  eventId: string;
  keyId: number;
  /** Raw 32 bytes. */
  publicKey: Uint8Array;
  /** For `crypto.sign(null, message, privateKey)`. */
  privateKey: KeyObject;
}

export interface EventPublicKey {
  keyId: number;
  /** Raw 32 bytes; `importTicketPublicKey` or `verifyTicketCode` take them as they are. */
  publicKey: Uint8Array;
  createdAt: Date;
  /** Set once the key no longer signs new codes; the codes it signed stay valid. */
  retiredAt: Date | null;
}

interface KeyRow {
  key_id: number;
  public_key: Buffer;
  private_key: Buffer;
}

/**
 * The event's active signing key, created on first use. `tx` must run as the
 * service role (`asService`): the private key is readable by nobody else.
 * Concurrent first calls, on any number of servers, end with one key: each
 * inserts its own and `on conflict do nothing` keeps the first to commit.
 */
export async function getOrCreateSigningKey(tx: Tx, eventId: string): Promise<SigningKey> {
  const existing = await activeKey(tx, eventId);
  if (existing) return existing;

  const pair = generateKeyPairSync('ed25519');
  const jwk = pair.privateKey.export({ format: 'jwk' });
  await tx`
    insert into private.event_signing_keys (event_id, key_id, public_key, private_key)
    select ${eventId}, coalesce(max(k.key_id), 0) + 1, ${Buffer.from(jwk.x!, 'base64url')}, ${Buffer.from(jwk.d!, 'base64url')}
      from private.event_signing_keys k
     where k.event_id = ${eventId}
    on conflict do nothing`;
  // A new statement sees the winner's committed row (read committed).
  const created = await activeKey(tx, eventId);
  if (!created) throw new Error(`no signing key for event ${eventId} after creating one`);
  return created;
}

async function activeKey(tx: Tx, eventId: string): Promise<SigningKey | null> {
  const [row] = await tx<KeyRow[]>`
    select key_id, public_key, private_key
      from private.event_signing_keys
     where event_id = ${eventId} and retired_at is null`;
  if (!row) return null;
  const x = row.public_key.toString('base64url');
  const d = row.private_key.toString('base64url');
  return {
    eventId,
    keyId: row.key_id,
    publicKey: new Uint8Array(row.public_key),
    privateKey: createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d }, format: 'jwk' }),
  };
}

/**
 * The event's public keys, retired ones included, for verifying its codes.
 * Works in any transaction: anon and signed-in users get the keys of
 * published events, organisers and check-in staff those of their drafts too,
 * the service role all (private.event_public_keys).
 */
export async function publicKeysForEvent(tx: Tx, eventId: string): Promise<EventPublicKey[]> {
  const rows = await tx<{ key_id: number; public_key: Buffer; created_at: Date; retired_at: Date | null }[]>`
    select key_id, public_key, created_at, retired_at from private.event_public_keys(${eventId})`;
  return rows.map((row) => ({
    keyId: row.key_id,
    publicKey: new Uint8Array(row.public_key),
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  }));
}

/** Retires the event's active key: later codes are signed by a new one, earlier codes stay valid. */
export async function retireSigningKey(tx: Tx, eventId: string): Promise<number | null> {
  const [row] = await tx<{ key_id: number }[]>`
    update private.event_signing_keys set retired_at = now()
     where event_id = ${eventId} and retired_at is null
    returning key_id`;
  return row?.key_id ?? null;
}

/** Imported keys kept per process; far more than the events a server checks in at once, each with a key or two. */
const IMPORTED_KEYS_MAX = 256;
const importedKeys = new Map<string, Promise<CryptoKey>>();

/**
 * An event's public key imported for `verifyTicketCode`, once per process:
 * cached by event, key id and the raw bytes themselves, so a key whose bytes
 * differ (a rotated key, an event made again under the same id) is imported
 * afresh and never confused with the one before. The caller reads the raw
 * bytes from the database on each request; only the import is saved. The
 * least recently used import goes when the cache is full.
 */
export function importedPublicKey(eventId: string, keyId: number, raw: Uint8Array | string): Promise<CryptoKey> {
  const base64 = typeof raw === 'string' ? raw : Buffer.from(raw).toString('base64');
  const cacheKey = `${eventId}/${keyId}/${base64}`;
  const cached = importedKeys.get(cacheKey);
  if (cached) {
    importedKeys.delete(cacheKey);
    importedKeys.set(cacheKey, cached);
    return cached;
  }
  const bytes = typeof raw === 'string' ? new Uint8Array(Buffer.from(raw, 'base64')) : raw;
  const pending = importTicketPublicKey(bytes);
  importedKeys.set(cacheKey, pending);
  // A failed import is not kept: the next request tries again.
  pending.catch(() => {
    if (importedKeys.get(cacheKey) === pending) importedKeys.delete(cacheKey);
  });
  while (importedKeys.size > IMPORTED_KEYS_MAX) importedKeys.delete(importedKeys.keys().next().value!);
  return pending;
}
