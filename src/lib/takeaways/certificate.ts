// The certificate of attendance's signed token, the pure part. The token is
// what the certificate's QR code and URL carry (/bevis/<token>): every fact
// the certificate states — event, ticket, name, minutes attended, the
// sessions — signed with the event's Ed25519 key, the same key that signs its
// tickets (src/lib/tickets/keys.server.ts), under a domain of its own so a
// certificate signature can never pass as a ticket code or the other way
// round. Nothing is stored: the verify page checks the signature against the
// event's public keys and shows the signed facts, so an altered PDF shows
// facts that differ from the page, and an altered token fails.
//
// Layout (bytes): version 1 | key id 1 | event 16 | ticket 16 | issued
// (unix s) 4 | minutes 2 | session count 1 | sessions 16·n | name length 1 |
// name (UTF-8) | signature 64. Base64url.

export const CERTIFICATE_VERSION = 1;
const DOMAIN = new TextEncoder().encode('samspil.certificate.v1:');
const SIGNATURE_BYTES = 64;
/** A day has far fewer; the cap keeps the QR code readable. */
export const CERTIFICATE_MAX_SESSIONS = 40;
const NAME_MAX_BYTES = 200;
const FIXED_BYTES = 1 + 1 + 16 + 16 + 4 + 2 + 1 + 1;
export const CERTIFICATE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{140,2000}$/;

export interface CertificateFacts {
  keyId: number;
  eventId: string;
  ticketId: string;
  issuedAt: Date;
  minutes: number;
  sessionIds: readonly string[];
  name: string;
}

export type CertificateSigner = (message: Uint8Array) => Uint8Array | Promise<Uint8Array>;
export type CertificateVerifier = (message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidToBytes(uuid: string): Uint8Array {
  if (!UUID.test(uuid)) throw new RangeError(`not a uuid: ${uuid}`);
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The name as signed: at most 200 UTF-8 bytes, cut at a character boundary. */
function nameBytes(name: string): Uint8Array {
  const encoder = new TextEncoder();
  let bytes = encoder.encode(name.normalize('NFC'));
  let cut = [...name.normalize('NFC')];
  while (bytes.length > NAME_MAX_BYTES) {
    cut = cut.slice(0, -1);
    bytes = encoder.encode(cut.join(''));
  }
  return bytes;
}

function body(facts: CertificateFacts): Uint8Array {
  const { keyId, minutes, sessionIds } = facts;
  if (!Number.isInteger(keyId) || keyId < 1 || keyId > 255) throw new RangeError(`key id ${keyId} is not 1–255`);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 0xffff) throw new RangeError(`minutes ${minutes}`);
  if (sessionIds.length > CERTIFICATE_MAX_SESSIONS) throw new RangeError(`${sessionIds.length} sessions`);
  const name = nameBytes(facts.name);
  const out = new Uint8Array(FIXED_BYTES + 16 * sessionIds.length + name.length);
  const view = new DataView(out.buffer);
  let at = 0;
  view.setUint8(at++, CERTIFICATE_VERSION);
  view.setUint8(at++, keyId);
  out.set(uuidToBytes(facts.eventId), at);
  at += 16;
  out.set(uuidToBytes(facts.ticketId), at);
  at += 16;
  view.setUint32(at, Math.floor(facts.issuedAt.getTime() / 1000));
  at += 4;
  view.setUint16(at, minutes);
  at += 2;
  view.setUint8(at++, sessionIds.length);
  for (const id of sessionIds) {
    out.set(uuidToBytes(id), at);
    at += 16;
  }
  view.setUint8(at++, name.length);
  out.set(name, at);
  return out;
}

function signedMessage(bodyBytes: Uint8Array): Uint8Array {
  const message = new Uint8Array(DOMAIN.length + bodyBytes.length);
  message.set(DOMAIN, 0);
  message.set(bodyBytes, DOMAIN.length);
  return message;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The token for a certificate: its facts and their signature. */
export async function encodeCertificate(facts: CertificateFacts, sign: CertificateSigner): Promise<string> {
  const bodyBytes = body(facts);
  const signature = await sign(signedMessage(bodyBytes));
  if (signature.length !== SIGNATURE_BYTES) throw new Error(`an Ed25519 signature has 64 bytes`);
  const token = new Uint8Array(bodyBytes.length + SIGNATURE_BYTES);
  token.set(bodyBytes, 0);
  token.set(signature, bodyBytes.length);
  return toBase64Url(token);
}

export type DecodedCertificate =
  { ok: true; facts: CertificateFacts; message: Uint8Array; signature: Uint8Array } | { ok: false; code: 'malformed' };

/** Reads a token without trusting it: the facts, and what to verify. */
export function decodeCertificate(token: string): DecodedCertificate {
  const malformed = { ok: false, code: 'malformed' } as const;
  if (!CERTIFICATE_TOKEN_PATTERN.test(token)) return malformed;
  const bytes = fromBase64Url(token);
  if (!bytes || bytes.length < FIXED_BYTES + SIGNATURE_BYTES) return malformed;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  if (view.getUint8(at++) !== CERTIFICATE_VERSION) return malformed;
  const keyId = view.getUint8(at++);
  const eventId = bytesToUuid(bytes.subarray(at, at + 16));
  at += 16;
  const ticketId = bytesToUuid(bytes.subarray(at, at + 16));
  at += 16;
  const issuedAt = new Date(view.getUint32(at) * 1000);
  at += 4;
  const minutes = view.getUint16(at);
  at += 2;
  const count = view.getUint8(at++);
  if (count > CERTIFICATE_MAX_SESSIONS || bytes.length < FIXED_BYTES + 16 * count + SIGNATURE_BYTES) return malformed;
  const sessionIds: string[] = [];
  for (let i = 0; i < count; i++) {
    sessionIds.push(bytesToUuid(bytes.subarray(at, at + 16)));
    at += 16;
  }
  const nameLength = view.getUint8(at++);
  if (bytes.length !== at + nameLength + SIGNATURE_BYTES) return malformed;
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + nameLength));
  } catch {
    return malformed;
  }
  at += nameLength;
  return {
    ok: true,
    facts: { keyId, eventId, ticketId, issuedAt, minutes, sessionIds, name },
    message: signedMessage(bytes.subarray(0, at)),
    signature: bytes.slice(at),
  };
}
