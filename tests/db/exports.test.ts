// Exports (src/lib/exports/): the audit entry only an organiser of the event
// can write (migration 20261203120200), and a file streamed from a cursor
// under RLS, contact data withheld from third parties.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, type SignedIn } from '../../src/lib/db/db.server.ts';
import { cursorRows, recordExport, streamExport } from '../../src/lib/exports/export-response.server.ts';
import { chooseColumns, defineList } from '../../src/lib/exports/exports.ts';
import { t } from '../../src/lib/i18n/messages.ts';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, type TestUser } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase();

let world: EventWorld;
let other: EventWorld;
let organiser: TestUser;
let reviewer: TestUser;
let staff: TestUser;
let otherOrganiser: TestUser;
const ATTENDEES = 1_203;

interface TicketRow {
  attendee_name: string;
  attendee_email: string;
  consent_share_contact: boolean;
  issued_at: Date;
  price_ore: number;
  [column: string]: unknown;
}

const tickets = defineList<TicketRow>({
  key: 'registrations',
  columns: [
    { key: 'name', header: 'exports.yes', type: 'text', value: (r) => r.attendee_name },
    { key: 'email', header: 'exports.no', type: 'text', value: (r) => r.attendee_email, contact: true },
    { key: 'issued', header: 'exports.yes', type: 'datetime', value: (r) => r.issued_at },
    { key: 'price', header: 'exports.yes', type: 'dkk', value: (r) => r.price_ore },
  ],
  consented: (r) => r.consent_share_contact,
});

const claimsOf = (user: TestUser) => user.claims as SignedIn;
const entry = { list: 'registrations', format: 'csv', columns: ['name', 'email'], thirdParty: false } as const;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'eksport-a', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'eksport-b', status: 'published' });
  organiser = await insertUser(sql, 'arrangoer@eksport.dk');
  reviewer = await insertUser(sql, 'bedoemmer@eksport.dk');
  staff = await insertUser(sql, 'doer@eksport.dk');
  otherOrganiser = await insertUser(sql, 'anden@eksport.dk');
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.id}, 'organiser'),
      (${world.eventId}, ${reviewer.id}, 'reviewer'),
      (${world.eventId}, ${staff.id}, 'checkin_staff'),
      (${other.eventId}, ${otherOrganiser.id}, 'organiser')`;
  await insertAttendees(sql, { eventId: world.eventId, count: ATTENDEES, tag: 'eksport' });
  // Every third attendee consents to sharing contact data.
  await sql`
    update public.tickets t set consent_share_contact = true
      from (select id, row_number() over (order by attendee_email) as n from public.tickets where event_id = ${world.eventId}) o
     where t.id = o.id and o.n % 3 = 0`;
});

const exportsOf = (eventId: string) =>
  sql<{ actor_id: string; row_label: string; after: Record<string, unknown> }[]>`
    select actor_id, row_label, after from public.audit_log where event_id = ${eventId} and table_name = 'exports'
     order by id`;

describe('the export audit entry', () => {
  it('is written for an organiser of the event, as them', async () => {
    const before = (await exportsOf(world.eventId)).length;
    await recordExport(claimsOf(organiser), { eventId: world.eventId, ...entry, detail: 'Sal A' }, sql);
    const rows = await exportsOf(world.eventId);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({
      actor_id: organiser.id,
      row_label: 'registrations',
      after: { format: 'csv', columns: ['name', 'email'], third_party: false, detail: 'Sal A' },
    });
  });

  it('is refused to reviewers, check-in staff and organisers of other events', async () => {
    for (const who of [reviewer, staff, otherOrganiser]) {
      expect(await sqlState(recordExport(claimsOf(who), { eventId: world.eventId, ...entry }, sql))).toBe('42501');
    }
  });

  it('cannot be written by hand, nor by an anonymous caller', async () => {
    expect(
      await sqlState(
        asUser(
          organiser.claims,
          (tx) => tx`insert into public.audit_log (event_id, actor_id, table_name, row_key, action)
                     values (${world.eventId}, ${organiser.id}, 'exports', '{}', 'insert')`,
          sql,
        ),
      ),
    ).toBe('42501');
    expect(
      await sqlState(
        asUser(
          { role: 'anon' },
          (tx) => tx`select private.record_export(${world.eventId}, 'registrations', 'csv', '{name}', false)`,
          sql,
        ),
      ),
    ).toBe('42501');
  });

  it('refuses what it cannot describe', async () => {
    const bad = [
      { ...entry, format: 'pdf' },
      { ...entry, list: 'Drop table' },
      { ...entry, columns: [] },
      { ...entry, columns: ['ok', 'not ok'] },
    ];
    for (const value of bad) {
      expect(
        await sqlState(recordExport(claimsOf(organiser), { eventId: world.eventId, ...value } as never, sql)),
      ).toBe('22023');
    }
  });
});

async function download(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

const streamTickets = (who: TestUser, format: 'csv' | 'xlsx', thirdParty: boolean) =>
  streamExport({
    claims: claimsOf(who),
    eventId: world.eventId,
    list: tickets,
    columns: chooseColumns(tickets, []),
    format,
    options: { lang: 'da', timeZone: 'Europe/Copenhagen', thirdParty },
    tr: t('da'),
    fileName: `deltagere-æøå.${format}`,
    sheet: 'Deltagere',
    db: sql,
    produce: (tx, out) =>
      cursorRows(
        tx<TicketRow[]>`select attendee_name, attendee_email, consent_share_contact, issued_at, price_ore
                          from public.tickets where event_id = ${world.eventId} order by attendee_email`,
        out,
        100,
      ),
  });

describe('a streamed export', () => {
  it('reads every row through a cursor under RLS and names the file for every browser', async () => {
    const response = await streamTickets(organiser, 'csv', false);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="deltagere-___.csv"; filename*=UTF-8''deltagere-%C3%A6%C3%B8%C3%A5.csv`,
    );
    const lines = (await download(response)).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFJa;Nej;Ja;Ja');
    expect(lines).toHaveLength(ATTENDEES + 2); // header, rows, and the empty string after the last CRLF
    expect(lines.filter((line) => line.includes('@example.org'))).toHaveLength(ATTENDEES);
  });

  it('leaves out the addresses of people who did not consent when the file is for a third party', async () => {
    const response = await streamTickets(organiser, 'xlsx', true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(response)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Deltagere')!;
    expect(sheet.rowCount).toBe(ATTENDEES + 1);
    const emails: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) emails.push(row.getCell(2).value);
    });
    expect(emails.filter((email) => email === null || email === undefined)).toHaveLength(
      ATTENDEES - Math.floor(ATTENDEES / 3),
    );
    expect(emails.filter((email) => typeof email === 'string')).toHaveLength(Math.floor(ATTENDEES / 3));
    expect(typeof sheet.getRow(2).getCell(4).value).toBe('number');
    expect(sheet.getRow(2).getCell(3).value).toBeInstanceOf(Date);
    const last = (await exportsOf(world.eventId)).at(-1)!;
    expect(last.after).toMatchObject({
      format: 'xlsx',
      third_party: true,
      columns: ['name', 'email', 'issued', 'price'],
    });
  });

  it('holds no database connection while a slow client downloads', async () => {
    // A pool of one connection: while the export held it, the next query would wait.
    const one = connect(url, { max: 1 });
    try {
      const response = await streamExport({
        claims: claimsOf(organiser),
        eventId: world.eventId,
        list: tickets,
        columns: chooseColumns(tickets, []),
        format: 'xlsx',
        options: { lang: 'da', timeZone: 'Europe/Copenhagen', thirdParty: false },
        tr: t('da'),
        fileName: 'deltagere.xlsx',
        sheet: 'Deltagere',
        db: one,
        produce: (tx, out) =>
          cursorRows(
            tx<TicketRow[]>`select attendee_name, attendee_email, consent_share_contact, issued_at, price_ore
                              from public.tickets where event_id = ${world.eventId} order by attendee_email`,
            out,
            100,
          ),
      });
      // The client has not read a byte yet; the connection is free all the same.
      const [row] = await Promise.race([
        one<{ ok: number }[]>`select 1 as ok`,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the export holds the connection')), 5000)),
      ]);
      expect(row!.ok).toBe(1);
      expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
      // Read slowly, a chunk at a time, with queries in between: the file still arrives whole.
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        await one`select 1`;
      }
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      expect(workbook.getWorksheet('Deltagere')!.rowCount).toBe(ATTENDEES + 1);
    } finally {
      await one.end({ timeout: 5 });
    }
  });

  it('is refused before any file to someone who may not export', async () => {
    const before = (await exportsOf(world.eventId)).length;
    expect(await sqlState(streamTickets(reviewer, 'csv', false))).toBe('42501');
    expect(await exportsOf(world.eventId)).toHaveLength(before);
  });
});
