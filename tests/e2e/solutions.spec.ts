// The path from call for solutions to gallery, in Chromium against the built
// server: an exhibitor signs in and submits a solution; an organiser (role
// granted with the service role, as `npm run grant` does) accepts it and
// places it in a gallery round; the public gallery then shows it.
import type { Browser, Page } from '@playwright/test';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
// An event of its own, so the demo event that other tests read stays as seeded.
let EVENT: string;
let exhibitorEmail: string;
let organiserEmail: string;
let title: string;
let titleEn: string;
let roundTitle: string;

let db: Sql;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-losningsdag-${stamp}`;
  exhibitorEmail = `udstiller-${stamp}@e2e-kommune.dk`;
  organiserEmail = `arrangoer-${stamp}@e2e-kommune.dk`;
  title = `Nærværende nabohjælp ${stamp}`;
  titleEn = `Present Neighbourly Help ${stamp}`;
  roundTitle = `E2E-runde ${stamp}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 1 });
  // The service role's jobs, done directly: a published event with an open call and an empty gallery round.
  await db`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, contact_email, status,
                               call_opens_at, call_closes_at)
    values (${EVENT}, 'Løsningsdagen E2E', '2026-01-15T08:00:00+01:00', '2026-01-15T16:00:00+01:00', 'Testhallen',
            'Testfolket', 'kontakt@testfolket.dk', 'published', now() - interval '1 day', now() + interval '30 days')`;
  await db`
    insert into public.rooms (event_id, name, name_en, capacity)
    select id, 'Galleri-salen', 'The Gallery Hall', 40 from public.events where slug = ${EVENT}`;
  await db`
    insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at, capacity, room_id)
    select e.id, 'runde-1', 'gallery_round', ${roundTitle}, e.starts_at + interval '2 hours',
           e.starts_at + interval '3 hours', 30, r.id
    from public.events e join public.rooms r on r.event_id = e.id where e.slug = ${EVENT}`;
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** Signs in through the dev mailbox's 6-digit code, starting on a page that requires sign-in. */
async function signIn(page: Page, browser: Browser, baseURL: string, email: string, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tjek din e-mail' })).toBeVisible();

  const code = (await signInEmail(browser, baseURL, email)).code;
  expect(code).toMatch(/^\d{6}$/);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/]/g, '\\/')}$`));
}

test('an exhibitor submits a solution, an organiser accepts and places it, and the gallery shows it', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);

  // ── The exhibitor ─────────────────────────────────────────────────────
  await signIn(page, browser, baseURL!, exhibitorEmail, `/${EVENT}/indsend`);
  await expect(page.getByRole('heading', { level: 1, name: 'Indsend en løsning' })).toBeVisible();

  // A form with mistakes comes back with field messages and a 400.
  const [refused] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Indsend løsningen' }).click(),
  ]);
  expect(refused.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Skriv løsningens titel.');

  // An optional field's label reads "Målgruppe (valgfri)", the hint in normal weight.
  await expect(page.getByLabel('Målgruppe (valgfri)', { exact: true })).toBeVisible();
  await expect(page.locator('label[for="targetGroup"] .field-optional')).toHaveCSS('font-weight', '400');

  await page.getByLabel('Titel', { exact: true }).fill(title);
  await page.getByLabel('Resumé', { exact: true }).fill('Naboer hjælper ældre i opgangen med indkøb og en snak.');
  await page.getByLabel('Titel på engelsk (valgfri)').fill(titleEn);
  await page
    .getByLabel('Resumé på engelsk (valgfri)')
    .fill('Neighbours help older residents with shopping and a chat.');
  await page.getByLabel('Organisation 1', { exact: true }).fill('Frederiksberg Kommune');
  await page.getByLabel('Sektor for organisation 1').selectOption('kommune');
  await page.getByLabel('Organisation 2', { exact: true }).fill('Ældre Sagen');
  await page.getByLabel('Sektor for organisation 2').selectOption('civilsamfund');
  await page.getByLabel('Links').fill('https://example.org/nabohjaelp');
  await page.getByLabel('Navn', { exact: true }).fill('Lene Holm');
  await expect(page.getByLabel('E-mail', { exact: true })).toHaveValue(exhibitorEmail);
  await page.getByLabel('Vi vil gerne nomineres til innovationsprisen').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Indsend løsningen' }).click();

  await expect(page).toHaveURL(/\/min-side\/losninger\?indsendt=1$/);
  const card = page.locator('li.card', { hasText: title });
  await expect(card).toContainText('Indsendt');
  await expect(card).toContainText('I er ikke sat i en gallerirunde endnu.');
  await expectAccessible(page);

  // ── Editing without JavaScript: a fourth and fifth partner, one removed again ──
  const noScript = await browser.newContext({
    baseURL: baseURL!,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  try {
    const edit = await noScript.newPage();
    await edit.goto('/min-side/losninger');
    await edit.getByRole('link', { name: `Ret løsningen ${title}` }).click();
    await expect(edit.getByRole('heading', { level: 1, name: 'Ret løsning' })).toBeVisible();
    await edit.getByLabel('Målgruppe (valgfri)', { exact: true }).fill('Ældre i opgangen');
    await edit.getByLabel('Organisation 3', { exact: true }).fill('Roskilde Universitet');
    await edit.getByLabel('Sektor for organisation 3').selectOption('forskning_uddannelse');
    await edit.getByRole('button', { name: 'Tilføj partner' }).click();
    // The form came back with a fourth row, focused, and everything typed kept.
    await expect(edit.getByLabel('Organisation 4', { exact: true })).toBeFocused();
    await expect(edit.getByLabel('Målgruppe (valgfri)', { exact: true })).toHaveValue('Ældre i opgangen');
    await expect(edit.getByLabel('Organisation 3', { exact: true })).toHaveValue('Roskilde Universitet');
    await edit.getByLabel('Organisation 4', { exact: true }).fill('TrygFonden');
    await edit.getByLabel('Sektor for organisation 4').selectOption('fond');
    await edit.getByRole('button', { name: 'Tilføj partner' }).click();
    await edit.getByLabel('Organisation 5', { exact: true }).fill('Frivilligcenter Frederiksberg');
    await edit.getByLabel('Sektor for organisation 5').selectOption('civilsamfund');
    // "Fjern" names its row for a screen reader, with no stray space.
    const remove = edit.getByRole('button', { name: 'Fjern organisation 3', exact: true });
    await expect(remove).toHaveAccessibleName('Fjern organisation 3');
    await remove.click();
    await expect(edit.getByLabel('Organisation 5', { exact: true })).toHaveCount(0);
    await expect(edit.getByLabel('Organisation 3', { exact: true })).toHaveValue('TrygFonden');
    await expect(edit.getByLabel('Organisation 4', { exact: true })).toHaveValue('Frivilligcenter Frederiksberg');
    await expect(edit.getByLabel('Sektor for organisation 4')).toHaveValue('civilsamfund');

    // No chosen sector is cut off: each select is wide enough for the text it shows.
    const cutOff = await edit.locator('select[name="partnerSector"]').evaluateAll((selects) =>
      selects
        .map((element) => {
          const select = element as HTMLSelectElement;
          const text = select.selectedOptions[0]?.text ?? '';
          const style = getComputedStyle(select);
          const context = document.createElement('canvas').getContext('2d')!;
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room =
            select.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight) - 16;
          return context.measureText(text).width > room ? text : null;
        })
        .filter((text) => text !== null),
    );
    expect(cutOff).toEqual([]);
    // (axe needs JavaScript; the same form, with its add and remove buttons, was scanned when submitting.)

    // Saving an edit says "saved", not "submitted".
    await edit.getByRole('button', { name: 'Gem ændringerne' }).click();
    await expect(edit).toHaveURL(/\/min-side\/losninger\?gemt=1$/);
    await expect(edit.getByRole('status')).toHaveText('Løsningen er gemt.');
  } finally {
    await noScript.close();
  }

  // An exhibitor is no organiser, and hostile posts get a 4xx, never a 500.
  expect((await page.goto(`/konsol/${EVENT}/losninger`))?.status()).toBe(404);
  for (const [action, form] of [
    ['solutions.withdraw', { solutionId: "1' or '1'='1" }],
    ['solutions.invite', { solutionId: '00000000-0000-0000-0000-000000000000', email: 'kollega@e2e-kommune.dk' }],
    [
      'solutions.decide',
      { event: EVENT, solutionId: '00000000-0000-0000-0000-000000000000', decision: 'accepted', message: '' },
    ],
    ['solutions.assign', { event: '../konsol', solutionId: 'x', sessionId: 'y', position: '9' }],
  ] as const) {
    const response = await page.request.post(`/min-side/losninger?_action=${action}`, {
      form,
      headers: { origin: new URL(baseURL!).origin },
      maxRedirects: 0,
    });
    expect({ action, status: response.status() }).toEqual({
      action,
      status: action === 'solutions.withdraw' || action === 'solutions.assign' ? 400 : 404,
    });
  }

  // ── The organiser ─────────────────────────────────────────────────────
  const organiserContext = await browser.newContext({ baseURL: baseURL! });
  const organiser = await organiserContext.newPage();
  try {
    await signIn(organiser, browser, baseURL!, organiserEmail, `/konsol/${EVENT}/losninger`);
    await organiser.getByLabel('Søg').fill(stamp);
    await organiser.getByRole('button', { name: 'Vis' }).click();
    await expect(organiser.getByText('1 løsning', { exact: true })).toBeVisible();
    await expectAccessible(organiser);
    await organiser.getByRole('link', { name: title }).click();

    await expect(organiser.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(organiser.getByRole('link', { name: exhibitorEmail })).toBeVisible();
    await organiser.getByLabel('Godkend').check();
    await organiser.getByLabel('Besked til kontaktpersonen').fill('Velkommen i galleriet.');
    await organiser.getByRole('button', { name: 'Send afgørelsen' }).click();
    await expect(organiser.getByRole('status')).toContainText('Afgørelsen er gemt');

    // Each round is listed whole, with its slots; only free slots can be chosen.
    const round = organiser
      .getByRole('listitem')
      .filter({ has: organiser.getByRole('heading', { level: 3, name: new RegExp(roundTitle) }) });
    await expect(round.getByLabel('Ledig plads').locator('option')).toHaveText(['1', '2', '3']);
    await round.getByLabel('Ledig plads').selectOption('2');
    await round.getByRole('button', { name: 'Sæt i runden' }).click();
    await expect(organiser.getByRole('status')).toContainText('Løsningen er sat i runden.');
    await expect(round).toContainText(`Plads 2: ${title}`);
    await expect(round).toContainText('Løsningen er med i denne runde.');
    await expectAccessible(organiser);

    // The breadcrumb leads back to the list, and from there to the console start page.
    const crumbs = organiser.getByRole('navigation', { name: 'Brødkrumme' });
    await expect(crumbs.getByRole('link')).toHaveText(['Konsol: Løsningsdagen E2E', 'Løsninger']);
    await crumbs.getByRole('link', { name: 'Løsninger' }).click();
    await expect(organiser).toHaveURL(new RegExp(`/konsol/${EVENT}/losninger$`));
    await crumbs.getByRole('link', { name: 'Konsol: Løsningsdagen E2E' }).click();
    await expect(organiser).toHaveURL(new RegExp(`/konsol/${EVENT}$`));
  } finally {
    await organiserContext.close();
  }

  // ── The exhibitor sees where and when ─────────────────────────────────
  await page.goto('/min-side/losninger');
  await expect(card).toContainText('Godkendt');
  await expect(card).toContainText(roundTitle);
  await expect(card).toContainText('0 af 30 pladser booket');
  // The edit link is gone, and the card says why, what the team can still do, and whom to ask.
  await expect(card.getByRole('link', { name: /^Ret løsningen/ })).toHaveCount(0);
  await expect(card).toContainText('Løsningen er godkendt');
  await expect(card).toContainText('I kan stadig selv lægge materialer op');
  await expect(card).toContainText('Arrangørerne: Testfolket');
  await expect(card.getByRole('link', { name: 'kontakt@testfolket.dk' })).toHaveAttribute(
    'href',
    'mailto:kontakt@testfolket.dk',
  );
  await expectAccessible(page);
  await card.getByRole('link', { name: `Læg materialer op – ${title}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Materialer til jeres løsning' })).toBeVisible();
  // In English, the solution's and the room's English names.
  await page.goto('/en/min-side/losninger');
  const cardEn = page.locator('li.card', { hasText: titleEn });
  await expect(cardEn).toContainText('The Gallery Hall');
  await expect(cardEn).toContainText('The solution has been accepted');

  // The contact person was told, through the outbox, at each step.
  for (const subject of [`Vi har modtaget din løsning: ${title}`, `Din løsning er med i galleriet: ${title}`]) {
    await expect
      .poll(
        async () => {
          await page.goto('/dev/mailbox');
          return page.getByRole('row').filter({ hasText: exhibitorEmail }).filter({ hasText: subject }).count();
        },
        { timeout: 15_000, intervals: [250, 500, 1000] },
      )
      .toBe(1);
  }

  // ── The public gallery ────────────────────────────────────────────────
  const visitor = await browser.newContext({ baseURL: baseURL! });
  const publicPage = await visitor.newPage();
  try {
    await publicPage.goto(`/${EVENT}/galleri`);
    await publicPage.getByRole('link', { name: title }).click();
    await expect(publicPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(publicPage.getByText('Frederiksberg Kommune').first()).toBeVisible();
    await expect(publicPage.getByText(exhibitorEmail)).toHaveCount(0);
    // The English gallery shows what the team wrote in English, an organisation's English name where
    // it has one, and tags by their English names.
    await db`update public.organisations set name_en = 'Frederiksberg Volunteer Centre'
             where name = 'Frivilligcenter Frederiksberg'`;
    await publicPage.goto(`/en/${EVENT}/galleri`);
    await publicPage.getByRole('link', { name: titleEn }).click();
    await expect(publicPage.getByRole('heading', { level: 1, name: titleEn })).toBeVisible();
    await expect(publicPage.getByText('Neighbours help older residents with shopping and a chat.')).toBeVisible();
    await expect(publicPage.getByText('Frederiksberg Volunteer Centre')).toBeVisible();
    await publicPage.goto('/en/velfaerdens-innovationsdag-2027/losninger/borgerservice-to-go');
    const themes = publicPage.getByRole('region', { name: 'Themes' }).getByRole('listitem');
    await expect(themes).toContainText(['proximity', 'citizen services', 'digital inclusion', 'library']);
  } finally {
    await visitor.close();
  }
});

test('the exhibitor and organiser pages send a visitor who is not signed in to sign in', async ({ request }) => {
  for (const path of [
    `/${EVENT}/indsend`,
    '/min-side/losninger',
    '/min-side/losninger/ikke-et-id',
    `/konsol/${EVENT}/losninger`,
    `/en/konsol/${EVENT}/losninger/00000000-0000-0000-0000-000000000000`,
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect({ path, status: response.status() }).toEqual({ path, status: 303 });
    expect(response.headers()['location']).toMatch(/\/log-ind\?next=/);
  }
});
