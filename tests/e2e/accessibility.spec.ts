// axe (WCAG 2.1 A/AA) on every public page, in both languages.
import { expect, expectAccessible, test } from './fixtures.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';

const PAGES = [
  '/',
  `${EVENT}/`,
  `${EVENT}/program`,
  `${EVENT}/program?spor=partnerskaber-paa-tvaers&type=workshop`,
  `${EVENT}/program/keynote-den-ny-syntese`,
  `${EVENT}/program/partnerskabsvaerksted`,
  `${EVENT}/program/galleri-b-runde-2`,
  `${EVENT}/program/frokost`,
  `${EVENT}/galleri`,
  `${EVENT}/losninger/borgerdesign`,
  `${EVENT}/losninger/velfaerdsbussen`,
  `${EVENT}/talere`,
  `${EVENT}/talere/sara-vinther-holm`,
  '/tilgaengelighed',
  '/findes-ikke',
];

for (const lang of ['da', 'en'] as const) {
  for (const path of PAGES) {
    const url = lang === 'da' ? path : `/en${path}`;
    test(`no axe violations: ${url} @phone`, async ({ page }) => {
      await page.goto(url);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expectAccessible(page);
    });
  }
}

test('keyboard users can skip to the content and see where focus is', async ({ page }) => {
  await page.goto(`${EVENT}/program`);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Spring til indhold' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  await expect(page.locator('main')).toBeFocused();
});
