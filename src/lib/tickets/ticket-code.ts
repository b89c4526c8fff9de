// Ticket codes: the string in a ticket's QR code. An Ed25519-signed payload
// (event, ticket, key, revision, validity) that a check-in device verifies
// offline with the event's public key. Pure: no I/O, runs in Node and in the
// browser (WebCrypto Ed25519), so the server and the scanner share one verifier.
//
// Format v1, 154 characters: "S" (a Samspil ticket), the version as one
// Crockford base32 digit ("1"), then 95 bytes in Crockford base32 (152
// characters, no padding):
//
//   offset  size  field
//        0     4  event tag: FNV-1a 32 of the event id (names the event for the reason code only)
//        4     1  key id: the event's signing key, 1–255
//        5    16  ticket id (UUID)
//       21     2  revision: re-issuing a ticket bumps it, which revokes older codes
//       23     4  not before, Unix seconds
//       27     4  not after, Unix seconds
//       31    64  Ed25519 signature over DOMAIN ‖ event id (16 bytes) ‖ bytes 0–30
//
// Base32 uses only digits and upper-case letters, so the QR code is in
// alphanumeric mode (5.5 bits a character) and 154 characters fit a version 6
// symbol (41×41 modules) at error correction M. Unlike base45 it has no space,
// "%", "/" or "+": the code is safe in a URL, and a keyboard-wedge scanner types
// it correctly whatever the keyboard layout. The full event id is signed
// although only its 4-byte tag travels, so a signature binds the whole id.

export const TICKET_CODE_VERSION = 1;
export const TICKET_CODE_LENGTH = 154;

export type TicketCodeErrorCode =
  | 'malformed'
  | 'unsupported_version'
  | 'bad_signature'
  | 'unknown_key'
  | 'wrong_event'
  | 'not_yet_valid'
  | 'expired'
  | 'revoked';

/** Errors found before the signature is known to be good: nothing in the code can be trusted. */
export type UntrustedCodeError = 'malformed' | 'unsupported_version' | 'wrong_event' | 'unknown_key' | 'bad_signature';
/** Errors about an authentic code: the ticket it names is known. */
export type AuthenticCodeError = 'revoked' | 'not_yet_valid' | 'expired';

export interface TicketPayload {
  eventId: string;
  ticketId: string;
  /** The event signing key's id, 1–255. */
  keyId: number;
  /** 0–65535; a verifier rejects codes older than the ticket's current revision. */
  revision: number;
  notBefore: Date;
  notAfter: Date;
}

/** What a code says, unverified. */
export interface DecodedTicketCode {
  version: typeof TICKET_CODE_VERSION;
  /** FNV-1a 32 of the event id's 16 bytes; see `eventTagOf`. */
  eventTag: number;
  keyId: number;
  ticketId: string;
  revision: number;
  notBefore: Date;
  notAfter: Date;
  signature: Uint8Array;
}

export interface VerifiedTicket {
  eventId: string;
  ticketId: string;
  keyId: number;
  revision: number;
  notBefore: Date;
  notAfter: Date;
}

export type DecodeTicketCodeResult =
  { ok: true; ticket: DecodedTicketCode } | { ok: false; code: 'malformed' | 'unsupported_version' };

export type VerifyTicketCodeResult =
  | { ok: true; ticket: VerifiedTicket }
  | { ok: false; code: UntrustedCodeError }
  | { ok: false; code: AuthenticCodeError; ticket: VerifiedTicket };

/** A public key as raw 32 bytes (imported once and cached) or already imported for Ed25519 verify. */
export type TicketPublicKey = Uint8Array | CryptoKey;

/**
 * Per ticket id (lower-case UUID): its current revision, or 'revoked' when no
 * code for it is valid any more (cancelled). A ticket that is not listed is
 * accepted on its signature; a revision above the listed one too (the list is
 * older than the code).
 */
export type TicketRevocations = ReadonlyMap<string, number | 'revoked'>;

export interface VerifyTicketCodeOptions {
  eventId: string;
  publicKeys: ReadonlyMap<number, TicketPublicKey>;
  now: Date;
  revokedOrCurrentRevisions: TicketRevocations;
}

/** Signs the message with the event's Ed25519 private key; returns the 64-byte signature. */
export type TicketSigner = (message: Uint8Array) => Uint8Array | Promise<Uint8Array>;

const MARKER = 'S';
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = MARKER + ALPHABET[TICKET_CODE_VERSION]!;
const BODY_BYTES = 95;
const SIGNED_BYTES = 31;
const SIGNATURE_BYTES = 64;
const DOMAIN = new TextEncoder().encode('samspil.ticket.S1:');
const MAX_U32 = 0xffff_ffff;
/** Any version carries a 64-byte signature (103 base32 characters) after its two-character prefix. */
const MIN_CODE_LENGTH = 2 + Math.ceil((SIGNATURE_BYTES * 8) / 5);

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

// ── Encoding ───────────────────────────────────────────────────────────────

export async function encodeTicketCode(payload: TicketPayload, sign: TicketSigner): Promise<string> {
  const { keyId, revision } = payload;
  if (!Number.isInteger(keyId) || keyId < 1 || keyId > 255) throw new RangeError(`key id ${keyId} is not 1–255`);
  if (!Number.isInteger(revision) || revision < 0 || revision > 0xffff) {
    throw new RangeError(`revision ${revision} is not 0–65535`);
  }
  const notBefore = Math.floor(payload.notBefore.getTime() / 1000);
  const notAfter = Math.ceil(payload.notAfter.getTime() / 1000);
  if (!(notBefore >= 0 && notAfter <= MAX_U32 && notBefore <= notAfter)) {
    throw new RangeError('validity must be an ordered window between 1970 and 2106');
  }
  const eventBytes = uuidToBytes(payload.eventId);

  const body = new Uint8Array(BODY_BYTES);
  const view = new DataView(body.buffer);
  view.setUint32(0, eventTagOfBytes(eventBytes));
  view.setUint8(4, keyId);
  body.set(uuidToBytes(payload.ticketId), 5);
  view.setUint16(21, revision);
  view.setUint32(23, notBefore);
  view.setUint32(27, notAfter);

  const signature = await sign(signedMessage(eventBytes, body));
  if (signature.length !== SIGNATURE_BYTES) {
    throw new Error(`an Ed25519 signature has 64 bytes, not ${signature.length}`);
  }
  body.set(signature, SIGNED_BYTES);
  return PREFIX + base32Encode(body);
}

// ── Decoding (no trust) ────────────────────────────────────────────────────

export function decodeTicketCode(code: string): DecodeTicketCodeResult {
  const parsed = parse(code);
  if (!parsed.ok) return parsed;
  const { body } = parsed;
  const view = new DataView(body.buffer);
  return {
    ok: true,
    ticket: {
      version: TICKET_CODE_VERSION,
      eventTag: view.getUint32(0),
      keyId: view.getUint8(4),
      ticketId: bytesToUuid(body, 5),
      revision: view.getUint16(21),
      notBefore: new Date(view.getUint32(23) * 1000),
      notAfter: new Date(view.getUint32(27) * 1000),
      signature: body.slice(SIGNED_BYTES),
    },
  };
}

function parse(
  code: string,
): { ok: true; body: Uint8Array<ArrayBuffer> } | { ok: false; code: 'malformed' | 'unsupported_version' } {
  if (typeof code !== 'string' || code.length < 2 || code[0] !== MARKER) return { ok: false, code: 'malformed' };
  const version = digitAt(code, 1);
  if (version < 0) return { ok: false, code: 'malformed' };
  if (version !== TICKET_CODE_VERSION) {
    // Another version of our format: the marker, then base32 long enough to
    // carry a signature. Short or mixed strings that merely start with "S"
    // (an "SMSTO:" QR code, a word) are someone else's.
    return code.length >= MIN_CODE_LENGTH && isAllBase32(code)
      ? { ok: false, code: 'unsupported_version' }
      : { ok: false, code: 'malformed' };
  }
  if (code.length !== TICKET_CODE_LENGTH) return { ok: false, code: 'malformed' };
  const body = base32Decode(code, PREFIX.length, BODY_BYTES);
  return body ? { ok: true, body } : { ok: false, code: 'malformed' };
}

function digitAt(text: string, index: number): number {
  const charCode = text.charCodeAt(index);
  return charCode < 128 ? DECODE[charCode]! : -1;
}

function isAllBase32(text: string): boolean {
  for (let i = 1; i < text.length; i++) if (digitAt(text, i) < 0) return false;
  return true;
}

// ── Verification ───────────────────────────────────────────────────────────

/**
 * The verdict on a scanned code, for one event. Checks, in order: format,
 * version, event, key, signature, then (trusting the code) revocation and the
 * validity window. Any string gets a verdict; it throws only when the options
 * are wrong (an event id that is not a UUID, a key that is not Ed25519) or
 * WebCrypto has no Ed25519 here (see `canVerifyTicketCodesHere`).
 */
export async function verifyTicketCode(
  code: string,
  options: VerifyTicketCodeOptions,
): Promise<VerifyTicketCodeResult> {
  const parsed = parse(code);
  if (!parsed.ok) return parsed;
  const { body } = parsed;
  const view = new DataView(body.buffer);

  const event = eventFacts(options.eventId);
  if (view.getUint32(0) !== event.tag) return { ok: false, code: 'wrong_event' };
  const keyId = view.getUint8(4);
  const key = options.publicKeys.get(keyId);
  if (key === undefined) return { ok: false, code: 'unknown_key' };

  const message = signedMessage(event.bytes, body);
  if (!(await verifySignature(key, body.subarray(SIGNED_BYTES), message))) return { ok: false, code: 'bad_signature' };

  const ticket: VerifiedTicket = {
    eventId: event.id,
    ticketId: bytesToUuid(body, 5),
    keyId,
    revision: view.getUint16(21),
    notBefore: new Date(view.getUint32(23) * 1000),
    notAfter: new Date(view.getUint32(27) * 1000),
  };
  const current = options.revokedOrCurrentRevisions.get(ticket.ticketId);
  if (current === 'revoked' || (current !== undefined && ticket.revision < current)) {
    return { ok: false, code: 'revoked', ticket };
  }
  const now = options.now.getTime();
  if (now < ticket.notBefore.getTime()) return { ok: false, code: 'not_yet_valid', ticket };
  if (now > ticket.notAfter.getTime()) return { ok: false, code: 'expired', ticket };
  return { ok: true, ticket };
}

/** Imports a raw 32-byte Ed25519 public key for `verifyTicketCode`. */
export async function importTicketPublicKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new RangeError(`an Ed25519 public key has 32 bytes, not ${raw.length}`);
  return subtle().importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, ['verify']);
}

// The public key of RFC 8032's first test vector.
const RFC8032_TEST_KEY = Uint8Array.from(
  'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'.match(/../g)!,
  (hex) => parseInt(hex, 16),
);

const imported = new WeakMap<Uint8Array, Promise<CryptoKey>>();

async function verifySignature(
  key: TicketPublicKey,
  signature: Uint8Array<ArrayBuffer>,
  message: Uint8Array<ArrayBuffer>,
) {
  let cryptoKey: CryptoKey;
  if (key instanceof Uint8Array) {
    let pending = imported.get(key);
    if (!pending) {
      pending = importTicketPublicKey(key);
      imported.set(key, pending);
    }
    cryptoKey = await pending;
  } else {
    cryptoKey = key;
  }
  if (cryptoKey.algorithm.name !== 'Ed25519') throw new TypeError(`not an Ed25519 key: ${cryptoKey.algorithm.name}`);
  try {
    return await subtle().verify({ name: 'Ed25519' }, cryptoKey, signature, message);
  } catch {
    // Some engines reject a signature that is not a valid encoding instead of returning false.
    return false;
  }
}

/**
 * Whether this browser can verify codes offline: WebCrypto Ed25519 is in
 * Chrome and Edge 137+, Firefox 129+, Safari 17+ and Node 22+, on HTTPS or
 * localhost. Where it is not, a check-in device verifies online.
 */
export async function canVerifyTicketCodesHere(): Promise<boolean> {
  try {
    await importTicketPublicKey(RFC8032_TEST_KEY);
    return true;
  } catch {
    return false;
  }
}

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto is unavailable here (browsers offer it on HTTPS and localhost only)');
  return api;
}

function signedMessage(eventBytes: Uint8Array, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const message = new Uint8Array(DOMAIN.length + 16 + SIGNED_BYTES);
  message.set(DOMAIN, 0);
  message.set(eventBytes, DOMAIN.length);
  message.set(body.subarray(0, SIGNED_BYTES), DOMAIN.length + 16);
  return message;
}

// A scanner verifies thousands of codes for one event: keep its facts.
let lastEvent: { given: string; id: string; bytes: Uint8Array; tag: number } | undefined;

function eventFacts(eventId: string) {
  if (lastEvent?.given !== eventId) {
    const bytes = uuidToBytes(eventId);
    lastEvent = { given: eventId, id: eventId.toLowerCase(), bytes, tag: eventTagOfBytes(bytes) };
  }
  return lastEvent;
}

// ── Helpers ────────────────────────────────────────────────────────────────

/** The 32-bit tag a code carries for its event (FNV-1a over the UUID's 16 bytes). */
export function eventTagOf(eventId: string): number {
  return eventTagOfBytes(uuidToBytes(eventId));
}

function eventTagOfBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

/**
 * A code as typed or read by a keyboard-wedge scanner, made canonical: no
 * spaces or hyphens, upper case, and Crockford's look-alikes (O → 0, I and
 * L → 1). Scanned QR codes need none of this; `verifyTicketCode` itself is strict.
 */
export function normaliseTicketCode(input: string): string {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  return compact.slice(0, 1) + compact.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1');
}

function uuidToBytes(uuid: string): Uint8Array<ArrayBuffer> {
  if (!UUID_PATTERN.test(uuid)) throw new TypeError(`not a UUID: ${uuid}`);
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToUuid(bytes: Uint8Array, offset: number): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[offset + i]!];
  }
  return out;
}

/** Crockford base32, most significant bit first, no padding characters. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Exactly `length` bytes from `text` starting at `start`, or null when a
 * character is not in the alphabet or the unused low bits of the last
 * character are not zero (so each byte string has exactly one code).
 */
export function base32Decode(text: string, start: number, length: number): Uint8Array<ArrayBuffer> | null {
  if (text.length - start !== Math.ceil((length * 8) / 5)) return null;
  const out = new Uint8Array(length);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = start; i < text.length; i++) {
    const value = digitAt(text, i);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (index < length) out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
