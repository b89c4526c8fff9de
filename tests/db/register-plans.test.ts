// private.register in a rush (#16, 20261206100100_register_seats_last.sql):
// its duplicate check finds an address's ticket through
// tickets_one_active_per_email instead of reading every ticket of the event,
// so a registration costs the same for the first attendee and the thousandth.
// What a registration read is counted by Postgres itself inside its
// transaction (pg_stat_xact_all_tables), so this checks the plan, not time.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/db/db.server.ts';
import { callRegister } from '../../src/lib/registration/registration.server.ts';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, order } from '../fixtures/registration-world.ts';
import { insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 2 });
const TICKETS_BEFORE = 800;

let eventId: string;
let typeId: string;

beforeAll(async () => {
  eventId = (await insertEventWorld(sql, { slug: 'register-plans', status: 'published' })).eventId;
  await insertAttendees(sql, { eventId, count: TICKETS_BEFORE, tag: 'plans' });
  const [type] = await sql<{ id: string }[]>`
    insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity)
    values (${eventId}, 'gratis', 'Gratis', 'public_sector', 0, 100) returning id`;
  typeId = type!.id;
  await sql`analyze public.tickets`;
});

/** One anonymous registration, and how many ticket rows it read (by scans and by index). */
async function register(email: string) {
  const read = (tx: typeof sql) => tx<{ rows: number }[]>`
    select (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int as rows
      from pg_stat_xact_all_tables where schemaname = 'public' and relname = 'tickets'`;
  return sql.begin(async (raw) => {
    const tx = raw as unknown as typeof sql;
    const [before] = await read(tx);
    await tx`select set_config('role', 'anon', true), set_config('request.jwt.claims', ${JSON.stringify(ANON)}, true)`;
    const row = await callRegister(raw, order(typeId, [attendee(email)]), { lang: 'da', onlinePayment: false });
    await tx`reset role`;
    const [after] = await read(tx);
    return { result: row.result, detail: row.detail, ticketsRead: (after?.rows ?? 0) - (before?.rows ?? 0) };
  });
}

describe('a registration in an event with many tickets', () => {
  it('reads a handful of ticket rows, not the event’s every ticket', async () => {
    const answer = await register('new-attendee@example.org');
    expect(answer.result).toBe('ok');
    expect(answer.ticketsRead).toBeLessThan(10);
  });

  it('still finds an address that already holds a ticket, by the index', async () => {
    const answer = await register('plans-17@example.org');
    expect(answer).toMatchObject({ result: 'already_registered', detail: 'plans-17@example.org' });
    expect(answer.ticketsRead).toBeLessThan(10);
  });
});
