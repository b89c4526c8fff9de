// Materials on sessions and solutions: who sees which (the RLS matrix for the
// three visibilities), who may attach and remove, and that a removed file
// leaves storage — through the use cases, on a real folder.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  attachMaterial,
  listEventMaterials,
  listMaterialsFor,
  removeMaterial,
} from '../../src/lib/materials/materials.server.ts';
import { localFolderStore } from '../../src/lib/storage/local-folder.server.ts';
import { runStorageDeletes } from '../../src/lib/storage/jobs.server.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertEventWorld, type EventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 8 });
const root = await mkdtemp(path.join(tmpdir(), 'samspil-materials-'));
/** The files under the storage folder (folders a refused upload created may stay, empty). */
const storedFiles = async () => (await readdir(root, { recursive: true })).filter((entry) => /\.[a-z]+$/.test(entry));
const store = localFolderStore({ root, secret: async () => new Uint8Array(32).fill(7) });
const deps = { db: sql, store };
afterAll(() => rm(root, { recursive: true, force: true }));

const claimsOf = (id: string, email: string): SignedIn => ({
  role: 'authenticated',
  sub: id,
  email,
  aud: 'authenticated',
});
const PDF = () => new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const pdfFile = (name = 'Oplæg.pdf') => new File([PDF()], name, { type: 'application/pdf' });

let world: EventWorld;
let other: EventWorld;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let stranger: SignedIn;
let holder: Attendee;
let booked: Attendee;
let scanned: Attendee;
let roundGuest: Attendee;
let cancelled: Attendee;
let teamMember: SignedIn;
const material: Record<string, string> = {};

async function insertMaterial(subject: { session?: string; solution?: string }, visibility: string, title: string) {
  const [row] = await sql<{ id: string }[]>`
    insert into public.materials (event_id, session_id, solution_id, title, visibility, link_url)
    values (${world.eventId}, ${subject.session ?? null}, ${subject.solution ?? null}, ${title}, ${visibility},
            'https://example.org/report')
    returning id`;
  return row!.id;
}

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'materialer', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'materialer-andet', status: 'published' });
  organiser = claimsOf(world.organiserId, 'arrangoer@materialer.example.org');
  otherOrganiser = claimsOf(other.organiserId, 'arrangoer@materialer-andet.example.org');
  const [user] = await sql<
    { id: string }[]
  >`insert into auth.users (email) values ('fremmed@example.org') returning id`;
  stranger = claimsOf(user!.id, 'fremmed@example.org');
  [holder, booked, scanned, roundGuest, cancelled] = (await insertAttendees(sql, {
    eventId: world.eventId,
    count: 5,
    tag: 'materials',
  })) as [Attendee, Attendee, Attendee, Attendee, Attendee];
  // Seats as the bookings below hold them (book_session would count them; these rows are written directly).
  await sql`update public.sessions set capacity = 100, seats_taken = 2 where id = ${world.keynoteId}`;
  await sql`update public.sessions set capacity = 100, seats_taken = 1 where id = ${world.roundId}`;
  await sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at) values
      (${world.eventId}, ${world.keynoteId}, ${booked.ticketId}, 'confirmed', now()),
      (${world.eventId}, ${world.roundId}, ${roundGuest.ticketId}, 'confirmed', now()),
      (${world.eventId}, ${world.keynoteId}, ${cancelled.ticketId}, 'confirmed', now())`;
  await sql`
    insert into public.session_check_ins (event_id, session_id, ticket_id, nonce, at)
    values (${world.eventId}, ${world.keynoteId}, ${scanned.ticketId}, gen_random_uuid(), now())`;
  await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${cancelled.ticketId}`;
  const [member] = await sql<{ id: string }[]>`insert into auth.users (email) values ('team@example.org') returning id`;
  teamMember = claimsOf(member!.id, 'team@example.org');
  await sql`
    insert into public.solution_team_members (event_id, solution_id, role, invited_email, user_id, accepted_at)
    values (${world.eventId}, ${world.acceptedSolutionId}, 'owner', 'team@example.org', ${member!.id}, now())`;

  material.sessionPublic = await insertMaterial({ session: world.keynoteId }, 'public', 'session-public');
  material.sessionTickets = await insertMaterial({ session: world.keynoteId }, 'ticket_holders', 'session-tickets');
  material.sessionAttendees = await insertMaterial(
    { session: world.keynoteId },
    'session_attendees',
    'session-attendees',
  );
  material.solutionPublic = await insertMaterial({ solution: world.acceptedSolutionId }, 'public', 'solution-public');
  material.solutionAttendees = await insertMaterial(
    { solution: world.acceptedSolutionId },
    'session_attendees',
    'solution-attendees',
  );
  material.submittedPublic = await insertMaterial(
    { solution: world.submittedSolutionId },
    'public',
    'submitted-public',
  );
});

async function visibleTitles(claims: Claims): Promise<string[]> {
  const rows = await asUser(
    claims,
    (tx) =>
      tx<{ title: string }[]>`select title from public.materials where event_id = ${world.eventId} order by title`,
    sql,
  );
  return rows.map((row) => row.title);
}

describe('who sees which material', () => {
  it('follows the matrix of visibilities', async () => {
    const everyonePublic = ['session-public', 'solution-public'];
    const tickets = [...everyonePublic, 'session-tickets'].sort();
    const all = [
      'session-attendees',
      'session-public',
      'session-tickets',
      'solution-attendees',
      'solution-public',
      'submitted-public',
    ];
    const matrix: [string, Claims, string[]][] = [
      ['anonymous visitor', ANON, everyonePublic],
      ['signed in without a ticket', stranger, everyonePublic],
      ['ticket holder who attended nothing', holder.claims, tickets],
      ['booked the session', booked.claims, [...tickets, 'session-attendees'].sort()],
      ['scanned in without booking', scanned.claims, [...tickets, 'session-attendees'].sort()],
      [
        'attended the gallery round the solution presents in',
        roundGuest.claims,
        [...tickets, 'solution-attendees'].sort(),
      ],
      ['booked, but the ticket is cancelled', cancelled.claims, everyonePublic],
      ['organiser of another event', otherOrganiser, everyonePublic],
      ['organiser of the event', organiser, all],
      ['the solution’s team', teamMember, [...everyonePublic, 'solution-attendees'].sort()],
    ];
    for (const [who, claims, expected] of matrix) {
      expect(await visibleTitles(claims), who).toEqual(expected);
    }
  });

  it('shows nothing but to organisers while the event is a draft', async () => {
    const draft = await insertEventWorld(sql, { slug: 'materialer-kladde', status: 'draft' });
    await sql`
      insert into public.materials (event_id, session_id, title, visibility, link_url)
      values (${draft.eventId}, ${draft.keynoteId}, 'Kladde', 'public', 'https://example.org/kladde')`;
    const titles = (claims: Claims) =>
      asUser(
        claims,
        (tx) => tx<{ title: string }[]>`select title from public.materials where event_id = ${draft.eventId}`,
        sql,
      );
    expect(await titles(ANON)).toEqual([]);
    expect(await titles(booked.claims)).toEqual([]);
    expect(await titles(organiser)).toEqual([]);
    const draftOrganiser = claimsOf(draft.organiserId, 'arrangoer@materialer-kladde.example.org');
    expect(await titles(draftOrganiser)).toEqual([{ title: 'Kladde' }]);
  });
});

describe('attaching and removing', () => {
  it('lets the organiser attach a file to a session; attendees of it get a signed link', async () => {
    const attached = await attachMaterial(
      organiser,
      world.eventId,
      { kind: 'session', id: world.keynoteId },
      { title: 'Slides', titleEn: 'Slides (en)', visibility: 'session_attendees', file: pdfFile() },
      deps,
    );
    if (!attached.ok) throw new Error(attached.code);
    const [listed] = (await listMaterialsFor(booked.claims, { sessionIds: [world.keynoteId] }, 'en', deps)).filter(
      (m) => m.id === attached.id,
    );
    expect(listed).toMatchObject({
      title: 'Slides (en)',
      kind: 'file',
      detail: 'PDF, 1 kB',
      visibility: 'session_attendees',
    });
    const link = new URL(listed!.url, 'http://x');
    const key = decodeURI(link.pathname.replace('/api/storage/', ''));
    expect(key).toMatch(new RegExp(`^materials/${world.eventId}/`));
    const read = await store.readSigned(key, link.searchParams);
    expect(read.ok && Buffer.from(read.object.bytes).toString()).toBe(Buffer.from(PDF()).toString());
    expect(read.ok && read.object.downloadName).toBe('Oplæg.pdf');

    const forHolder = await listMaterialsFor(holder.claims, { sessionIds: [world.keynoteId] }, 'da', deps);
    expect(forHolder.map((m) => m.id)).not.toContain(attached.id);
  });

  it('refuses an .exe named .pdf, an empty form and a file with a link, storing nothing', async () => {
    const before = await storedFiles();
    const exe = new Uint8Array(512);
    exe.set([0x4d, 0x5a]);
    new DataView(exe.buffer).setUint32(0x3c, 0x80, true);
    exe.set([0x50, 0x45, 0, 0, 0x4c, 0x01], 0x80);
    const subject = { kind: 'session', id: world.keynoteId } as const;
    const base = { title: 'X', visibility: 'public' } as const;
    expect(
      await attachMaterial(organiser, world.eventId, subject, { ...base, file: new File([exe], 'report.pdf') }, deps),
    ).toEqual({ ok: false, code: 'upload_type_not_allowed', kind: 'material' });
    expect(await attachMaterial(organiser, world.eventId, subject, base, deps)).toEqual({
      ok: false,
      code: 'material_source_missing',
    });
    expect(
      await attachMaterial(organiser, world.eventId, subject, { ...base, file: pdfFile(), link: 'https://x.dk' }, deps),
    ).toEqual({ ok: false, code: 'material_source_both' });
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses strangers, other events’ organisers and sessions of another event, storing nothing', async () => {
    const before = await storedFiles();
    const draft = { title: 'X', visibility: 'public', file: pdfFile() } as const;
    const keynote = { kind: 'session', id: world.keynoteId } as const;
    expect(await attachMaterial(stranger, world.eventId, keynote, draft, deps)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await attachMaterial(booked.claims as SignedIn, world.eventId, keynote, draft, deps)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await attachMaterial(otherOrganiser, world.eventId, keynote, draft, deps)).toEqual({
      ok: false,
      code: 'not_found',
    });
    // The organiser of the other event, naming this event's session under their own event.
    expect(await attachMaterial(otherOrganiser, other.eventId, keynote, draft, deps)).toEqual({
      ok: false,
      code: 'not_found',
    });
    // A team member may attach to their solution only.
    expect(
      await attachMaterial(teamMember, world.eventId, { kind: 'solution', id: world.submittedSolutionId }, draft, deps),
    ).toEqual({ ok: false, code: 'not_found' });
    expect(await storedFiles()).toEqual(before);
  });

  it('lets the team attach to its solution and remove it; the file is gone from storage', async () => {
    const attached = await attachMaterial(
      teamMember,
      world.eventId,
      { kind: 'solution', id: world.acceptedSolutionId },
      { title: 'Rapport', visibility: 'public', file: pdfFile('rapport.pdf') },
      deps,
    );
    if (!attached.ok) throw new Error(attached.code);
    const [listed] = (await listMaterialsFor(ANON, { solutionIds: [world.acceptedSolutionId] }, 'da', deps)).filter(
      (m) => m.id === attached.id,
    );
    const link = new URL(listed!.url, 'http://x');
    const key = decodeURI(link.pathname.replace('/api/storage/', ''));
    expect((await store.readSigned(key, link.searchParams)).ok).toBe(true);

    // Not from another scope, nor by someone else.
    expect(await removeMaterial(teamMember, attached.id, { solutionId: world.submittedSolutionId }, deps)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await removeMaterial(stranger, attached.id, { solutionId: world.acceptedSolutionId }, deps)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await removeMaterial(teamMember, attached.id, { solutionId: world.acceptedSolutionId }, deps)).toEqual({
      ok: true,
    });
    expect(await store.readSigned(key, link.searchParams)).toEqual({ ok: false, code: 'not_found' });
    expect((await listEventMaterials(organiser, world.eventId, 'da', deps)).map((m) => m.id)).not.toContain(
      attached.id,
    );
    // The audit log names who did it.
    const [entry] = await sql<{ actor_id: string; action: string }[]>`
      select actor_id, action from public.audit_log where table_name = 'materials' and row_key ->> 'id' = ${attached.id}
      order by id desc limit 1`;
    expect(entry).toEqual({ actor_id: teamMember.sub, action: 'delete' });
  });

  it('deletes the files of rows a cascade removed, through the storage-delete job', async () => {
    const [session] = await sql<{ id: string }[]>`
      insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at)
      select ${world.eventId}, 'kort', 'track_session', 'Kort', starts_at + interval '10 hours', starts_at + interval '11 hours'
        from public.events where id = ${world.eventId}
      returning id`;
    const attached = await attachMaterial(
      organiser,
      world.eventId,
      { kind: 'session', id: session!.id },
      { title: 'Noter', visibility: 'public', file: pdfFile() },
      deps,
    );
    if (!attached.ok) throw new Error(attached.code);
    const [row] = await sql<
      { storage_key: string }[]
    >`select storage_key from public.materials where id = ${attached.id}`;
    await sql`delete from public.sessions where id = ${session!.id}`;
    const file = path.join(root, ...row!.storage_key.split('/'));
    expect((await readdir(path.dirname(file))).includes(path.basename(file))).toBe(true);
    const result = await runStorageDeletes({ db: sql, store });
    expect(result.done).toBeGreaterThanOrEqual(1);
    expect((await readdir(path.dirname(file))).includes(path.basename(file))).toBe(false);
  });

  it('refuses a link that is not http(s) in the database too', async () => {
    await expect(
      sql`insert into public.materials (event_id, session_id, title, link_url)
          values (${world.eventId}, ${world.keynoteId}, 'x', 'javascript:alert(1)')`,
    ).rejects.toThrow(/materials_link_url_check/);
  });
});
