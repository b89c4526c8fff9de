// The process's cache of imported public keys: one import per event, key id
// and bytes; other bytes under the same ids are another key; bounded; a
// failed import is not remembered.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importedPublicKey } from './keys.server.ts';

function rawPublicKey(): Uint8Array {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
}

describe('importedPublicKey', () => {
  it('imports a key once, whether its bytes come as a fresh array or as base64', async () => {
    const eventId = randomUUID();
    const raw = rawPublicKey();
    const first = importedPublicKey(eventId, 1, raw);
    expect(importedPublicKey(eventId, 1, new Uint8Array(raw))).toBe(first);
    expect(importedPublicKey(eventId, 1, Buffer.from(raw).toString('base64'))).toBe(first);
    expect((await first).algorithm.name).toBe('Ed25519');
  });

  it('treats other bytes under the same event and key id as another key (rotated, or the event made again)', async () => {
    const eventId = randomUUID();
    const before = await importedPublicKey(eventId, 1, rawPublicKey());
    const after = await importedPublicKey(eventId, 1, rawPublicKey());
    expect(after).not.toBe(before);
    expect(await importedPublicKey(randomUUID(), 1, rawPublicKey())).not.toBe(before);
  });

  it('forgets the least recently used import beyond its bound', async () => {
    const eventId = randomUUID();
    const raw = rawPublicKey();
    const kept = importedPublicKey(eventId, 1, raw);
    await Promise.all(Array.from({ length: 300 }, (_, i) => importedPublicKey(randomUUID(), i % 255, rawPublicKey())));
    expect(importedPublicKey(eventId, 1, raw)).not.toBe(kept);
  });

  it('does not keep a failed import', async () => {
    const eventId = randomUUID();
    const short = new Uint8Array(31);
    await expect(importedPublicKey(eventId, 1, short)).rejects.toThrow(RangeError);
    const again = importedPublicKey(eventId, 1, short);
    await expect(again).rejects.toThrow(RangeError);
    expect(importedPublicKey(eventId, 1, short)).not.toBe(again);
    await importedPublicKey(eventId, 1, short).catch(() => undefined);
  });
});
