import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CertificateFacts, decodeCertificate, encodeCertificate } from './certificate.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = (message: Uint8Array) => sign(null, message, privateKey);
const genuine = (decoded: ReturnType<typeof decodeCertificate>) =>
  decoded.ok && verify(null, decoded.message, publicKey, decoded.signature);

const facts: CertificateFacts = {
  keyId: 2,
  eventId: '11111111-2222-4333-8444-555555555555',
  ticketId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  issuedAt: new Date('2031-05-02T09:30:00Z'),
  minutes: 240,
  sessionIds: ['01234567-89ab-4cde-8f01-23456789abcd', 'fedcba98-7654-4321-8fed-cba987654321'],
  name: 'Søren Æblerød',
};

describe('certificate tokens', () => {
  it('carry the facts and a signature over them', async () => {
    const token = await encodeCertificate(facts, signer);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = decodeCertificate(token);
    expect(decoded.ok && decoded.facts).toEqual(facts);
    expect(genuine(decoded)).toBe(true);
  });

  it('fail the signature when any byte of the facts changes', async () => {
    const bytes = Buffer.from(await encodeCertificate(facts, signer), 'base64url');
    for (let i = 0; i < bytes.length - 64; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ 0x04;
      const decoded = decodeCertificate(altered.toString('base64url'));
      expect(genuine(decoded), `byte ${i}`).toBe(false);
    }
  });

  it('are malformed when cut short, padded or of another version', async () => {
    const token = await encodeCertificate(facts, signer);
    expect(decodeCertificate(token.slice(0, -3)).ok).toBe(false);
    expect(decodeCertificate(`${token}AAAA`).ok).toBe(false);
    const bytes = Buffer.from(token, 'base64url');
    bytes[0] = 2;
    expect(decodeCertificate(bytes.toString('base64url')).ok).toBe(false);
    expect(decodeCertificate('@@@').ok).toBe(false);
  });

  it('cut a very long name at a character boundary', async () => {
    const decoded = decodeCertificate(await encodeCertificate({ ...facts, name: 'Ø'.repeat(150) }, signer));
    expect(decoded.ok && decoded.facts.name).toBe('Ø'.repeat(100));
  });

  it('sign under their own domain, never as bare facts', async () => {
    const decoded = decodeCertificate(await encodeCertificate(facts, signer));
    if (!decoded.ok) throw new Error('malformed');
    expect(Buffer.from(decoded.message).toString('latin1')).toMatch(/^samspil\.certificate\.v1:/);
  });
});
