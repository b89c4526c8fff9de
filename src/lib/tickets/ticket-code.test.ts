import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  canVerifyTicketCodesHere,
  decodeTicketCode,
  encodeTicketCode,
  eventTagOf,
  importTicketPublicKey,
  normaliseTicketCode,
  TICKET_CODE_LENGTH,
  type TicketCodeErrorCode,
  type TicketPayload,
  type TicketPublicKey,
  type TicketSigner,
  verifyTicketCode,
  type VerifyTicketCodeOptions,
} from './ticket-code.ts';

const EVENT = '6f1c2a4e-9b3d-4c5e-8f70-112233445566';
const OTHER_EVENT = '0a9b8c7d-6e5f-4a3b-9c2d-aabbccddeeff';
const TICKET = '3b241101-e2bb-4255-8caf-4136c566a962';
const NOW = new Date('2030-05-02T09:30:00Z');
const DOORS = new Date('2030-05-01T06:00:00Z');
const CLOSE = new Date('2030-05-03T06:00:00Z');
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_PATTERN = /^S1[0-9A-HJKMNP-TV-Z]{152}$/;
const BODY_CHARS = 152;

interface KeyPair {
  signer: TicketSigner;
  publicKey: Uint8Array;
}

async function keyPair(): Promise<KeyPair> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const signer: TicketSigner = async (message) =>
    new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new Uint8Array(message)));
  return { signer, publicKey };
}

/** Event A's keys 1–3 (registered), a rogue key nobody registered, and event B's key 1. */
let keys: { a1: KeyPair; a2: KeyPair; a3: KeyPair; rogue: KeyPair; b1: KeyPair };
let publicKeys: Map<number, TicketPublicKey>;
const signerFor = (keyId: number) => [keys.a1, keys.a2, keys.a3][keyId - 1]!.signer;

beforeAll(async () => {
  keys = { a1: await keyPair(), a2: await keyPair(), a3: await keyPair(), rogue: await keyPair(), b1: await keyPair() };
  publicKeys = new Map<number, TicketPublicKey>([
    [1, keys.a1.publicKey],
    [2, await importTicketPublicKey(keys.a2.publicKey)],
    [3, keys.a3.publicKey],
  ]);
});

const payload = (overrides: Partial<TicketPayload> = {}): TicketPayload => ({
  eventId: EVENT,
  ticketId: TICKET,
  keyId: 1,
  revision: 0,
  notBefore: DOORS,
  notAfter: CLOSE,
  ...overrides,
});

const options = (overrides: Partial<VerifyTicketCodeOptions> = {}): VerifyTicketCodeOptions => ({
  eventId: EVENT,
  publicKeys,
  now: NOW,
  revokedOrCurrentRevisions: new Map(),
  ...overrides,
});

async function verdict(code: string, overrides: Partial<VerifyTicketCodeOptions> = {}) {
  const result = await verifyTicketCode(code, options(overrides));
  return result.ok ? 'ok' : result.code;
}

/** Body bytes of a well-formed code, and back. */
const bodyOf = (code: string) => base32Decode(code, 2, 95)!;
const codeOf = (body: Uint8Array) => 'S1' + base32Encode(body);

describe('encodeTicketCode and decodeTicketCode', () => {
  it('round-trip a payload into 154 characters of digits and upper-case letters', async () => {
    const code = await encodeTicketCode(payload({ keyId: 2, revision: 7 }), signerFor(2));

    expect(code).toMatch(CODE_PATTERN);
    expect(code).toHaveLength(TICKET_CODE_LENGTH);
    const decoded = decodeTicketCode(code);
    expect(decoded.ok && { ...decoded.ticket, signature: decoded.ticket.signature.length }).toEqual({
      version: 1,
      eventTag: eventTagOf(EVENT),
      keyId: 2,
      ticketId: TICKET,
      revision: 7,
      notBefore: DOORS,
      notAfter: CLOSE,
      signature: 64,
    });
  });

  it('round-trip any payload and verify it', async () => {
    const uuid = fc.uuid().map((id) => id.toLowerCase());
    const second = fc.integer({ min: 0, max: 0xffff_ffff });
    await fc.assert(
      fc.asyncProperty(
        uuid,
        uuid,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 0xffff }),
        second,
        second,
        async (eventId, ticketId, keyId, revision, a, b) => {
          const [from, until] = [Math.min(a, b), Math.max(a, b)].map((s) => new Date(s * 1000)) as [Date, Date];
          const input = { eventId, ticketId, keyId, revision, notBefore: from, notAfter: until };
          const code = await encodeTicketCode(input, signerFor(keyId));
          expect(code).toMatch(CODE_PATTERN);
          const decoded = decodeTicketCode(code);
          expect(decoded.ok && decoded.ticket).toMatchObject({ ticketId, keyId, revision, notBefore: from });
          const result = await verifyTicketCode(code, options({ eventId, now: from }));
          expect(result).toEqual({
            ok: true,
            ticket: { eventId, ticketId, keyId, revision, notBefore: from, notAfter: until },
          });
        },
      ),
      { numRuns: 200 },
    );
  }, 30_000);

  it('give the same code for the same payload and key (Ed25519 is deterministic), so a code can be rebuilt', async () => {
    expect(await encodeTicketCode(payload(), signerFor(1))).toBe(await encodeTicketCode(payload(), signerFor(1)));
  });

  it('keep the validity window whole when times carry milliseconds', async () => {
    const code = await encodeTicketCode(
      payload({ notBefore: new Date('2030-05-01T06:00:00.900Z'), notAfter: new Date('2030-05-03T06:00:00.100Z') }),
      signerFor(1),
    );
    const decoded = decodeTicketCode(code);
    expect(decoded.ok && [decoded.ticket.notBefore, decoded.ticket.notAfter]).toEqual([
      new Date('2030-05-01T06:00:00Z'),
      new Date('2030-05-03T06:00:01Z'),
    ]);
  });

  it.each([
    ['a key id of 0', { keyId: 0 }],
    ['a key id over 255', { keyId: 256 }],
    ['a negative revision', { revision: -1 }],
    ['a revision over 65535', { revision: 65_536 }],
    ['a window that ends before it starts', { notBefore: CLOSE, notAfter: DOORS }],
    ['a time after 2106', { notAfter: new Date('2107-01-01T00:00:00Z') }],
    ['an event id that is not a UUID', { eventId: 'velfaerdens-innovationsdag' }],
    ['a ticket id that is not a UUID', { ticketId: '12345' }],
  ])('refuse to encode %s', async (_, overrides) => {
    await expect(encodeTicketCode(payload(overrides), signerFor(1))).rejects.toThrow();
  });

  it('refuse a signer that does not return 64 bytes', async () => {
    await expect(encodeTicketCode(payload(), () => new Uint8Array(32))).rejects.toThrow(/64 bytes/);
  });

  it('decode only our own format', () => {
    expect(decodeTicketCode('https://example.org/')).toEqual({ ok: false, code: 'malformed' });
    expect(decodeTicketCode('S2' + '0'.repeat(BODY_CHARS))).toEqual({ ok: false, code: 'unsupported_version' });
  });
});

describe('verifyTicketCode', () => {
  let valid: string;
  beforeAll(async () => {
    valid = await encodeTicketCode(payload({ revision: 3 }), signerFor(1));
  });

  it('accepts a valid code and names the ticket', async () => {
    expect(await verifyTicketCode(valid, options())).toEqual({
      ok: true,
      ticket: { eventId: EVENT, ticketId: TICKET, keyId: 1, revision: 3, notBefore: DOORS, notAfter: CLOSE },
    });
  });

  it('accepts the ends of the validity window and rejects the instant outside each', async () => {
    expect(await verdict(valid, { now: DOORS })).toBe('ok');
    expect(await verdict(valid, { now: CLOSE })).toBe('ok');
    expect(await verdict(valid, { now: new Date(DOORS.getTime() - 1) })).toBe('not_yet_valid');
    expect(await verdict(valid, { now: new Date(CLOSE.getTime() + 1) })).toBe('expired');
  });

  it('rejects a code older than the ticket’s current revision, and any code of a revoked ticket', async () => {
    const revisions = (state: number | 'revoked') => ({ revokedOrCurrentRevisions: new Map([[TICKET, state]]) });
    expect(await verdict(valid, revisions(3))).toBe('ok');
    expect(await verdict(valid, revisions(2))).toBe('ok');
    expect(await verdict(valid, revisions(4))).toBe('revoked');
    expect(await verdict(valid, revisions('revoked'))).toBe('revoked');
  });

  it('names the ticket of an authentic but unusable code, so the scanner can show whose it is', async () => {
    const result = await verifyTicketCode(valid, options({ now: new Date('2031-01-01T00:00:00Z') }));
    expect(result).toMatchObject({ ok: false, code: 'expired', ticket: { ticketId: TICKET, revision: 3 } });
  });

  it('tells another event’s code from a forgery', async () => {
    const otherEvents = await encodeTicketCode(payload({ eventId: OTHER_EVENT }), keys.b1.signer);
    expect(await verdict(otherEvents)).toBe('wrong_event');
    expect(await verdict(otherEvents, { eventId: OTHER_EVENT, publicKeys: new Map([[1, keys.b1.publicKey]]) })).toBe(
      'ok',
    );
  });

  it('runs on WebCrypto here (Node 22+; the check-in app asks the same in the browser)', async () => {
    expect(await canVerifyTicketCodesHere()).toBe(true);
  });

  it('refuses a key that is not an Ed25519 public key rather than calling every code forged', async () => {
    const ecdsa = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify', 'sign']))
      .publicKey;
    await expect(verifyTicketCode(valid, options({ publicKeys: new Map([[1, ecdsa]]) }))).rejects.toThrow(TypeError);
    await expect(verifyTicketCode(valid, options({ publicKeys: new Map([[1, new Uint8Array(31)]]) }))).rejects.toThrow(
      RangeError,
    );
  });

  it('accepts an upper-case event id', async () => {
    expect(await verdict(valid, { eventId: EVENT.toUpperCase() })).toBe('ok');
  });

  it('never throws and never accepts arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...ALPHABET, 'S') })), async (text) => {
        const result = await verifyTicketCode(text, options());
        expect(result.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  }, 30_000);
});

describe('normaliseTicketCode', () => {
  it('undoes what typing and keyboard-wedge scanners do to a code, and nothing else', async () => {
    const code = await encodeTicketCode(payload(), signerFor(1));
    const typed = `  ${code.slice(0, 40).toLowerCase()}-${code.slice(40, 100)} ${code.slice(100)}\r\n`;
    expect(normaliseTicketCode(typed)).toBe(code);
    expect(normaliseTicketCode('so1l-i')).toBe('S0111');
  });
});

// ── 10,000 mutated, foreign and valid codes ──────────────────────────────────

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  return { int, pick, uuid };
}

interface Case {
  kind: string;
  code: string;
  expected: TicketCodeErrorCode | 'ok';
  revisions?: Map<string, number | 'revoked'>;
}

/** What a change to the body bytes must be reported as, by the field it touches (in the verifier's order). */
function expectedForBodyChange(original: Uint8Array, changed: Uint8Array): TicketCodeErrorCode {
  const touched = (from: number, to: number) => original.slice(from, to).some((byte, i) => byte !== changed[from + i]);
  if (touched(0, 4)) return 'wrong_event';
  if (touched(4, 5)) return publicKeys.has(changed[4]!) ? 'bad_signature' : 'unknown_key';
  return 'bad_signature';
}

const OTHER_SYSTEMS = [
  '',
  ' ',
  'S',
  'S1',
  'https://samspil.dk/velfaerdens-innovationsdag-2027/billet/3b241101',
  'HTTPS://EXAMPLE.ORG/TICKET/3B241101E2BB42558CAF4136C566A962',
  'http://pretix.eu/demo/conf/ticket/ABCDEFGHJKMNPQRS',
  '5701234567892',
  '57012345',
  '036000291452',
  '(01)05701234567892(10)ABC123',
  'HC1:6BFOXN%TSMAHN-H6SKJPT.-7G2TZ97+Q6P/4HX0CQ3',
  'WIFI:S:Oeksnehallen;T:WPA;P:hemmelig;;',
  'SMSTO:+4512345678:Hej',
  'BEGIN:VCARD\nVERSION:3.0\nFN:Tale Talersen\nEND:VCARD',
  '{"ticket":"3b241101-e2bb-4255-8caf-4136c566a962"}',
  '3b241101-e2bb-4255-8caf-4136c566a962',
  'k3xq7hnd9lmw4b8c2vjp6rs5tf0gyz1a',
  'SKAT',
  'STOP',
];

/** A valid 13-digit EAN with its check digit (EAN-13 and GLN), like the invoicing numbers attendees carry. */
function ean13(r: ReturnType<typeof random>): string {
  const digits = Array.from({ length: 12 }, () => r.int(0, 9));
  const sum = digits.reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 1 : 3), 0);
  return digits.join('') + ((10 - (sum % 10)) % 10);
}

async function buildCases(): Promise<Case[]> {
  const r = random(20_261_123);
  const cases: Case[] = [];
  const base: { code: string; body: Uint8Array; ticketId: string; revision: number }[] = [];
  for (let i = 0; i < 40; i++) {
    const keyId = r.int(1, 3);
    const ticketId = r.uuid();
    const revision = r.int(0, 5);
    const code = await encodeTicketCode(payload({ ticketId, keyId, revision }), signerFor(keyId));
    base.push({ code, body: bodyOf(code), ticketId, revision });
  }
  const add = (count: number, kind: string, make: () => Omit<Case, 'kind'>) => {
    for (let i = 0; i < count; i++) cases.push({ kind, ...make() });
  };
  const flipBit = (body: Uint8Array, from: number, to: number) => {
    const changed = body.slice();
    changed[r.int(from, to)]! ^= 1 << r.int(0, 7);
    return changed;
  };

  add(2400, 'bit flip in the signature', () => {
    const { body } = r.pick(base);
    return { code: codeOf(flipBit(body, 31, 94)), expected: 'bad_signature' };
  });

  add(2400, 'bit flip in the payload', () => {
    const { body } = r.pick(base);
    const changed = flipBit(body, 0, 30);
    return { code: codeOf(changed), expected: expectedForBodyChange(body, changed) };
  });

  const substitutes = [...ALPHABET, ...'ILOUabcxyz+-./:% $*\n\u00e6\u00f8'];
  add(1200, 'one character replaced', () => {
    const { code, body } = r.pick(base);
    const at = r.int(0, code.length - 1);
    const by = r.pick(substitutes.filter((char) => char !== code[at]));
    const mutated = code.slice(0, at) + by + code.slice(at + 1);
    let expected: TicketCodeErrorCode;
    if (at === 0) expected = 'malformed';
    else if (at === 1) expected = ALPHABET.includes(by) ? 'unsupported_version' : 'malformed';
    else if (!ALPHABET.includes(by)) expected = 'malformed';
    else expected = expectedForBodyChange(body, bodyOf(mutated));
    return { code: mutated, expected };
  });

  add(700, 'truncated', () => {
    const { code } = r.pick(base);
    return r.int(0, 3) === 0
      ? { code: code.slice(0, r.int(0, code.length - 1)), expected: 'malformed' }
      : { code: code.slice(0, r.int(140, code.length - 1)), expected: 'malformed' };
  });

  add(700, 'extra characters', () => {
    const { code } = r.pick(base);
    const extra = Array.from({ length: r.int(1, 4) }, () => r.pick([...ALPHABET, ' ', '\n', '\r', '\t', '0'])).join('');
    const where = r.int(0, 2);
    const mutated =
      where === 0
        ? code + extra
        : where === 1
          ? ' '.repeat(r.int(1, 2)) + code
          : code.slice(0, 80) + extra + code.slice(80);
    return { code: mutated, expected: 'malformed' };
  });

  // A key this event does not have, used under one of its key ids or another id.
  const forged: Case[] = [];
  for (let i = 0; i < 50; i++) {
    const keyId = r.pick([1, 2, 3, 9, 200]);
    const code = await encodeTicketCode(payload({ ticketId: r.uuid(), keyId }), keys.rogue.signer);
    forged.push({ kind: 'wrong key', code, expected: publicKeys.has(keyId) ? 'bad_signature' : 'unknown_key' });
  }
  add(500, 'wrong key', () => r.pick(forged));

  const otherEvent: Case[] = [];
  for (let i = 0; i < 40; i++) {
    const code = await encodeTicketCode(payload({ eventId: OTHER_EVENT, ticketId: r.uuid() }), keys.b1.signer);
    otherEvent.push({ kind: 'wrong event', code, expected: 'wrong_event' });
    // Our event's tag on a code signed by another event's key, over that event's id.
    const body = bodyOf(code);
    new DataView(body.buffer).setUint32(0, eventTagOf(EVENT));
    otherEvent.push({ kind: 'wrong event', code: codeOf(body), expected: 'bad_signature' });
  }
  add(500, 'wrong event', () => r.pick(otherEvent));

  add(300, 'wrong version', () => {
    const { code } = r.pick(base);
    const version = r.pick([...ALPHABET.slice(0, 1), ...ALPHABET.slice(2), 'i', 'l', '!']);
    return {
      code: 'S' + version + code.slice(2),
      expected: ALPHABET.includes(version) ? 'unsupported_version' : 'malformed',
    };
  });

  add(300, "another system's QR code", () => ({
    code: r.int(0, 1) === 0 ? r.pick(OTHER_SYSTEMS) : ean13(r),
    expected: 'malformed',
  }));

  // Authentic codes the day no longer accepts.
  const late: Case[] = [];
  for (let i = 0; i < 20; i++) {
    const ticketId = r.uuid();
    const keyId = r.int(1, 3);
    const early = await encodeTicketCode(
      payload({
        ticketId,
        keyId,
        notBefore: new Date('2030-06-01T00:00:00Z'),
        notAfter: new Date('2030-06-02T00:00:00Z'),
      }),
      signerFor(keyId),
    );
    const old = await encodeTicketCode(
      payload({
        ticketId,
        keyId,
        notBefore: new Date('2029-01-01T00:00:00Z'),
        notAfter: new Date('2029-01-02T00:00:00Z'),
      }),
      signerFor(keyId),
    );
    const reissued = await encodeTicketCode(payload({ ticketId, keyId, revision: 1 }), signerFor(keyId));
    late.push({ kind: 'not yet valid', code: early, expected: 'not_yet_valid' });
    late.push({ kind: 'expired', code: old, expected: 'expired' });
    late.push({ kind: 'revoked', code: reissued, expected: 'revoked', revisions: new Map([[ticketId, 2]]) });
    late.push({ kind: 'revoked', code: reissued, expected: 'revoked', revisions: new Map([[ticketId, 'revoked']]) });
  }
  add(300, 'authentic but not accepted now', () => r.pick(late));

  add(700, 'valid', () => {
    const { code, ticketId, revision } = r.pick(base);
    const listed = r.int(0, 2);
    const revisions =
      listed === 0 ? new Map() : new Map([[ticketId, listed === 1 ? revision : Math.max(0, revision - 1)]]);
    return { code, expected: 'ok', revisions };
  });

  return cases;
}

// About 1.5 s on two idle cores; the timeout leaves room for a busy CI machine.
describe('10,000 mutated, foreign and valid codes', () => {
  it('are each rejected with the right reason, and the valid ones accepted', async () => {
    const cases = await buildCases();
    expect(cases).toHaveLength(10_000);

    const outcomes = await Promise.all(
      cases.map(async (c) => ({
        ...c,
        actual: await verdict(c.code, { revokedOrCurrentRevisions: c.revisions ?? new Map() }),
      })),
    );

    const wrong = outcomes.filter((o) => o.actual !== o.expected);
    expect(wrong.slice(0, 5).map(({ kind, code, expected, actual }) => ({ kind, code, expected, actual }))).toEqual([]);
    const tally: Record<string, number> = {};
    for (const { actual } of outcomes) tally[actual] = (tally[actual] ?? 0) + 1;
    // Every reason occurs, and only the 700 valid codes pass.
    expect(Object.keys(tally).sort()).toEqual(
      [
        'bad_signature',
        'expired',
        'malformed',
        'not_yet_valid',
        'ok',
        'revoked',
        'unknown_key',
        'unsupported_version',
        'wrong_event',
      ].sort(),
    );
    expect(tally['ok']).toBe(700);
  }, 30_000);
});
