// `npm run bench:tickets`: how fast Node verifies ticket codes offline, the
// way a check-in device does (WebCrypto Ed25519, the same verifier module),
// one scan at a time and many at once; and, for comparison, how fast the
// server signs them. The browser figure comes with the check-in benchmark.
import { generateKeyPairSync, sign } from 'node:crypto';
import os from 'node:os';
import {
  decodeTicketCode,
  encodeTicketCode,
  importTicketPublicKey,
  verifyTicketCode,
  type VerifyTicketCodeOptions,
} from '../src/lib/tickets/ticket-code.ts';
import { printSetup } from './lib/setup.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const EVENT = '6f1c2a4e-9b3d-4c5e-8f70-112233445566';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
const signer = (message: Uint8Array) => sign(null, message, privateKey);
const payload = (i: number) => ({
  eventId: EVENT,
  ticketId: `3b241101-e2bb-4255-8caf-${i.toString(16).padStart(12, '0')}`,
  keyId: 1,
  revision: 1,
  notBefore: new Date('2030-05-02T05:00:00Z'),
  notAfter: new Date('2030-05-02T17:00:00Z'),
});

const codes = await Promise.all(Array.from({ length: 1200 }, (_, i) => encodeTicketCode(payload(i), signer)));
const options: VerifyTicketCodeOptions = {
  eventId: EVENT,
  publicKeys: new Map([[1, await importTicketPublicKey(raw)]]),
  now: new Date('2030-05-02T08:30:00Z'),
  // A revocation list the size of a large day.
  revokedOrCurrentRevisions: new Map(codes.map((_, i) => [payload(i).ticketId, 1])),
};
for (const code of codes) {
  if (!(await verifyTicketCode(code, options)).ok) throw new Error('a valid code did not verify');
}

interface Figure {
  what: string;
  operations: number;
  seconds: number;
}

/** Runs `once` back to back (or `parallel` at a time) for SECONDS. */
async function measure(what: string, once: (i: number) => unknown, parallel = 1): Promise<Figure> {
  const until = performance.now() + SECONDS * 1000;
  const start = performance.now();
  let operations = 0;
  while (performance.now() < until) {
    if (parallel === 1) await once(operations);
    else await Promise.all(Array.from({ length: parallel }, (_, j) => once(operations + j)));
    operations += parallel;
  }
  return { what, operations, seconds: (performance.now() - start) / 1000 };
}

const tampered = codes[0]!.slice(0, 100) + (codes[0]![100] === 'A' ? 'B' : 'A') + codes[0]!.slice(101);
const figures = [
  await measure('verify a valid code, one scan at a time', (i) => verifyTicketCode(codes[i % codes.length]!, options)),
  await measure('verify valid codes, 64 at once', (i) => verifyTicketCode(codes[i % codes.length]!, options), 64),
  await measure('reject a tampered code (bad signature)', () => verifyTicketCode(tampered, options)),
  await measure('reject a URL (malformed)', () => verifyTicketCode('https://example.org/ticket/1', options)),
  await measure('decode only (no signature check)', (i) => decodeTicketCode(codes[i % codes.length]!)),
  await measure('sign a code on the server (node:crypto)', (i) => encodeTicketCode(payload(i), signer)),
];

console.log(`Ticket codes in Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);
await printSetup(null, { concurrency: '1 and 64 (as each line says)', pool: 'none (in-process)' });
console.log('');
console.table(
  figures.map((f) => ({
    what: f.what,
    'per second': Math.round(f.operations / f.seconds),
    'µs each': Number(((f.seconds * 1e6) / f.operations).toFixed(1)),
  })),
);
