// Events in the console, in Chromium against the built server: a person
// granted event_creator (as `npm run grant` does) finds the console in the
// header, creates a blank day, fills in every public field in Danish and
// English, previews the draft, publishes and archives it; bad input gets a
// message at its field and a 4xx. A second test copies the demo event to next
// year and checks what was and was not copied. Every page is scanned by axe.
import type { Browser, Page } from '@playwright/test';
import { grantEventCreator, grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
const DEMO = 'velfaerdens-innovationsdag-2027';
let creatorEmail: string;
// One person per test: the sign-in form sends an address one email a minute,
// so tests that follow each other must not sign the same address in.
let copierEmail: string;
let assignerEmail: string;
let strangerEmail: string;
let ORGANISATION: string;

let db: Sql;

test.beforeAll(async () => {
  stamp = freshStamp();
  creatorEmail = `skaber-${stamp}@e2e-kommune.dk`;
  copierEmail = `kopist-${stamp}@e2e-kommune.dk`;
  assignerEmail = `fordeler-${stamp}@e2e-kommune.dk`;
  strangerEmail = `fremmed-${stamp}@e2e-kommune.dk`;
  ORGANISATION = `E2E Kommune ${stamp}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  for (const email of [creatorEmail, copierEmail, assignerEmail]) {
    await grantEventCreator(db, { email, organisation: ORGANISATION, sector: 'kommune', createUser: true });
    await grantEventRole(db, { email, role: 'organiser', eventSlug: DEMO, createUser: true });
  }
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string): Promise<void> {
  await page.goto('/min-side');
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/min-side$/);
}

/** A date `days` from now as the date field wants it (the test's own clock, never the demo's). */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('an event creator creates a day, edits it in both languages, previews, publishes and archives it', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const slug = `e2e-ny-dag-${stamp}`;
  await signIn(page, browser, baseURL!, creatorEmail);

  // The console is in the header.
  await page.getByRole('navigation', { name: 'Din konto' }).getByRole('link', { name: 'Konsol' }).click();
  await expect(page).toHaveURL(/\/konsol$/);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Opret en ny innovationsdag' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny innovationsdag' })).toBeVisible();
  await expectAccessible(page);

  // Bad input: a reserved address, a 10,000-character name, an end before the start.
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Opret dagen' }) });
  // A client that ignores maxlength (a script, an old browser) still gets a message at the field.
  await form.getByLabel('Navn', { exact: true }).evaluate((input) => input.removeAttribute('maxlength'));
  await form.getByLabel('Navn', { exact: true }).fill('x'.repeat(10_000));
  await form.getByLabel(/^Adresse \(kort navn/).fill('konsol');
  await form.getByLabel('Sted', { exact: true }).fill('Øksnehallen');
  await form.getByLabel('Startdato').fill(dayFromNow(120));
  await form.getByLabel('Starttidspunkt').fill('09:00');
  await form.getByLabel('Slutdato').fill(dayFromNow(120));
  await form.getByLabel('Sluttidspunkt').fill('08:00');
  let response = page.waitForResponse((r) => r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Opret dagen' }).click();
  expect((await response).status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Teksten må højst være 200 tegn.');
  await expect(page.getByRole('alert')).toContainText('Dagen skal slutte efter, at den begynder.');
  await expectAccessible(page);

  await form.getByLabel('Navn', { exact: true }).fill(`Ny dag ${stamp}`);
  await form.getByLabel('Sluttidspunkt').fill('16:00');
  response = page.waitForResponse((r) => r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Opret dagen' }).click();
  expect((await response).status()).toBe(422);
  await expect(page.locator('#slug-error')).toHaveText(
    'Den adresse er reserveret til en side på webstedet. Vælg en anden.',
  );
  // What was typed stays.
  await expect(form.getByLabel('Navn', { exact: true })).toHaveValue(`Ny dag ${stamp}`);

  await form.getByLabel(/^Adresse \(kort navn/).fill(DEMO);
  response = page.waitForResponse((r) => r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Opret dagen' }).click();
  expect((await response).status()).toBe(409);
  await expect(page.locator('#slug-error')).toHaveText('Den adresse bruges allerede af en anden dag. Vælg en anden.');

  // By keyboard alone: type the address and submit with Enter.
  await form.getByLabel(/^Adresse \(kort navn/).fill('');
  await form.getByLabel(/^Adresse \(kort navn/).focus();
  await page.keyboard.type(slug);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/konsol/${slug}/begivenhed\\?oprettet=1$`));
  await expect(page.getByRole('status')).toHaveText(
    'Dagen er oprettet som kladde. Udfyld resten, og udgiv den, når den er klar.',
  );
  await expect(page.getByText('Status: Kladde')).toBeVisible();
  await expectAccessible(page);

  // Every public field, Danish and English side by side.
  const edit = page.locator('form').filter({ has: page.getByRole('button', { name: 'Gem ændringer' }) });
  await edit.getByLabel('Navn på engelsk').fill(`New day ${stamp}`);
  await edit.getByLabel(/^Tema\s*\(valgfrit\)/).fill('Fællesskab');
  await edit.getByLabel('Tema på engelsk').fill('Community');
  await edit.getByLabel(/^Undertitel\s*\(valgfrit\)/).fill('En dag om at gøre det sammen');
  await edit.getByLabel('Undertitel på engelsk').fill('A day about doing it together');
  await edit.getByLabel(/^Beskrivelse\s*\(valgfrit\)/).fill('Første afsnit.\n\nAndet afsnit.');
  await edit.getByLabel('Beskrivelse på engelsk').fill('First paragraph.');
  await edit.getByLabel(/^Adresse\s*\(valgfrit\)/).fill('Halmtorvet 11, 1700 København V');
  await edit.getByLabel('Kontaktadresse (e-mail)').fill('dag@e2e-kommune.dk');
  await edit.getByLabel('Link til tilgængelighedserklæring').fill('ikke en adresse');
  response = page.waitForResponse((r) => r.request().method() === 'POST');
  await edit.getByRole('button', { name: 'Gem ændringer' }).click();
  expect((await response).status()).toBe(400);
  await expect(page.locator('#accessibilityUrl-error')).toHaveText(
    'Skriv en webadresse, der begynder med https://, eller en sti, der begynder med /.',
  );
  await expect(edit.getByLabel('Tema på engelsk')).toHaveValue('Community');
  await edit.getByLabel('Link til tilgængelighedserklæring').fill('https://e2e-kommune.dk/tilgaengelighed');
  await edit.getByRole('button', { name: 'Gem ændringer' }).click();
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');

  // Someone else saves in between: this form's save is refused, nothing overwritten.
  await db`update public.events set theme = 'Ændret af en anden' where slug = ${slug}`;
  await edit.getByLabel(/^Tema\s*\(valgfrit\)/).fill('Mit tema');
  response = page.waitForResponse((r) => r.request().method() === 'POST');
  await edit.getByRole('button', { name: 'Gem ændringer' }).click();
  expect((await response).status()).toBe(409);
  await expect(page.getByRole('alert')).toBeVisible();
  const [theme] = await db<{ theme: string }[]>`select theme from public.events where slug = ${slug}`;
  expect(theme?.theme).toBe('Ændret af en anden');

  // The preview: the draft's own pages, marked as such, for its organiser only.
  await page.goto(`/konsol/${slug}/begivenhed`);
  await page.getByRole('link', { name: 'Forhåndsvis de offentlige sider' }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/$`));
  await expect(page.getByRole('note')).toContainText('Forhåndsvisning: dagen er en kladde');
  await expect(page.getByRole('heading', { level: 1, name: `Ny dag ${stamp}` })).toBeVisible();
  await expect(page.getByText('En dag om at gøre det sammen')).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/en/${slug}/`);
  await expect(page.getByRole('heading', { level: 1, name: `New day ${stamp}` })).toBeVisible();
  await expect(page.getByText('A day about doing it together')).toBeVisible();
  const anon = await browser.newContext({ baseURL: baseURL! });
  const visitor = await anon.newPage();
  expect((await visitor.goto(`/${slug}/`))?.status()).toBe(404);

  // Publish: everyone sees it. Archive: still readable, but over.
  await page.goto(`/konsol/${slug}/begivenhed`);
  await page.getByRole('button', { name: 'Udgiv dagen' }).click();
  await expect(page.getByRole('status')).toHaveText('Status er ændret.');
  await expect(page.getByText('Status: Udgivet')).toBeVisible();
  expect((await visitor.goto(`/${slug}/`))?.status()).toBe(200);
  await expect(visitor.getByRole('note')).toHaveCount(0);
  await page.getByRole('button', { name: 'Arkivér dagen' }).click();
  await expect(page.getByText('Status: Arkiveret')).toBeVisible();
  await expect(page.getByRole('button', { name: /Udgiv|Arkivér/ })).toHaveCount(0);
  expect((await visitor.goto(`/${slug}/`))?.status()).toBe(200);
  await expect(visitor.getByText('Dagen er arkiveret.')).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'Tilmeld dig' })).toHaveCount(0);
  await anon.close();
});

test('a copy of the demo event for next year takes the settings and programme skeleton, never people or orders', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const slug = `e2e-naeste-aar-${stamp}`;
  await signIn(page, browser, baseURL!, copierEmail);
  await page.goto('/konsol/ny');
  await page.getByRole('link', { name: /^Kopiér Velfærdens Innovationsdag 2027/ }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${DEMO}/kopier$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Kopiér Velfærdens Innovationsdag 2027' })).toBeVisible();
  await expectAccessible(page);
  // Suggested: next year's name, 52 weeks later (the same weekday).
  await expect(page.getByLabel('Navn', { exact: true })).toHaveValue('Velfærdens Innovationsdag 2028');
  const [demo] = await db<{ id: string; day: string }[]>`
    select id, ((starts_at at time zone timezone)::date + 364)::text as day from public.events where slug = ${DEMO}`;
  await expect(page.getByLabel('Startdato')).toHaveValue(demo!.day);
  await page.getByLabel(/^Adresse \(kort navn/).fill(slug);
  await page.getByRole('button', { name: 'Kopiér dagen' }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${slug}/begivenhed\\?oprettet=1$`));
  await expect(page.getByText('Status: Kladde')).toBeVisible();

  // What was copied, and what was not.
  const counts = async (slugOf: string) => {
    const [row] = await db<Record<string, number>[]>`
      select
        (select count(*)::int from public.tracks where event_id = e.id) as tracks,
        (select count(*)::int from public.rooms where event_id = e.id) as rooms,
        (select count(*)::int from public.ticket_types where event_id = e.id) as ticket_types,
        (select count(*)::int from public.sessions where event_id = e.id) as sessions,
        (select count(*)::int from public.sessions where event_id = e.id and kind = 'gallery_round') as gallery_rounds,
        (select count(*)::int from public.speakers where event_id = e.id) as speakers,
        (select count(*)::int from public.solutions where event_id = e.id) as solutions,
        (select count(*)::int from public.gallery_presentations where event_id = e.id) as presentations,
        (select count(*)::int from public.orders where event_id = e.id) as orders,
        (select count(*)::int from public.tickets where event_id = e.id) as tickets,
        (select count(*)::int from public.bookings where event_id = e.id) as bookings,
        (select coalesce(sum(sold), 0)::int from public.ticket_types where event_id = e.id) as sold,
        (select coalesce(sum(seats_taken), 0)::int from public.sessions where event_id = e.id) as seats_taken
      from public.events e where e.slug = ${slugOf}`;
    return row!;
  };
  const [source, copy] = [await counts(DEMO), await counts(slug)];
  expect(source.sessions).toBeGreaterThan(10);
  expect(copy).toEqual({
    tracks: source.tracks,
    rooms: source.rooms,
    ticket_types: source.ticket_types,
    sessions: source.sessions,
    gallery_rounds: source.gallery_rounds,
    speakers: 0,
    solutions: 0,
    presentations: 0,
    orders: 0,
    tickets: 0,
    bookings: 0,
    sold: 0,
    seats_taken: 0,
  });
  // Every session on the new day at the same wall-clock time.
  const times = (slugOf: string) => db<{ slug: string; at: string }[]>`
    select s.slug, to_char(s.starts_at at time zone e.timezone, 'HH24:MI') as at
      from public.sessions s join public.events e on e.id = s.event_id where e.slug = ${slugOf} order by s.slug`;
  expect(await times(slug)).toEqual(await times(DEMO));

  // The copy's programme in preview: the sessions are there, the speakers are not.
  await page.goto(`/${slug}/program`);
  await expect(page.getByRole('note')).toContainText('Forhåndsvisning');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`/${slug}/talere`);
  await expect(page.getByRole('note')).toContainText('Forhåndsvisning');
  await expectAccessible(page);
});

test('someone without event_creator is told they cannot create days; another event’s draft stays hidden', async ({
  page,
  browser,
  baseURL,
}) => {
  await grantEventRole(db, { email: strangerEmail, role: 'checkin_staff', eventSlug: DEMO, createUser: true });
  await signIn(page, browser, baseURL!, strangerEmail);
  const response = await page.goto('/konsol/ny');
  expect(response?.status()).toBe(403);
  await expect(page.getByText('Du kan ikke oprette innovationsdage.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Opret dagen' })).toHaveCount(0);
  await expectAccessible(page);
  // The seeded draft (next year's demo) is neither in the console nor on its public page.
  expect((await page.goto('/konsol/velfaerdens-innovationsdag-2028/begivenhed'))?.status()).toBe(404);
  expect((await page.goto('/velfaerdens-innovationsdag-2028/'))?.status()).toBe(404);
});

test('gallery assignment lists every round whole, offers only free slots, and says why when none is free', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // An event of our own: round 1 holds two solutions (slots 1 and 2), round 2 is empty.
  const slug = `e2e-galleri-${stamp}`;
  const world = await insertEventWorld(db, { slug, status: 'published' });
  await grantEventRole(db, { email: assignerEmail, role: 'organiser', eventSlug: slug, createUser: true });
  const [other] = await db<{ id: string }[]>`
    insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
    values (${world.eventId}, 'endnu-en', 'Endnu en løsning', 'Om den', 'Kontakt', 'k@e2e-kommune.dk', 'accepted')
    returning id`;
  await signIn(page, browser, baseURL!, assignerEmail);

  await page.goto(`/konsol/${slug}/losninger/${other!.id}`);
  const rounds = page
    .getByRole('region', { name: 'Sæt i en gallerirunde' })
    .getByRole('listitem')
    .filter({
      has: page.getByRole('heading', { level: 3 }),
    });
  await expect(rounds).toHaveCount(2);
  // The half-full round offers its one free slot, chosen already; the empty one all three.
  await expect(rounds.nth(0).getByLabel('Ledig plads').locator('option')).toHaveText(['3']);
  await expect(rounds.nth(0).getByLabel('Ledig plads')).toHaveValue('3');
  await expect(rounds.nth(0)).toContainText('Plads 1:');
  await expect(rounds.nth(1).getByLabel('Ledig plads').locator('option')).toHaveText(['1', '2', '3']);
  await expectAccessible(page);
  // By keyboard: focus the button of the first round and press Enter.
  await rounds.nth(0).getByRole('button', { name: 'Sæt i runden' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Løsningen er sat i runden.');
  await expect(rounds.nth(0)).toContainText('Plads 3: Endnu en løsning');
  await expect(rounds.nth(0)).toContainText('Løsningen er med i denne runde.');

  // The demo: every slot of every round is taken. The section says so and still lists all rounds.
  const [demo] = await db<{ id: string; rounds: number; solution: string }[]>`
    select e.id,
           (select count(*)::int from public.sessions s where s.event_id = e.id and s.kind = 'gallery_round') as rounds,
           (select so.id from public.solutions so where so.event_id = e.id and so.status = 'accepted'
             order by so.slug limit 1) as solution
      from public.events e where e.slug = ${DEMO}`;
  await page.goto(`/konsol/${DEMO}/losninger/${demo!.solution}`);
  const section = page.getByRole('region', { name: 'Sæt i en gallerirunde' });
  await expect(section.getByText('Der er ingen ledig plads i de gallerirunder')).toBeVisible();
  await expect(section.getByRole('heading', { level: 3 })).toHaveCount(demo!.rounds);
  await expect(section.getByLabel('Ledig plads')).toHaveCount(0);
  await expectAccessible(page);

  // The solutions list names the organisations of every seeded solution.
  await page.goto(`/konsol/${DEMO}/losninger`);
  const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(25);
  for (let index = 0; index < count; index += 1) {
    await expect(rows.nth(index).getByRole('cell').nth(1)).toContainText(/\(.+\)/);
  }
  await expectAccessible(page);
});
