// Three database rules the console's first round left loose:
// - a ticket type shown only with its access code is waitlisted only with it
//   (20261203120700),
// - the call for solutions is open only on a published event (20261203120701),
// - an organiser renames a room, whose sessions' calendars then move on
//   (20261203120702).
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import { updateRoom } from '../../src/lib/programme-editor/catalogue.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertTicketType } from '../fixtures/registration-world.ts';
import { setCallWindow } from '../fixtures/solutions.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

let world: EventWorld;
let organiser: SignedIn;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'rettelser', status: 'published' });
  organiser = {
    role: 'authenticated',
    sub: world.organiserId,
    aud: 'authenticated',
    email: 'arrangoer@rettelser.example.org',
  };
});

describe('joining the waitlist of a ticket type with an access code', () => {
  let coded: string;
  let listed: string;

  beforeAll(async () => {
    coded = await insertTicketType(sql, { eventId: world.eventId, slug: 'presse', capacity: 1 });
    listed = await insertTicketType(sql, { eventId: world.eventId, slug: 'alle', capacity: 1 });
    await sql`update public.ticket_types set access_code = 'Presse-2027', sold = 1 where id = ${coded}`;
    await sql`update public.ticket_types set sold = 1 where id = ${listed}`;
  });

  const join = (type: string, email: string, code?: string) =>
    asUser(
      ANON,
      async (tx) => {
        const [row] = await tx<{ result: string; place: number | null }[]>`
        select result, place from private.join_waitlist(${type}, 'Venter', ${email}, 'da', ${code ?? null})`;
        return row!;
      },
      sql,
    );
  const entries = async (type: string) =>
    (
      await sql<
        { email: string }[]
      >`select email from public.waitlist_entries where ticket_type_id = ${type} order by email`
    ).map((row) => row.email);

  it('is refused without the code or with a wrong one, as an unknown type is, and nothing is written', async () => {
    expect(await join(coded, 'uden@example.org')).toEqual({ result: 'not_found', place: null });
    expect(await join(coded, 'forkert@example.org', 'Presse-2026')).toEqual({ result: 'not_found', place: null });
    expect(await join(coded, 'tom@example.org', '')).toEqual({ result: 'not_found', place: null });
    expect(await entries(coded)).toEqual([]);
  });

  it('takes a place with the code, in any case and with spaces around it', async () => {
    expect(await join(coded, 'med@example.org', 'Presse-2027')).toEqual({ result: 'ok', place: 1 });
    expect(await join(coded, 'smaa@example.org', ' presse-2027 ')).toEqual({ result: 'ok', place: 2 });
    expect(await entries(coded)).toEqual(['med@example.org', 'smaa@example.org']);
  });

  it('still needs no code for a listed type', async () => {
    expect(await join(listed, 'liste@example.org')).toEqual({ result: 'ok', place: 1 });
  });
});

describe('the call for solutions', () => {
  const isOpen = async (eventId: string) =>
    (await sql<{ open: boolean }[]>`select private.call_is_open(${eventId}) as open`)[0]!.open;

  it('is open only while the event is published, inside its window', async () => {
    const draft = await insertEventWorld(sql, { slug: 'kladde-kald', status: 'draft' });
    await setCallWindow(sql, draft.eventId, true);
    expect(await isOpen(draft.eventId)).toBe(false);

    await sql`update public.events set status = 'published' where id = ${draft.eventId}`;
    expect(await isOpen(draft.eventId)).toBe(true);

    await setCallWindow(sql, draft.eventId, false);
    expect(await isOpen(draft.eventId)).toBe(false);

    await setCallWindow(sql, draft.eventId, true);
    await sql`update public.events set status = 'archived' where id = ${draft.eventId}`;
    expect(await isOpen(draft.eventId)).toBe(false);
  });

  it('takes no solution for a draft event, whatever its window says, and does once it is published', async () => {
    const draft = await insertEventWorld(sql, { slug: 'kladde-indsend', status: 'draft' });
    await setCallWindow(sql, draft.eventId, true);
    const [user] = await sql<{ id: string }[]>`
      insert into auth.users (email) values ('udstiller@kladde.example.org') returning id`;
    const email = 'udstiller@kladde.example.org';
    const exhibitor: SignedIn = { role: 'authenticated', sub: user!.id, aud: 'authenticated', email };
    const propose = (slug: string) =>
      asUser(
        exhibitor,
        (tx) => tx`
          insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status, partners)
          values (${draft.eventId}, ${slug}, 'Løsning', 'Resumé', 'Udstiller', ${email}, 'submitted',
                  ${sql.json([{ name: 'Kladderup Kommune', sector: 'kommune' }])})`,
        sql,
      );
    expect(await sqlState(propose('for-tidligt'))).toBe('42501');
    await sql`update public.events set status = 'published' where id = ${draft.eventId}`;
    await propose('til-tiden');
    const mine = await sql`
      select slug from public.solutions where event_id = ${draft.eventId} and slug in ('for-tidligt', 'til-tiden')`;
    expect(mine).toEqual([{ slug: 'til-tiden' }]);
  });
});

describe('renaming a room as its event’s organiser', () => {
  it('saves the new name and moves the calendars of the sessions in it on', async () => {
    const versions = async () =>
      (
        await sql<{ id: string; calendar_version: number }[]>`
          select id, calendar_version from public.sessions where event_id = ${world.eventId} order by id`
      ).map((row) => [row.id, row.calendar_version] as const);
    const before = new Map(await versions());
    const [room] = await sql<{ version: number }[]>`select version from public.rooms where id = ${world.roomId}`;
    const saved = await updateRoom(
      organiser,
      { id: world.roomId, version: room!.version },
      {
        name: 'Store Sal',
        nameEn: 'Great Hall',
        capacity: 100,
        locationNote: null,
        locationNoteEn: null,
        accessibilityNote: null,
        accessibilityNoteEn: null,
        position: 0,
      },
      sql,
    );
    expect(saved).toMatchObject({ ok: true });
    const [renamed] = await sql<
      { name: string; name_en: string }[]
    >`select name, name_en from public.rooms where id = ${world.roomId}`;
    expect(renamed).toEqual({ name: 'Store Sal', name_en: 'Great Hall' });

    const inRoom = new Set(
      (await sql<{ id: string }[]>`select id from public.sessions where room_id = ${world.roomId}`).map(
        (row) => row.id,
      ),
    );
    expect(inRoom.size).toBeGreaterThan(0);
    for (const [id, version] of await versions()) {
      expect(version).toBe(before.get(id)! + (inRoom.has(id) ? 1 : 0));
    }
    const [entry] = await sql<{ actor_id: string }[]>`
      select actor_id from public.audit_log where table_name = 'rooms' and row_key ->> 'id' = ${world.roomId} order by id desc limit 1`;
    expect(entry?.actor_id).toBe(world.organiserId);
  });
});
