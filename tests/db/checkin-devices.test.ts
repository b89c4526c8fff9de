// Door devices against a real Postgres: a device registers itself with its
// first request; the event's organisers see it (and only theirs) and can
// revoke it; check-in staff cannot. A revoked device gets no pack, and its
// uploads are held — never applied, never lost — until an organiser accepts
// or discards them. A revoke racing an upload: the upload is applied before
// the revoke or held after it.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanInput } from '../../src/lib/checkin/checkin.ts';
import { type DeviceRef, loadOfflinePack, syncScans, syncSessionScans } from '../../src/lib/checkin/checkin.server.ts';
import { decideHeldScan, loadDevices, revokeDevice } from '../../src/lib/checkin/devices.server.ts';
import { asUser } from '../../src/lib/db/db.server.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { codesFor, openCheckInWindow } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 12 });

let a: EventWorld;
let b: EventWorld;
let organiserA: TestUser;
let organiserB: TestUser;
let staffA: TestUser;
let attendees: Attendee[];
let codes: string[];

const device = (label: string): DeviceRef => ({ id: randomUUID(), label });
const on = (ref: DeviceRef) => ({ db: sql, device: ref });

const scan = (overrides: Partial<ScanInput>): ScanInput => ({
  nonce: randomUUID(),
  scannedAt: new Date(),
  device: 'telefon',
  gate: 'Nord',
  ...overrides,
});

async function activeCheckIns(ticketId: string) {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.check_ins where ticket_id = ${ticketId} and result = 'ok' and undone_at is null`;
  return row!.n;
}

async function checkInByNonce(nonce: string) {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from public.check_ins where nonce = ${nonce}`;
  return row!.n;
}

async function heldByNonce(nonce: string) {
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from public.checkin_held_scans where nonce = ${nonce}`;
  return row!.n;
}

beforeAll(async () => {
  a = await insertEventWorld(sql, { slug: 'enheder-a', status: 'published' });
  b = await insertEventWorld(sql, { slug: 'enheder-b', status: 'published' });
  await openCheckInWindow(sql, a.eventId);
  await openCheckInWindow(sql, b.eventId);
  organiserA = await insertUser(sql, 'org-a@door-devices.example.org');
  organiserB = await insertUser(sql, 'org-b@door-devices.example.org');
  staffA = await insertUser(sql, 'staff-a@door-devices.example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values
    (${a.eventId}, ${organiserA.id}, 'organiser'), (${b.eventId}, ${organiserB.id}, 'organiser'),
    (${a.eventId}, ${staffA.id}, 'checkin_staff')`;
  attendees = await insertAttendees(sql, { eventId: a.eventId, count: 40, tag: 'enheder' });
  codes = await codesFor(sql, a.eventId, attendees);
});

describe('a device registers itself and organisers see it', () => {
  it('lists the device with its name, who is signed in, last seen, scans uploaded and the pack it holds', async () => {
    const phone = device('Nord 1');
    const pack = await loadOfflinePack(staffA.claims, a.eventId, { ...on(phone), versionOf: () => '"v1"' });
    expect(pack.ok).toBe(true);
    if (pack.ok) {
      // Dropped the day after the event ends, in its time zone (17:00 Copenhagen → next midnight).
      const [end] = await sql<{ expires: Date }[]>`
        select ((ends_at at time zone 'Europe/Copenhagen')::date + 1)::timestamp at time zone 'Europe/Copenhagen' as expires
          from public.events where id = ${a.eventId}`;
      expect(pack.pack.expiresAt).toBe(end!.expires.toISOString());
    }
    const uploaded = await syncScans(staffA.claims, a.eventId, [scan({ code: codes[0]! })], on(phone));
    expect(uploaded.results[0]!.verdict.code).toBe('ok');
    expect(uploaded.deviceRevoked).toBe(false);

    const { devices } = await loadDevices(organiserA.claims, a.eventId, sql);
    const listed = devices.find((row) => row.id === phone.id);
    expect(listed).toMatchObject({
      label: 'Nord 1',
      signedInAs: staffA.email,
      scansUploaded: 1,
      packVersion: '"v1"',
      revokedAt: null,
    });
    expect(listed!.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a pack only goes to a device that names itself', async () => {
    expect(await loadOfflinePack(staffA.claims, a.eventId, { db: sql })).toEqual({
      ok: false,
      code: 'device_required',
    });
  });

  it('organisers of another event, check-in staff and strangers see no devices, in the list or the tables', async () => {
    const phone = device('Syd 1');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone))).ok).toBe(true);
    expect((await loadDevices(organiserB.claims, a.eventId, sql)).devices).toEqual([]);
    expect((await loadDevices(staffA.claims, a.eventId, sql)).devices).toEqual([]);
    for (const user of [organiserB, staffA]) {
      const rows = await asUser(
        user.claims,
        async (tx) => ({
          devices: await tx`select * from public.checkin_devices where event_id = ${a.eventId}`,
          held: await tx`select * from public.checkin_held_scans where event_id = ${a.eventId}`,
        }),
        sql,
      );
      expect(rows.devices).toHaveLength(0);
      expect(rows.held).toHaveLength(0);
    }
    // Nobody writes the tables directly.
    await expect(
      asUser(organiserA.claims, (tx) => tx`update public.checkin_devices set revoked_at = now()`, sql),
    ).rejects.toThrow(/permission denied/);
  });
});

describe('revoking', () => {
  it('only the event’s organisers may revoke: not another event’s organiser, not check-in staff', async () => {
    const phone = device('Vest 1');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone))).ok).toBe(true);
    expect(await revokeDevice(organiserB.claims, a.eventId, phone.id, sql)).toBe('not_authorised');
    expect(await revokeDevice(staffA.claims, a.eventId, phone.id, sql)).toBe('not_authorised');
    // Revoking "it" under one's own event finds nothing either.
    expect(await revokeDevice(organiserB.claims, b.eventId, phone.id, sql)).toBe('not_found');
    const [row] = await sql<{ revoked_at: Date | null }[]>`
      select revoked_at from public.checkin_devices where event_id = ${a.eventId} and id = ${phone.id}`;
    expect(row!.revoked_at).toBeNull();

    expect(await revokeDevice(organiserA.claims, a.eventId, phone.id, sql)).toBe('revoked');
    expect(await revokeDevice(organiserA.claims, a.eventId, phone.id, sql)).toBe('already_revoked');
  });

  it('a revoked device gets no pack, and the pack’s functions give it nothing', async () => {
    const phone = device('Øst 1');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone))).ok).toBe(true);
    expect(await revokeDevice(organiserA.claims, a.eventId, phone.id, sql)).toBe('revoked');
    expect(await loadOfflinePack(staffA.claims, a.eventId, on(phone))).toEqual({ ok: false, code: 'device_revoked' });
    const rows = await asUser(
      staffA.claims,
      async (tx) => ({
        tickets: await tx`select * from private.checkin_device_tickets(${a.eventId}, ${phone.id})`,
        sessions: await tx`select * from private.checkin_device_sessions(${a.eventId}, ${phone.id})`,
      }),
      sql,
    );
    expect(rows.tickets).toHaveLength(0);
    expect(rows.sessions).toHaveLength(0);
    // Another, active device still gets its pack.
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(device('Øst 2')))).ok).toBe(true);
  });

  it('holds a revoked device’s uploads; a scan applied before the revoke answers as before', async () => {
    const phone = device('Nord 2');
    const before = scan({ code: codes[1]! });
    expect((await syncScans(staffA.claims, a.eventId, [before], on(phone))).results[0]!.verdict.code).toBe('ok');
    expect(await revokeDevice(organiserA.claims, a.eventId, phone.id, sql)).toBe('revoked');

    const after = scan({ code: codes[2]!, gate: 'Nord' });
    const upload = await syncScans(staffA.claims, a.eventId, [before, after], on(phone));
    expect(upload.deviceRevoked).toBe(true);
    expect(upload.results.map((result) => [result.verdict.code, result.verdict.replay])).toEqual([
      ['ok', true],
      ['held', false],
    ]);
    expect(await activeCheckIns(attendees[2]!.ticketId)).toBe(0);
    // Sent again: still one held row, still not applied.
    await syncScans(staffA.claims, a.eventId, [after], on(phone));
    expect(await heldByNonce(after.nonce)).toBe(1);
    expect(await checkInByNonce(after.nonce)).toBe(0);

    const session = await syncSessionScans(
      staffA.claims,
      a.eventId,
      [{ code: codes[3]!, nonce: randomUUID(), scannedAt: new Date(), sessionId: a.roundId }],
      on(phone),
    );
    expect(session.deviceRevoked).toBe(true);
    expect(session.results[0]!.verdict.code).toBe('held');
    const [attended] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.session_check_ins where ticket_id = ${attendees[3]!.ticketId}`;
    expect(attended!.n).toBe(0);

    const { held, devices } = await loadDevices(organiserA.claims, a.eventId, sql);
    expect(devices.find((row) => row.id === phone.id)).toMatchObject({ heldWaiting: 2, scansUploaded: 1 });
    expect(held.filter((row) => row.deviceLabel === 'telefon' || row.deviceLabel === 'Nord 2')).toHaveLength(2);
    expect(held.find((row) => row.kind === 'door' && row.attendee !== null)).toMatchObject({ gate: 'Nord' });
  });
});

describe('held scans', () => {
  it('an organiser accepts one (checked in with its own time and gate) and discards another, once each', async () => {
    const phone = device('Syd 2');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone))).ok).toBe(true);
    expect(await revokeDevice(organiserA.claims, a.eventId, phone.id, sql)).toBe('revoked');
    const scannedAt = new Date(Date.now() - 5 * 60_000);
    const keep = scan({ code: codes[4]!, gate: 'Syd', scannedAt });
    const drop = scan({ code: codes[5]!, gate: 'Syd' });
    await syncScans(staffA.claims, a.eventId, [keep, drop], on(phone));
    const [keepRow] = await sql<{ id: string }[]>`select id from public.checkin_held_scans where nonce = ${keep.nonce}`;
    const [dropRow] = await sql<{ id: string }[]>`select id from public.checkin_held_scans where nonce = ${drop.nonce}`;

    // Not for another event's organiser, nor for staff.
    expect((await decideHeldScan(organiserB.claims, a.eventId, keepRow!.id, true, sql)).code).toBe('not_authorised');
    expect((await decideHeldScan(staffA.claims, a.eventId, keepRow!.id, true, sql)).code).toBe('not_authorised');
    expect((await decideHeldScan(organiserB.claims, b.eventId, keepRow!.id, true, sql)).code).toBe('not_found');

    const accepted = await decideHeldScan(organiserA.claims, a.eventId, keepRow!.id, true, sql);
    expect(accepted).toMatchObject({ code: 'accepted', verdict: { code: 'ok' } });
    const [checkIn] = await sql<{ scanned_at: Date; gate: string }[]>`
      select c.scanned_at, g.name as gate from public.check_ins c join public.checkin_gates g on g.id = c.gate_id
       where c.nonce = ${keep.nonce}`;
    expect(checkIn!.scanned_at.getTime()).toBe(scannedAt.getTime());
    expect(checkIn!.gate).toBe('Syd');
    expect((await decideHeldScan(organiserA.claims, a.eventId, keepRow!.id, false, sql)).code).toBe('already_decided');

    expect((await decideHeldScan(organiserA.claims, a.eventId, dropRow!.id, false, sql)).code).toBe('discarded');
    expect(await activeCheckIns(attendees[5]!.ticketId)).toBe(0);
    const { held } = await loadDevices(organiserA.claims, a.eventId, sql);
    expect(held.map((row) => row.id)).not.toContain(keepRow!.id);
    expect(held.map((row) => row.id)).not.toContain(dropRow!.id);
  });
});

describe('a revoke racing an upload', () => {
  it('waits for an upload in progress, which is applied; an upload after the revoke waits and is held', async () => {
    const phone = device('Kapløb 1');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone))).ok).toBe(true);

    // An upload holds the device's row; the revoke must wait for it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const nonce = randomUUID();
    const upload = asUser(
      staffA.claims,
      async (tx) => {
        await tx`select private.checkin_device_seen(${a.eventId}, ${phone.id}, 'Kapløb 1')`;
        locked();
        await released;
        const [row] = await tx<{ verdict: { code: string } }[]>`
          select private.check_in_from_device(${a.eventId}, ${phone.id}, 'Kapløb 1', ${attendees[6]!.ticketId}, 1,
                                              null, null, ${nonce}, now()) as verdict`;
        return row!.verdict.code;
      },
      sql,
    );
    await isLocked;
    let revokedAt = 0;
    const revoke = revokeDevice(organiserA.claims, a.eventId, phone.id, sql).then((code) => {
      revokedAt = Date.now();
      return code;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(revokedAt).toBe(0);
    const releasedAt = Date.now();
    release();
    expect(await upload).toBe('ok');
    expect(await revoke).toBe('revoked');
    expect(revokedAt).toBeGreaterThanOrEqual(releasedAt);
    expect(await checkInByNonce(nonce)).toBe(1);

    // The other way round: a revoke in progress holds the row; the upload waits and then holds its scan.
    const phone2 = device('Kapløb 2');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone2))).ok).toBe(true);
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let revoking!: () => void;
    const isRevoking = new Promise<void>((resolve) => (revoking = resolve));
    const slowRevoke = asUser(
      organiserA.claims,
      async (tx) => {
        const [row] = await tx<{ result: { code: string } }[]>`
          select private.revoke_checkin_device(${a.eventId}, ${phone2.id}) as result`;
        revoking();
        await committed;
        return row!.result.code;
      },
      sql,
    );
    await isRevoking;
    const late = scan({ code: codes[7]! });
    const lateUpload = syncScans(staffA.claims, a.eventId, [late], on(phone2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    commit();
    expect(await slowRevoke).toBe('revoked');
    expect((await lateUpload).results[0]!.verdict.code).toBe('held');
    expect(await checkInByNonce(late.nonce)).toBe(0);
    expect(await heldByNonce(late.nonce)).toBe(1);
  });

  it('under load, every scan is either applied or held, never lost, and a batch is never split', async () => {
    const phone = device('Kapløb 3');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone))).ok).toBe(true);
    const batches = Array.from({ length: 8 }, (_, batch) =>
      [0, 1, 2].map((i) => scan({ code: codes[10 + batch * 3 + i]!, device: 'Kapløb 3' })),
    );
    const uploads = batches.map(
      (batch, index) =>
        new Promise<void>((resolve, reject) =>
          setTimeout(
            () => syncScans(staffA.claims, a.eventId, batch, on(phone)).then(() => resolve(), reject),
            index * 15,
          ),
        ),
    );
    const revoke = new Promise<string>((resolve, reject) =>
      setTimeout(() => revokeDevice(organiserA.claims, a.eventId, phone.id, sql).then(resolve, reject), 50),
    );
    await Promise.all([...uploads, revoke]);
    expect(await revoke).toBe('revoked');

    const nonces = batches.flat().map((one) => one.nonce);
    const rows = await sql<{ nonce: string; applied: Date | null; held: boolean }[]>`
      select n.nonce, c.recorded_at as applied, h.id is not null as held
        from unnest(${nonces}::uuid[]) as n(nonce)
        left join public.check_ins c on c.nonce = n.nonce
        left join public.checkin_held_scans h on h.nonce = n.nonce`;
    expect(rows).toHaveLength(nonces.length);
    for (const row of rows) {
      expect(row.applied !== null || row.held).toBe(true);
      expect(row.applied !== null && row.held).toBe(false);
    }
    // A batch is one transaction: before the revoke or after it, never split.
    const heldNonces = new Set(rows.filter((row) => row.held).map((row) => row.nonce));
    for (const batch of batches) {
      expect(new Set(batch.map((one) => heldNonces.has(one.nonce))).size).toBe(1);
    }
    // Whatever the timing, an upload that starts after the revoke committed is held.
    const after = scan({ code: codes[34]!, device: 'Kapløb 3' });
    expect((await syncScans(staffA.claims, a.eventId, [after], on(phone))).results[0]!.verdict.code).toBe('held');
  });
});

describe('the audit log', () => {
  it('records a revocation and a held scan’s decision with who did it, not a device’s own traffic', async () => {
    const phone = device('Revision 1');
    expect((await loadOfflinePack(staffA.claims, a.eventId, on(phone))).ok).toBe(true);
    await syncScans(staffA.claims, a.eventId, [scan({ code: codes[35]! })], on(phone));
    expect(await revokeDevice(organiserA.claims, a.eventId, phone.id, sql)).toBe('revoked');
    const late = scan({ code: codes[36]! });
    await syncScans(staffA.claims, a.eventId, [late], on(phone));
    const [held] = await sql<{ id: string }[]>`select id from public.checkin_held_scans where nonce = ${late.nonce}`;
    expect((await decideHeldScan(organiserA.claims, a.eventId, held!.id, false, sql)).code).toBe('discarded');

    const entries = await sql<
      { table_name: string; action: string; actor_id: string; after: Record<string, unknown> }[]
    >`
      select table_name, action::text, actor_id, after from public.audit_log
       where event_id = ${a.eventId}
         and (row_key ->> 'id' = ${phone.id} or row_key ->> 'id' = ${held!.id})
       order by id`;
    expect(entries.map((entry) => [entry.table_name, entry.action, entry.actor_id])).toEqual([
      ['checkin_devices', 'insert', staffA.id],
      ['checkin_devices', 'update', organiserA.id],
      ['checkin_held_scans', 'insert', staffA.id],
      ['checkin_held_scans', 'update', organiserA.id],
    ]);
    expect(Object.keys(entries[1]!.after).sort()).toEqual(['revoked_at', 'revoked_by']);
    expect(entries[3]!.after).toMatchObject({ decision: 'discarded', decided_by: organiserA.id });
  });
});
