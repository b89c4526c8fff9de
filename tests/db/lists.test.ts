// Organisers' lists (src/lib/lists/): waitlists with offer state, room lists,
// exhibitors' round lists and the five exports, read under RLS. The matrix:
// an organiser of the event sees the people; a reviewer, check-in staff and an
// organiser of another event see nobody.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../src/lib/db/db.server.ts';
import { streamExport } from '../../src/lib/exports/export-response.server.ts';
import { chooseColumns, type ExportList } from '../../src/lib/exports/exports.ts';
import { t } from '../../src/lib/i18n/messages.ts';
import { EXPORT_LIST_KEYS, exportLists, type ExportListKey } from '../../src/lib/lists/lists.ts';
import {
  exportProducer,
  loadExhibitorLists,
  loadListIndex,
  loadRoomList,
  loadWaitlists,
} from '../../src/lib/lists/lists.server.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { worldAt } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertTicketType, insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

let world: EventWorld;
let other: EventWorld;
let organiser: TestUser;
let reviewer: TestUser;
let staff: TestUser;
let otherOrganiser: TestUser;
let people: Attendee[];
let workshopId: string;
const NAMES = [
  'Zoe Zacho',
  'Åse Ågård',
  'Ærling Æbelø',
  'anders And',
  'Øjvind Ørsted',
  'Bent Bøg',
  'Carla Cruz',
  'Dorte Dahl',
];
const now = new Date();
const hour = 3600_000;

const as = (user: TestUser) => user.claims as SignedIn;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'lister-a', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'lister-b', status: 'published' });
  organiser = await insertUser(sql, 'arrangoer@lister.dk');
  reviewer = await insertUser(sql, 'bedoemmer@lister.dk');
  staff = await insertUser(sql, 'doer@lister.dk');
  otherOrganiser = await insertUser(sql, 'anden@lister.dk');
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.id}, 'organiser'),
      (${world.eventId}, ${reviewer.id}, 'reviewer'),
      (${world.eventId}, ${staff.id}, 'checkin_staff'),
      (${other.eventId}, ${otherOrganiser.id}, 'organiser')`;
  people = await insertAttendees(sql, { eventId: world.eventId, count: NAMES.length, tag: 'lister' });
  for (const [i, person] of people.entries()) {
    await sql`update public.tickets set attendee_name = ${NAMES[i]!}, organisation_name = ${`Org ${i}`},
                     consent_share_contact = ${i % 2 === 0},
                     dietary_needs = ${i < 3 ? 'Vegetar' : null}, accessibility_needs = ${i === 4 ? 'Kørestol' : null}
               where id = ${person.ticketId}`;
  }

  // A workshop of two seats: Zoe and Åse booked; then the line: Ærling offered a seat (open),
  // anders waiting (number 2), Øjvind's offer lapsed (cancelled after its deadline),
  // Bent waiting (number 4), Carla took a seat from the line, Dorte left the line.
  workshopId = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: 'vaerksted',
    kind: 'workshop',
    startsAt: worldAt('13:00'),
    endsAt: worldAt('14:00'),
    capacity: 4,
  });
  const book = (i: number, status: string, extra: { n?: number; expires?: Date; cancelled?: Date } = {}) => sql`
    insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number, offer_expires_at,
                                 confirmed_at, cancelled_at, created_at)
    values (${world.eventId}, ${workshopId}, ${people[i]!.ticketId}, ${status}, ${extra.n ?? null},
            ${extra.expires ?? null}, ${status === 'confirmed' ? now : null}, ${extra.cancelled ?? null},
            ${new Date(now.getTime() - 3 * hour + i * 60_000)})`;
  await book(0, 'confirmed');
  await book(1, 'confirmed');
  await book(2, 'offered', { n: 1, expires: new Date(now.getTime() + hour) });
  await book(3, 'waitlisted', { n: 2 });
  await book(4, 'cancelled', {
    n: 3,
    expires: new Date(now.getTime() - 2 * hour),
    cancelled: new Date(now.getTime() - hour),
  });
  await book(5, 'waitlisted', { n: 4 });
  await book(6, 'confirmed', { n: 5 });
  await book(7, 'cancelled', { n: 6, expires: new Date(now.getTime() + hour), cancelled: now });
  await sql`update public.sessions set seats_taken = 4 where id = ${workshopId}`;

  // The gallery round the accepted solution presents in takes bookings; Zoe and Bent booked it.
  await sql`update public.sessions set capacity = 30 where id = ${world.roundId}`;
  for (const i of [0, 5]) {
    await sql`insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
              values (${world.eventId}, ${world.roundId}, ${people[i]!.ticketId}, 'confirmed', now())`;
  }

  // The event's own waitlist.
  const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'udsolgt', capacity: 0 });
  const wait = (name: string, status: string, minutesAgo: number, expires: Date | null = null) => sql`
    insert into public.waitlist_entries (event_id, ticket_type_id, name, email, status, offered_at, offer_expires_at, created_at)
    values (${world.eventId}, ${typeId}, ${name}, ${`${name.toLowerCase().replace(/\W/g, '')}@example.org`}, ${status},
            ${expires ? now : null}, ${expires}, ${new Date(now.getTime() - minutesAgo * 60_000)})`;
  await wait('Første', 'offered', 50, new Date(now.getTime() + hour));
  await wait('Anden', 'waiting', 40);
  await wait('Tredje', 'expired', 30, new Date(now.getTime() - hour));
  await wait('Fjerde', 'waiting', 20);

  // One check-in.
  await sql`insert into public.check_ins (event_id, ticket_id, device, nonce, scanned_at, result, revision)
            values (${world.eventId}, ${people[0]!.ticketId}, 'dør-1', gen_random_uuid(), now(), 'ok', 1)`;
});

describe('waitlists', () => {
  it('show the event line and each session line in order, with offer state and places', async () => {
    const lines = await loadWaitlists(as(organiser), world.eventId, 'da', now, sql);
    expect(lines.event).toHaveLength(1);
    expect(lines.event[0]!.places.map((p) => [p.name, p.state, p.place])).toEqual([
      ['Første', 'offered', null],
      ['Anden', 'waiting', 1],
      ['Tredje', 'expired', null],
      ['Fjerde', 'waiting', 2],
    ]);
    const workshop = lines.sessions.find((s) => s.sessionId === workshopId)!;
    expect(workshop).toMatchObject({ capacity: 4, seatsTaken: 4 });
    expect(workshop.places.map((p) => [p.name, p.state, p.place])).toEqual([
      ['Ærling Æbelø', 'offered', null],
      ['anders And', 'waiting', 1],
      ['Øjvind Ørsted', 'expired', null],
      ['Bent Bøg', 'waiting', 2],
      ['Carla Cruz', 'claimed', null],
      ['Dorte Dahl', 'cancelled', null],
    ]);
    expect(workshop.places[0]!.offerExpiresAt!.getTime()).toBeGreaterThan(now.getTime());
  });

  it('show an offer past its deadline as expired before the job has passed it on', async () => {
    const later = new Date(now.getTime() + 2 * hour);
    const lines = await loadWaitlists(as(organiser), world.eventId, 'da', later, sql);
    expect(lines.event[0]!.places[0]!.state).toBe('expired');
    expect(lines.sessions.find((s) => s.sessionId === workshopId)!.places[0]!.state).toBe('expired');
  });

  it('show nobody to a reviewer, check-in staff or an organiser of another event', async () => {
    for (const who of [reviewer, staff, otherOrganiser]) {
      const lines = await loadWaitlists(as(who), world.eventId, 'da', now, sql);
      expect(lines.event).toEqual([]);
      expect(lines.sessions.flatMap((s) => s.places)).toEqual([]);
    }
  });
});

describe('room and round lists', () => {
  it('list who holds a seat, by name in Danish order, offered seats marked', async () => {
    const list = (await loadRoomList(as(organiser), world.eventId, workshopId, 'da', sql))!;
    expect(list.people).toEqual([
      { name: 'Carla Cruz', organisation: 'Org 6', offered: false },
      { name: 'Zoe Zacho', organisation: 'Org 0', offered: false },
      { name: 'Ærling Æbelø', organisation: 'Org 2', offered: true },
      { name: 'Åse Ågård', organisation: 'Org 1', offered: false },
    ]);
    const index = await loadListIndex(as(organiser), world.eventId, 'da', sql);
    expect(index.sessions.find((s) => s.id === workshopId)).toMatchObject({ booked: 3, offered: 1, capacity: 4 });
    expect(index.exhibitors).toEqual([
      { solutionId: world.acceptedSolutionId, title: 'godkendt', rounds: 1, booked: 2 },
      { solutionId: world.submittedSolutionId, title: 'indsendt', rounds: 1, booked: 2 },
    ]);
  });

  it('give an exhibitor the rounds it presents in, with who booked them', async () => {
    const lists = (await loadExhibitorLists(as(organiser), world.eventId, world.acceptedSolutionId, 'da', sql))!;
    expect(lists.title).toBe('godkendt');
    expect(lists.rounds.map((r) => [r.sessionId, r.people.map((p) => p.name)])).toEqual([
      [world.roundId, ['Bent Bøg', 'Zoe Zacho']],
    ]);
    expect(await loadExhibitorLists(as(organiser), world.eventId, other.acceptedSolutionId, 'da', sql)).toBeNull();
  });

  it('hold nobody for a reviewer, check-in staff or an organiser of another event', async () => {
    for (const who of [reviewer, staff, otherOrganiser]) {
      expect((await loadRoomList(as(who), world.eventId, workshopId, 'da', sql))?.people ?? []).toEqual([]);
      const round = await loadExhibitorLists(as(who), world.eventId, world.acceptedSolutionId, 'da', sql);
      expect(round?.rounds.flatMap((r) => r.people) ?? []).toEqual([]);
      const index = await loadListIndex(as(who), world.eventId, 'da', sql);
      expect(index.sessions.every((s) => s.booked === 0 && s.offered === 0)).toBe(true);
    }
  });
});

const exportOf = async (who: TestUser, key: ExportListKey, format: 'csv' | 'xlsx', thirdParty = false) => {
  const tr = t('da');
  const list = exportLists(tr)[key] as ExportList<never>;
  const response = await streamExport({
    claims: as(who),
    eventId: world.eventId,
    list,
    columns: chooseColumns(
      list,
      list.columns.map((c) => c.key),
    ),
    format,
    options: { lang: 'da', timeZone: 'Europe/Copenhagen', thirdParty },
    tr,
    fileName: `x.${format}`,
    sheet: key,
    db: sql,
    produce: exportProducer(key, world.eventId, 'da'),
  });
  return Buffer.from(await response.arrayBuffer());
};

const csvRows = (buffer: Buffer) =>
  buffer
    .toString('utf8')
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(';'));

describe('the five exports', () => {
  it('each read their rows as the organiser', async () => {
    const counts: Record<string, number> = {};
    for (const key of EXPORT_LIST_KEYS) counts[key] = csvRows(await exportOf(organiser, key, 'csv')).length - 1;
    // 8 tickets; 8 active bookings (the workshop's 8 minus 2 cancelled, the round's 2); 4 with needs;
    // 2 submitted-or-later solutions; 1 check-in.
    expect(counts).toEqual({ registrations: 8, bookings: 8, needs: 4, solutions: 2, checkins: 1 });
  });

  it('put each session on its own XLSX sheet, with places in line as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportOf(organiser, 'bookings', 'xlsx')) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => [s.name, s.rowCount - 1])).toEqual([
      ['runde-1', 2],
      ['Runde vaerksted', 6],
    ]);
    const sheet = workbook.worksheets[1]!;
    const places = sheet.getColumn(5).values.slice(2);
    expect(places.filter((v) => typeof v === 'number')).toEqual([1, 2]);
  });

  it('keep the addresses of people who did not consent out of the caterer’s list', async () => {
    const rows = csvRows(await exportOf(organiser, 'needs', 'csv', true));
    const header = rows[0]!;
    const email = header.indexOf('E-mail');
    const name = header.indexOf('Navn');
    // Sorted here: the database's own collation decides the file's order.
    expect(
      rows
        .slice(1)
        .map((r) => [r[name], r[email]])
        .sort(),
    ).toEqual(
      [
        ['Zoe Zacho', 'lister-1@example.org'],
        ['Ærling Æbelø', 'lister-3@example.org'],
        ['Åse Ågård', ''],
        ['Øjvind Ørsted', 'lister-5@example.org'],
      ].sort(),
    );
  });

  it('hand a contact only to organisers, never to a third party (no consent is asked for)', async () => {
    const own = csvRows(await exportOf(organiser, 'solutions', 'csv'));
    const forThirdParty = csvRows(await exportOf(organiser, 'solutions', 'csv', true));
    const column = own[0]!.indexOf('Kontaktens e-mail');
    expect(own.slice(1).map((r) => r[column])).toEqual(['kontakt@example.org', 'kontakt@example.org']);
    expect(forThirdParty.slice(1).map((r) => r[column])).toEqual(['', '']);
  });
});
