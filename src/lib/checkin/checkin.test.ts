import { describe, expect, it } from 'vitest';
import {
  type AuthenticCodeCheck,
  authenticVerdict,
  lockOrder,
  practiceAdmitted,
  MAX_SYNC_BATCH,
  refusal,
  revocationList,
  scanInput,
  sessionVerdictFromDb,
  summariseSync,
  syncBatchInput,
  trustedScanTime,
  verdictColour,
  verdictFromDb,
  type SyncedScan,
} from './checkin.ts';
import { json, readJsonBody } from './http.ts';

const NONCE = '0b6f2c1e-9d4a-4c3b-8a7e-5f1d2c3b4a59';
const TICKET = '5d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';
const CHECK_IN = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('verdict colours', () => {
  it('are green for ok, amber for already checked in and red for everything else', () => {
    expect(verdictColour('ok')).toBe('green');
    expect(verdictColour('already_checked_in')).toBe('amber');
    for (const code of [
      'cancelled',
      'revoked',
      'unpaid',
      'wrong_event',
      'unknown_ticket',
      'not_authorised',
      'malformed',
      'bad_signature',
      'unknown_key',
      'unsupported_version',
      'not_yet_valid',
      'expired',
    ] as const) {
      expect({ code, colour: verdictColour(code) }).toEqual({ code, colour: 'red' });
    }
  });
});

describe('a scan', () => {
  const valid = { code: 'S1ABC', nonce: NONCE, scannedAt: '2030-05-02T08:01:02.345+02:00', device: ' telefon-1 ' };

  it('is read with its time as a Date, a trimmed device and no gate by default', () => {
    const scan = scanInput.parse(valid);
    expect(scan.scannedAt.toISOString()).toBe('2030-05-02T06:01:02.345Z');
    expect(scan.device).toBe('telefon-1');
    expect(scan.gate).toBeNull();
  });

  it('is refused without a UUID nonce, a time with an offset, or a device', () => {
    expect(scanInput.safeParse({ ...valid, nonce: 'abc' }).success).toBe(false);
    expect(scanInput.safeParse({ ...valid, scannedAt: '2030-05-02 08:00' }).success).toBe(false);
    expect(scanInput.safeParse({ ...valid, device: '   ' }).success).toBe(false);
    expect(scanInput.safeParse({ ...valid, code: 'x'.repeat(401) }).success).toBe(false);
    expect(scanInput.safeParse(null).success).toBe(false);
  });

  it('comes in batches of 1 to MAX_SYNC_BATCH', () => {
    expect(syncBatchInput.safeParse({ scans: [] }).success).toBe(false);
    expect(syncBatchInput.safeParse({ scans: [valid] }).success).toBe(true);
    expect(syncBatchInput.safeParse({ scans: Array(MAX_SYNC_BATCH + 1).fill(valid) }).success).toBe(false);
  });
});

describe('verdictFromDb', () => {
  it('reads a green verdict with its bookings', () => {
    const verdict = verdictFromDb({
      code: 'ok',
      check_in_id: CHECK_IN,
      ticket_id: TICKET,
      replay: false,
      name: 'Ada',
      organisation: null,
      bookings: [
        {
          session_id: TICKET,
          title: 'Runde 1',
          title_en: null,
          starts_at: '2030-05-02T10:00:00+02:00',
          ends_at: '2030-05-02T11:00:00+02:00',
          room: 'Sal A',
        },
      ],
    });
    expect(verdict).toMatchObject({ code: 'ok', colour: 'green', name: 'Ada', organisation: null, conflict: false });
    expect(verdict.bookings[0]).toEqual({
      sessionId: TICKET,
      title: 'Runde 1',
      titleEn: null,
      startsAt: '2030-05-02T08:00:00.000Z',
      endsAt: '2030-05-02T09:00:00.000Z',
      room: 'Sal A',
    });
  });

  it('reads an amber verdict with the first check-in and the conflict flag', () => {
    const verdict = verdictFromDb({
      code: 'already_checked_in',
      check_in_id: CHECK_IN,
      ticket_id: TICKET,
      conflict: true,
      first: {
        check_in_id: TICKET,
        scanned_at: '2030-05-02T08:00:00Z',
        recorded_at: '2030-05-02T08:05:00Z',
        gate: null,
        device: 'telefon-2',
      },
    });
    expect(verdict).toMatchObject({ colour: 'amber', conflict: true, replay: false, bookings: [] });
    expect(verdict.first).toMatchObject({ gate: null, device: 'telefon-2' });
  });

  it('reads a refusal for the check-in window as the door shows one, with when it opens or closed', () => {
    const early = verdictFromDb({
      code: 'not_yet_valid',
      ticket_id: TICKET,
      name: 'Ada',
      valid_from: '2030-05-01T06:00:00+00:00',
    });
    expect(early).toMatchObject({
      code: 'not_yet_valid',
      colour: 'red',
      checkInId: null,
      name: 'Ada',
      validFrom: '2030-05-01T06:00:00.000Z',
      validUntil: null,
    });
    const late = verdictFromDb({ code: 'expired', ticket_id: TICKET, valid_until: '2030-05-03T03:00:00Z' });
    expect(late).toMatchObject({ code: 'expired', validFrom: null, validUntil: '2030-05-03T03:00:00.000Z' });
  });

  it('reads a practice answer (rehearsal was on) as practice', () => {
    expect(verdictFromDb({ code: 'ok', ticket_id: TICKET, practice: true })).toMatchObject({
      code: 'ok',
      practice: true,
      checkInId: null,
    });
  });

  it('throws on an answer it does not know', () => {
    expect(() => verdictFromDb({ code: 'maybe' })).toThrow();
  });
});

describe('sessionVerdictFromDb', () => {
  it('colours attendance verdicts like door verdicts', () => {
    expect(sessionVerdictFromDb({ code: 'ok', replay: true })).toMatchObject({ colour: 'green', replay: true });
    expect(sessionVerdictFromDb({ code: 'already_checked_in', at: '2030-05-02T08:00:00Z' })).toMatchObject({
      colour: 'amber',
      at: '2030-05-02T08:00:00.000Z',
    });
    expect(sessionVerdictFromDb({ code: 'unknown_session' }).colour).toBe('red');
    expect(() => sessionVerdictFromDb({ code: 'unknown' })).toThrow();
  });
});

describe('rules', () => {
  it('never trust a scan time in the future', () => {
    const now = new Date('2030-05-02T08:00:00Z');
    expect(trustedScanTime(new Date('2030-05-02T09:00:00Z'), now)).toEqual(now);
    expect(trustedScanTime(new Date('2030-05-02T07:00:00Z'), now)).toEqual(new Date('2030-05-02T07:00:00Z'));
  });

  it('lock tickets in id order, keeping a device’s order for the same ticket', () => {
    expect(lockOrder(['c', 'a', 'b', 'a'])).toEqual([1, 3, 2, 0]);
    expect(lockOrder([])).toEqual([]);
  });

  it('list cancelled tickets as revoked and re-issued ones with their revision', () => {
    expect(
      revocationList([
        { ticketId: 'a', status: 'valid', revision: 1 },
        { ticketId: 'b', status: 'cancelled', revision: 1 },
        { ticketId: 'c', status: 'valid', revision: 3 },
        { ticketId: 'd', status: 'cancelled', revision: 2 },
      ]),
    ).toEqual({ b: 'revoked', c: 3, d: 'revoked' });
  });

  it('summarise a sync: recorded, replayed, conflicts and counts', () => {
    const result = (nonce: string, overrides: Partial<ReturnType<typeof refusal>>): SyncedScan => ({
      nonce,
      verdict: { ...refusal('ok'), checkInId: CHECK_IN, ...overrides },
    });
    const summary = summariseSync([
      result('1', {}),
      result('2', { replay: true }),
      result('3', { code: 'already_checked_in', conflict: true }),
      { nonce: '4', verdict: refusal('bad_signature') },
    ]);
    expect(summary.recorded).toBe(2);
    expect(summary.replayed).toBe(1);
    expect(summary.conflicts.map((conflict) => conflict.nonce)).toEqual(['3']);
    expect(summary.counts).toEqual({ ok: 2, already_checked_in: 1, bad_signature: 1 });
  });
});

describe('the JSON body', () => {
  const post = (body: string, type = 'application/json') =>
    new Request('http://localhost/api', { method: 'POST', body, headers: { 'content-type': type } });

  it('is parsed when it is JSON and small enough', async () => {
    expect(await readJsonBody(post('{"a":1}'), 100)).toEqual({ ok: true, body: { a: 1 } });
  });

  it('is refused with a status and code otherwise', async () => {
    const statusOf = async (request: Request, max = 100) => {
      const result = await readJsonBody(request, max);
      return result instanceof Response ? [result.status, ((await result.json()) as { error: string }).error] : 'ok';
    };
    expect(await statusOf(post('{"a":1}', 'text/plain'))).toEqual([415, 'unsupported_media_type']);
    expect(await statusOf(post('{"a":', 'application/json'))).toEqual([400, 'bad_json']);
    expect(await statusOf(post('"' + 'x'.repeat(200) + '"'), 100)).toEqual([413, 'too_large']);
  });

  it('answers are never cached', () => {
    expect(json({}).headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('authenticVerdict: one true reason for a genuine code', () => {
  const ticketId = '11111111-1111-4111-8111-111111111111';
  const opens = new Date('2027-02-24T08:00:00Z');
  const closes = new Date('2027-02-26T00:00:00Z');
  const check = (code: AuthenticCodeCheck['code']): AuthenticCodeCheck => ({
    code,
    ticketId,
    notBefore: opens,
    notAfter: closes,
  });
  const named = { name: 'Anne', organisation: 'Testrup Kommune' };

  it('names the ticket’s state before its time window: cancelled, revoked, unpaid, another event', () => {
    for (const state of ['cancelled', 'revoked', 'unpaid', 'wrong_event', 'unknown_ticket'] as const) {
      for (const window of ['ok', 'not_yet_valid', 'expired'] as const) {
        const verdict = authenticVerdict(check(window), { code: state, ...named }, false);
        expect(verdict).toMatchObject({ code: state, colour: 'red', ticketId, validFrom: null, validUntil: null });
      }
    }
    expect(authenticVerdict(check('revoked'), { code: 'ok', ...named }, false)?.code).toBe('revoked');
  });

  it('says when a ticket opens, and when it closed, outside rehearsal', () => {
    expect(authenticVerdict(check('not_yet_valid'), { code: 'ok', ...named }, false)).toMatchObject({
      code: 'not_yet_valid',
      name: 'Anne',
      validFrom: opens.toISOString(),
      validUntil: null,
      practice: false,
    });
    expect(authenticVerdict(check('expired'), { code: 'ok', ...named }, false)).toMatchObject({
      code: 'expired',
      validFrom: null,
      validUntil: closes.toISOString(),
    });
    expect(authenticVerdict(check('ok'), { code: 'ok', ...named }, false)).toBeNull();
  });

  it('ignores the time window in rehearsal but not the ticket’s state, and marks every verdict practice', () => {
    expect(authenticVerdict(check('not_yet_valid'), { code: 'ok', ...named }, true)).toBeNull();
    expect(authenticVerdict(check('expired'), { code: 'ok', ...named }, true)).toBeNull();
    expect(authenticVerdict(check('not_yet_valid'), { code: 'cancelled', ...named }, true)).toMatchObject({
      code: 'cancelled',
      practice: true,
    });
    expect(practiceAdmitted(ticketId, named)).toMatchObject({
      code: 'ok',
      colour: 'green',
      practice: true,
      name: 'Anne',
      checkInId: null,
    });
  });
});

describe('a practice scan', () => {
  it('carries its flag through the sync body; without it a scan is real', () => {
    const base = { code: 'S1X', nonce: crypto.randomUUID(), scannedAt: new Date().toISOString(), device: 'Nord' };
    expect(syncBatchInput.parse({ scans: [{ ...base, practice: true }] }).scans[0]!.practice).toBe(true);
    expect(syncBatchInput.parse({ scans: [base] }).scans[0]!.practice).toBeUndefined();
    expect(syncBatchInput.safeParse({ scans: [{ ...base, practice: 'yes' }] }).success).toBe(false);
  });
});
