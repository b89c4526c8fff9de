// Sign-in without passwords, in Chromium against the built server: the email
// arrives in the dev mailbox; the 6-digit code signs in where the form is,
// the link signs in from another browser, and both land where the visitor
// was going (a console search in English, My programme); wrong codes get
// clear messages and 4xx; asking again too soon leads back to the code
// already sent; sign-out ends the session.
import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect } from '../../src/lib/db/db.server.ts';

let counter = 0;
const uniqueEmail = (name: string) => `${name}-${Date.now()}-${++counter}@e2e-kommune.dk`;

/** Submits a form and returns the status of the POST it sent. */
async function submit(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

async function requestCode(page: Page, email: string, path = '/log-ind') {
  await page.goto(path);
  await page.getByLabel('E-mailadresse').fill(email);
  expect(await submit(page, 'Send link og kode')).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Tjek din e-mail' })).toBeVisible();
}

test.describe('sign-in', () => {
  test('with the 6-digit code, back to where the visitor was going', async ({ page, browser, baseURL }) => {
    const email = uniqueEmail('kode');
    await requestCode(page, email, '/log-ind?next=/velfaerdens-innovationsdag-2027/');
    await expect(page.getByText(email)).toBeVisible();
    await expectAccessible(page);

    const mail = await signInEmail(browser, baseURL!, email);
    await page.getByLabel('Kode fra e-mailen').fill(`${mail.code.slice(0, 3)} ${mail.code.slice(3)}`);
    await page.getByRole('button', { name: 'Log ind' }).click();

    await expect(page).toHaveURL(/\/velfaerdens-innovationsdag-2027\/$/);
    await page.goto('/log-ind');
    await expect(page.getByText(`Du er logget ind som ${email}.`)).toBeVisible();
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'samspil-session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
  });

  test('with the link, opened in another browser', async ({ page, browser, baseURL }) => {
    const email = uniqueEmail('link');
    await requestCode(page, email, '/log-ind?next=/en/');
    const mail = await signInEmail(browser, baseURL!, email);

    const phone = await browser.newContext({ baseURL: baseURL! });
    const other = await phone.newPage();
    await other.goto(mail.link);
    await expect(other.getByRole('heading', { level: 1, name: 'Log ind med linket' })).toBeVisible();
    await expectAccessible(other);
    await other.getByRole('button', { name: 'Log ind' }).click();
    await expect(other).toHaveURL(/\/en\/$/);
    await other.goto('/en/log-ind');
    await expect(other.getByText(`You are signed in as ${email}.`)).toBeVisible();

    // Used once: the same link again is refused with a clear message.
    await other.goto(mail.link);
    expect(await submit(other, 'Log ind')).toBe(400);
    await expect(other.getByText('Linket virker ikke længere.', { exact: false })).toBeVisible();
    await phone.close();
  });

  test('from a console page with a search, in English, through the link in another browser, back to that search', async ({
    page,
    browser,
    baseURL,
  }) => {
    const email = uniqueEmail('konsol');
    const slug = `e2e-next-${Date.now()}-${counter}`;
    const db = connect(process.env.E2E_DATABASE_URL!, { max: 1 });
    try {
      const starts = new Date(Date.now() + 60 * 86_400_000);
      await db`
        insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
        values (${slug}, 'Næste-dag', 'Next day', ${starts}, ${new Date(starts.getTime() + 8 * 3_600_000)},
                'Hallen', 'Arrangøren', 'draft')`;
      await grantEventRole(db, { email, role: 'organiser', eventSlug: slug, createUser: true });
    } finally {
      await db.end();
    }
    const wanted = `/en/konsol/${slug}/deltagere?q=anne`;
    await page.goto(wanted);
    await expect(page).toHaveURL(`/en/log-ind?next=${encodeURIComponent(wanted)}`);
    // Refused however it is dressed up: a path that dot segments turn into another site.
    await page.goto('/log-ind?next=/.//evil.example/');
    await expect(page.locator('input[name="next"]')).toHaveValue('/');
    await page.goto(`/en/log-ind?next=${encodeURIComponent(wanted)}`);
    await page.getByLabel('Email address').fill(email);
    expect(await submit(page, 'Send link and code')).toBe(200);

    const mail = await signInEmail(browser, baseURL!, email);
    const phone = await browser.newContext({ baseURL: baseURL! });
    const other = await phone.newPage();
    await other.goto(mail.link);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other).toHaveURL(wanted);
    await expect(other.getByRole('searchbox').first()).toHaveValue('anne');
    await phone.close();
  });

  test('refuses a wrong code at the field, with 400', async ({ page }) => {
    await requestCode(page, uniqueEmail('forkert'));
    await page.getByLabel('Kode fra e-mailen').fill('12345');
    expect(await submit(page, 'Log ind')).toBe(400);
    await expect(page.locator('#code-error')).toHaveText('Koden er seks cifre, fx 123456.');
    await expect(page.getByLabel('Kode fra e-mailen')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Kode fra e-mailen').fill('000000');
    expect(await submit(page, 'Log ind')).toBe(400);
    await expect(page.locator('#code-error')).toContainText('Koden virker ikke.');
    await expect(page).toHaveTitle(/^Fejl: Tjek din e-mail/);
    await expectAccessible(page);
  });

  test('keeps an English visitor on the code step after a wrong code', async ({ page }) => {
    const email = uniqueEmail('english');
    await page.goto('/en/log-ind');
    await page.getByLabel('Email address').fill(email);
    expect(await submit(page, 'Send link and code')).toBe(200);
    await page.getByLabel('Code from the email').fill('000000');
    expect(await submit(page, 'Sign in')).toBe(400);
    await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
    await expect(page.locator('#code-error')).toContainText('The code does not work.');
    await expect(page.getByText(email)).toBeVisible();
  });

  test('refuses an invalid email at the field, in English too', async ({ page }) => {
    await page.goto('/en/log-ind');
    await page.getByLabel('Email address').fill('anne@kommune');
    expect(await submit(page, 'Send link and code')).toBe(400);
    await expect(page.locator('#email-error')).toHaveText('Enter a valid email address, like name@example.org.');
    await expect(page.getByRole('link', { name: 'Enter a valid email address, like name@example.org.' })).toBeVisible();
    await expectAccessible(page);
  });

  test('asking again too soon leads back to the code already sent, with the wait and help; then back to My programme', async ({
    page,
    browser,
    baseURL,
  }) => {
    const email = uniqueEmail('igen');
    // Signed out on My programme: sign-in, and back there afterwards.
    await page.goto('/min-side/program');
    await expect(page).toHaveURL(/\/log-ind\?next=%2Fmin-side%2Fprogram$/);
    await page.getByLabel('E-mailadresse').fill(email);
    expect(await submit(page, 'Send link og kode')).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: 'Tjek din e-mail' })).toBeVisible();

    // "I already have a code" opens the code form without sending anything.
    await page.getByRole('link', { name: 'Brug en anden e-mailadresse' }).click();
    await page.getByLabel('E-mailadresse').fill(email);
    expect(await submit(page, 'Jeg har allerede en kode')).toBe(200);
    await expect(page.getByText(`Skriv koden fra den e-mail, du har fået til ${email}.`)).toBeVisible();
    await expect(page.getByLabel('Kode fra e-mailen')).toBeVisible();

    // The address typed again and sent again within the minute: no dead end, but the code form,
    // the exact wait, and where else to turn.
    await page.getByRole('link', { name: 'Brug en anden e-mailadresse' }).click();
    await page.getByLabel('E-mailadresse').fill(email);
    expect(await submit(page, 'Send link og kode')).toBe(429);
    await expect(page.getByRole('heading', { level: 1, name: 'Brug koden, du allerede har fået' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText(
      /Du kan bede om en ny e-mail om (\d+ sekunder|1 minut) \(kl\. \d\d\.\d\d\)\./,
    );
    await expect(page.getByText(`Koden i hver e-mail, vi allerede har sendt til ${email}`)).toBeVisible();
    const help = page.getByRole('region', { name: 'Ingen e-mail?' });
    await expect(help).toContainText('spam');
    await expect(help).toContainText('Spørg ved skranken');
    await expectAccessible(page);

    const mail = await signInEmail(browser, baseURL!, email);
    await page.getByLabel('Kode fra e-mailen').fill(mail.code);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page).toHaveURL(/\/min-side\/program$/);
  });

  test('ends with signing out', async ({ page, browser, baseURL }) => {
    const email = uniqueEmail('ud');
    await requestCode(page, email);
    const mail = await signInEmail(browser, baseURL!, email);
    await page.getByLabel('Kode fra e-mailen').fill(mail.code);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page).toHaveURL(/\/$/);
    // No ticket yet: My page says so and offers the way to one.
    await page.goto('/min-side');
    await page.getByRole('link', { name: 'Tilmeld dig Velfærdens Innovationsdag 2027' }).click();
    await expect(page).toHaveURL(/\/velfaerdens-innovationsdag-2027\/tilmelding$/);
    // So does a session that must be booked: why there is no booking button, and the way to a ticket.
    await page.goto('/velfaerdens-innovationsdag-2027/program/galleri-a-runde-1');
    const booking = page.getByRole('region', { name: 'Book en plads' });
    await expect(booking.getByText('Du skal have en gyldig billet til arrangementet for at booke.')).toBeVisible();
    await expect(booking.getByRole('link', { name: 'Tilmeld dig og få en billet' })).toHaveAttribute(
      'href',
      '/velfaerdens-innovationsdag-2027/tilmelding',
    );
    await expectAccessible(page);

    await page.goto('/log-ud');
    await expect(page.getByText('Vil du logge ud på denne enhed?')).toBeVisible();
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expect(page).toHaveURL(/\/$/);
    expect((await page.context().cookies()).some((cookie) => cookie.name === 'samspil-session')).toBe(false);
    await page.goto('/log-ud');
    await expect(page.getByText('Du er ikke logget ind.')).toBeVisible();
  });

  test('signing out ends the session on the server: a copy of the cookie opens nothing', async ({
    page,
    browser,
    baseURL,
  }) => {
    const email = uniqueEmail('kopi');
    await signIn(page, browser, baseURL!, email);
    const copied = await sessionCookie(page);

    await page.goto('/log-ud');
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expect(page).toHaveURL(/\/$/);

    const other = await browser.newContext();
    await other.addCookies([copied]);
    const thief = await other.newPage();
    await thief.goto('/min-side');
    await expect(thief).toHaveURL(/\/log-ind\?next=%2Fmin-side$/);
    expect((await other.cookies()).some((cookie) => cookie.name === 'samspil-session')).toBe(false);
    await other.close();
  });

  test('deleting the account ends its sessions on every device', async ({ page, browser, baseURL }) => {
    const email = uniqueEmail('slet');
    await signIn(page, browser, baseURL!, email);
    const otherDevice = await browser.newContext();
    await otherDevice.addCookies([await sessionCookie(page)]);
    const phone = await otherDevice.newPage();
    await phone.goto('/min-side');
    await expect(phone.getByRole('heading', { level: 1, name: 'Min side' })).toBeVisible();

    await page.goto('/min-side/slet-konto');
    await page.getByLabel('Jeg forstår, at mine oplysninger slettes').check();
    await page.getByRole('button', { name: 'Slet min konto' }).click();
    await expect(page.getByText('Din konto og dine personoplysninger er slettet.')).toBeVisible();
    // Said signed out: the header offers sign-in, not My page, and the page shows the way on.
    await expect(page.getByRole('banner').getByRole('link', { name: 'Log ind' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Min side' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Til forsiden' })).toBeVisible();
    await expectAccessible(page);

    await phone.goto('/min-side');
    await expect(phone).toHaveURL(/\/log-ind\?next=%2Fmin-side$/);
    await otherDevice.close();
  });
});

async function signIn(page: Page, browser: Browser, baseURL: string, email: string) {
  await requestCode(page, email);
  const mail = await signInEmail(browser, baseURL, email);
  await page.getByLabel('Kode fra e-mailen').fill(mail.code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/$/);
}

async function sessionCookie(page: Page) {
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'samspil-session');
  expect(cookie).toBeDefined();
  return cookie!;
}
