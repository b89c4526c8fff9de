// The organiser's ticket, registration and booking settings in the browser,
// without JavaScript's help: bad input comes back at its field with a 4xx, a
// save shows at once (also on the public registration form), a capacity under
// what is sold and a save over someone else's change are refused. Every page
// is axe-clean and is used by keyboard.
import type { Browser, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { WORLD_DAY } from '../fixtures/clock.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
// One organiser per test: sign-in codes for one address are issued one at a time.
const organiserEmail = (test: string) => `arrangoer-${test}-${stamp}@e2e-kommune.dk`;
const ORGANISERS = ['billetter', 'tilmelding', 'booking', 'galleri'];

// Each test scans several pages with axe, which is slow on a busy machine.
test.describe.configure({ timeout: 120_000 });

let db: Sql;
let eventId: string;
let solutionId: string;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-indstil-${stamp}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  const world = await insertEventWorld(db, { slug: EVENT, status: 'published' });
  eventId = world.eventId;
  solutionId = world.submittedSolutionId;
  for (const name of ORGANISERS) {
    await grantEventRole(db, { email: organiserEmail(name), role: 'organiser', eventSlug: EVENT, createUser: true });
  }
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** Opens `path`, which sends us to sign in, and signs in with the dev mailbox's code; lands back on `path`. */
async function signInTo(page: Page, browser: Browser, baseURL: string, path: string): Promise<void> {
  const email = organiserEmail(path.split('/').pop()!);
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

/** Presses Enter in `field` (or on a button), as a keyboard user does, and returns the status the post was answered with. */
async function submitWithEnter(page: Page, field: ReturnType<Page['getByLabel']>): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    field.press('Enter'),
  ]);
  await page.waitForLoadState();
  return response.status();
}

test('tickets: add a type with moms shown right, refuse bad input and a capacity under what is sold', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInTo(page, browser, baseURL!, `/konsol/${EVENT}/billetter`);
  await expect(page.getByRole('heading', { level: 1, name: 'Billetter' })).toBeVisible();
  await expect(page.getByText('Arrangementet har endnu ingen billettyper.')).toBeVisible();
  await expectAccessible(page);

  // By keyboard: tab to "New ticket type" and follow it.
  const newLink = page.getByRole('link', { name: 'Ny billettype' });
  await newLink.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}/billetter/ny$`));
  await expectAccessible(page);

  await page.getByLabel('Navn (dansk)').fill('Offentligt ansat');
  await page.getByLabel('Målgruppe').selectOption('public_sector');
  await page.getByLabel('Pris i kroner inkl. 25 % moms').fill('1250,555');
  await page.getByLabel('Kapacitet').fill('-5');
  await page.getByLabel('Salget åbner').fill('2030-03-01T09:00');
  await page.getByLabel('Salget lukker').fill('2030-02-01T09:00');
  expect(await submitWithEnter(page, page.getByLabel('Kapacitet'))).toBe(400);
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Skriv en pris i kroner med højst to decimaler');
  await expect(summary).toContainText('Skriv et helt tal inden for grænserne');
  await expect(page.getByLabel('Kapacitet')).toHaveAttribute('aria-invalid', 'true');
  // What was typed stays.
  await expect(page.getByLabel('Pris i kroner inkl. 25 % moms')).toHaveValue('1250,555');
  await expectAccessible(page);

  await page.getByLabel('Pris i kroner inkl. 25 % moms').fill('1.250');
  await page.getByLabel('Kapacitet').fill('3');
  expect(await submitWithEnter(page, page.getByLabel('Kapacitet'))).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Tidspunktet skal ligge efter starttidspunktet.');
  await page.getByLabel('Salget lukker').fill('');
  await page.getByLabel('Salget åbner').fill('');
  await page.getByLabel('Navn (engelsk)').fill('Public sector');
  expect(await submitWithEnter(page, page.getByLabel('Kapacitet'))).toBe(303);
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}/billetter\\?saved=1$`));
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');
  const row = page.getByRole('row', { name: /Offentligt ansat/ });
  await expect(row).toContainText('1.250 kr. (heraf moms 250 kr.)');
  await expect(row).toContainText('0 af 3');
  await expectAccessible(page);

  // 10,000 characters, posted past the browser's maxlength: a 400, nothing saved.
  const [type] = await db<{ id: string; version: number }[]>`
    select id, version from public.ticket_types where event_id = ${eventId}`;
  await page.goto(`/konsol/${EVENT}/billetter/${type!.id}`);
  const long = await page.evaluate(async (name) => {
    const formElement = document.querySelector('form[method="post"]') as HTMLFormElement;
    const data = new FormData(formElement);
    data.set('name', name);
    const response = await fetch(formElement.action, { method: 'POST', body: data });
    return { status: response.status, text: await response.text() };
  }, 'x'.repeat(10_000));
  expect(long.status).toBe(400);
  expect(long.text).toContain('Skriv højst 120 tegn.');
  expect((await db`select 1 from public.ticket_types where name like 'xxxx%'`).length).toBe(0);

  // Two sold: capacity 1 is refused at its field; the row keeps 3.
  for (const email of [`a-${stamp}@solgt.dk`, `b-${stamp}@solgt.dk`]) {
    const [answer] = await db<{ result: string }[]>`
      select result from private.register(${type!.id}, 'Køber', ${email}, 'da',
        ${db.json([{ name: 'Deltager', email, sector: 'kommune' }])}, true)`;
    expect(answer!.result).toBe('ok');
  }
  await page.goto(`/konsol/${EVENT}/billetter/${type!.id}`);
  await expectAccessible(page);
  await page.getByLabel('Kapacitet').fill('1');
  expect(await submitWithEnter(page, page.getByLabel('Kapacitet'))).toBe(409);
  await expect(page.getByRole('alert')).toContainText(
    'Kapaciteten kan ikke være lavere end antallet af solgte billetter.',
  );
  await expectAccessible(page);
  expect(
    (await db<{ capacity: number }[]>`select capacity from public.ticket_types where id = ${type!.id}`)[0]!.capacity,
  ).toBe(3);

  // Only by code: gone from the registration page, there with the link.
  await page.goto(`/konsol/${EVENT}/billetter/ny`);
  await page.getByLabel('Navn (dansk)').fill('Partner');
  await page.getByLabel('Målgruppe').selectOption('other');
  await page.getByLabel('Pris i kroner inkl. 25 % moms').fill('0');
  await page.getByLabel('Kapacitet').fill('10');
  await page.getByLabel('Kun for dem, der har linket eller koden').check();
  const code = page.getByRole('textbox', { name: /^Kode/ });
  await code.fill(`P-${stamp.slice(-8)}`);
  expect(await submitWithEnter(page, code)).toBe(303);
  await expect(page.getByRole('row', { name: /Partner/ })).toContainText('Kun med link eller kode');
  await page.goto(`/${EVENT}/tilmelding`);
  await expect(page.getByRole('radio', { name: /^Offentligt ansat/ })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Partner/ })).toHaveCount(0);
  await page.goto(`/${EVENT}/tilmelding?kode=P-${stamp.slice(-8)}`);
  await expect(page.getByRole('radio', { name: /^Partner/ })).toBeVisible();
  await expectAccessible(page);
});

test('registration: the form asks what the organiser chose, and requires what is required', async ({
  page,
  browser,
  baseURL,
}) => {
  await db`
    insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity)
    values (${eventId}, ${`gratis-${stamp}`}, 'Gratis', 'other', 0, 50)
    on conflict do nothing`;
  await signInTo(page, browser, baseURL!, `/konsol/${EVENT}/tilmelding`);
  await expect(page.getByRole('heading', { level: 1, name: 'Tilmelding' })).toBeVisible();
  await expectAccessible(page);

  const municipality = page.getByRole('group', { name: 'Kommune' });
  await municipality.getByLabel('Spørg, skal besvares').check();
  await page.getByRole('group', { name: 'Hensyn til kost' }).getByLabel('Spørg ikke').check();
  await page.getByRole('group', { name: 'Sektor' }).getByLabel('Spørg, valgfrit at svare').check();
  await page.getByLabel('Timer til at tage imod en plads fra ventelisten').fill('0');
  expect(await submitWithEnter(page, page.getByLabel('Timer til at tage imod en plads fra ventelisten'))).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Skriv et helt tal inden for grænserne');
  // The radios keep what was chosen.
  await expect(page.getByRole('group', { name: 'Kommune' }).getByLabel('Spørg, skal besvares')).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel('Timer til at tage imod en plads fra ventelisten').fill('24');
  expect(await submitWithEnter(page, page.getByLabel('Timer til at tage imod en plads fra ventelisten'))).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');

  // The public form follows.
  await page.goto(`/${EVENT}/tilmelding?billettype=gratis-${stamp}&antal=1&deltager=ja`);
  await expect(page.getByLabel('Kost og allergier')).toHaveCount(0);
  await expect(page.locator('label[for="attendees-0-sector"]')).toContainText('(valgfrit)');
  const municipalityField = page.getByLabel('Kommune eller region', { exact: true });
  await expect(municipalityField).toHaveAttribute('required', '');
  await expectAccessible(page);
  await page.getByLabel('Fulde navn', { exact: true }).fill('Ada Deltager');
  await page.getByRole('textbox', { name: /^E-mailadresse/ }).fill(`ada-${stamp}@e2e-kommune.dk`);
  // The form's first button adds an attendee: the keyboard user tabs to "Tilmeld".
  const submit = page.getByRole('button', { name: 'Tilmeld', exact: true });
  expect(await submitWithEnter(page, submit)).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Skriv kommunen.');
  await municipalityField.fill('Aarhus');
  expect(await submitWithEnter(page, submit)).toBe(303);
  await expect(page).toHaveURL(new RegExp(`/${EVENT}/tilmelding/tak$`));
  const [ticket] = await db<{ sector: string | null; municipality: string }[]>`
    select sector::text, municipality from public.tickets where attendee_email = ${`ada-${stamp}@e2e-kommune.dk`}`;
  expect(ticket).toEqual({ sector: null, municipality: 'Aarhus' });
});

test('booking: a window that closes before it opens is refused; the second of two saves is told', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInTo(page, browser, baseURL!, `/konsol/${EVENT}/booking`);
  await expect(page.getByRole('heading', { level: 1, name: 'Booking af sessioner' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Booking åbner').fill('2030-04-01T10:00');
  await page.getByLabel('Booking lukker').fill('2030-03-01T10:00');
  expect(await submitWithEnter(page, page.getByLabel('Booking lukker'))).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Tidspunktet skal ligge efter starttidspunktet.');
  await expectAccessible(page);
  // The summary is focused; its link puts the cursor in the field.
  await expect(page.getByRole('alert')).toBeFocused();
  await page.getByRole('alert').getByRole('link', { name: 'Tidspunktet skal ligge efter starttidspunktet.' }).click();
  await expect(page.getByLabel('Booking lukker')).toBeFocused();
  await page.getByLabel('Booking lukker').fill('2030-04-20T10:00');
  await page.getByLabel('Den første på ventelisten får pladsen tilbudt', { exact: false }).check();
  await page.getByLabel('Højst gallerirunder pr. deltager').fill('2');
  expect(await submitWithEnter(page, page.getByLabel('Højst gallerirunder pr. deltager'))).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');
  await expect(page.getByLabel('Højst gallerirunder pr. deltager')).toHaveValue('2');

  // Two tabs on the same version: the first save wins, the second is refused with a 409.
  const other = await page.context().newPage();
  await other.goto(`/konsol/${EVENT}/booking`);
  await page.getByLabel('Højst gallerirunder pr. deltager').fill('3');
  expect(await submitWithEnter(page, page.getByLabel('Højst gallerirunder pr. deltager'))).toBe(303);
  await other.getByLabel('Højst gallerirunder pr. deltager').fill('4');
  expect(await submitWithEnter(other, other.getByLabel('Højst gallerirunder pr. deltager'))).toBe(409);
  await expect(other.getByRole('alert')).toContainText('En anden har gemt en ændring her');
  await expectAccessible(other);
  const [row] = await db<{ max: number }[]>`
    select max_gallery_rounds_per_attendee as max from public.events where id = ${eventId}`;
  expect(row!.max).toBe(3);
});

test('gallery: the call and its review criteria, and 5 galleries × 3 rounds made in one go', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInTo(page, browser, baseURL!, `/konsol/${EVENT}/galleri`);
  await expect(page.getByRole('heading', { level: 1, name: 'Løsningsgalleri' })).toBeVisible();
  await expectAccessible(page);

  // Only one end of the call: refused at the other.
  await page.getByLabel('Indkaldelsen åbner').fill(`${WORLD_DAY.slice(0, 4)}-01-10T09:00`);
  expect(await submitWithEnter(page, page.getByLabel('Indkaldelsen åbner'))).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Udfyld både åbning og lukning af indkaldelsen');
  await expectAccessible(page);
  // The call open from an hour ago for two days (the exhibitor's step at the end submits to it).
  await page.getByLabel('Indkaldelsen åbner').fill(copenhagenWallClock(Date.now() - 3_600_000));
  await page.getByLabel('Indkaldelsen lukker').fill(copenhagenWallClock(Date.now() + 2 * 86_400_000));
  await page.getByLabel('Bedømmelseskriterier (dansk)').fill('Nyhedsværdi\nOverførbarhed\nSamarbejde på tværs');
  await page.getByLabel('Løsninger pr. gallerirunde').fill('3');
  // The call's questions: results required, links not asked.
  await page.getByRole('group', { name: 'Resultater', exact: true }).getByLabel('Spørg, skal udfyldes').check();
  await page.getByRole('group', { name: 'Links', exact: true }).getByLabel('Spørg ikke').check();
  expect(await submitWithEnter(page, page.getByLabel('Løsninger pr. gallerirunde'))).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Ændringerne er gemt.');
  await expect(
    page.getByRole('group', { name: 'Resultater', exact: true }).getByLabel('Spørg, skal udfyldes'),
  ).toBeChecked();

  // The layout: 5 galleries × 3 rounds from 11:00 on the event's day.
  await expect(page.getByText('Arrangementet har nu 2 gallerirunder.')).toBeVisible();
  await page.getByLabel('Første runde begynder').fill(`${WORLD_DAY}T11:00`);
  await page.getByLabel('Antal gallerier').fill('5');
  await page.getByLabel('Antal runder').fill('3');
  expect(await submitWithEnter(page, page.getByLabel('Antal runder'))).toBe(303);
  await expect(page.getByRole('status')).toHaveText('15 gallerirunder er oprettet.');
  await expect(page.getByText('Arrangementet har nu 17 gallerirunder.')).toBeVisible();
  await expectAccessible(page);

  // Reviewers see the criteria beside the decision.
  await page.goto(`/konsol/${EVENT}/losninger/${solutionId}`);
  const rubric = page.getByRole('region', { name: 'Bedømmelseskriterier' });
  await expect(rubric.getByRole('listitem')).toHaveText(['Nyhedsværdi', 'Overførbarhed', 'Samarbejde på tværs']);
  await expect(page.getByText('Arrangørerne har ikke sat kriterier med vægt op endnu.')).toBeVisible();

  // The rubric as weighted criteria: a weight outside 1–10 is refused at its field; two criteria added.
  await page.getByRole('link', { name: 'Sæt kriterierne op' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bedømmelseskriterier og rangering' })).toBeVisible();
  const adding = page.getByRole('group', { name: 'Tilføj et kriterie' });
  await adding.getByLabel('Navn (dansk)').fill('Nyhedsværdi');
  await adding.getByLabel('Vægt').fill('11');
  expect(await submitWithEnter(page, adding.getByLabel('Vægt'))).toBe(400);
  await expect(page.getByRole('group', { name: 'Tilføj et kriterie' }).getByLabel('Vægt')).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(page.getByRole('alert')).toContainText('Skriv en vægt fra 1 til 10.');
  await adding.getByLabel('Vægt').fill('3');
  expect(await submitWithEnter(page, adding.getByLabel('Vægt'))).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Kriteriet er tilføjet.');
  await adding.getByLabel('Navn (dansk)').fill('Overførbarhed');
  expect(await submitWithEnter(page, adding.getByLabel('Navn (dansk)'))).toBe(303);
  await expect(page.getByRole('group')).toHaveText([/Nyhedsværdi \(vægt 3\)/, /Overførbarhed \(vægt 1\)/, /Tilføj/]);
  await expectAccessible(page);

  // Points by keyboard on the review page: arrow keys choose, Enter saves; the weighted average follows.
  await page.goto(`/konsol/${EVENT}/losninger/${solutionId}`);
  const stale = await page.context().newPage();
  await stale.goto(`/konsol/${EVENT}/losninger/${solutionId}`);
  await page.getByRole('group', { name: 'Nyhedsværdi (vægt 3)' }).getByLabel('1 point').focus();
  for (let step = 0; step < 4; step += 1) await page.keyboard.press('ArrowRight');
  await page.getByRole('group', { name: 'Overførbarhed (vægt 1)' }).getByLabel('1 point').focus();
  await page.keyboard.press('ArrowRight');
  expect(await submitWithEnter(page, page.getByRole('button', { name: 'Gem mine point' }))).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Dine point er gemt.');
  // (5 × 3 + 2 × 1) / 4
  await expect(page.getByText('Alle bedømmeres vægtede gennemsnit: 4,25 (1 bedømmer)')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Nyhedsværdi (vægt 3)' }).getByLabel('5 point')).toBeChecked();
  await expectAccessible(page);
  // A second tab still showing no points is told, and changes nothing.
  await stale.getByRole('group', { name: 'Nyhedsværdi (vægt 3)' }).getByLabel('1 point').check();
  expect(await submitWithEnter(stale, stale.getByRole('button', { name: 'Gem mine point' }))).toBe(409);
  await expect(stale.getByRole('alert')).toContainText('En anden har gemt en ændring her');
  await stale.close();

  // The organisers' ranking.
  await page.goto(`/konsol/${EVENT}/losninger/kriterier`);
  const ranking = page.getByRole('region', { name: 'Rangering' });
  await expect(ranking.getByRole('row').nth(1)).toContainText('4,25 af 5');

  // The solution form follows the call's questions: no links field, results required — left
  // empty, the submission is refused at the field with a 400 and nothing is saved.
  await page.goto(`/${EVENT}/indsend`);
  await expect(page.getByRole('heading', { level: 1, name: 'Indsend en løsning' })).toBeVisible();
  await expect(page.getByLabel(/^Links/)).toHaveCount(0);
  await expect(page.getByLabel(/^Resultater/)).toHaveAccessibleName(/skal udfyldes ved indsendelse/);
  await page
    .getByLabel(/^Titel/)
    .first()
    .fill('Spørgsmål efter arrangørens valg');
  await page
    .getByLabel(/^Resumé/)
    .first()
    .fill('En løsning, der mangler sine resultater.');
  await page.getByLabel('Organisation 1', { exact: true }).fill('Testkommunen');
  await page.getByLabel('Sektor for organisation 1').selectOption({ index: 1 });
  await page.getByLabel(/^Navn/).fill('Sara Sørensen');
  expect(await submitWithEnter(page, page.getByLabel('Organisation 1', { exact: true }))).toBe(400);
  await expect(page.getByLabel(/^Resultater/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toContainText('arrangøren kræver det');
  await expectAccessible(page);
  expect(
    (await db`select count(*)::int as n from public.solutions where title = 'Spørgsmål efter arrangørens valg'`)[0]!.n,
  ).toBe(0);
});

/** A moment as the console's date-time fields take it, in the event's zone (Europe/Copenhagen). */
function copenhagenWallClock(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(ms))
    .replace(' ', 'T');
}
