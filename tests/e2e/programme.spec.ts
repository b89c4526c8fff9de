// The programme filter: instant with JavaScript, a GET form without it.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const PROGRAMME = '/velfaerdens-innovationsdag-2027/program';
const TRACK = 'Nærhed og borgerinddragelse';

function sessionTitles(page: Page) {
  return page.getByRole('main').getByRole('heading', { level: 3 }).allTextContents();
}

async function counts(page: Page): Promise<[number, number]> {
  const text = (await page.getByRole('status').textContent()) ?? '';
  const match = /(\d+) af (\d+)/.exec(text);
  if (!match) throw new Error(`no count in "${text}"`);
  return [Number(match[1]), Number(match[2])];
}

test.describe('with JavaScript', () => {
  test('choosing a track narrows the list and updates the URL @phone', async ({ page }) => {
    await page.goto(PROGRAMME);
    // Once hydrated the island filters as the selects change, so it drops the submit button.
    await expect(page.getByRole('button', { name: 'Vis' })).toHaveCount(0);
    const [shown, total] = await counts(page);
    expect(shown).toBe(total);
    expect(total).toBeGreaterThan(30);

    await page.getByLabel('Temaspor').selectOption({ label: TRACK });
    await expect(page).toHaveURL(`${PROGRAMME}?spor=naerhed-og-borgerinddragelse`);
    await expect(page.getByRole('status')).toHaveText(`Viser 3 af ${total} programpunkter`);
    expect(await sessionTitles(page)).toEqual([
      'Borgerbudgetter: Når borgerne fordeler kronerne',
      'Hvor tidligt kan vi inddrage – og om hvad?',
      'Værksted: Borgerroller, vi overser',
    ]);
    await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: TRACK })).toHaveCount(3);

    await page.getByLabel('Type').selectOption({ label: 'Workshop' });
    await expect(page).toHaveURL(`${PROGRAMME}?spor=naerhed-og-borgerinddragelse&type=workshop`);
    expect(await sessionTitles(page)).toEqual(['Værksted: Borgerroller, vi overser']);

    await page.getByRole('link', { name: 'Vis hele programmet' }).click();
    await expect(page).toHaveURL(PROGRAMME);
    await expect(page.getByRole('status')).toHaveText(`Viser ${total} af ${total} programpunkter`);
  });

  test('starts from the filter in the URL and says when nothing matches', async ({ page }) => {
    await page.goto(`${PROGRAMME}?spor=politikere-og-bureaukrater&type=keynote`);
    await expect(page.getByLabel('Temaspor')).toHaveValue('politikere-og-bureaukrater');
    await expect(page.getByLabel('Type')).toHaveValue('keynote');
    await expect(page.getByText('Ingen programpunkter passer til filteret.')).toBeVisible();
    expect(await sessionTitles(page)).toEqual([]);
  });

  test('shows each slot under its time with room, kind and track', async ({ page }) => {
    await page.goto(PROGRAMME);
    const slot = page.getByRole('region', { name: 'Kl. 09.40' });
    await expect(slot.getByRole('link', { name: 'Den ny syntese' })).toBeVisible();
    await expect(slot).toContainText('Keynote');
    await expect(slot).toContainText('Hovedscenen');
    await expect(slot).toContainText('Jocelyne Bourgon');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the GET form filters on the server', async ({ page }) => {
    await page.goto(PROGRAMME);
    const [, total] = await counts(page);
    await page.getByLabel('Temaspor').selectOption({ label: TRACK });
    await page.getByRole('button', { name: 'Vis' }).click();
    await expect(page).toHaveURL(`${PROGRAMME}?spor=naerhed-og-borgerinddragelse&type=`);
    await expect(page.getByRole('status')).toHaveText(`Viser 3 af ${total} programpunkter`);
    expect(await sessionTitles(page)).toHaveLength(3);

    await page.getByLabel('Type').selectOption({ label: 'Workshop' });
    await page.getByRole('button', { name: 'Vis' }).click();
    expect(await sessionTitles(page)).toEqual(['Værksted: Borgerroller, vi overser']);

    await page.getByRole('link', { name: 'Vis hele programmet' }).click();
    await expect(page).toHaveURL(PROGRAMME);
    expect(await sessionTitles(page)).toHaveLength(total);
  });

  test('ignores values it does not know', async ({ page }) => {
    const response = await page.goto(`${PROGRAMME}?spor=findes-ikke&type=%3Cscript%3E`);
    expect(response?.status()).toBe(200);
    const [shown, total] = await counts(page);
    expect(shown).toBe(total);
  });
});
