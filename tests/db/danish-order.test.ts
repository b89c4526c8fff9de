// Names sort as a Danish reader expects — Æ, Ø, Å after Z, "Aa" as Å, case
// and accents second — in the registrations list and in the exports, through
// Postgres' ICU collation "da-DK-x-icu" (the embedded Postgres ships ICU; so
// does Supabase).
import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import type { ExportSink } from '../../src/lib/exports/export-response.server.ts';
import { exportProducer } from '../../src/lib/lists/lists.server.ts';
import { listRegistrations } from '../../src/lib/registrations/registrations.server.ts';
import { queryFromParams } from '../../src/lib/registrations/registrations.ts';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

/** In Danish order. */
const DANISH = ['Anders And', 'bo Bent', 'Émile Zola', 'Zenia Ø', 'Ærlig Æbelø', 'Øjvind Ø', 'Aage Aa', 'Åse Å'];
let eventId: string;
let organiser: SignedIn;

beforeAll(async () => {
  eventId = (await insertEventWorld(sql, { slug: 'dansk-orden', status: 'published' })).eventId;
  organiser = (await insertUser(sql, 'arrangoer@orden.dk')).claims as SignedIn;
  await sql`insert into public.event_roles (event_id, user_id, role) values (${eventId}, ${organiser.sub}, 'organiser')`;
  const people = await insertAttendees(sql, { eventId, count: DANISH.length, tag: 'orden' });
  // Stored in a scrambled order, so a sort by insertion or by id cannot pass.
  const scrambled = [...DANISH].reverse();
  for (const [index, person] of people.entries()) {
    await sql`update public.tickets set attendee_name = ${scrambled[index]!} where id = ${person.ticketId}`;
  }
});

describe('Danish order of names', () => {
  it('has the ICU collation it needs', async () => {
    const [row] = await sql<{ ok: boolean }[]>`select 'Åse' > 'Zenia' collate "da-DK-x-icu" as ok`;
    expect(row!.ok).toBe(true);
  });

  it('sorts the registrations list, both ways', async () => {
    const names = async (params: string) =>
      (await listRegistrations(organiser, eventId, queryFromParams(new URLSearchParams(params)), 'da', sql)).rows.map(
        (row) => row.name,
      );
    expect(await names('')).toEqual(DANISH);
    expect(await names('sorter=-navn')).toEqual([...DANISH].reverse());
  });

  it('sorts the registrations export', async () => {
    const exported: string[] = [];
    const sink: ExportSink<{ attendee_name: string }> = {
      sheet: async () => {},
      rows: async (rows) => {
        exported.push(...rows.map((row) => row.attendee_name));
      },
    };
    await asUser(organiser, (tx) => exportProducer('registrations', eventId, 'da')(tx, sink as ExportSink<never>), sql);
    expect(exported).toEqual(DANISH);
  });
});
