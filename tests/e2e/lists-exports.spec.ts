// Organisers' lists and exports, end to end: the waitlists with offer state,
// the attendee lists and a printable list for the door of a workshop, found
// and opened by keyboard; then the export page: the caterer's list as CSV for
// a third party (BOM, semicolons, CRLF, Danish letters, no address of anyone
// who did not consent) and the registrations as XLSX (typed cells, frozen bold
// header), both parsed here; a form without columns is refused at its field;
// the change log records each download. Every screen is scanned by axe.
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { type Attendee, insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { worldAt } from '../fixtures/clock.ts';
import { insertTicketType } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

test.describe.configure({ timeout: 90_000 });

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
// Booked the workshop: Zoe and Åse; offered a seat: Ærling; waiting: Øjvind (1), Bent (2).
const NAMES = ['Zoe Zacho', 'Åse Ågård', 'Ærling Æbelø', 'Øjvind Ørsted', 'Bent Bøg'];

let db: Sql;
let world: EventWorld;
let people: Attendee[];
let workshopId: string;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-lister-${stamp}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  world = await insertEventWorld(db, { slug: EVENT, status: 'published' });
  people = await insertAttendees(db, { eventId: world.eventId, count: NAMES.length, tag: `lister-${stamp}` });
  for (const [i, person] of people.entries()) {
    // Zoe, Ærling and Bent consent to sharing their contact data; Åse and Øjvind do not.
    await db`update public.tickets set attendee_name = ${NAMES[i]!}, organisation_name = ${`Kommune ${i + 1}`},
                    consent_share_contact = ${i % 2 === 0},
                    dietary_needs = ${['Vegetar', 'Glutenfri', 'Nøddeallergi', 'Laktosefri'][i] ?? null},
                    accessibility_needs = ${i === 3 ? 'Kørestol' : null}
              where id = ${person.ticketId}`;
  }
  workshopId = await insertBookableSession(db, {
    eventId: world.eventId,
    slug: 'vaerksted',
    kind: 'workshop',
    startsAt: worldAt('13:00'),
    endsAt: worldAt('14:00'),
    capacity: 3,
  });
  const book = (i: number, status: string, n: number | null, expires: Date | null) => db`
    insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number, offer_expires_at, confirmed_at)
    values (${world.eventId}, ${workshopId}, ${people[i]!.ticketId}, ${status}, ${n}, ${expires},
            case when ${status} = 'confirmed' then now() end)`;
  await book(0, 'confirmed', null, null);
  await book(1, 'confirmed', null, null);
  await book(2, 'offered', 1, new Date(Date.now() + 3 * 3600_000));
  await book(3, 'waitlisted', 2, null);
  await book(4, 'waitlisted', 3, null);
  await db`update public.sessions set seats_taken = 3, waitlist_issued = 3 where id = ${workshopId}`;
  await db`update public.sessions set capacity = 30 where id = ${world.roundId}`;
  await db`insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
           values (${world.eventId}, ${world.roundId}, ${people[4]!.ticketId}, 'confirmed', now())`;
  const typeId = await insertTicketType(db, { eventId: world.eventId, slug: 'udsolgt', capacity: 0 });
  await db`insert into public.waitlist_entries (event_id, ticket_type_id, name, email)
           values (${world.eventId}, ${typeId}, 'Ventende Vibeke', ${`vibeke-${stamp}@e2e-kommune.dk`})`;
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** Signs in an organiser of its own (sign-in emails go one a minute per address) and opens `path`. */
async function signInAsOrganiser(page: Page, browser: Browser, baseURL: string, label: string, path: string) {
  const email = `arrangoer-${label}-${stamp}@e2e-kommune.dk`;
  await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

test('waitlists in order with offers, and a printable list for the door found by keyboard', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAsOrganiser(page, browser, baseURL!, 'ventelister', `/konsol/${EVENT}/ventelister`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ventelister – Testdag ${EVENT}`);
  const eventLine = page.getByRole('table', { name: /Billet udsolgt/ });
  await expect(eventLine.getByRole('row').nth(1)).toContainText('Ventende Vibeke');
  await expect(eventLine.getByRole('row').nth(1)).toContainText('Venter');
  const workshop = page.locator(`[data-session="${workshopId}"]`);
  await expect(workshop).toContainText('3 af 3 pladser taget');
  const rows = workshop.getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('Ærling Æbelø');
  await expect(rows.nth(1)).toContainText('Tilbudt plads til');
  await expect(rows.nth(2)).toContainText(/1\s*Øjvind Ørsted/);
  await expect(rows.nth(3)).toContainText(/2\s*Bent Bøg/);
  await expectAccessible(page);

  // The lists page, then the workshop's list for the door, by keyboard.
  await page.goto(`/konsol/${EVENT}/lister`);
  await expectAccessible(page);
  const link = page.getByRole('link', { name: /Runde vaerksted/ });
  await expect(page.getByRole('row').filter({ has: link })).toContainText('2 (+1 tilbudt)');
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}/lister/${workshopId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Runde vaerksted');
  const names = page.getByRole('table').getByRole('row');
  await expect(names).toHaveCount(4);
  await expect(names.nth(1)).toContainText('Zoe Zacho');
  await expect(names.nth(2)).toContainText(/Ærling Æbelø \(tilbudt plads\)\s*Kommune 3/);
  await expect(names.nth(3)).toContainText(/Åse Ågård\s*Kommune 2/);
  await expect(page.getByText('3 har booket')).toBeVisible();
  await expectAccessible(page);
  // On paper: the list, without the buttons and the breadcrumbs.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Udskriv listen' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: /Brødkrummer|Breadcrumb/i })).toBeHidden();
  await expect(page.getByRole('table')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // An exhibitor's round list.
  await page.getByRole('link', { name: 'Alle deltagerlister' }).click();
  await page.getByRole('link', { name: /^godkendt/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rundelister – godkendt');
  await expect(page.getByRole('heading', { level: 2, name: 'runde-1' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Bent Bøg');
  await expectAccessible(page);
});

async function saved(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

test('exports: the caterer’s CSV for a third party and the registrations as XLSX, both parsed', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAsOrganiser(page, browser, baseURL!, 'eksport', `/konsol/${EVENT}/eksport`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Eksport – Testdag ${EVENT}`);

  // Choose the caterer's list by keyboard: it opens marked for a third party, its defaults ticked.
  await page.getByRole('radio', { name: /Tilmeldinger/ }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /Kost og tilgængelighed/ })).toBeChecked();
  await page.getByRole('button', { name: 'Vælg kolonner til listen' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?liste=needs$/);
  const heading = page.getByRole('heading', { level: 2, name: /Hent «Kost og tilgængelighed»/ });
  await expect(heading).toContainText('Til tredjepart');
  await expect(page.getByRole('checkbox', { name: /Til en tredjepart/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Kosthensyn' })).toBeChecked();
  await expectAccessible(page);
  await page.getByRole('checkbox', { name: /E-mail/ }).check();
  await page.getByRole('radio', { name: /CSV/ }).check();
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Hent fil' }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(
    new RegExp(`^${EVENT}-kost-og-tilgaengelighed-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
  );
  const csv = (await saved(csvDownload)).toString('utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split('\r\n');
  expect(lines.at(-1)).toBe('');
  expect(lines[0]).toBe('Navn;Organisation;Kosthensyn;Tilgængelighedsbehov;E-mail');
  const byName = new Map(lines.slice(1, -1).map((line) => [line.split(';')[0]!, line.split(';')]));
  expect([...byName.keys()].sort()).toEqual(['Zoe Zacho', 'Ærling Æbelø', 'Øjvind Ørsted', 'Åse Ågård'].sort());
  expect(byName.get('Zoe Zacho')).toEqual(['Zoe Zacho', 'Kommune 1', 'Vegetar', '', people[0]!.email]);
  expect(byName.get('Øjvind Ørsted')).toEqual(['Øjvind Ørsted', 'Kommune 4', 'Laktosefri', 'Kørestol', '']);
  expect(byName.get('Åse Ågård')![4]).toBe('');
  expect(csv).not.toContain(people[1]!.email);
  expect(csv).not.toContain(people[3]!.email);

  // The registrations as XLSX, with the price and the consent among the columns.
  await page.goto(`/konsol/${EVENT}/eksport?liste=registrations`);
  await expect(page.getByRole('checkbox', { name: /Til en tredjepart/ })).not.toBeChecked();
  await page.getByRole('checkbox', { name: 'Deler kontaktdata' }).check();
  await page.getByRole('radio', { name: /Excel-fil/ }).check();
  const [xlsxDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Hent fil' }).click(),
  ]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/-tilmeldinger-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await saved(xlsxDownload)) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tilmeldinger']);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual([
    'Reference',
    'Navn',
    'E-mail',
    'Organisation',
    'Sektor',
    'Billettype',
    'Status',
    'Pris (kr.)',
    'Tilmeldt',
    'Deler kontaktdata',
    'Tjekket ind',
  ]);
  expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
  expect(sheet.rowCount).toBe(NAMES.length + 1);
  const rowOf = (name: string) => {
    for (let n = 2; n <= sheet.rowCount; n++) if (sheet.getRow(n).getCell(2).value === name) return sheet.getRow(n);
    throw new Error(`${name} is not in the sheet`);
  };
  const aase = rowOf('Åse Ågård');
  expect(aase.getCell(3).value).toBe(people[1]!.email); // the organiser's own file keeps every address
  expect(aase.getCell(5).value).toBe('Kommune');
  expect(aase.getCell(8).value).toBe(0); // a free ticket: the number 0, not the text '0,00'
  expect(aase.getCell(9).value).toBeInstanceOf(Date);
  expect(aase.getCell(10).value).toBe(false);
  expect(rowOf('Bent Bøg').getCell(10).value).toBe(true);

  // A form without columns is refused at its field.
  await page.goto(`/konsol/${EVENT}/eksport?liste=checkins`);
  for (const box of await page.getByRole('group', { name: 'Kolonner' }).getByRole('checkbox').all())
    await box.uncheck();
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Hent fil' }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.getByRole('group', { name: 'Kolonner' })).toContainText('Vælg mindst én kolonne.');
  await expectAccessible(page);

  // Both downloads are in the change log.
  await page.goto(`/konsol/${EVENT}/log?hvad=exports`);
  await expect(
    page.getByText(
      'Listen «Kost og tilgængelighed» hentet som CSV til tredjepart (5 kolonner, kontaktdata kun med samtykke)',
    ),
  ).toBeVisible();
  await expect(page.getByText('Listen «Tilmeldinger» hentet som XLSX (11 kolonner)')).toBeVisible();
});
