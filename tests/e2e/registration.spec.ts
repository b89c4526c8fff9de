// Registration in Chromium against the built server: a free registration from
// the form to the ticket email, signing in and the QR code on My page; a team
// registration with fieldsets added and removed without JavaScript; a paid
// registration up to the Stripe redirect with the real SDK (pointed at a
// local stub), completed by a webhook signed with the SDK's test helper; and
// hostile posts that all get a 4xx and write nothing.
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import postgres from 'postgres';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { startStripeStub, type StripeStub } from '../fixtures/stripe-stub.ts';
import { expect, expectAccessible, test } from './fixtures.ts';

const EVENT = '/velfaerdens-innovationsdag-2027';
let counter = 0;
const uniqueEmail = (name: string) => `${name}-${Date.now()}-${++counter}@e2e-kommune.dk`;

/** Polls the dev mailbox for emails to `email`; returns each one's subject and text part. */
async function mailbox(browser: Browser, baseURL: string, email: string, expected = 1) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  try {
    await expect
      .poll(
        async () => {
          await page.goto('/dev/mailbox');
          return page.getByRole('row').filter({ hasText: email }).count();
        },
        { timeout: 20_000, intervals: [250, 500, 1000] },
      )
      .toBeGreaterThanOrEqual(expected);
    const rows = page.getByRole('row').filter({ hasText: email });
    const hrefs = await rows.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    const messages = [];
    for (const href of hrefs) {
      await page.goto(href);
      messages.push({
        subject: (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
        text: (await page.locator('pre').first().textContent()) ?? '',
        attachments: await page.getByRole('listitem').allTextContents(),
      });
    }
    return messages;
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, browser: Browser, baseURL: string, email: string) {
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const [mail] = (await mailbox(browser, baseURL, email, 2)).filter((message) => /kode/i.test(message.subject));
  const code = /: (\d{6})\s*$/m.exec(mail!.text)?.[1];
  if (!code) throw new Error(`no code in ${mail!.text}`);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

async function fillAttendee(page: Page, index: number, values: { name: string; email: string; sector: string }) {
  await page.locator(`#attendees-${index}-name`).fill(values.name);
  await page.locator(`#attendees-${index}-email`).fill(values.email);
  await page.locator(`#attendees-${index}-sector`).selectOption({ label: values.sector });
}

/**
 * Orders that hostile posts could have written: without a buyer address, or with a name or address
 * from `values`. Other tests register in parallel, always with an address of their own, so a count
 * of all orders would move under this test's feet.
 */
async function countOrders(values: string[]): Promise<number> {
  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.orders o
       where coalesce(o.buyer_email, '') = '' or o.buyer_email = any (${values}) or o.buyer_name = any (${values})
          or exists (select 1 from public.tickets t where t.order_id = o.id
                      and (t.attendee_email = any (${values}) or t.attendee_name = any (${values})))`;
    return row!.n;
  } finally {
    await sql.end();
  }
}

test.describe('free registration', () => {
  test('one attendee: the form, the ticket email, sign-in, and the QR code on My page', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail('studerende');
    await page.goto(`${EVENT}/tilmelding`);
    await expect(page.getByRole('heading', { level: 1, name: 'Tilmelding' })).toBeVisible();
    // Without Stripe keys the paid types say so and cannot be chosen; the free one can.
    await expect(page.getByText('Kan ikke betales online').first()).toBeVisible();
    await expect(page.getByRole('radio', { name: /Offentligt ansat/ })).toBeDisabled();
    await expectAccessible(page);

    await page.getByRole('radio', { name: /Studerende/ }).check();
    await page.getByLabel('Antal deltagere').fill('1');
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await expect(page.getByRole('group', { name: 'Deltager 1 – dig' })).toBeVisible();
    await expectAccessible(page);
    await fillAttendee(page, 0, { name: 'Sofie Studerende', email, sector: 'Forskning/uddannelse' });
    await page.locator('#attendees-0-dietaryNeeds').fill('Vegetar');
    await page.getByRole('button', { name: 'Tilmeld' }).click();

    await expect(page).toHaveURL(/\/tilmelding\/tak$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Tak for din tilmelding' })).toBeVisible();
    await expectAccessible(page);

    const [ticketMail] = await mailbox(browser, baseURL!, email);
    expect(ticketMail!.subject).toBe('Din billet til Velfærdens Innovationsdag 2027');
    const reference = /Ordrenummer\W+([0-9A-HJKMNP-TV-Z]{8})/.exec(ticketMail!.text)![1]!;
    expect(ticketMail!.attachments.join(' ')).toMatch(/qr-.*\.png/);
    expect(ticketMail!.attachments.join(' ')).toMatch(/innovationsdag\.ics/);

    await page.getByRole('link', { name: 'Gå til Min side' }).click();
    await expect(page).toHaveURL(/\/log-ind\?next=%2Fmin-side$/);
    await signIn(page, browser, baseURL!, email);
    await expect(page).toHaveURL(/\/min-side$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Min side' })).toBeVisible();
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: 'Mit program' })).toHaveAttribute('href', '/min-side/program');
    await expect(main.getByRole('link', { name: 'Mine løsninger' })).toHaveAttribute('href', '/min-side/losninger');
    const account = page.getByRole('navigation', { name: 'Din konto' });
    await expect(account.getByRole('link', { name: 'Min side' })).toHaveAttribute('aria-current', 'page');
    await expect(account.getByRole('link', { name: 'Log ud' })).toHaveAttribute('href', '/log-ud');
    await expectAccessible(page);
    // Everything held about me, readable: the ticket's details among the rest.
    await main.getByRole('link', { name: 'Se alt, vi har om dig' }).click();
    await expect(page).toHaveURL(/\/min-side\/data$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Alt, vi har om dig' })).toBeVisible();
    const tickets = page.getByRole('region', { name: 'Billetter' });
    await expect(tickets.getByText('Sofie Studerende')).toBeVisible();
    await expect(tickets.getByText('Vegetar')).toBeVisible();
    // Money reads as DKK through Intl, never as a raw number of øre.
    await expect(tickets).toContainText(/Pris\s*0\s*kr\./);
    await expect(tickets).not.toContainText('øre');
    await expect(page.getByRole('region', { name: 'E-mails, vi har sendt dig' })).toContainText('order-confirmation');
    await expect(page.getByRole('link', { name: 'Hent som JSON' })).toHaveAttribute('href', '/min-side/data.json');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Tilbage til Min side' }).click();
    await page.getByRole('link', { name: new RegExp(`Vis billet ${reference}-1`) }).click();
    await expect(page.getByRole('img', { name: `QR-kode til billet ${reference}-1` })).toBeVisible();
    await expect(page.getByText('Sofie Studerende').first()).toBeVisible();
    await expectAccessible(page);

    // Correct the details, then cancel: the seat goes back.
    await page.locator('#attendees-0-jobTitle').fill('Specialestuderende');
    await page.getByRole('button', { name: 'Gem ændringer' }).click();
    await expect(page.getByText('Ændringerne er gemt.')).toBeVisible();
    await expect(page.locator('#attendees-0-jobTitle')).toHaveValue('Specialestuderende');
    await page.getByRole('link', { name: 'Afmeld billetten' }).click();
    await page.getByRole('button', { name: 'Ja, afmeld billetten' }).click();
    await expect(page.getByText('Billetten er afmeldt.', { exact: false })).toBeVisible();
    // With only a cancelled ticket, My page offers the way back to a ticket.
    await page.getByRole('link', { name: 'Tilbage til Min side' }).click();
    await expect(page.getByRole('link', { name: 'Tilmeld dig Velfærdens Innovationsdag 2027' })).toHaveAttribute(
      'href',
      '/velfaerdens-innovationsdag-2027/tilmelding',
    );
    const mails = await mailbox(browser, baseURL!, email, 3);
    expect(mails.map((mail) => mail.subject)).toContain(
      'Din tilmelding til Velfærdens Innovationsdag 2027 er annulleret',
    );
  });

  test('a team: the buyer registers three colleagues, adding and removing fieldsets without JavaScript', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
    const page = await context.newPage();
    const buyer = uniqueEmail('chef');
    const team = [uniqueEmail('kollega-a'), uniqueEmail('kollega-b'), uniqueEmail('kollega-c')];

    await page.goto(`${EVENT}/tilmelding?billettype=studerende&antal=2&deltager=nej`);
    await expect(page.getByRole('group', { name: 'Dine oplysninger' })).toBeVisible();
    await page.locator('#buyer-name').fill('Charlotte Chef');
    await page.locator('#buyer-email').fill(buyer);
    await fillAttendee(page, 0, { name: 'Anders A', email: team[0]!, sector: 'Kommune' });
    await fillAttendee(page, 1, { name: 'Bente B', email: team[1]!, sector: 'Region' });
    await page.getByRole('button', { name: 'Tilføj en deltager mere' }).click();
    await expect(page.getByRole('group', { name: 'Deltager 3' })).toBeVisible();
    await expect(page.locator('#attendees-1-email')).toHaveValue(team[1]!);

    // Submitting with the new fieldset empty: 400, messages at the fields, nothing lost.
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Tilmeld' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await expect(page.locator('#attendees-2-name-error')).toHaveText('Skriv navnet.');
    await expect(page.getByRole('alert')).toContainText('Der er et problem');
    await expect(page.locator('#buyer-email')).toHaveValue(buyer);
    // The summary has the focus, so a screen reader reads it and Tab goes to its links, not the page's top.
    await expect(page.locator('.error-summary')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.locator('.error-summary a').first()).toBeFocused();

    // A fourth fieldset, then remove it again.
    await page.getByRole('button', { name: 'Tilføj en deltager mere' }).click();
    await page.getByRole('button', { name: 'Fjern deltager 4' }).click();
    await expect(page.getByRole('group', { name: 'Deltager 4' })).toHaveCount(0);
    await fillAttendee(page, 2, { name: 'Carl C', email: team[2]!, sector: 'Stat' });
    await page.getByRole('button', { name: 'Tilmeld' }).click();
    await expect(page).toHaveURL(/\/tilmelding\/tak$/);

    const [buyerMail] = await mailbox(browser, baseURL!, buyer);
    expect(buyerMail!.subject).toBe('Dine 3 billetter til Velfærdens Innovationsdag 2027');
    for (const colleague of team) {
      const [mail] = await mailbox(browser, baseURL!, colleague);
      expect(mail!.subject).toBe('Din billet til Velfærdens Innovationsdag 2027');
      expect(mail!.text).toContain('Charlotte Chef');
    }
    await context.close();
  });
});

test.describe('a double click on "Tilmeld"', () => {
  test('makes one order and lands on the thank-you page, for the last seat too', async ({ browser, baseURL }) => {
    // An event of its own whose only ticket type has one seat: the copy of the submit used to find
    // the seat taken (by the first) and answer "sold out" or "try again" instead of thanks.
    const slug = `e2e-dobbeltklik-${Date.now()}-${++counter}`;
    const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const starts = new Date(Date.now() + 60 * 86_400_000);
      const [event] = await sql<{ id: string }[]>`
        insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
        values (${slug}, 'Dobbeltklik-dagen', 'Double-click day', ${starts},
                ${new Date(starts.getTime() + 8 * 3_600_000)}, 'Hallen', 'Arrangøren', 'published')
        returning id`;
      await sql`
        insert into public.ticket_types (event_id, slug, name, name_en, audience, price_ore, capacity)
        values (${event!.id}, 'sidste', 'Sidste plads', 'Last seat', 'public_sector', 0, 1)`;
    } finally {
      await sql.end();
    }
    const context = await browser.newContext({ baseURL: baseURL! });
    const page = await context.newPage();
    const email = uniqueEmail('dobbeltklik');
    await page.goto(`/${slug}/tilmelding?billettype=sidste&antal=1`);
    await fillAttendee(page, 0, { name: 'Dorte Dobbeltklik', email, sector: 'Kommune' });
    // A slow venue network: each post reaches the server at once, but its answer takes a second to
    // come back, so the person clicks again while the form is still on the screen. The browser
    // drops the first answer and shows the second's.
    const posts: string[] = [];
    await page.route(/\/tilmelding\?_action=registration\.register$/, async (route) => {
      posts.push(route.request().url());
      const response = await route.fetch({ maxRedirects: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.fulfill({ response }).catch(() => {});
    });
    // Two submits of the form by its button, the second 150 ms after the first (Playwright's own
    // clicks would wait for the first navigation to end).
    await page.getByRole('button', { name: 'Tilmeld' }).evaluate((button: HTMLButtonElement) => {
      button.form!.requestSubmit(button);
      setTimeout(() => button.form!.requestSubmit(button), 150);
    });

    await expect(page).toHaveURL(new RegExp(`/${slug}/tilmelding/tak$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Tak for din tilmelding' })).toBeVisible();
    await expectAccessible(page);
    expect(posts).toHaveLength(2);
    await expect.poll(() => countOrders([email])).toBe(1);
    await context.close();
  });
});

test.describe('an address that already has a ticket', () => {
  test('gets the same answer as a new registration; the details go to the address by email', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail('igen');
    const answer = async () => {
      await page.goto(`${EVENT}/tilmelding?billettype=studerende&antal=1`);
      await fillAttendee(page, 0, { name: 'Ida Igen', email, sector: 'Forskning/uddannelse' });
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
        page.getByRole('button', { name: 'Tilmeld' }).click(),
      ]);
      await expect(page.getByRole('heading', { level: 1, name: 'Tak for din tilmelding' })).toBeVisible();
      return { status: response.status(), url: page.url(), text: await page.getByRole('main').innerText() };
    };

    const first = await answer();
    const second = await answer();

    expect(second).toEqual(first);
    expect(second.text).not.toMatch(/allerede en billet til denne/);
    const mails = await mailbox(browser, baseURL!, email, 2);
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      'Din billet til Velfærdens Innovationsdag 2027',
      'Du har allerede en billet: Velfærdens Innovationsdag 2027',
    ]);
    const notice = mails.find((mail) => mail.subject.startsWith('Du har allerede'))!;
    expect(notice.text).toContain('/min-side');
    expect(notice.text).not.toContain('Ida Igen');
  });
});

test.describe('hostile posts', () => {
  const action = `${EVENT}/tilmelding?_action=registration.register`;
  const cases: [string, Record<string, string>][] = [
    ['nothing at all', {}],
    ['a ticket type that is SQL', { ticketTypeId: "' or 1=1 --", count: '1', 'attendees.0.name': 'x' }],
    ['a NUL byte in a name', { count: '1', 'attendees.0.name': 'a\u0000b', 'attendees.0.email': 'a@b.dk' }],
    ['a name of 10 000 characters', { count: '1', 'attendees.0.name': 'n'.repeat(10_000) }],
    ['a count of a million', { count: '1000000' }],
    ['a forged offer token', { count: '1', offer: 'x'.repeat(43) + '!' }],
  ];

  test('get a 4xx with messages and write nothing', async ({ request, baseURL }) => {
    const page = await request.get(`${EVENT}/tilmelding?billettype=studerende&antal=1`);
    const ticketTypeId = /name="ticketTypeId" value="([^"]+)"/.exec(await page.text())![1]!;
    // Postgres text cannot hold a NUL byte, so such a name could never be stored as given.
    const typed = cases.flatMap(([, fields]) =>
      Object.entries(fields)
        .filter(([field, value]) => /name|email/i.test(field) && !value.includes('\u0000'))
        .map(([, value]) => value),
    );
    const before = await countOrders(typed);
    for (const [name, fields] of cases) {
      const response = await request.post(action, {
        headers: { origin: baseURL! },
        form: { step: 'details', ticketTypeId, buyerAttends: 'true', ...fields },
      });
      expect({ name, status: response.status() }).toEqual({ name, status: 400 });
      expect(await response.text()).toContain('Der er et problem');
    }
    const json = await request.post(action, { headers: { origin: baseURL! }, data: { ticketTypeId } });
    expect(json.status()).toBeGreaterThanOrEqual(400);
    expect(json.status()).toBeLessThan(500);
    const signedOut = await request.post(`/min-side/slet-konto?_action=myPage.deleteAccount`, {
      headers: { origin: baseURL! },
      form: { confirm: 'on' },
      maxRedirects: 0,
    });
    expect(signedOut.status()).toBe(401);
    const crossSite = await request.post(action, {
      headers: { origin: 'https://evil.example' },
      form: { ticketTypeId },
    });
    expect(crossSite.status()).toBe(403);
    expect(await countOrders(typed)).toBe(before);
  });
});

test.describe('paid registration', () => {
  test.describe.configure({ mode: 'serial' });
  let stub: StripeStub;
  let server: TestServer;

  // Playwright hands hooks their fixtures first; this one needs none.
  // eslint-disable-next-line no-empty-pattern
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    stub = await startStripeStub();
    server = await startTestServer({
      dataDir: path.join(os.tmpdir(), `samspil-e2e-stripe-${process.pid}`),
      env: stub.env(),
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await stub?.stop();
  });

  test('goes to Stripe Checkout through the real SDK; a signed webhook completes it', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: server.baseUrl });
    const page = await context.newPage();
    const buyer = uniqueEmail('betaler');

    await page.goto(`${EVENT}/tilmelding?billettype=offentligt-ansat&antal=2&deltager=ja`);
    await expect(page.getByText('I alt: 2.990 kr. inkl. moms (heraf moms 598 kr.)')).toBeVisible();
    await fillAttendee(page, 0, { name: 'Birgitte Betaler', email: buyer, sector: 'Kommune' });
    await fillAttendee(page, 1, { name: 'Kaj Kollega', email: uniqueEmail('kaj'), sector: 'Kommune' });
    await page.getByRole('button', { name: 'Gå til betaling' }).click();

    await expect(page).toHaveURL(new RegExp(`^${stub.baseUrl}/pay/cs_test_[0-9a-f]+$`));
    const sessionId = page.url().split('/pay/')[1]!;
    const session = stub.sessions.get(sessionId)!;
    expect(session).toMatchObject({ amount_total: 299000, currency: 'dkk', customer_email: buyer });

    const paid = stub.pay(sessionId);
    const forged = stub.signedEvent('checkout.session.completed', paid, { secret: 'whsec_not_the_right_one_000000' });
    const refused = await page.request.post(`${server.baseUrl}/api/stripe/webhook`, {
      headers: { 'stripe-signature': forged.signature, 'content-type': 'application/json' },
      data: forged.body,
    });
    expect(refused.status()).toBe(400);

    const event = stub.signedEvent('checkout.session.completed', paid);
    for (let delivery = 0; delivery < 2; delivery++) {
      const response = await page.request.post(`${server.baseUrl}/api/stripe/webhook`, {
        headers: { 'stripe-signature': event.signature, 'content-type': 'application/json' },
        data: event.body,
      });
      expect(response.status()).toBe(200);
      expect((await response.json()).outcome).toBe(delivery === 0 ? 'handled' : 'duplicate');
    }

    await page.goto(paid.success_url);
    await expect(page.getByRole('heading', { level: 1, name: 'Tak for din betaling' })).toBeVisible();
    await expectAccessible(page);
    const [mail] = await mailbox(browser, server.baseUrl, buyer);
    expect(mail!.subject).toBe('Dine 2 billetter til Velfærdens Innovationsdag 2027');
    expect(mail!.text).toContain('2.990');
    await context.close();
  });
});
