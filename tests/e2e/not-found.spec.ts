// Unknown or malformed addresses get the site's 404 page in the visitor's language, never a 500.
import { expect, test } from './fixtures.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';

const MISSING = [
  '/findes-ikke/',
  '/velfaerdens-innovationsdag-2028/', // a draft
  '/velfaerdens-innovationsdag-2028/program',
  `${EVENT}/program/findes-ikke`,
  `${EVENT}/losninger/findes-ikke`,
  `${EVENT}/losninger/robotstoevsugere-i-hjemmeplejen`, // submitted, not accepted
  `${EVENT}/talere/findes-ikke`,
  `${EVENT}/talere/Jocelyne-Bourgon`,
  `${EVENT}/program/%25`,
  `${EVENT}/program/${'a'.repeat(300)}`,
  `${EVENT}/galleri/ekstra/led`,
  '/VELFAERDENS-INNOVATIONSDAG-2027/',
];

for (const path of MISSING) {
  test(`404 in Danish: ${path.slice(0, 80)}`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'da');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Siden findes ikke');
    await expect(page.getByRole('link', { name: 'Gå til forsiden' })).toHaveAttribute('href', '/');
  });

  test(`404 in English: /en${path.slice(0, 80)}`, async ({ page }) => {
    const response = await page.goto(`/en${path}`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/en/');
  });
}
