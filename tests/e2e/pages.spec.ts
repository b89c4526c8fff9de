// The public pages of the seeded demo event, read as a visitor would.
import { demoDate, literally } from './demo-day.ts';
import { expect, test } from './fixtures.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';

test.describe('event landing', () => {
  test('shows theme, date, venue, keynote, numbers and what to do next @phone', async ({ page }) => {
    await page.goto(`${EVENT}/`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'da');
    await expect(page).toHaveTitle('Velfærdens Innovationsdag 2027 – Samspil');
    await expect(page.getByRole('heading', { level: 1, name: 'Velfærdens Innovationsdag 2027' })).toBeVisible();
    await expect(page.getByText('Nærhed', { exact: true })).toBeVisible();
    // A Thursday, 08:30–16:30 Copenhagen time; the date is the seeded one ("25. februar 2027" as written).
    await expect(
      page.getByText(new RegExp(`torsdag den ${literally(demoDate('da-DK'))}, 08\\.30.16\\.30`)),
    ).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: 'Øksnehallen' })).toContainText(
      'Halmtorvet 11, 1700 København V',
    );

    const keynotes = page.getByRole('region', { name: 'Keynotes' });
    await expect(keynotes.getByRole('link', { name: 'Den ny syntese' })).toBeVisible();
    await expect(keynotes.getByRole('link', { name: 'Jocelyne Bourgon' })).toBeVisible();

    const numbers = page.getByRole('region', { name: 'Dagen i tal' });
    await expect(numbers.getByRole('listitem').filter({ hasText: 'forventede deltagere' })).toContainText('1.200');
    await expect(numbers.getByRole('listitem').filter({ hasText: 'gallerier' })).toContainText('5');
    await expect(numbers.getByRole('listitem').filter({ hasText: 'nominerede til innovationsprisen' })).toContainText(
      '5',
    );

    // The seed keeps registration (until the day) and the call for solutions (until six weeks before) open.
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: 'Tilmeld dig' })).toHaveAttribute('href', `${EVENT}/tilmelding`);
    await expect(main.getByRole('link', { name: 'Indsend en løsning' })).toHaveAttribute('href', `${EVENT}/indsend`);
    await expect(page.getByText('Tilmeldingen åbner snart')).toHaveCount(0);

    await page.getByRole('link', { name: 'Se programmet' }).click();
    await expect(page).toHaveURL(`${EVENT}/program`);
    await expect(page.getByRole('heading', { level: 1, name: 'Program' })).toBeVisible();
  });

  test('links the event navigation and the accessibility statement', async ({ page }) => {
    await page.goto(`${EVENT}/`);
    const nav = page.getByRole('navigation', { name: 'Arrangement' });
    await expect(nav.getByRole('link', { name: 'Program' })).toHaveAttribute('href', `${EVENT}/program`);
    await expect(nav.getByRole('link', { name: 'Løsningsgalleri' })).toHaveAttribute('href', `${EVENT}/galleri`);
    await expect(nav.getByRole('link', { name: 'Talere' })).toHaveAttribute('href', `${EVENT}/talere`);

    // Signed out, the header offers sign-in and comes back here.
    const account = page.getByRole('navigation', { name: 'Din konto' });
    await expect(account.getByRole('link', { name: 'Log ind' })).toHaveAttribute(
      'href',
      `/log-ind?next=${encodeURIComponent(`${EVENT}/`)}`,
    );
    await expect(account.getByRole('link', { name: 'Min side' })).toHaveCount(0);

    const footer = page.getByRole('contentinfo');
    await expect(footer.getByRole('link', { name: 'kontakt@innovationsdag.example.dk' })).toBeVisible();
    await footer.getByRole('link', { name: 'Tilgængelighedserklæring' }).click();
    await expect(page).toHaveURL('/tilgaengelighed');
    await expect(page.getByRole('heading', { level: 1, name: 'Tilgængelighedserklæring' })).toBeVisible();
  });

  test('the home page leads to the demo event', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Innovationsdage med Samspil');
    // Featured when it is the next day; other tests may publish a nearer one, and then it is listed below.
    await page.locator(`main a[href="${EVENT}/"]`).first().click();
    await expect(page).toHaveURL(`${EVENT}/`);
    // The draft 2028 event is nowhere to be seen (the demo's own day may fall in 2028: see demo-day.ts).
    await page.goto('/');
    await expect(page.getByText('Innovationsdag 2028')).toHaveCount(0);
  });
});

test.describe('session page', () => {
  test('a workshop shows time, room, track, questions and speakers with roles', async ({ page }) => {
    await page.goto(`${EVENT}/program/coi-vaerktoejstest`);
    await expect(
      page.getByRole('heading', {
        level: 1,
        name: 'Verdenspremiere-test: Værktøjer til et fælles sprog om innovation',
      }),
    ).toBeVisible();
    await expect(page.getByText('Workshop', { exact: true })).toBeVisible();
    await expect(page.getByText(/13\.00.14\.00/)).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: 'Halmtorvet' })).toContainText('nordside');
    await expect(
      page.getByText('Når politikere og bureaukrater sammen giver offentlig innovation flyvehøjde'),
    ).toBeVisible();

    const questions = page.getByRole('region', { name: 'Spørgsmål til drøftelse' }).getByRole('listitem');
    await expect(questions).toHaveCount(3);
    await expect(questions.first()).toHaveText(
      'Hvornår i et innovationsforløb skal politikerne på banen – og med hvilket mandat?',
    );

    const people = page.getByRole('region', { name: 'Medvirkende' });
    await expect(people.getByRole('listitem').filter({ hasText: 'Lene Krogh Jeppesen' })).toContainText('Vært');
    await people.getByRole('link', { name: 'Mikkel Aagaard' }).click();
    await expect(page).toHaveURL(`${EVENT}/talere/mikkel-aagaard`);
    await expect(page.getByRole('heading', { level: 1, name: 'Mikkel Aagaard' })).toBeVisible();
  });

  test('a gallery round shows its three solutions in order with partners', async ({ page }) => {
    await page.goto(`${EVENT}/program/galleri-c-runde-1`);
    await expect(page.getByRole('heading', { level: 1, name: 'Borgeren som medskaber' })).toBeVisible();
    await expect(page.getByText('Gallerirunde · Runde 1')).toBeVisible();
    const solutions = page.getByRole('region', { name: 'Løsninger i denne runde' });
    await expect(solutions.getByRole('heading', { level: 3 })).toHaveText([
      'Borgerdesign',
      'Min balance – en app skabt af 105 københavnere',
      'Pårørendeværkstedet',
    ]);
    const first = solutions.getByRole('listitem').filter({ hasText: 'Borgerdesign' }).first();
    await expect(first).toContainText('Region Midtjylland');
    await expect(first).toContainText('Ansvarlig partner');
    await solutions.getByRole('link', { name: 'Borgerdesign' }).click();
    await expect(page).toHaveURL(`${EVENT}/losninger/borgerdesign`);
  });
});

test.describe('solution gallery', () => {
  test('shows rounds × galleries with three solutions per cell and nominees marked', async ({ page }) => {
    await page.goto(`${EVENT}/galleri`);
    // The seed's call for solutions is open, so exhibitors are invited.
    await expect(page.getByRole('main').getByRole('link', { name: 'Indsend en løsning' })).toHaveAttribute(
      'href',
      `${EVENT}/indsend`,
    );
    const table = page.getByRole('table', { name: 'Gallerirunder (rækker) og gallerier (kolonner)' });
    await expect(table.getByRole('columnheader')).toHaveText([
      'Runde',
      'Galleri A',
      'Galleri B',
      'Galleri C',
      'Galleri D',
      'Galleri E',
    ]);
    await expect(table.getByRole('rowheader')).toHaveCount(3);
    await expect(table.getByRole('rowheader').first()).toContainText('Runde 1');
    await expect(table.getByRole('cell')).toHaveCount(15);

    const cell = table.getByRole('row').filter({ hasText: 'Runde 1' }).getByRole('cell').nth(2);
    await expect(cell.getByRole('link', { name: 'Borgeren som medskaber' })).toBeVisible();
    await expect(cell.getByRole('listitem')).toHaveCount(3);
    await expect(cell.getByRole('listitem').first()).toContainText('Nomineret til innovationsprisen');
  });

  test('stacks into cards on a phone and keeps the table semantics @phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${EVENT}/galleri`);
    const table = page.getByRole('table');
    await expect(table.getByRole('cell')).toHaveCount(15);
    await expect(table.getByRole('link', { name: 'Nærhed i borgerservice' })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});

test.describe('solution page', () => {
  test('shows partners with sectors, nominee badge, contact name and where it is presented', async ({ page }) => {
    await page.goto(`${EVENT}/losninger/borgerdesign`);
    await expect(page.getByRole('heading', { level: 1, name: 'Borgerdesign' })).toBeVisible();
    await expect(page.getByText('★ Nomineret til innovationsprisen')).toBeVisible();

    const partners = page.getByRole('region', { name: 'Partnere' }).getByRole('listitem');
    await expect(partners).toHaveCount(2);
    await expect(partners.nth(0)).toContainText('Region Midtjylland');
    await expect(partners.nth(0)).toContainText('Region');
    await expect(partners.nth(1)).toContainText('Aarhus Kommune');
    await expect(partners.nth(1)).toContainText('Kommune');

    const presented = page.getByRole('region', { name: 'Her bliver løsningen præsenteret' });
    await expect(presented.getByRole('listitem')).toHaveCount(2);
    await expect(presented.getByRole('listitem').first()).toContainText('Runde 1, Galleri C');
    await expect(presented.getByRole('link', { name: 'Borgeren som medskaber', exact: true })).toBeVisible();
    // Each round links to the questions asked of this solution's team there.
    const ask = presented.getByRole('link', { name: 'Spørg teamet: Borgerdesign, Borgeren som medskaber' });
    await expect(ask).toHaveAttribute('href', /\/spoergsmaal\/[^/]+\/borgerdesign$/);
    await ask.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spørgsmål til Borgerdesign');
    await page.goBack();

    await expect(page.getByRole('region', { name: 'Kontaktperson' })).toContainText(/\S/);
    // Personal contact details are never shown.
    await expect(page.locator('main')).not.toContainText('@');
  });

  test('is in English under /en/', async ({ page }) => {
    await page.goto(`/en${EVENT}/losninger/borgerdesign`);
    await expect(page.getByRole('heading', { level: 1, name: 'Citizen Design' })).toBeVisible();
    await expect(page.getByText('★ Nominated for the innovation award')).toBeVisible();
    const partners = page.getByRole('region', { name: 'Partners' }).getByRole('listitem');
    await expect(partners.nth(1)).toContainText('Municipality');
    await expect(page.getByRole('region', { name: 'Where and when it is presented' })).toContainText(
      'Round 1, Gallery C',
    );
  });
});

test.describe('speakers', () => {
  test('lists speakers and opens a speaker with their sessions', async ({ page }) => {
    await page.goto(`${EVENT}/talere`);
    await expect(page.getByRole('heading', { level: 1, name: 'Talere' })).toBeVisible();
    const names = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'da')));

    await page.getByRole('link', { name: 'Jocelyne Bourgon' }).click();
    await expect(page).toHaveURL(`${EVENT}/talere/jocelyne-bourgon`);
    await expect(page.getByRole('heading', { level: 1, name: 'Jocelyne Bourgon' })).toBeVisible();
    await expect(page.getByText('Formand, Public Governance International')).toBeVisible();
    const sessions = page.getByRole('region', { name: 'Medvirker i' });
    await expect(sessions.getByRole('link', { name: 'Den ny syntese' })).toBeVisible();
    await expect(sessions).toContainText('Oplægsholder');
  });
});

test.describe('language switch', () => {
  test('links to the same page in the other language, keeping the filter', async ({ page }) => {
    await page.goto(`${EVENT}/program?type=workshop`);
    await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute(
      'href',
      new RegExp(`/en${EVENT}/program\\?type=workshop$`),
    );
    const toEnglish = page.getByRole('link', { name: 'Read this page in English' });
    await expect(toEnglish).toHaveAttribute('hreflang', 'en');
    await expect(toEnglish).toHaveAttribute('lang', 'en');
    await toEnglish.click();
    await expect(page).toHaveURL(`/en${EVENT}/program?type=workshop`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Programme' })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Speakers' }),
    ).toHaveAttribute('href', `/en${EVENT}/talere`);
    await expect(page.getByRole('link', { name: 'Welfare Innovation Day 2027' })).toBeVisible();

    await page.getByRole('link', { name: 'Læs siden på dansk' }).click();
    await expect(page).toHaveURL(`${EVENT}/program?type=workshop`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  });

  test('English pages use the English texts, dates and footer', async ({ page }) => {
    await page.goto(`/en${EVENT}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Welfare Innovation Day 2027' })).toBeVisible();
    await expect(page.getByText('Proximity', { exact: true })).toBeVisible();
    await expect(page.getByText(new RegExp(`Thursday, ${literally(demoDate('en-GB'))}, 08:30.16:30`))).toBeVisible();
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' })).toHaveAttribute(
      'href',
      '/en/tilgaengelighed',
    );
  });
});

test.describe('calendar links in English', () => {
  test('"Add to calendar" on an English session page downloads the calendar', async ({ page }) => {
    await page.goto(`/en${EVENT}/program/keynote-den-ny-syntese`);
    const link = page.getByRole('link', { name: /calendar/i });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/en\//);
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/calendar');
    expect(await response.text()).toContain('BEGIN:VEVENT');
  });
});
