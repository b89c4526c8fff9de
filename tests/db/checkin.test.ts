// Check-in against a real Postgres: 1,200 arrivals scanned on four devices
// with offline duplicates and repeated uploads, every verdict, who may check
// in, look up and undo, and what each caller reads of the check-in tables.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims } from '../../src/lib/db/db.server.ts';
import type { ScanInput } from '../../src/lib/checkin/checkin.ts';
import {
  checkInScan,
  loadOfflinePack,
  lookupAttendees,
  syncScans,
  undoCheckIn,
} from '../../src/lib/checkin/checkin.server.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { checkInSession } from '../fixtures/checkin-scans.ts';
import { codesFor, openCheckInWindow } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertTicketType, insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { fingerprint, sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 10 });
const context = { db: sql };
/** The offline pack goes only to a device that names itself. */
const deviceContext = { ...context, device: { id: randomUUID(), label: 'telefon-a' } };

const ARRIVALS = 1_200;
const DEVICES = ['telefon-1', 'telefon-2', 'telefon-3', 'telefon-4'] as const;
const GATES = ['Nord', 'Nord', 'Syd', 'Syd'] as const;
/** Tickets scanned on a second device while both were offline. */
const OFFLINE_DUPLICATES = 60;

let a: EventWorld;
let b: EventWorld;
let staffA: TestUser;
let staffB: TestUser;
let stranger: TestUser;
let organiserA: Claims;
let organiserB: Claims;
let arrivals: Attendee[];
let arrivalCodes: string[];
/** Small set of tickets of event A for the verdict tests. */
let spare: Attendee[];
let spareCodes: string[];
let ticketOfB: Attendee;
let codeOfB: string;

const organiserClaims = (world: EventWorld, slug: string): Claims => ({
  role: 'authenticated',
  sub: world.organiserId,
  email: `arrangoer@${slug}.example.org`,
  aud: 'authenticated',
});

function scan(code: string, overrides: Partial<ScanInput> = {}): ScanInput {
  return { code, nonce: randomUUID(), scannedAt: new Date(), device: 'skranke', gate: 'Nord', ...overrides };
}

async function count(query: string, ...params: string[]): Promise<number> {
  const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${query}`, params);
  return row!.n;
}

beforeAll(async () => {
  a = await insertEventWorld(sql, { slug: 'indtjek-a', status: 'published' });
  b = await insertEventWorld(sql, { slug: 'indtjek-b', status: 'published' });
  await openCheckInWindow(sql, a.eventId);
  await openCheckInWindow(sql, b.eventId);
  organiserA = organiserClaims(a, 'indtjek-a');
  organiserB = organiserClaims(b, 'indtjek-b');
  staffA = await insertUser(sql, 'vagt-a@example.org');
  staffB = await insertUser(sql, 'vagt-b@example.org');
  stranger = await insertUser(sql, 'fremmed@example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values
    (${a.eventId}, ${staffA.id}, 'checkin_staff'), (${b.eventId}, ${staffB.id}, 'checkin_staff')`;

  arrivals = await insertAttendees(sql, { eventId: a.eventId, count: ARRIVALS, tag: 'ankomst' });
  spare = await insertAttendees(sql, { eventId: a.eventId, count: 8, tag: 'reserve' });
  ticketOfB = (await insertAttendees(sql, { eventId: b.eventId, count: 1, tag: 'anden' }))[0]!;
  await sql`update public.tickets set organisation_name = 'Testrup Kommune' where event_id = ${a.eventId}`;
  arrivalCodes = await codesFor(sql, a.eventId, arrivals);
  spareCodes = await codesFor(sql, a.eventId, spare);
  codeOfB = (await codesFor(sql, b.eventId, [ticketOfB]))[0]!;
}, 120_000);

describe('1,200 arrivals on four devices', () => {
  /** Each device's queue: its share of arrivals, plus some tickets another device also scanned offline. */
  function queues(): ScanInput[][] {
    const started = Date.now() - 45 * 60_000;
    const perDevice: ScanInput[][] = DEVICES.map(() => []);
    arrivals.forEach((_, index) => {
      const device = index % DEVICES.length;
      perDevice[device]!.push(
        scan(arrivalCodes[index]!, {
          device: DEVICES[device]!,
          gate: GATES[device]!,
          scannedAt: new Date(started + index * 2_000),
        }),
      );
    });
    for (let index = 0; index < OFFLINE_DUPLICATES; index++) {
      const other = (index + 1) % DEVICES.length;
      perDevice[other]!.push(
        scan(arrivalCodes[index]!, {
          device: DEVICES[other]!,
          gate: GATES[other]!,
          scannedAt: new Date(started + index * 2_000 + 500),
        }),
      );
    }
    return perDevice;
  }

  /** Uploads every queue at once, in batches of 100 scans per request, all requests concurrently. */
  async function uploadAll(all: ScanInput[][], claims: Claims = staffA.claims) {
    const batches = all.flatMap((queue) => {
      const out: ScanInput[][] = [];
      for (let i = 0; i < queue.length; i += 100) out.push(queue.slice(i, i + 100));
      return out;
    });
    return Promise.all(batches.map((batch) => syncScans(claims, a.eventId, batch, context)));
  }

  let deviceQueues: ScanInput[][];
  let firstUpload: Awaited<ReturnType<typeof uploadAll>>;

  it('record exactly one check-in per ticket and report the offline duplicates as conflicts', async () => {
    deviceQueues = queues();
    const started = performance.now();
    firstUpload = await uploadAll(deviceQueues);
    const seconds = (performance.now() - started) / 1000;
    console.info(`synced ${ARRIVALS + OFFLINE_DUPLICATES} scans from 4 devices in ${seconds.toFixed(2)} s`);

    const results = firstUpload.flatMap((upload) => upload.results);
    expect(results).toHaveLength(ARRIVALS + OFFLINE_DUPLICATES);
    const codes = results.map((result) => result.verdict.code);
    expect(codes.filter((code) => code === 'ok')).toHaveLength(ARRIVALS);
    expect(codes.filter((code) => code === 'already_checked_in')).toHaveLength(OFFLINE_DUPLICATES);

    const conflicts = firstUpload.flatMap((upload) => upload.summary.conflicts);
    expect(conflicts).toHaveLength(OFFLINE_DUPLICATES);
    for (const conflict of conflicts) {
      expect(conflict.verdict.colour).toBe('amber');
      expect(conflict.verdict.first).not.toBeNull();
      expect(conflict.verdict.first!.checkInId).not.toBe(conflict.verdict.checkInId);
    }
    expect(new Set(conflicts.map((conflict) => conflict.verdict.ticketId)).size).toBe(OFFLINE_DUPLICATES);

    expect(await count(`public.check_ins where event_id = $1 and result = 'ok' and undone_at is null`, a.eventId)).toBe(
      ARRIVALS,
    );
    expect(await count(`public.check_ins where event_id = $1 and result = 'duplicate' and conflict`, a.eventId)).toBe(
      OFFLINE_DUPLICATES,
    );
    expect(await count(`public.checkin_gates where event_id = $1`, a.eventId)).toBe(2);
  });

  it('create nothing when the same queues are uploaded again, and give the same verdicts', async () => {
    const before = await fingerprint(sql, 'public.check_ins');
    const again = await uploadAll(deviceQueues);
    expect(await fingerprint(sql, 'public.check_ins')).toEqual(before);

    const firstVerdicts = firstUpload.flatMap((upload) => upload.results);
    const replayed = again.flatMap((upload) => upload.results);
    expect(replayed.every((result) => result.verdict.replay)).toBe(true);
    expect(again.reduce((sum, upload) => sum + upload.summary.recorded, 0)).toBe(0);
    expect(replayed.map((result) => [result.nonce, result.verdict.code, result.verdict.checkInId])).toEqual(
      firstVerdicts.map((result) => [result.nonce, result.verdict.code, result.verdict.checkInId]),
    );
  });

  it('answer a ticket scanned online again with amber: when and at which gate, no conflict', async () => {
    const verdict = await checkInScan(staffA.claims, a.eventId, scan(arrivalCodes[100]!, { gate: 'Syd' }), context);
    expect(verdict).toMatchObject({ code: 'already_checked_in', colour: 'amber', conflict: false, replay: false });
    expect(verdict.first).toMatchObject({ gate: 'Nord', device: 'telefon-1' });
  });

  it('cannot have two active check-ins of one ticket, whoever writes', async () => {
    const state = await sqlState(sql`
      insert into public.check_ins (event_id, ticket_id, device, nonce, scanned_at, result, revision)
      values (${a.eventId}, ${arrivals[0]!.ticketId}, 'x', ${randomUUID()}, now(), 'ok', 1)`);
    expect(state).toBe('23505');
  });
});

describe('verdicts', () => {
  it('ok: the name, organisation and today’s confirmed bookings; a replay answers the same and writes nothing', async () => {
    const now = new Date();
    const sessionId = await insertBookableSession(sql, {
      eventId: a.eventId,
      slug: 'i-dag',
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 3600_000).toISOString(),
      capacity: 10,
    });
    await sql`
      insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
      values (${a.eventId}, ${sessionId}, ${spare[0]!.ticketId}, 'confirmed', now())`;
    const first = scan(spareCodes[0]!, { scannedAt: now });
    const verdict = await checkInScan(staffA.claims, a.eventId, first, context);
    expect(verdict).toMatchObject({
      code: 'ok',
      colour: 'green',
      ticketId: spare[0]!.ticketId,
      name: 'Deltager reserve-1',
      organisation: 'Testrup Kommune',
      replay: false,
    });
    expect(verdict.bookings.map((booking) => booking.sessionId)).toEqual([sessionId]);

    const rows = await count('public.check_ins');
    const replay = await checkInScan(staffA.claims, a.eventId, first, context);
    expect(replay).toMatchObject({ code: 'ok', replay: true, checkInId: verdict.checkInId });
    expect(await count('public.check_ins')).toBe(rows);
  });

  it('cancelled, revoked and unpaid tickets are refused, and the refusal is kept for a re-sync', async () => {
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${spare[1]!.ticketId}`;
    await sql`update public.tickets set revision = 2 where id = ${spare[2]!.ticketId}`;
    const typeId = await insertTicketType(sql, { eventId: a.eventId, slug: 'betalt', capacity: 5, priceOre: 50000 });
    const [pending] = await sql<{ id: string }[]>`
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, expires_at)
      values (${a.eventId}, 'Venter Betaling', 'ubetalt@example.org', 'pending', 50000, now() + interval '30 minutes')
      returning id`;
    const [reserved] = await sql<{ id: string }[]>`
      insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore,
                                  attendee_name, attendee_email, sector)
      values (${a.eventId}, ${pending!.id}, ${typeId}, 1, 'reserved', 50000, 'Ubetalt', 'ubetalt@example.org', 'kommune')
      returning id`;
    const [reservedCode] = await codesFor(sql, a.eventId, [{ ticketId: reserved!.id }]);

    const scans = [scan(spareCodes[1]!), scan(spareCodes[2]!), scan(reservedCode!)];
    const { results } = await syncScans(staffA.claims, a.eventId, scans, context);
    expect(results.map((result) => [result.verdict.code, result.verdict.colour])).toEqual([
      ['cancelled', 'red'],
      ['revoked', 'red'],
      ['unpaid', 'red'],
    ]);
    const again = await syncScans(staffA.claims, a.eventId, scans, context);
    expect(again.results.map((result) => [result.verdict.code, result.verdict.replay])).toEqual([
      ['cancelled', true],
      ['revoked', true],
      ['unpaid', true],
    ]);
    expect(await count(`public.check_ins where ticket_id = $1 and result = 'ok'`, reserved!.id)).toBe(0);

    // The re-issued ticket's new code is welcome.
    const [newCode] = await codesFor(sql, a.eventId, [{ ticketId: spare[2]!.ticketId, revision: 2 }]);
    expect((await checkInScan(staffA.claims, a.eventId, scan(newCode!), context)).code).toBe('ok');
  });

  it('wrong_event and unknown_ticket, from the code or from the database', async () => {
    expect((await checkInScan(staffA.claims, a.eventId, scan(codeOfB), context)).code).toBe('wrong_event');
    const [ghostCode] = await codesFor(sql, a.eventId, [{ ticketId: randomUUID() }]);
    expect((await checkInScan(staffA.claims, a.eventId, scan(ghostCode!), context)).code).toBe('unknown_ticket');

    const direct = await asUser(
      staffA.claims,
      (tx) => tx<{ verdict: { code: string } }[]>`
        select private.check_in(${a.eventId}, ${ticketOfB.ticketId}, 1, null, 'x', ${randomUUID()}, now()) as verdict`,
      sql,
    );
    expect(direct[0]!.verdict.code).toBe('wrong_event');
  });

  it('a code that is not ours, altered, not yet valid or expired is a red verdict with its reason', async () => {
    const code = spareCodes[3]!;
    const flipped = code.slice(0, 100) + (code[100] === 'A' ? 'B' : 'A') + code.slice(101);
    const [early] = await codesFor(sql, a.eventId, [spare[3]!], {
      from: new Date(Date.now() + 3600_000),
      until: new Date(Date.now() + 7200_000),
    });
    const [late] = await codesFor(sql, a.eventId, [spare[3]!], {
      from: new Date(Date.now() - 7200_000),
      until: new Date(Date.now() - 3600_000),
    });
    const { results } = await syncScans(
      staffA.claims,
      a.eventId,
      [scan('https://example.org/'), scan(code.slice(0, 120)), scan(flipped), scan(early!), scan(late!)],
      context,
    );
    expect(results.map((result) => result.verdict.code)).toEqual([
      'malformed',
      'malformed',
      'bad_signature',
      'not_yet_valid',
      'expired',
    ]);
    expect(results.every((result) => result.verdict.colour === 'red')).toBe(true);
    expect(await count('public.check_ins where ticket_id = $1', spare[3]!.ticketId)).toBe(0);
  });

  it('an offline scan is judged by when it happened: a code that expired since still counts', async () => {
    const [late] = await codesFor(sql, a.eventId, [spare[4]!], {
      from: new Date(Date.now() - 7200_000),
      until: new Date(Date.now() - 3600_000),
    });
    const verdict = await checkInScan(
      staffA.claims,
      a.eventId,
      scan(late!, { scannedAt: new Date(Date.now() - 5400_000) }),
      context,
    );
    expect(verdict.code).toBe('ok');
  });
});

describe('who may check in', () => {
  it('staff of another event, a stranger and anon are refused and write nothing', async () => {
    const before = await fingerprint(sql, 'public.check_ins');
    const gatesBefore = await fingerprint(sql, 'public.checkin_gates');
    for (const claims of [staffB.claims, stranger.claims, ANON]) {
      const { results } = await syncScans(claims, a.eventId, [scan(spareCodes[5]!), scan('junk')], context);
      expect(results.map((result) => result.verdict.code)).toEqual(['not_authorised', 'not_authorised']);
    }
    expect(await fingerprint(sql, 'public.check_ins')).toEqual(before);
    expect(await fingerprint(sql, 'public.checkin_gates')).toEqual(gatesBefore);

    const direct = (claims: Claims) =>
      asUser(
        claims,
        (tx) => tx<{ verdict: { code: string } }[]>`
          select private.check_in(${a.eventId}, ${spare[5]!.ticketId}, 1, null, 'x', ${randomUUID()}, now()) as verdict`,
        sql,
      );
    expect((await direct(staffB.claims))[0]!.verdict.code).toBe('not_authorised');
    expect(await sqlState(direct(ANON))).toBe('42501');
    const gate = await asUser(
      staffB.claims,
      (tx) => tx<{ id: string | null }[]>`select private.checkin_gate(${a.eventId}, 'Indbrud') as id`,
      sql,
    );
    expect(gate[0]!.id).toBeNull();
  });

  it('the organiser may check in too', async () => {
    expect((await checkInScan(organiserA, a.eventId, scan(spareCodes[5]!), context)).code).toBe('ok');
    expect((await checkInScan(organiserB, a.eventId, scan(spareCodes[6]!), context)).code).toBe('not_authorised');
  });
});

describe('undo', () => {
  it('by the organiser only; the ticket may then be checked in again', async () => {
    const first = await checkInScan(staffA.claims, a.eventId, scan(spareCodes[7]!), context);
    expect(first.code).toBe('ok');
    const id = first.checkInId!;
    expect(await undoCheckIn(staffA.claims, id, context)).toBe('not_authorised');
    expect(await undoCheckIn(organiserB, id, context)).toBe('not_authorised');
    expect(await undoCheckIn(stranger.claims, id, context)).toBe('not_authorised');
    expect(await undoCheckIn(ANON, id, context)).toBe('not_authorised');
    expect(await undoCheckIn(organiserA, randomUUID(), context)).toBe('not_found');
    expect(await undoCheckIn(organiserA, id, context)).toBe('undone');
    expect(await undoCheckIn(organiserA, id, context)).toBe('already_undone');

    const again = await checkInScan(staffA.claims, a.eventId, scan(spareCodes[7]!), context);
    expect(again.code).toBe('ok');
    const duplicate = await checkInScan(staffA.claims, a.eventId, scan(spareCodes[7]!), context);
    expect(duplicate.code).toBe('already_checked_in');
    expect(await undoCheckIn(organiserA, duplicate.checkInId!, context)).toBe('not_undoable');
    const [row] = await sql<{ undone_by: string }[]>`select undone_by from public.check_ins where id = ${id}`;
    expect(row!.undone_by).toBe(a.organiserId);
  });
});

describe('attendee lookup and the offline pack', () => {
  it('finds attendees of the caller’s event by name, organisation or reference', async () => {
    const byName = await lookupAttendees(staffA.claims, a.eventId, 'reserve-1', context);
    expect(byName.ok && byName.attendees.map((attendee) => attendee.ticketId)).toEqual([spare[0]!.ticketId]);
    expect(byName.ok && byName.attendees[0]!.checkedInAt).toBeInstanceOf(Date);

    const [ref] = await sql<{ reference: string }[]>`
      select o.reference || '-' || t.position as reference
        from public.tickets t join public.orders o on o.id = t.order_id where t.id = ${spare[3]!.ticketId}`;
    const byReference = await lookupAttendees(staffA.claims, a.eventId, ref!.reference.toLowerCase(), context);
    expect(byReference.ok && byReference.attendees.map((attendee) => attendee.ticketId)).toEqual([spare[3]!.ticketId]);

    const byOrganisation = await lookupAttendees(staffA.claims, a.eventId, 'testrup', { ...context, limit: 5 });
    expect(byOrganisation.ok && byOrganisation.attendees).toHaveLength(5);
    const wildcard = await lookupAttendees(staffA.claims, a.eventId, '%%', context);
    expect(wildcard.ok && wildcard.attendees).toEqual([]);
  });

  it('refuses staff of another event, strangers and anon', async () => {
    for (const claims of [staffB.claims, stranger.claims, ANON, organiserB]) {
      expect(await lookupAttendees(claims, a.eventId, 'Deltager', context)).toEqual({
        ok: false,
        code: 'not_authorised',
      });
      expect(await loadOfflinePack(claims, a.eventId, deviceContext)).toEqual({ ok: false, code: 'not_authorised' });
    }
    const direct = await asUser(
      staffB.claims,
      (tx) => tx`select * from private.checkin_attendees(${a.eventId}, 'Deltager', 100)`,
      sql,
    );
    expect(direct).toHaveLength(0);
  });

  it('gives staff the keys, the revocation list and the compact ticket list', async () => {
    const result = await loadOfflinePack(staffA.claims, a.eventId, deviceContext);
    if (!result.ok) throw new Error(result.code);
    const { pack } = result;
    expect(pack.keys).toHaveLength(1);
    expect(Buffer.from(pack.keys[0]!.publicKey, 'base64url')).toHaveLength(32);
    expect(pack.tickets.length).toBe(ARRIVALS + 8 + 1);
    expect(pack.tickets.filter((ticket) => ticket.checkedIn).length).toBeGreaterThanOrEqual(ARRIVALS);
    expect(pack.revocations).toEqual({ [spare[1]!.ticketId]: 'revoked', [spare[2]!.ticketId]: 2 });
    expect(pack.unpaid).toHaveLength(1);
    expect(pack.tickets.some((ticket) => ticket.id === ticketOfB.ticketId)).toBe(false);
  });
});

describe('session attendance', () => {
  const at = (claims: Claims, code: string, nonce = randomUUID(), sessionId = a.roundId) =>
    checkInSession(claims, a.eventId, sessionId, { code, nonce, scannedAt: new Date() }, context);

  it('records who attended once, replays a nonce, refuses other events’ staff and bad tickets', async () => {
    const nonce = randomUUID();
    expect(await at(staffA.claims, arrivalCodes[0]!, nonce)).toMatchObject({
      code: 'ok',
      colour: 'green',
      replay: false,
      name: 'Deltager ankomst-1',
    });
    expect(await at(staffA.claims, arrivalCodes[0]!, nonce)).toMatchObject({ code: 'ok', replay: true });
    const twice = await at(staffA.claims, arrivalCodes[0]!);
    expect(twice).toMatchObject({ code: 'already_checked_in', colour: 'amber' });
    expect(twice.at).not.toBeNull();
    expect((await at(staffA.claims, spareCodes[1]!)).code).toBe('cancelled');
    expect((await at(staffA.claims, codeOfB)).code).toBe('wrong_event');
    expect((await at(staffA.claims, 'junk')).code).toBe('malformed');
    expect((await at(staffA.claims, arrivalCodes[1]!, randomUUID(), b.roundId)).code).toBe('unknown_session');
    expect((await at(staffB.claims, arrivalCodes[1]!)).code).toBe('not_authorised');
    expect((await at(ANON, arrivalCodes[1]!)).code).toBe('not_authorised');
    expect(await count('public.session_check_ins where session_id = $1', a.roundId)).toBe(1);

    const direct = await asUser(
      staffA.claims,
      (tx) => tx<{ verdict: { code: string } }[]>`
        select private.check_in_session(${a.eventId}, ${a.roundId}, ${ticketOfB.ticketId}, 1, ${randomUUID()}, now())
          as verdict`,
      sql,
    );
    expect(direct[0]!.verdict.code).toBe('wrong_event');
  });
});

describe('what each caller reads', () => {
  const visible = (claims: Claims, table: string) =>
    asUser(
      claims,
      (tx) =>
        tx
          .unsafe<{ event_id: string }[]>(`select distinct event_id from public.${table}`)
          .then((rows) => rows.map((row) => row.event_id).sort()),
      sql,
    );

  it.each(['check_ins', 'checkin_gates', 'session_check_ins'])(
    '%s: staff and organisers their event’s rows, nobody else any',
    async (table) => {
      expect(await visible(staffA.claims, table)).toEqual([a.eventId]);
      expect(await visible(organiserA, table)).toEqual([a.eventId]);
      expect(await visible(staffB.claims, table)).toEqual([]);
      expect(await visible(organiserB, table)).toEqual([]);
      expect(await visible(stranger.claims, table)).toEqual([]);
      expect(await sqlState(visible(ANON, table))).toBe('42501');
    },
  );

  it('staff cannot write check-ins directly', async () => {
    expect(
      await sqlState(
        asUser(
          staffA.claims,
          (tx) => tx`update public.check_ins set undone_at = now() where event_id = ${a.eventId}`,
          sql,
        ),
      ),
    ).toBe('42501');
  });
});
