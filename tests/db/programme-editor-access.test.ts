// Who may write the programme, straight at the tables (no use case between):
// an organiser writes their own event's tracks, rooms, speakers, sessions and
// session speakers; an organiser of another event, check-in staff, exhibitors,
// reviewers and anon change nothing. Plus the catalogue use cases and the deletion
// guards that hold whoever deletes.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import * as catalogue from '../../src/lib/programme-editor/catalogue.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { fingerprint, sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

let world: EventWorld;
let other: EventWorld;
let organiser: SignedIn;
let strangers: [string, Claims][];

const claimsOf = (id: string, email: string): SignedIn => ({
  role: 'authenticated',
  sub: id,
  aud: 'authenticated',
  email,
});
const TABLES = ['public.tracks', 'public.rooms', 'public.speakers', 'public.sessions', 'public.session_speakers'];
const everything = () => Promise.all(TABLES.map((table) => fingerprint(sql, table)));

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'adgang', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'anden-adgang', status: 'draft' });
  organiser = claimsOf(world.organiserId, 'arrangoer@adgang.example.org');
  const users = await sql<{ id: string; email: string }[]>`
    insert into auth.users (email)
    values ('vagt@adgang.example.org'), ('udstiller@adgang.example.org'), ('bedoemmer@adgang.example.org')
    returning id, email`;
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${users[0]!.id}, 'checkin_staff'),
      (${world.eventId}, ${users[1]!.id}, 'exhibitor_member'),
      (${world.eventId}, ${users[2]!.id}, 'reviewer')`;
  strangers = [
    ['an organiser of another event', claimsOf(other.organiserId, 'arrangoer@anden-adgang.example.org')],
    ['check-in staff', claimsOf(users[0]!.id, users[0]!.email)],
    ['an exhibitor', claimsOf(users[1]!.id, users[1]!.email)],
    ['a reviewer', claimsOf(users[2]!.id, users[2]!.email)],
    ['anon', ANON],
  ];
});

describe('writing the programme directly', () => {
  it('is refused to everyone but the event’s organisers, and nothing changes', async () => {
    const before = await everything();
    for (const [who, claims] of strangers) {
      // Updates and deletes touch no row (RLS) or are refused (no grant); the fingerprints below prove it.
      await asUser(
        claims,
        async (tx) => {
          for (const [table, column, id] of [
            ['public.tracks', 'name', world.trackId],
            ['public.rooms', 'name', world.roomId],
            ['public.speakers', 'name', world.speakerId],
            ['public.sessions', 'title', world.keynoteId],
          ] as const) {
            await sqlState(tx.savepoint((sp) => sp`update ${sp(table)} set ${sp(column)} = 'Kapret' where id = ${id}`));
            await sqlState(tx.savepoint((sp) => sp`delete from ${sp(table)} where id = ${id}`));
          }
          await sqlState(
            tx.savepoint((sp) => sp`update public.sessions set title = 'Kapret' where id = ${world.keynoteId}`),
          );
          await sqlState(
            tx.savepoint((sp) => sp`delete from public.session_speakers where session_id = ${world.keynoteId}`),
          );
        },
        sql,
      );
      for (const insert of [
        (tx: Parameters<Parameters<typeof asUser>[1]>[0]) =>
          tx`insert into public.tracks (event_id, slug, name) values (${world.eventId}, 'kapret', 'Kapret')`,
        (tx: Parameters<Parameters<typeof asUser>[1]>[0]) =>
          tx`insert into public.rooms (event_id, name, capacity) values (${world.eventId}, 'Kapret', 5)`,
        (tx: Parameters<Parameters<typeof asUser>[1]>[0]) =>
          tx`insert into public.speakers (event_id, slug, name) values (${world.eventId}, 'kapret', 'Kapret')`,
        (tx: Parameters<Parameters<typeof asUser>[1]>[0]) =>
          tx`insert into public.session_speakers (event_id, session_id, speaker_id, role)
             values (${world.eventId}, ${world.roundId}, ${world.speakerId}, 'host')`,
      ]) {
        expect([who, await sqlState(asUser(claims, insert, sql))]).toEqual([who, '42501']);
      }
    }
    expect(await everything()).toEqual(before);
  });

  it('lets the organiser write their own event, and never move a row to another event', async () => {
    const moved = await asUser(
      organiser,
      async (tx) => {
        await tx`update public.rooms set capacity = 120 where id = ${world.roomId}`;
        await tx`update public.session_speakers set role = 'moderator' where session_id = ${world.keynoteId}`;
        return sqlState(
          tx.savepoint((sp) => sp`update public.tracks set event_id = ${other.eventId} where id = ${world.trackId}`),
        );
      },
      sql,
    );
    expect(moved).toBe('42501');
    const [room] = await sql<{ capacity: number }[]>`select capacity from public.rooms where id = ${world.roomId}`;
    expect(room!.capacity).toBe(120);
    // Another event's draft programme stays unseen and unchangeable.
    const seen = await asUser(
      organiser,
      (tx) => tx`select id from public.sessions where event_id = ${other.eventId}`,
      sql,
    );
    expect(seen).toHaveLength(0);
  });
});

describe('the catalogue use cases', () => {
  it('create, save at the version shown, refuse a stale save, and delete', async () => {
    const created = await catalogue.createTrack(
      organiser,
      world.eventId,
      {
        name: 'Ældre og velfærd',
        nameEn: null,
        description: null,
        descriptionEn: null,
        colour: '#123456',
        hostName: null,
        position: 2,
        slug: null,
      },
      sql,
    );
    if (!created.ok) throw new Error(created.code);
    const [row] = await sql<{ slug: string; version: number }[]>`
      select slug, version from public.tracks where id = ${created.id}`;
    expect(row).toEqual({ slug: 'aeldre-og-velfaerd', version: 1 });
    const input = {
      name: 'Ældre',
      nameEn: 'Older people',
      description: null,
      descriptionEn: null,
      colour: '#123456',
      hostName: null,
      position: 2,
      slug: 'aeldre',
    };
    expect(await catalogue.updateTrack(organiser, { id: created.id, version: 1 }, input, sql)).toMatchObject({
      ok: true,
      version: 2,
    });
    expect(await catalogue.updateTrack(organiser, { id: created.id, version: 1 }, input, sql)).toMatchObject({
      ok: false,
      code: 'changed_elsewhere',
    });
    expect(
      await catalogue.updateTrack(organiser, { id: created.id, version: 2 }, { ...input, slug: 'spor' }, sql),
    ).toMatchObject({ ok: false, code: 'slug_taken', field: 'slug' });
    expect(await catalogue.deleteCatalogueItem(organiser, 'tracks', { id: created.id, version: 2 }, sql)).toEqual({
      ok: true,
    });
  });

  it('refuse the second of two saves of a room and of a speaker, keeping the first', async () => {
    const room = {
      name: 'Lille sal',
      nameEn: null,
      capacity: 30,
      locationNote: null,
      locationNoteEn: null,
      accessibilityNote: null,
      accessibilityNoteEn: null,
      position: 5,
    };
    const madeRoom = await catalogue.createRoom(organiser, world.eventId, room, sql);
    if (!madeRoom.ok) throw new Error(madeRoom.code);
    const speaker = {
      name: 'Sofie Samtidig',
      nameEn: null,
      jobTitle: null,
      jobTitleEn: null,
      bio: null,
      bioEn: null,
      organisation: null,
      sector: null,
      photoUrl: null,
      slug: null,
    };
    const madeSpeaker = await catalogue.createSpeaker(organiser, world.eventId, speaker, sql);
    if (!madeSpeaker.ok) throw new Error(madeSpeaker.code);

    // Two organisers opened each form at version 1; the first saves, the second is told.
    const [firstRoom, secondRoom] = [
      await catalogue.updateRoom(organiser, { id: madeRoom.id, version: 1 }, { ...room, capacity: 40 }, sql),
      await catalogue.updateRoom(organiser, { id: madeRoom.id, version: 1 }, { ...room, capacity: 50 }, sql),
    ];
    expect([firstRoom.ok, secondRoom]).toEqual([true, { ok: false, code: 'changed_elsewhere' }]);
    const [firstSpeaker, secondSpeaker] = [
      await catalogue.updateSpeaker(organiser, { id: madeSpeaker.id, version: 1 }, { ...speaker, bio: 'Først' }, sql),
      await catalogue.updateSpeaker(organiser, { id: madeSpeaker.id, version: 1 }, { ...speaker, bio: 'Sidst' }, sql),
    ];
    expect([firstSpeaker.ok, secondSpeaker]).toEqual([true, { ok: false, code: 'changed_elsewhere' }]);

    const [kept] = await sql<{ capacity: number; bio: string | null }[]>`
      select r.capacity, s.bio from public.rooms r, public.speakers s
       where r.id = ${madeRoom.id} and s.id = ${madeSpeaker.id}`;
    expect(kept).toEqual({ capacity: 40, bio: 'Først' });
  });

  it('refuse deleting a room that sessions use, and name a new speaker organisation only with its sector', async () => {
    const [room] = await sql<{ version: number }[]>`select version from public.rooms where id = ${world.roomId}`;
    expect(
      await catalogue.deleteCatalogueItem(organiser, 'rooms', { id: world.roomId, version: room!.version }, sql),
    ).toMatchObject({ ok: false, code: 'room_in_use' });
    const speaker = {
      name: 'Ny Taler',
      // Listed by office: the English name is the organiser's to write (a column grant of its own).
      nameEn: 'The New Speaker',
      jobTitle: null,
      jobTitleEn: null,
      bio: null,
      bioEn: null,
      organisation: 'Helt Ny Fond',
      sector: null,
      photoUrl: null,
      slug: null,
    };
    expect(await catalogue.createSpeaker(organiser, world.eventId, speaker, sql)).toMatchObject({
      ok: false,
      code: 'organisation_unknown',
      field: 'sector',
    });
    const created = await catalogue.createSpeaker(organiser, world.eventId, { ...speaker, sector: 'fond' }, sql);
    expect(created.ok).toBe(true);
    const listed = await catalogue.listSpeakers(organiser, world.eventId, sql);
    expect(listed.find((s) => s.name === 'Ny Taler')).toMatchObject({
      organisation: 'Helt Ny Fond',
      sector: 'fond',
      nameEn: 'The New Speaker',
    });
    expect(await catalogue.listSpeakers(strangers[0]![1] as SignedIn, world.eventId, sql)).toEqual([]);
  });

  it('still let a whole event be deleted with its booked sessions and used rooms', async () => {
    const doomed = await insertEventWorld(sql, { slug: 'slettes', status: 'published' });
    await sql`delete from public.events where id = ${doomed.eventId}`;
    expect(await sql`select 1 from public.rooms where event_id = ${doomed.eventId}`).toHaveLength(0);
  });
});
