// A whole innovation day, built from an empty database through the browser
// only. This file starts a server of its own on a database with the
// migrations and nothing else (no demo seed); the one command-line step is the
// one the README gives a fresh installation: `npm run grant -- <email>
// event_creator <organisation> <sector>`. Then the organiser, signed in with
// the code from the dev mailbox, finds every tool by links from the console:
// creates the day blank, four tracks, rooms, speakers and twenty sessions,
// moves one on the schedule grid, adds ticket types, sets registration and
// booking, opens the call for solutions, lays out five galleries × three
// rounds, invites a colleague and publishes. An attendee in a browser of their
// own finds the day from the home page, registers for a free ticket, books a
// track session and a gallery round, and sees both on My page.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { collectCspViolations, expect, expectAccessible, test as base } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

const run = promisify(execFile);
const stamp = Date.now().toString(36);
const ORGANISER = `arrangoer-${stamp}@e2e-kommune.dk`;
const COLLEAGUE = `kollega-${stamp}@e2e-kommune.dk`;
const ATTENDEE = `deltager-${stamp}@e2e-kommune.dk`;
const ORGANISATION = 'Helhedskommunen';
const SLUG = 'helhedsdagen';
const NAME = 'Helhedsdagen 2027';

let server: TestServer;
let db: Sql;

/** This file's own server on an empty database, started once per worker, and the pages' base URL. */
const test = base.extend<{ emptyServer: TestServer }, { workerServer: TestServer }>({
  workerServer: [
    // Playwright hands fixtures their dependencies first; this one needs none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const startedAt = Date.now();
      const started = await startTestServer({
        dataDir: path.join(os.tmpdir(), `samspil-whole-day-${process.pid}-${stamp}`),
        seed: false,
        env: { AUTH_IP_LIMIT_PER_HOUR: '10000', FORM_IP_LIMIT_PER_MINUTE: '10000', FORM_IP_LIMIT_PER_HOUR: '100000' },
      });
      console.log(`empty database migrated and server up in ${Date.now() - startedAt} ms`);
      // Only to read back what the browser made; nothing is written through it.
      const reader = connect(started.databaseUrl, { max: 1 });
      server = started;
      db = reader;
      await use(started);
      await reader.end({ timeout: 5 });
      await started.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  emptyServer: async ({ workerServer }, use) => use(workerServer),
  baseURL: async ({ emptyServer }, use) => use(emptyServer.baseUrl),
});

test.describe.configure({ mode: 'serial' });
// A stumble should fail at its step, not spend the whole journey's time waiting.
test.use({ actionTimeout: 30_000 });

/** The day, 8 weeks from the test's own clock, as the date fields want it. */
const DAY = new Date(Date.now() + 56 * 86_400_000).toISOString().slice(0, 10);
/** A moment `days` from now as a datetime-local field wants it (Copenhagen wall clock is near enough). */
function momentFromNow(days: number, time = '09:00'): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;
}

/** Fails the test at its end if any page or form answered with a server error. */
function guardAgainstServerErrors(page: Page): () => void {
  const errors: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 500) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return () => expect(errors, 'server errors').toEqual([]);
}

/** Clicks a form's button and answers the HTTP status of the response to its POST. */
async function submit(page: Page, button: string | RegExp, scope: Page | ReturnType<Page['locator']> = page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    scope.getByRole('button', { name: button, exact: typeof button === 'string' }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

/** Signs in with the code from the dev mailbox, starting from wherever the page sent us. */
async function signIn(page: Page, browser: Browser, email: string): Promise<void> {
  await expect(page).toHaveURL(/\/log-ind/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const { code } = await signInEmail(browser, server.baseUrl, email);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/** Opens a tool from the event's console start page, as an organiser would. */
async function openTool(page: Page, name: string): Promise<void> {
  await page.goto(`/konsol/${SLUG}`);
  await page.getByRole('link', { name, exact: true }).click();
}

// The catalogue's "new" forms have plain addresses; the journey first reaches each one by its link,
// then opens it straight away for the next of the same kind.
async function createTrack(page: Page, name: string, colour: string): Promise<void> {
  await page.goto(`/konsol/${SLUG}/program/spor/ny`);
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Farve').fill(colour);
  expect(await submit(page, 'Opret')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Oprettet.');
}

async function createRoom(page: Page, name: string, seats: number): Promise<void> {
  await page.goto(`/konsol/${SLUG}/program/lokaler/ny`);
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Pladser i lokalet').fill(String(seats));
  expect(await submit(page, 'Opret')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Oprettet.');
}

interface SessionSpec {
  kind: string;
  title: string;
  start: string;
  end: string;
  room?: string;
  track?: string;
  seats?: number;
  speaker?: { name: string; role: string };
}

/** Fills the new-session form the page is on, saves it, and follows "another session" to the next empty form. */
async function createSession(page: Page, session: SessionSpec): Promise<void> {
  await page.getByLabel('Type').selectOption({ label: session.kind });
  await page.getByLabel('Titel', { exact: true }).fill(session.title);
  // The date is the day's own (the editor's default for a one-day event).
  await page.getByLabel('Starter').fill(session.start);
  await page.getByLabel('Slutter').fill(session.end);
  if (session.room) await page.getByLabel('Lokale').selectOption({ label: session.room });
  if (session.track) await page.getByLabel('Temaspor').selectOption({ label: session.track });
  if (session.seats) {
    await page.getByLabel('Antal pladser').fill(String(session.seats));
    await page.getByLabel('Ja, deltagerne tilmelder sig på forhånd').check();
  }
  if (session.speaker) {
    await page.getByLabel('Taler 1', { exact: true }).selectOption({ label: session.speaker.name });
    await page.getByLabel('Rolle for taler 1').selectOption({ label: session.speaker.role });
  }
  expect(await submit(page, 'Opret'), session.title).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Oprettet.');
  await page.getByRole('link', { name: 'Opret en session mere' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny session' })).toBeVisible();
}

const TRACKS = [
  ['Nærhed i velfærden', '#8a3b12'],
  ['Data og digitalisering', '#1f4e79'],
  ['Sundhed og ældre', '#2e6b30'],
  ['Børn og unge', '#6b2e6b'],
] as const;
const ROOMS = [
  ['Store sal', 600],
  ['Sal A', 80],
  ['Sal B', 80],
  ['Sal C', 60],
  ['Sal D', 60],
] as const;

/** Twenty sessions of every kind, 09:00–17:00, with four track sessions per slot in rooms A–D. */
function sessions(): SessionSpec[] {
  const list: SessionSpec[] = [
    { kind: 'Keynote', title: 'Velkomst', start: '09:00', end: '09:15', room: 'Store sal' },
    {
      kind: 'Keynote',
      title: 'Den nye syntese',
      start: '09:15',
      end: '10:00',
      room: 'Store sal',
      speaker: { name: 'Jo Bourgon (Public Governance International)', role: 'Oplægsholder' },
    },
    { kind: 'Pause', title: 'Kaffe', start: '10:00', end: '10:15' },
  ];
  const slots = [
    ['Spor', 'Session i temaspor', '10:15', '11:15'],
    ['Workshop', 'Workshop', '12:00', '13:00'],
    ['Dialog', 'Session i temaspor', '14:00', '15:00'],
  ] as const;
  for (const [label, kind, start, end] of slots) {
    TRACKS.forEach(([track], index) => {
      list.push({
        kind,
        title: `${label}: ${track}`,
        start,
        end,
        room: ROOMS[index + 1]![0],
        track,
        seats: 40,
      });
    });
  }
  list.push(
    { kind: 'Pause', title: 'Frokost', start: '11:15', end: '12:00' },
    { kind: 'Åbent rum', title: 'Social Talks', start: '15:00', end: '15:45', room: 'Store sal' },
    {
      kind: 'Paneldebat',
      title: 'Hvem tager ansvaret?',
      start: '15:45',
      end: '16:30',
      room: 'Store sal',
      speaker: { name: 'Mira Moderator (Helhedskommunen)', role: 'Moderator' },
    },
    // Shortened to 16:45 on the schedule grid below, which makes room for the last session.
    { kind: 'Keynote', title: 'Prisoverrækkelse', start: '16:30', end: '17:00', room: 'Store sal' },
  );
  return list;
}

// The organiser's browser, kept across the two organiser tests (serial, one worker): a second sign-in
// of the same address within a minute would wait for the sign-in email's rate limit.
let organiser: { page: Page; cspViolations: string[]; began: number; noServerErrors: () => void };

test.afterAll(async () => {
  await organiser?.page.context().close();
});

test('an organiser creates a day from blank on an empty database, with its tracks, rooms and speakers', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const cspViolations = await collectCspViolations(context);
  const page = await context.newPage();
  organiser = { page, cspViolations, began: Date.now(), noServerErrors: guardAgainstServerErrors(page) };
  const { noServerErrors } = organiser;

  // Nothing is there: no event, no organisation but the one the grant below makes.
  const [empty] = await db<{ events: number; organisations: number }[]>`
    select (select count(*)::int from public.events) as events,
           (select count(*)::int from public.organisations) as organisations`;
  expect(empty).toEqual({ events: 0, organisations: 0 });

  // The one command-line step of a fresh installation.
  const grantStarted = Date.now();
  const granted = await run('npm', ['run', 'grant', '--', ORGANISER, 'event_creator', ORGANISATION, 'kommune'], {
    env: { ...process.env, DATABASE_URL: server.databaseUrl },
  });
  expect(granted.stdout).toContain(`may now create events for ${ORGANISATION}`);
  console.log(`npm run grant took ${Date.now() - grantStarted} ms`);

  // Sign in from the home page and find the console in the header.
  await page.goto('/');
  await expect(page.getByText('Der er ingen offentliggjorte innovationsdage endnu.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Log ind' }).first().click();
  await signIn(page, browser, ORGANISER);
  await page.getByRole('navigation', { name: 'Din konto' }).getByRole('link', { name: 'Konsol' }).click();
  await page.getByRole('link', { name: 'Opret en ny innovationsdag' }).click();

  // The day, from blank.
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Opret dagen' }) });
  await form.getByLabel('Navn', { exact: true }).fill(NAME);
  await form.getByLabel(/^Adresse \(kort navn/).fill(SLUG);
  await form.getByLabel('Sted', { exact: true }).fill('Øksnehallen');
  await form.getByLabel('Startdato').fill(DAY);
  await form.getByLabel('Starttidspunkt').fill('09:00');
  await form.getByLabel('Slutdato').fill(DAY);
  await form.getByLabel('Sluttidspunkt').fill('17:00');
  expect(await submit(page, 'Opret dagen')).toBeLessThan(400);
  await expect(page.getByText('Status: Kladde')).toBeVisible();
  const edit = page.locator('form').filter({ has: page.getByRole('button', { name: 'Gem ændringer' }) });
  await edit.getByLabel('Navn på engelsk').fill('The Whole Day 2027');
  await edit.getByLabel(/^Tema\s*\(valgfrit\)/).fill('Helhed');
  await edit.getByLabel('Tema på engelsk').fill('Wholeness');
  await edit.getByLabel(/^Beskrivelse\s*\(valgfrit\)/).fill('En dag om sammenhæng i velfærden.');
  await edit.getByLabel(/^Adresse\s*\(valgfrit\)/).fill('Halmtorvet 11, 1700 København V');
  await edit.getByLabel('Kontaktadresse (e-mail)').fill('dag@e2e-kommune.dk');
  expect(await submit(page, 'Gem ændringer')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');

  // The console's start page lists the day and every tool.
  await page.goto('/konsol');
  await page.getByRole('link', { name: NAME }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${SLUG}$`));
  // A draft's start page says what the day still lacks, each step linking to its tool.
  const steps = page.getByRole('region', { name: 'Før I udgiver dagen' });
  await expect(steps.getByRole('listitem')).toHaveText([
    'Lokaler: Mangler',
    'Temaspor: Valgfrit, ikke sat op',
    'Sessioner: Mangler',
    'Gallerirunder: Valgfrit, ikke sat op',
    'Billettyper: Mangler – Uden billettyper kan ingen tilmelde sig.',
    'Indkaldelse af løsninger: Valgfrit, ikke sat op',
  ]);
  await expectAccessible(page);

  // Tracks, rooms and speakers: the catalogue's links lead to each "new" form.
  for (const [catalogue, newLink, path] of [
    [/^Temaspor/, 'Nyt temaspor', 'spor'],
    [/^Lokaler/, 'Nyt lokale', 'lokaler'],
    [/^Talere/, 'Ny taler', 'talere'],
  ] as const) {
    await openTool(page, 'Program');
    await page.getByRole('link', { name: catalogue }).click();
    await page.getByRole('link', { name: newLink }).click();
    await expect(page).toHaveURL(new RegExp(`/konsol/${SLUG}/program/${path}/ny$`));
  }
  for (const [name, colour] of TRACKS) await createTrack(page, name, colour);
  for (const [name, seats] of ROOMS) await createRoom(page, name, seats);
  // One speaker from an organisation that does not exist yet, one from the organiser's own.
  for (const [name, organisation, sector] of [
    ['Jo Bourgon', 'Public Governance International', 'Forskning/uddannelse'],
    ['Mira Moderator', ORGANISATION, null],
  ] as const) {
    await page.goto(`/konsol/${SLUG}/program/talere/ny`);
    await page.getByLabel('Navn', { exact: true }).fill(name);
    await page.getByLabel(/^Organisation\s*\(valgfrit\)$/).fill(organisation);
    if (sector) await page.getByLabel('Organisationens sektor').selectOption({ label: sector });
    expect(await submit(page, 'Opret')).toBeLessThan(400);
    await expect(page.getByRole('status')).toHaveText('Oprettet.');
  }
  await openTool(page, 'Program');
  await expect(page.getByRole('link', { name: 'Temaspor (4 spor)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Lokaler (5 lokaler)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Talere (2 talere)' })).toBeVisible();

  noServerErrors();
});

test('the organiser adds twenty sessions and moves one on the schedule grid', async () => {
  test.setTimeout(240_000);
  const { page, began, noServerErrors } = organiser;
  // Nineteen sessions by form; the schedule grid makes room for the twentieth.
  await page.getByRole('link', { name: 'Ny session' }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${SLUG}/program/sessioner/ny$`));
  for (const session of sessions()) await createSession(page, session);
  await openTool(page, 'Skema');
  // The rooms in the order they were created (each new one is offered the next place), not by name.
  await expect(page.getByRole('table').first().getByRole('columnheader')).toHaveText([
    'Tid',
    ...ROOMS.map(([name]) => name),
  ]);
  await expect(page.getByRole('table').first()).toContainText('Prisoverrækkelse');
  await page.getByRole('link', { name: 'Prisoverrækkelse', exact: true }).first().click();
  await page.getByLabel('Sluttid').fill('16:45');
  expect(await submit(page, 'Gem ændringen')).toBeLessThan(400);
  await expect(page.getByRole('status')).toContainText('Ændringen er gemt.');
  await openTool(page, 'Program');
  await page.getByRole('link', { name: 'Ny session' }).click();
  await createSession(page, {
    kind: 'Netværk',
    title: 'Tak for i dag',
    start: '16:45',
    end: '17:00',
    room: 'Store sal',
  });
  await openTool(page, 'Program');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(21);
  await expectAccessible(page);
  console.log(`organiser: programme built after ${Math.round((Date.now() - began) / 1000)} s`);
  noServerErrors();
});

test('the organiser adds tickets, settings, the call, the galleries and a colleague, and publishes', async () => {
  test.setTimeout(240_000);
  const { page, began, noServerErrors } = organiser;
  const steps = page.getByRole('region', { name: 'Før I udgiver dagen' });

  // Ticket types: a paid one for public staff, a free one for students.
  await openTool(page, 'Billetter');
  for (const ticket of [
    { name: 'Offentligt ansat', audience: 'For offentligt ansatte', price: '1.250', capacity: '800' },
    { name: 'Studerende', audience: 'For studerende', price: '0', capacity: '100' },
  ]) {
    await page.getByRole('link', { name: 'Ny billettype' }).click();
    await page.getByLabel('Navn (dansk)').fill(ticket.name);
    await page.getByLabel('Målgruppe').selectOption({ label: ticket.audience });
    await page.getByLabel('Pris i kroner inkl. 25 % moms').fill(ticket.price);
    await page.getByLabel('Kapacitet').fill(ticket.capacity);
    await page.getByLabel('Vises for alle på tilmeldingen').check();
    expect(await submit(page, 'Opret billettype'), ticket.name).toBeLessThan(400);
    await expect(page.getByRole('row', { name: new RegExp(ticket.name) })).toBeVisible();
  }
  await expect(page.getByRole('row', { name: /Offentligt ansat/ })).toContainText('1.250 kr. (heraf moms 250 kr.)');
  // Without Stripe keys the console says the paid type cannot be bought (the attendee pages say so too).
  await expect(page.getByText('Online betaling er ikke sat op på denne installation.', { exact: false })).toBeVisible();

  // Registration: sector asked and required, team orders of up to 10.
  await openTool(page, 'Tilmelding');
  await page.getByRole('group', { name: 'Sektor' }).getByLabel('Spørg, skal besvares').check();
  await page.getByLabel(/^Afmeldingsfrist/).fill(`${DAY}T00:00`);
  await page.getByLabel(/^Holdtilmelding/).check();
  await page.getByLabel('Højst deltagere pr. bestilling').fill('10');
  expect(await submit(page, 'Gem ændringer')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');

  // Booking: open as soon as the day is published, at most two gallery rounds each.
  await openTool(page, 'Booking');
  await page.getByLabel(/^Højst gallerirunder pr. deltager/).fill('2');
  expect(await submit(page, 'Gem ændringer')).toBeLessThan(400);
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');

  // The call for solutions, open from yesterday for a month, and five galleries × three rounds.
  await openTool(page, 'Løsningsgalleri');
  const call = page.getByRole('region', { name: 'Indkaldelse af løsninger' });
  await call.getByLabel(/^Indkaldelsen åbner/).fill(momentFromNow(-1));
  await call.getByLabel(/^Indkaldelsen lukker/).fill(momentFromNow(30));
  await call.getByLabel(/^Bedømmelseskriterier \(dansk\)/).fill('Nyhedsværdi\nSamarbejde på tværs\nEffekt');
  await call.getByLabel('Løsninger pr. gallerirunde').fill('3');
  expect(await submit(page, 'Gem ændringer', call)).toBeLessThan(400);
  await expect(page.getByRole('status').first()).toHaveText('Ændringerne er gemt.');
  const layout = page.getByRole('region', { name: 'Gallerier og runder' });
  await layout.getByLabel('Antal gallerier').fill('5');
  await layout.getByLabel('Antal runder').fill('3');
  await layout.getByLabel('Første runde begynder').fill(`${DAY}T13:00`);
  await layout.getByLabel('Minutter pr. runde').fill('45');
  await layout.getByLabel('Minutters pause mellem runderne').fill('15');
  await layout.getByLabel('Pladser pr. runde').fill('30');
  expect(await submit(page, 'Opret gallerirunder', layout)).toBeLessThan(400);
  await expect(page.getByText('15 gallerirunder er oprettet.')).toBeVisible();
  await expectAccessible(page);

  // A colleague invited to review the solutions.
  await openTool(page, 'Team');
  await page.getByLabel('E-mailadresse').fill(COLLEAGUE);
  await page.getByLabel('Bedømmer af løsninger').check();
  expect(await submit(page, 'Send invitation')).toBeLessThan(400);
  await expect(page.getByRole('status').filter({ hasText: 'Invitationen er sendt.' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Ventende invitationer' }).getByRole('row', { name: new RegExp(COLLEAGUE) }),
  ).toBeVisible();
  // The invitation leaves through the outbox: it is in the dev mailbox.
  const mailbox = await page.context().newPage();
  await expect
    .poll(
      async () => {
        await mailbox.goto('/dev/mailbox');
        return mailbox.getByRole('row').filter({ hasText: COLLEAGUE }).filter({ hasText: 'inviteret som' }).count();
      },
      { timeout: 15_000, intervals: [250, 500, 1000] },
    )
    .toBe(1);
  await mailbox.close();

  // Publish: first the start page says nothing is missing any more.
  await page.goto(`/konsol/${SLUG}`);
  await expect(steps.getByRole('listitem')).toHaveText([
    'Lokaler: Klar – 10 lokaler',
    'Temaspor: Klar – 4 temaspor',
    'Sessioner: Klar – 20 sessioner',
    'Gallerirunder: Klar – 15 gallerirunder',
    'Billettyper: Klar – 2 billettyper',
    /^Indkaldelse af løsninger: Klar – Åben /,
  ]);
  await steps.getByRole('link', { name: /^Udgiv dagen under/ }).click();
  expect(await submit(page, 'Udgiv dagen')).toBeLessThan(400);
  await expect(page.getByText('Status: Udgivet')).toBeVisible();
  await page.goto(`/konsol/${SLUG}`);
  await expect(steps).toHaveCount(0);
  console.log(`organiser: day published after ${Math.round((Date.now() - began) / 1000)} s`);

  // What the browser made, read back.
  const [made] = await db<Record<string, number>[]>`
    select (select count(*)::int from public.events) as events,
           (select count(*)::int from public.tracks) as tracks,
           (select count(*)::int from public.sessions where kind <> 'gallery_round') as sessions,
           (select count(*)::int from public.sessions where kind = 'gallery_round') as gallery_rounds,
           (select count(distinct room_id)::int from public.sessions where kind = 'gallery_round') as galleries,
           (select count(*)::int from public.ticket_types) as ticket_types,
           (select count(*)::int from public.team_invitations) as invitations`;
  expect(made).toEqual({
    events: 1,
    tracks: 4,
    sessions: 20,
    gallery_rounds: 15,
    galleries: 5,
    ticket_types: 2,
    invitations: 1,
  });
  noServerErrors();
  expect(organiser.cspViolations, 'Content-Security-Policy violations').toEqual([]);
});

test('an attendee finds the day from the home page, registers, books a session and a gallery round', async ({
  page,
  browser,
}) => {
  // A browser context of its own (each test gets one): nothing of the organiser's session carries over.
  test.setTimeout(120_000);
  const noServerErrors = guardAgainstServerErrors(page);
  await page.goto('/');
  await page.getByRole('link', { name: NAME }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await page.getByRole('link', { name: 'Tilmeld dig' }).first().click();
  await page.getByRole('radio', { name: /Studerende/ }).check();
  await page.getByLabel('Antal deltagere').fill('1');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.locator('#attendees-0-name').fill('Dagny Deltager');
  await page.locator('#attendees-0-email').fill(ATTENDEE);
  await page.locator('#attendees-0-sector').selectOption({ label: 'Forskning/uddannelse' });
  await page.getByRole('button', { name: 'Tilmeld' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tak for din tilmelding' })).toBeVisible();
  await page.getByRole('link', { name: 'Gå til Min side' }).click();
  await signIn(page, browser, ATTENDEE);
  await expect(page).toHaveURL(/\/min-side$/);

  // A track session from the programme, a gallery round from the gallery.
  await page.goto(`/${SLUG}/program`);
  await page.getByRole('link', { name: 'Workshop: Børn og unge' }).click();
  expect(await submit(page, /^Book plads/)).toBeLessThan(400);
  await expect(page.getByRole('status').filter({ hasText: 'Du har fået en plads.' })).toBeVisible();
  await page.goto(`/${SLUG}/galleri`);
  expect(await submit(page, /^Book plads\W+Galleri 2 · runde 2$/)).toBeLessThan(400);
  await expect(page.getByRole('status').filter({ hasText: 'Du har fået en plads.' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/min-side');
  await page.getByRole('main').getByRole('link', { name: 'Mit program' }).click();
  await expect(page.getByRole('link', { name: 'Workshop: Børn og unge' })).toBeVisible();
  await expect(page.getByText('Du har en plads.')).toHaveCount(2);

  // The call for solutions is open: the attendee proposes their own team's solution.
  await page.goto(`/${SLUG}/`);
  await page.getByRole('link', { name: 'Indsend en løsning' }).click();
  await page.getByLabel('Titel', { exact: true }).fill('Nabohjælp i opgangen');
  await page.getByLabel('Resumé', { exact: true }).fill('Naboer hjælper ældre i opgangen med indkøb og en snak.');
  await page.getByLabel('Organisation 1', { exact: true }).fill('Helhedskommunen');
  await page.getByLabel('Sektor for organisation 1').selectOption('kommune');
  await page.getByLabel('Navn', { exact: true }).fill('Dagny Deltager');
  expect(await submit(page, 'Indsend løsningen')).toBeLessThan(400);
  await expect(page).toHaveURL(/\/min-side\/losninger\?indsendt=1$/);
  await expect(page.locator('li.card', { hasText: 'Nabohjælp i opgangen' })).toContainText('Indsendt');
  noServerErrors();
});
