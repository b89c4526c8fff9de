// The door scan's shortcuts against a real Postgres: public keys imported once
// per process must not outlive the bytes they came from (a rotated key, an
// event deleted and made again under the same id), and gates are looked up in
// the scan's own transaction, created in their own only on first use: once
// per name however many batches race, never for someone who is not staff,
// and a recreated event's gate is its own, not the old one's.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asService } from '../../src/lib/db/db.server.ts';
import type { ScanInput } from '../../src/lib/checkin/checkin.ts';
import { checkInScan, syncScans } from '../../src/lib/checkin/checkin.server.ts';
import { retireSigningKey } from '../../src/lib/tickets/keys.server.ts';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { checkInSession } from '../fixtures/checkin-scans.ts';
import { codesFor } from '../fixtures/checkin-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';

const { sql } = await freshDatabase({ max: 10 });
const context = { db: sql };

let staff: TestUser;
let stranger: TestUser;

function scan(code: string, overrides: Partial<ScanInput> = {}): ScanInput {
  return { code, nonce: randomUUID(), scannedAt: new Date(), device: 'telefon-1', gate: 'Nord', ...overrides };
}

/** A bare published event under the given id, with `staff` as its check-in staff. */
async function insertEvent(eventId: string, slug: string): Promise<void> {
  await sql`
    insert into public.events (id, slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
    values (${eventId}, ${slug}, ${`Testdag ${slug}`}, ${`Test day ${slug}`}, now() - interval '1 hour',
            now() + interval '8 hours', 'Testhallen', 'Testfolket', 'published')`;
  await sql`insert into public.event_roles (event_id, user_id, role) values (${eventId}, ${staff.id}, 'checkin_staff')`;
}

async function gatesOf(eventId: string): Promise<{ id: string; name: string }[]> {
  return sql<{ id: string; name: string }[]>`
    select id, name from public.checkin_gates where event_id = ${eventId} order by name`;
}

beforeAll(async () => {
  staff = await insertUser(sql, 'vagt@example.org');
  stranger = await insertUser(sql, 'fremmed@example.org');
}, 120_000);

describe('public keys imported once per process', () => {
  it('a rotated key verifies its codes at once, and the retired key’s codes still verify', async () => {
    const eventId = randomUUID();
    await insertEvent(eventId, 'rotation');
    const tickets = await insertAttendees(sql, { eventId, count: 2, tag: 'rotation' });
    const [oldCode] = await codesFor(sql, eventId, [tickets[0]!]);
    // Warm the import of key 1.
    expect(await checkInScan(staff.claims, eventId, scan(oldCode!), context)).toMatchObject({ code: 'ok' });

    expect(await asService((tx) => retireSigningKey(tx, eventId), sql)).toBe(1);
    const [newCode] = await codesFor(sql, eventId, [tickets[1]!]);

    expect(await checkInScan(staff.claims, eventId, scan(newCode!), context)).toMatchObject({
      code: 'ok',
      ticketId: tickets[1]!.ticketId,
    });
    expect(await checkInScan(staff.claims, eventId, scan(oldCode!), context)).toMatchObject({
      code: 'already_checked_in',
    });
  });

  it('an event deleted and made again under the same id: its new key 1 counts, the old key 1’s codes do not', async () => {
    const eventId = randomUUID();
    await insertEvent(eventId, 'igen-1');
    const [before] = await insertAttendees(sql, { eventId, count: 1, tag: 'igen-foer' });
    const [oldCode] = await codesFor(sql, eventId, [before!]);
    const first = await checkInScan(staff.claims, eventId, scan(oldCode!), context);
    expect(first).toMatchObject({ code: 'ok' });
    const [oldGate] = await gatesOf(eventId);

    // Gone with everything it had: tickets, check-ins, gates, keys.
    await sql`delete from public.check_ins where event_id = ${eventId}`;
    await sql`delete from public.tickets where event_id = ${eventId}`;
    await sql`delete from public.orders where event_id = ${eventId}`;
    await sql`delete from public.events where id = ${eventId}`;
    expect(await gatesOf(eventId)).toEqual([]);

    await insertEvent(eventId, 'igen-2');
    const [after] = await insertAttendees(sql, { eventId, count: 1, tag: 'igen-efter' });
    const [newCode] = await codesFor(sql, eventId, [after!]);

    // Same event id and key id 1, other bytes: the old code's signature no longer holds.
    expect(await checkInScan(staff.claims, eventId, scan(oldCode!), context)).toMatchObject({
      code: 'bad_signature',
      colour: 'red',
    });
    const verdict = await checkInScan(staff.claims, eventId, scan(newCode!), context);
    expect(verdict).toMatchObject({ code: 'ok', colour: 'green', ticketId: after!.ticketId });

    // The gate of the same name is the new event's own row.
    const [newGate] = await gatesOf(eventId);
    expect(newGate!.name).toBe('Nord');
    expect(newGate!.id).not.toBe(oldGate!.id);
    const [row] = await sql<{ gate_id: string }[]>`
      select gate_id from public.check_ins where id = ${verdict.checkInId!}`;
    expect(row!.gate_id).toBe(newGate!.id);
  });

  it('session scans use the same keys', async () => {
    const eventId = randomUUID();
    await insertEvent(eventId, 'session-noegler');
    const [ticket] = await insertAttendees(sql, { eventId, count: 1, tag: 'session-noegler' });
    const [code] = await codesFor(sql, eventId, [ticket!]);
    const [session] = await sql<{ id: string }[]>`
      insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at)
      values (${eventId}, 'keynote', 'keynote', 'Keynote', now(), now() + interval '1 hour') returning id`;
    const scanned = { code: code!, nonce: randomUUID(), scannedAt: new Date() };
    expect(await checkInSession(staff.claims, eventId, session!.id, scanned, context)).toMatchObject({ code: 'ok' });
    expect(await checkInSession(stranger.claims, eventId, session!.id, scanned, context)).toMatchObject({
      code: 'not_authorised',
    });
  });
});

describe('gates', () => {
  it('created once per name when many batches use new gates at once, and each check-in records its own', async () => {
    const eventId = randomUUID();
    await insertEvent(eventId, 'porte');
    const tickets = await insertAttendees(sql, { eventId, count: 40, tag: 'porte' });
    const codes = await codesFor(sql, eventId, tickets);
    const names = ['Syd', 'Nord', 'Øst', 'Vest'];
    // Eight batches of five, each using the gates in another order.
    const batches = Array.from({ length: 8 }, (_, batch) =>
      Array.from({ length: 5 }, (_, i) => {
        const index = batch * 5 + i;
        return scan(codes[index]!, { gate: names[(batch + i) % names.length]!, device: `telefon-${batch}` });
      }),
    );
    const results = await Promise.all(batches.map((batch) => syncScans(staff.claims, eventId, batch, context)));
    expect(results.flatMap((result) => result.results.map((r) => r.verdict.code))).toEqual(
      Array.from({ length: 40 }, () => 'ok'),
    );
    expect((await gatesOf(eventId)).map((gate) => gate.name)).toEqual(['Nord', 'Syd', 'Vest', 'Øst']);
    const recorded = await sql<{ nonce: string; name: string }[]>`
      select c.nonce, g.name
        from public.check_ins c join public.checkin_gates g on g.id = c.gate_id
       where c.event_id = ${eventId}`;
    expect(new Map(recorded.map((row) => [row.nonce, row.name]))).toEqual(
      new Map(batches.flat().map((scanned) => [scanned.nonce, scanned.gate])),
    );
    const perGate = await sql<{ name: string; n: number }[]>`
      select g.name, count(*)::int as n
        from public.check_ins c join public.checkin_gates g on g.id = c.gate_id
       where c.event_id = ${eventId} group by g.name order by g.name`;
    expect(perGate).toEqual([
      { name: 'Nord', n: 10 },
      { name: 'Syd', n: 10 },
      { name: 'Vest', n: 10 },
      { name: 'Øst', n: 10 },
    ]);
  });

  it('a scan without a gate records none; someone who is not staff creates no gate', async () => {
    const eventId = randomUUID();
    await insertEvent(eventId, 'uden-port');
    const [ticket] = await insertAttendees(sql, { eventId, count: 1, tag: 'uden-port' });
    const [code] = await codesFor(sql, eventId, [ticket!]);
    const refused = await checkInScan(stranger.claims, eventId, scan(code!, { gate: 'Bagindgang' }), context);
    expect(refused).toMatchObject({ code: 'not_authorised' });
    expect(await gatesOf(eventId)).toEqual([]);

    const verdict = await checkInScan(staff.claims, eventId, scan(code!, { gate: null }), context);
    expect(verdict).toMatchObject({ code: 'ok' });
    const [row] = await sql<{ gate_id: string | null }[]>`
      select gate_id from public.check_ins where id = ${verdict.checkInId!}`;
    expect(row!.gate_id).toBeNull();
    expect(await gatesOf(eventId)).toEqual([]);
  });
});
