// `npm run bench:checkin`: the door on the morning of the day. Online: signed-in
// check-in staff POST one scan per request to /api/checkin/<event>/scan on the
// built server (`npm start`'s server, against its embedded Postgres), each a
// distinct ticket's code with a fresh nonce, so every request is a real first
// check-in until the pool runs out; then the same codes again, amber re-scans,
// counted apart — scans per second, p50/p95/p99, verdicts. Beside it the same
// path (checkInScan → private.check_in) called in-process without HTTP, for
// the ratio. Then four devices' offline queues of 500 scans uploaded to /sync,
// with tickets both devices let in, and the same queues again (nothing new).
// Afterwards, in SQL: one active check-in per ticket, and as many as the
// clients saw green. Offline: the verifier module bundled for the browser,
// timed per scan in system Chromium over valid and mutated codes.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { grantEventRole } from '../src/lib/auth/roles.server.ts';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../src/lib/auth/local-auth.server.ts';
import type { ScanInput, ScanVerdict, SyncedScan, SyncSummary } from '../src/lib/checkin/checkin.ts';
import { checkInScan } from '../src/lib/checkin/checkin.server.ts';
import { asService, type Claims, connect, type Sql } from '../src/lib/db/db.server.ts';
import { publicKeysForEvent } from '../src/lib/tickets/keys.server.ts';
import type * as TicketCodeModule from '../src/lib/tickets/ticket-code.ts';
import { base32Decode, base32Encode, decodeTicketCode, encodeTicketCode } from '../src/lib/tickets/ticket-code.ts';
import { type Attendee, insertAttendees } from '../tests/fixtures/booking-world.ts';
import { codesFor, moveEventToOpenCheckIn } from '../tests/fixtures/checkin-world.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { percentile } from './lib/load.ts';
import { BENCH_FSYNC, printSetup } from './lib/setup.ts';

const EVENT = 'velfaerdens-innovationsdag-2027';
/** Tickets for each online run (HTTP, direct); once scanned, the run goes on with amber re-scans. */
const TICKETS = Number(process.env.BENCH_TICKETS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const DIRECT_SECONDS = Number(process.env.BENCH_DIRECT_SECONDS ?? 5);
/** The server's own pool size (DATABASE_POOL_MAX's default), used for the direct run too. */
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 10);
const DEVICES = 4;
const QUEUE = 500;
/** Per device queue: tickets the next device also let in while both were offline. */
const SHARED = 60;
const OFFLINE_CODES = Number(process.env.BENCH_OFFLINE_CODES ?? 2000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const failures: string[] = [];
function assert(ok: boolean, message: string): void {
  if (!ok) {
    failures.push(message);
    console.error(`FAILED: ${message}`);
  }
}

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere), all its threads. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid ?? 'self'}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    // utime and stime, fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Figures {
  what: string;
  n: number;
  perSecond: number | '–';
  p50: number;
  p95: number | '–';
  p99: number | '–';
  unit: 'ms' | 'µs';
}

/** Rows with something in them (a run too short to exhaust its pool has no re-scans). */
const filled = (rows: Figures[]) => rows.filter((row) => row.n > 0);

function figures(what: string, times: number[], seconds: number, unit: Figures['unit'] = 'ms'): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    what,
    n: sorted.length,
    perSecond: Math.round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    unit,
  };
}

function scanFor(code: string, device: string, overrides: Partial<ScanInput> = {}): ScanInput {
  return { code, nonce: randomUUID(), scannedAt: new Date(), device, gate: 'Nord', ...overrides };
}

const scanJson = (scan: ScanInput) => ({ ...scan, scannedAt: scan.scannedAt.toISOString() });

interface OnlineRun {
  green: Figures;
  amber: Figures;
  all: Figures;
  /** Green check-ins a second while the pool lasted (up to the last green answer). */
  firstPerSecond: number;
  verdicts: Record<string, number>;
  greenTickets: Set<string>;
  /** Tickets whose scans were sent (or built) but not answered before the run stopped. */
  unanswered: Set<string>;
  greenAnswers: number;
  errors: number;
  non2xx: number;
}

/** Tallies verdicts and latencies by colour, for either run. */
function tally() {
  const times = { green: [] as number[], amber: [] as number[], all: [] as number[] };
  const verdicts: Record<string, number> = {};
  const greenTickets = new Set<string>();
  const outstanding = new Map<string, number>();
  let greenAnswers = 0;
  let lastGreenAt = 0;
  return {
    sent(ticketId: string) {
      outstanding.set(ticketId, (outstanding.get(ticketId) ?? 0) + 1);
    },
    record(verdict: ScanVerdict | undefined, ms: number, at: number) {
      if (verdict?.ticketId) {
        const left = (outstanding.get(verdict.ticketId) ?? 0) - 1;
        if (left > 0) outstanding.set(verdict.ticketId, left);
        else outstanding.delete(verdict.ticketId);
      }
      const code = verdict?.code ?? 'no verdict';
      verdicts[code] = (verdicts[code] ?? 0) + 1;
      times.all.push(ms);
      if (verdict?.colour === 'green') {
        times.green.push(ms);
        greenAnswers += 1;
        if (verdict.ticketId) greenTickets.add(verdict.ticketId);
        lastGreenAt = at;
      } else if (verdict?.colour === 'amber') times.amber.push(ms);
    },
    finish(label: string, seconds: number, started: number, errors: number, non2xx: number): OnlineRun {
      // Green answers a second up to the last one (while the pool lasted); amber ones over the rest of the run.
      const greenSeconds = (lastGreenAt - started) / 1000;
      return {
        green: figures(`${label}: first check-in (green)`, times.green, greenSeconds),
        amber: {
          ...figures(`${label}: re-scan (amber)`, times.amber, seconds - greenSeconds),
          // Too short a tail for a rate.
          ...(seconds - greenSeconds < 2 ? { perSecond: '–' as const } : {}),
        },
        all: figures(`${label}: all scans`, times.all, seconds),
        firstPerSecond: Math.round(greenAnswers / greenSeconds),
        verdicts,
        greenTickets,
        unanswered: new Set(outstanding.keys()),
        greenAnswers,
        errors,
        non2xx,
      };
    },
  };
}

/** Scans over HTTP: one request per scan, code after code, a fresh nonce each. */
async function httpRun(options: {
  baseUrl: string;
  eventId: string;
  cookie: string;
  codes: string[];
  label: string;
  connections: number;
  duration?: number;
  amount?: number;
}): Promise<OnlineRun> {
  const counts = tally();
  let next = 0;
  let lastVerdict: ScanVerdict | undefined;
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? DURATION }),
        requests: [
          {
            method: 'POST',
            path: `/api/checkin/${options.eventId}/scan`,
            setupRequest: (request) => {
              const index = next++;
              const code = options.codes[index % options.codes.length]!;
              const decoded = decodeTicketCode(code);
              if (decoded.ok) counts.sent(decoded.ticket.ticketId);
              const scan = scanFor(code, `telefon-${index % 8}`);
              return {
                ...request,
                headers: {
                  'content-type': 'application/json',
                  origin: options.baseUrl,
                  cookie: `${LOCAL_SESSION_COOKIE}=${options.cookie}`,
                },
                body: JSON.stringify(scanJson(scan)),
              };
            },
            // Called just before the client's 'response' event for the same answer.
            onResponse: (status, body) => {
              lastVerdict = undefined;
              if (status !== 200) return;
              try {
                lastVerdict = (JSON.parse(body) as { verdict: ScanVerdict }).verdict;
              } catch {
                lastVerdict = undefined;
              }
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      lastAnswer = performance.now();
      counts.record(lastVerdict, responseTime, lastAnswer);
      lastVerdict = undefined;
    });
  });
  // autocannon ends a run with an amount at its next one-second tick; the last answer ends it here.
  const seconds = options.amount ? (lastAnswer - started) / 1000 : (options.duration ?? DURATION);
  return counts.finish(options.label, seconds, started, result.errors + result.timeouts, result.non2xx);
}

/** The same use case in-process: checkInScan → private.check_in, from a pool as wide as the server's. */
async function directRun(databaseUrl: string, eventId: string, claims: Claims, codes: string[]): Promise<OnlineRun> {
  const db = connect(databaseUrl, { max: POOL });
  const counts = tally();
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + DIRECT_SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const index = next++;
      const began = performance.now();
      try {
        const verdict = await checkInScan(
          claims,
          eventId,
          scanFor(codes[index % codes.length]!, `telefon-${index % 8}`),
          { db },
        );
        const now = performance.now();
        counts.record(verdict, now - began, now);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  await db.end();
  return counts.finish('direct', seconds, started, errors, 0);
}

/**
 * Attendees with valid tickets, their orders' confirmation emails taken as
 * sent: otherwise the server's confirmation job renders thousands of QR
 * emails (tens of ms of its event loop each) while the door is measured.
 */
async function ticketHolders(db: Sql, eventId: string, count: number, tag: string): Promise<Attendee[]> {
  return db.begin(async (tx) => {
    const attendees = await insertAttendees(tx, { eventId, count, tag });
    await tx`
      update public.orders set confirmation_queued_at = now()
       where event_id = ${eventId} and confirmation_queued_at is null
         and buyer_user_id = any (${attendees.map((attendee) => attendee.userId)}::uuid[])`;
    return attendees;
  }) as Promise<Attendee[]>;
}

/** Tickets with more than one active (ok, not undone) check-in; none when the invariant holds. */
async function doubleCheckIns(db: Sql, eventId: string): Promise<number> {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from (
      select ticket_id from public.check_ins
       where event_id = ${eventId} and result = 'ok' and undone_at is null
       group by ticket_id having count(*) > 1) doubles`;
  return row!.n;
}

/** The pool's tickets that hold an active check-in. */
async function activeCheckIns(db: Sql, eventId: string, tickets: readonly Attendee[]): Promise<Set<string>> {
  const rows = await db<{ ticket_id: string }[]>`
    select ticket_id from public.check_ins
     where event_id = ${eventId} and result = 'ok' and undone_at is null
       and ticket_id = any (${tickets.map((ticket) => ticket.ticketId)}::uuid[])`;
  return new Set(rows.map((row) => row.ticket_id));
}

/**
 * Green answers name distinct tickets, and the checked-in tickets are exactly
 * those, plus any whose scan was still in flight when the client stopped
 * listening (the server finished it; nobody saw the verdict).
 */
function checkOnline(run: OnlineRun, active: Set<string>, label: string): void {
  assert(run.errors === 0 && run.non2xx === 0, `${label}: ${run.errors} errors, ${run.non2xx} non-2xx answers`);
  assert(
    run.greenAnswers === run.greenTickets.size,
    `${label}: ${run.greenAnswers} green answers for ${run.greenTickets.size} tickets`,
  );
  const missing = [...run.greenTickets].filter((ticket) => !active.has(ticket));
  const extra = [...active].filter((ticket) => !run.greenTickets.has(ticket));
  const unexplained = extra.filter((ticket) => !run.unanswered.has(ticket));
  assert(missing.length === 0, `${label}: ${missing.length} tickets answered green hold no check-in`);
  assert(unexplained.length === 0, `${label}: ${unexplained.length} tickets checked in that no scan answered green`);
  console.log(
    `${label}: ${active.size} tickets checked in = ${run.greenTickets.size} answered green` +
      (extra.length > 0 ? ` + ${extra.length} still in flight when the run stopped` : ''),
  );
}

interface SyncAnswer {
  results: SyncedScan[];
  summary: SyncSummary;
}

async function upload(baseUrl: string, eventId: string, cookie: string, scans: ScanInput[]) {
  const began = performance.now();
  const response = await fetch(`${baseUrl}/api/checkin/${eventId}/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, cookie: `${LOCAL_SESSION_COOKIE}=${cookie}` },
    body: JSON.stringify({ scans: scans.map(scanJson) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sync answered ${response.status}: ${text.slice(0, 500)}`);
  return { ms: performance.now() - began, ...(JSON.parse(text) as SyncAnswer) };
}

/** Four devices' queues: each its own tickets, plus SHARED of the next device's, scanned offline by both. */
function deviceQueues(codes: string[]): ScanInput[][] {
  const own = QUEUE - SHARED;
  const started = Date.now() - 45 * 60_000;
  return Array.from({ length: DEVICES }, (_, device) => {
    const mine = codes.slice(device * own, (device + 1) * own);
    const nextDevice = (device + 1) % DEVICES;
    const shared = codes.slice(nextDevice * own, nextDevice * own + SHARED);
    return [...mine, ...shared].map((code, index) =>
      scanFor(code, `telefon-${device + 1}`, {
        gate: device < 2 ? 'Nord' : 'Syd',
        scannedAt: new Date(started + index * 3_000),
      }),
    );
  });
}

async function syncRun(baseUrl: string, eventId: string, cookie: string, codes: string[]) {
  const queues = deviceQueues(codes);
  const rows: Figures[] = [];
  const first: SyncAnswer[] = [];
  for (const [device, queue] of queues.entries()) {
    const answer = await upload(baseUrl, eventId, cookie, queue);
    first.push(answer);
    rows.push({
      what: `sync: device ${device + 1}, ${queue.length} scans`,
      n: queue.length,
      perSecond: Math.round(queue.length / (answer.ms / 1000)),
      p50: round(answer.ms),
      p95: '–',
      p99: '–',
      unit: 'ms',
    });
    console.log(
      `sync device ${device + 1}: ${queue.length} scans in ${answer.ms.toFixed(0)} ms ` +
        `(${Math.round(queue.length / (answer.ms / 1000))} scans/s), recorded ${answer.summary.recorded}, ` +
        `verdicts ${JSON.stringify(answer.summary.counts)}, conflicts ${answer.summary.conflicts.length}`,
    );
  }
  const began = performance.now();
  const again = await Promise.all(queues.map((queue) => upload(baseUrl, eventId, cookie, queue)));
  const againMs = performance.now() - began;
  const scans = DEVICES * QUEUE;
  const recordedAgain = again.reduce((sum, answer) => sum + answer.summary.recorded, 0);
  const replayedAgain = again.reduce((sum, answer) => sum + answer.summary.replayed, 0);
  rows.push({
    what: `sync: the same ${DEVICES} queues again, at once`,
    n: scans,
    perSecond: Math.round(scans / (againMs / 1000)),
    p50: round(againMs),
    p95: '–',
    p99: '–',
    unit: 'ms',
  });
  console.log(
    `sync repeated (${DEVICES} uploads at once): ${scans} scans in ${againMs.toFixed(0)} ms, ` +
      `recorded ${recordedAgain}, replayed ${replayedAgain}`,
  );

  const tickets = DEVICES * (QUEUE - SHARED);
  const greens = first.reduce((sum, answer) => sum + (answer.summary.counts.ok ?? 0), 0);
  const ambers = first.reduce((sum, answer) => sum + (answer.summary.counts.already_checked_in ?? 0), 0);
  const conflicts = first.reduce((sum, answer) => sum + answer.summary.conflicts.length, 0);
  assert(greens === tickets, `sync: ${greens} green for ${tickets} tickets`);
  assert(ambers === DEVICES * SHARED, `sync: ${ambers} amber for ${DEVICES * SHARED} shared scans`);
  assert(conflicts === DEVICES * SHARED, `sync: ${conflicts} conflicts for ${DEVICES * SHARED} shared scans`);
  assert(recordedAgain === 0 && replayedAgain === scans, `sync repeated: recorded ${recordedAgain}`);
  for (const [device, answer] of again.entries()) {
    const same = answer.results.every(
      (result, index) =>
        result.verdict.replay &&
        result.verdict.code === first[device]!.results[index]!.verdict.code &&
        result.verdict.checkInId === first[device]!.results[index]!.verdict.checkInId,
    );
    assert(same, `sync repeated: device ${device + 1} got other verdicts than the first time`);
  }
  return { rows, tickets };
}

type Kind = 'valid' | 'bit flip' | 'truncated' | 'wrong event' | 'revoked';

/** A code with one bit of its 95 bytes flipped (an event tag, key id, field or signature bit). */
function flipBit(code: string, bit: number): string {
  const body = base32Decode(code, 2, 95)!;
  body[bit >> 3] = body[bit >> 3]! ^ (1 << (bit & 7));
  return code.slice(0, 2) + base32Encode(body);
}

async function offlineRun(options: {
  eventId: string;
  keyId: number;
  publicKey: Uint8Array;
  validCodes: string[];
  cancelled: readonly Attendee[];
  cancelledCodes: string[];
}): Promise<Figures[]> {
  const count = Math.min(OFFLINE_CODES, options.validCodes.length);
  const quarter = Math.floor(count / 4);
  // Another event's codes, signed with its own key.
  const other = generateKeyPairSync('ed25519');
  const otherEvent = randomUUID();
  const now = new Date();
  const wrongEvent = await Promise.all(
    Array.from({ length: quarter }, () =>
      encodeTicketCode(
        {
          eventId: otherEvent,
          ticketId: randomUUID(),
          keyId: 1,
          revision: 1,
          notBefore: new Date(now.getTime() - 3600_000),
          notAfter: new Date(now.getTime() + 3600_000),
        },
        (message) => sign(null, message, other.privateKey),
      ),
    ),
  );
  const cases: { kind: Kind; code: string }[] = [
    ...options.validCodes.slice(0, count).map((code) => ({ kind: 'valid' as const, code })),
    ...options.validCodes.slice(0, quarter).map((code, i) => ({
      kind: 'bit flip' as const,
      code: flipBit(code, (i * 97 + 13) % (95 * 8)),
    })),
    ...options.validCodes.slice(quarter, 2 * quarter).map((code, i) => ({
      kind: 'truncated' as const,
      code: code.slice(0, 20 + (i % 134)),
    })),
    ...wrongEvent.map((code) => ({ kind: 'wrong event' as const, code })),
    ...options.cancelledCodes.slice(0, count - 3 * quarter).map((code) => ({ kind: 'revoked' as const, code })),
  ];
  // Shuffled, so valid and rejected codes interleave as at a door.
  for (let i = cases.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [cases[i], cases[j]] = [cases[j]!, cases[i]!];
  }
  // The list a device holds: the cancelled tickets, and as many re-issued ones (revision 2).
  const revocations: [string, number | 'revoked'][] = [
    ...options.cancelled.map((ticket): [string, 'revoked'] => [ticket.ticketId, 'revoked']),
    ...options.cancelled.map((): [string, number] => [randomUUID(), 2]),
  ];

  const bundle = await build({
    entryPoints: [path.resolve('src/lib/tickets/ticket-code.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'TicketCode',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const script = bundle.outputFiles[0]!.text;

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // A secure context (WebCrypto) that is cross-origin isolated, so performance.now() is fine-grained.
    await page.route('http://localhost/bench', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
        body: '<!doctype html><title>check-in bench</title>',
      }),
    );
    await page.goto('http://localhost/bench');
    await page.addScriptTag({ content: script });
    const version = browser.version();
    const measured = await page.evaluate(
      async (input) => {
        const api = (globalThis as unknown as { TicketCode: typeof TicketCodeModule }).TicketCode;
        const key = await api.importTicketPublicKey(new Uint8Array(input.publicKey));
        const options = {
          eventId: input.eventId,
          publicKeys: new Map([[input.keyId, key]]),
          now: new Date(input.now),
          revokedOrCurrentRevisions: new Map(input.revocations),
        };
        // Warm up the JIT and WebCrypto on a few codes of each kind.
        for (const code of input.codes.slice(0, 200)) await api.verifyTicketCode(code, options);
        const times: number[] = [];
        const verdicts: string[] = [];
        const started = performance.now();
        for (const code of input.codes) {
          const began = performance.now();
          const result = await api.verifyTicketCode(code, options);
          times.push(performance.now() - began);
          verdicts.push(result.ok ? 'ok' : result.code);
        }
        return {
          times,
          verdicts,
          totalMs: performance.now() - started,
          isolated: globalThis.crossOriginIsolated,
          userAgent: navigator.userAgent,
        };
      },
      {
        eventId: options.eventId,
        keyId: options.keyId,
        publicKey: [...options.publicKey],
        now: now.getTime(),
        revocations,
        codes: cases.map((c) => c.code),
      },
    );

    const byKind = new Map<Kind, { times: number[]; verdicts: Record<string, number> }>();
    cases.forEach((c, index) => {
      const entry = byKind.get(c.kind) ?? { times: [], verdicts: {} };
      entry.times.push(measured.times[index]! * 1000);
      const verdict = measured.verdicts[index]!;
      entry.verdicts[verdict] = (entry.verdicts[verdict] ?? 0) + 1;
      byKind.set(c.kind, entry);
    });
    const valid = byKind.get('valid')!;
    const rejected = [...byKind.entries()].filter(([kind]) => kind !== 'valid');
    assert(valid.verdicts.ok === valid.times.length, `offline: valid codes got ${JSON.stringify(valid.verdicts)}`);
    for (const [kind, entry] of rejected) {
      assert(!entry.verdicts.ok, `offline: ${entry.verdicts.ok} ${kind} codes accepted`);
    }
    console.log(
      `\nOffline verification in Chromium ${version} (crossOriginIsolated ${measured.isolated}, ` +
        `performance.now() granularity ${measured.isolated ? '5' : '100'} µs), ` +
        `${cases.length} scans one at a time, revocation map of ${revocations.length}: ` +
        `${((measured.totalMs * 1000) / cases.length).toFixed(1)} µs mean per scan overall`,
    );
    const offlineRows = [
      { what: 'offline: valid', ...valid },
      { what: 'offline: rejected (all kinds)', times: rejected.flatMap(([, entry]) => entry.times), verdicts: {} },
      ...rejected.map(([kind, entry]) => ({ what: `  rejected: ${kind}`, ...entry })),
    ];
    console.table(
      offlineRows.map((row) => {
        const sorted = [...row.times].sort((a, b) => a - b);
        return {
          what: row.what,
          scans: row.times.length,
          'mean µs': round(row.times.reduce((sum, t) => sum + t, 0) / row.times.length),
          'p50 µs': round(percentile(sorted, 50)),
          'p95 µs': round(percentile(sorted, 95)),
          verdicts: Object.keys(row.verdicts).length ? JSON.stringify(row.verdicts) : '',
        };
      }),
    );
    // Scans a second one at a time: the inverse of the mean.
    return offlineRows
      .slice(0, 2)
      .map((row) => figures(row.what, row.times, row.times.reduce((sum, t) => sum + t, 0) / 1e6, 'µs'));
  } finally {
    await browser.close();
  }
}

/**
 * The offline pack as a device fetches it every minute: bytes on the wire
 * (gzip) and as JSON, the time to build and send it, and the time of the 304
 * a device gets when nothing changed. Raw node:http, so the compressed size
 * is what is measured (fetch would decompress it unseen).
 */
async function packRun(baseUrl: string, eventId: string, cookie: string) {
  // The pack goes only to a device that names itself (400 device_required otherwise).
  const device = { 'x-checkin-device': randomUUID(), 'x-checkin-device-label': 'bench' };
  const get = (headers: Record<string, string>) =>
    new Promise<{ status: number; bytes: Buffer; ms: number; etag: string }>((resolve, reject) => {
      const began = performance.now();
      const request = http.get(
        `${baseUrl}/api/checkin/${eventId}/offline-pack`,
        { headers: { cookie: `${LOCAL_SESSION_COOKIE}=${cookie}`, ...device, ...headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              bytes: Buffer.concat(chunks),
              ms: performance.now() - began,
              etag: String(response.headers.etag ?? ''),
            }),
          );
        },
      );
      request.on('error', reject);
    });
  const times: number[] = [];
  let last = await get({ 'accept-encoding': 'gzip' });
  for (let i = 0; i < 10; i++) {
    last = await get({ 'accept-encoding': 'gzip' });
    times.push(last.ms);
  }
  assert(last.status === 200, `offline pack answered ${last.status}`);
  const json = gunzipSync(last.bytes);
  const tickets = (JSON.parse(json.toString()) as { tickets: unknown[] }).tickets.length;
  const unchanged: number[] = [];
  for (let i = 0; i < 10; i++) {
    const answer = await get({ 'accept-encoding': 'gzip', 'if-none-match': last.etag });
    assert(answer.status === 304 && answer.bytes.length === 0, `unchanged pack answered ${answer.status}`);
    unchanged.push(answer.ms);
  }
  const median = (values: number[]) => round(percentile(values, 50));
  console.log(
    `\noffline pack for ${tickets} tickets: ${Math.round(json.length / 1024)} KiB JSON, ` +
      `${Math.round(last.bytes.length / 1024)} KiB gzipped on the wire (${round((1000 * last.bytes.length) / tickets / 1000, 2)} KiB per 1,000 tickets); ` +
      `p50 ${median(times)} ms to build and send; an unchanged pack: 304, 0 bytes, p50 ${median(unchanged)} ms`,
  );
}

async function main() {
  const benchStarted = performance.now();
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-checkin-${process.pid}`),
    fsync: BENCH_FSYNC,
  });
  const db = connect(server.databaseUrl, { max: 5 });
  try {
    const [event] = await db<{ id: string }[]>`select id from public.events where slug = ${EVENT}`;
    const eventId = event!.id;
    // Postgres refuses a check-in outside the event's window: this throwaway database's event starts in two hours.
    await moveEventToOpenCheckIn(db, eventId);
    const syncTickets = DEVICES * (QUEUE - SHARED);
    const holders = (count: number, tag: string) => ticketHolders(db, eventId, count, tag);
    const httpTickets = await holders(TICKETS, 'bench-http');
    const warmTickets = await holders(500, 'bench-warm');
    const directTickets = await holders(TICKETS, 'bench-direct');
    const syncPool = await holders(syncTickets, 'bench-sync');
    const cancelled = await holders(Math.ceil(OFFLINE_CODES / 4), 'bench-cancelled');
    await db`update public.tickets set status = 'cancelled', cancelled_at = now()
              where id = any (${cancelled.map((ticket) => ticket.ticketId)}::uuid[])`;
    const signed = (tickets: readonly Attendee[]) => codesFor(db, eventId, tickets);
    const [httpCodes, warmCodes, directCodes, syncCodes, cancelledCodes] = await Promise.all([
      signed(httpTickets),
      signed(warmTickets),
      signed(directTickets),
      signed(syncPool),
      signed(cancelled),
    ]);
    const staff = await grantEventRole(db, {
      email: 'indtjek-bench@example.org',
      role: 'checkin_staff',
      eventSlug: EVENT,
      createUser: true,
    });
    const claims: Claims = { role: 'authenticated', sub: staff.userId, email: staff.email, aud: 'authenticated' };
    const auth = createLocalAuth({
      db,
      secret: process.env.AUTH_JWT_SECRET,
      sessionSeconds: 3600,
      ipLimitPerHour: 1_000_000,
      mailer: async () => {},
    });
    const cookie = (await auth.issueSession({ id: staff.userId, email: staff.email })).token;
    const [key] = await asService((tx) => publicKeysForEvent(tx, eventId), db);
    console.log(
      `Check-in: ${TICKETS} tickets per online run, ${CONNECTIONS} concurrent clients, ${DURATION}s over HTTP and ` +
        `${DIRECT_SECONDS}s in-process, server pool ${POOL}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}); ` +
        `set up in ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`,
    );
    await printSetup(db, { concurrency: CONNECTIONS, pool: POOL });
    console.log('');

    // Warm up the server (JIT, prepared statements, the key import) on tickets of their own.
    const warm = await httpRun({
      baseUrl: server.baseUrl,
      eventId,
      cookie,
      codes: warmCodes,
      label: 'warm-up',
      connections: 10,
      amount: warmCodes.length,
    });
    assert(warm.greenAnswers === warmCodes.length, `warm-up: ${JSON.stringify(warm.verdicts)}`);

    const cpuBefore = { server: cpuSeconds(server.process.pid), bench: cpuSeconds(undefined) };
    const http = await httpRun({
      baseUrl: server.baseUrl,
      eventId,
      cookie,
      codes: httpCodes,
      label: 'HTTP /scan',
      connections: CONNECTIONS,
    });
    console.log(
      `HTTP /scan: verdicts ${JSON.stringify(http.verdicts)}, errors ${http.errors}, non-2xx ${http.non2xx}; ` +
        `${http.firstPerSecond} first check-ins/s while the ${TICKETS} tickets lasted`,
    );
    const cpuShare = (pid: number | undefined, before: number) =>
      `${Math.round((100 * (cpuSeconds(pid) - before)) / DURATION)}%`;
    console.log(
      `CPU during the HTTP run, of one core: server process ${cpuShare(server.process.pid, cpuBefore.server)}, ` +
        `this process (autocannon) ${cpuShare(undefined, cpuBefore.bench)}; ${os.cpus().length} cores in all`,
    );
    const direct = await directRun(server.databaseUrl, eventId, claims, directCodes);
    console.log(
      `direct checkInScan: verdicts ${JSON.stringify(direct.verdicts)}, errors ${direct.errors}; ` +
        `${direct.firstPerSecond} first check-ins/s while the ${TICKETS} tickets lasted`,
    );
    console.table(filled([http.green, http.amber, http.all, direct.green, direct.amber, direct.all]));
    console.log(
      `web layer: over HTTP, first check-ins run at ${((100 * http.firstPerSecond) / direct.firstPerSecond).toFixed(0)}% ` +
        `of the in-process rate\n`,
    );
    checkOnline(http, await activeCheckIns(db, eventId, httpTickets), 'HTTP');
    checkOnline(direct, await activeCheckIns(db, eventId, directTickets), 'direct');

    const sync = await syncRun(server.baseUrl, eventId, cookie, syncCodes);
    const syncActive = (await activeCheckIns(db, eventId, syncPool)).size;
    assert(syncActive === sync.tickets, `sync: ${syncActive} check-ins for ${sync.tickets} tickets`);

    await packRun(server.baseUrl, eventId, cookie);

    const doubles = await doubleCheckIns(db, eventId);
    assert(doubles === 0, `${doubles} tickets have more than one active check-in`);
    if (doubles === 0 && failures.length === 0) {
      console.log(
        '\ninvariant holds: one active check-in per ticket; each answered green (or in flight at the end of a run)',
      );
    }

    const offline = await offlineRun({
      eventId,
      keyId: key!.keyId,
      publicKey: key!.publicKey,
      validCodes: httpCodes,
      cancelled,
      cancelledCodes,
    });

    console.log("\nSummary (sync rows: p50 is the upload's time)");
    console.table(filled([http.green, http.amber, direct.green, direct.amber, ...sync.rows, ...offline]));
    console.log(`whole bench ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
  } finally {
    await db.end();
    await server.stop();
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} check(s) failed:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
