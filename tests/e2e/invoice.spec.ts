// Pay by invoice (#15), end to end in Chromium against the built server: a
// municipality's buyer orders three tickets by invoice with its EAN and order
// number (a mistyped EAN is refused at its field first), is told the order
// awaits payment, and the confirmation and the invoice arrive in the dev
// mailbox; the organiser downloads the invoice's PDF and XML and cancels one
// ticket, which issues a credit note; the buyer finds the invoice and the
// credit note on My page. The e-invoices are parsed as XML (Chromium's own
// parser) and their totals checked. New screens are scanned by axe.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertTicketType } from '../fixtures/registration-world.ts';
import { freshStamp } from '../fixtures/stamp.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

test.describe.configure({ timeout: 90_000 });

const PRICE_ORE = 125_000;
const EAN = '5798000416604';

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let typeSlug: string;
let organiserEmail: string;
let buyerEmail: string;
let invoiceEmail: string;
let db: Sql;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-faktura-${stamp}`;
  typeSlug = `kommune-${stamp}`;
  organiserEmail = `arrangoer-faktura-${stamp}@e2e-kommune.dk`;
  buyerEmail = `indkoeber-${stamp}@e2e-kommune.dk`;
  invoiceEmail = `faktura-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  // A month from now, relative to the test's own clock; invoices on, paid tickets (no card payment here).
  const [event] = await db<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${EVENT}, 'Fakturadagen E2E', now() + interval '30 days', now() + interval '30 days 7 hours',
            'Testhallen', 'Testfolket', 'published')
    returning id`;
  await insertTicketType(db, { eventId: event!.id, slug: typeSlug, capacity: 50, priceOre: PRICE_ORE });
  await db`
    insert into public.invoice_settings (event_id, enabled, seller_name, seller_cvr, seller_address, seller_postcode,
                                         seller_city, bank_reg, bank_account, due_days, invoice_email)
    values (${event!.id}, true, 'Testfolket ApS', '12345674', 'Testvej 1', '2200', 'København N', '1234',
            '0012345678', 30, 'faktura@testfolket.dk')`;
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** The subjects and text parts of the mails to `email` once there are `count` matching `subject`. */
async function mails(browser: Browser, baseURL: string, email: string, subject: RegExp, count = 1) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const rows = () => page.getByRole('row').filter({ hasText: email }).filter({ hasText: subject });
  try {
    await expect
      .poll(
        async () => {
          await page.goto('/dev/mailbox');
          return rows().count();
        },
        { timeout: 20_000, intervals: [250, 500, 1000] },
      )
      .toBeGreaterThanOrEqual(count);
    const hrefs = await rows()
      .getByRole('link')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    const found = [];
    for (const href of hrefs) {
      await page.goto(href);
      found.push({
        subject: (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
        text: ((await page.locator('pre').first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' '),
      });
    }
    return found;
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, browser: Browser, baseURL: string, email: string) {
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const { code } = await signInEmail(browser, baseURL, email);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/** The amounts of a UBL Invoice or CreditNote, read with the browser's XML parser. */
async function ublTotals(page: Page, xml: string) {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length > 0) throw new Error('not well-formed XML');
    const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
    const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
    const root = doc.documentElement;
    const child = (parent: Element, ns: string, name: string) =>
      Array.from(parent.children).find((el) => el.namespaceURI === ns && el.localName === name);
    const monetary = child(root, CAC, 'LegalMonetaryTotal')!;
    const tax = child(root, CAC, 'TaxTotal')!;
    const lines = Array.from(root.children).filter(
      (el) => el.namespaceURI === CAC && (el.localName === 'InvoiceLine' || el.localName === 'CreditNoteLine'),
    );
    const buyer = child(child(root, CAC, 'AccountingCustomerParty')!, CAC, 'Party')!;
    const endpoint = child(buyer, CBC, 'EndpointID')!;
    return {
      kind: root.localName,
      lineExtension: child(monetary, CBC, 'LineExtensionAmount')?.textContent,
      taxExclusive: child(monetary, CBC, 'TaxExclusiveAmount')?.textContent,
      taxInclusive: child(monetary, CBC, 'TaxInclusiveAmount')?.textContent,
      payable: child(monetary, CBC, 'PayableAmount')?.textContent,
      tax: child(tax, CBC, 'TaxAmount')?.textContent,
      lines: lines.length,
      lineSum: lines
        .map((line) => Number(child(line, CBC, 'LineExtensionAmount')?.textContent))
        .reduce((sum, amount) => sum + amount, 0)
        .toFixed(2),
      endpoint: `${endpoint.getAttribute('schemeID')}:${endpoint.textContent}`,
      orderReference: child(child(root, CAC, 'OrderReference') ?? root, CBC, 'ID')?.textContent ?? null,
    };
  }, xml);
}

async function download(context: BrowserContext, path: string) {
  const response = await context.request.get(path);
  expect(response.status(), path).toBe(200);
  return response;
}

test('a municipality orders three tickets by invoice; the organiser downloads it and cancels one; the credit note reaches the buyer', async ({
  page,
  browser,
  baseURL,
}) => {
  const orderNumber = `REK-${stamp}`.slice(0, 40);
  const team = ['Ida', 'Ib', 'Ivan'].map((name) => ({
    name: `${name} Kommunesen`,
    email: `${name.toLowerCase()}-${stamp}@e2e-kommune.dk`,
  }));

  // ── The buyer orders (no JavaScript needed; the form is invoice-only here) ───────────────
  await page.goto(`/${EVENT}/tilmelding?billettype=${typeSlug}&antal=3&deltager=nej`);
  await page.locator('#buyer-name').fill('Bente Indkøber');
  await page.locator('#buyer-email').fill(buyerEmail);
  for (const [index, person] of team.entries()) {
    await page.locator(`#attendees-${index}-name`).fill(person.name);
    await page.locator(`#attendees-${index}-email`).fill(person.email);
    await page.locator(`#attendees-${index}-sector`).selectOption({ label: 'Kommune' });
  }
  await expect(page.getByText('Betalte billetter til denne dag betales på faktura')).toBeVisible();
  await page.getByLabel('En offentlig myndighed').check();
  await page.getByLabel('Organisationens navn').fill('Testrup Kommune');
  // Two digits swapped: the check digit catches it.
  await page.getByRole('textbox', { name: 'EAN-nummer' }).fill('5798000416640');
  await page.getByLabel('Ordre- eller rekvisitionsnummer').fill(orderNumber);
  await page.getByLabel('Referenceperson').fill('Rita Reference');
  await page.getByLabel('E-mail til fakturaen').fill(invoiceEmail);
  const refused = page.waitForResponse((response) => response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Bestil på faktura' }).click();
  expect((await refused).status()).toBe(400);
  const summary = page.getByRole('alert').filter({ hasText: 'Der er et problem' });
  await expect(summary.getByRole('link', { name: /kontrolcifret passer ikke/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'EAN-nummer' })).toHaveAttribute('aria-invalid', 'true');
  // Everything typed is kept.
  await expect(page.getByLabel('Ordre- eller rekvisitionsnummer')).toHaveValue(orderNumber);
  await expectAccessible(page);

  // Corrected from the keyboard: the summary's link leads to the field.
  await summary.getByRole('link', { name: /kontrolcifret passer ikke/ }).click();
  await expect(page.getByRole('textbox', { name: 'EAN-nummer' })).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(`${EAN.slice(0, 4)} ${EAN.slice(4)}`);
  await page.getByRole('button', { name: 'Bestil på faktura' }).focus();
  await page.keyboard.press('Enter');

  // The one write of the journey (order, tickets, seats, invoice): slow on a loaded CI machine.
  await expect(page).toHaveURL(new RegExp(`/${EVENT}/tilmelding/tak\\?betaling=faktura$`), { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tak – jeres bestilling er bekræftet');
  await expect(page.getByRole('status')).toContainText(/afventer betaling på faktura, som forfalder \p{L}+ den \d+\./u);
  await expectAccessible(page);

  // ── The confirmation and the invoice arrive ─────────────────────────────────────────────
  const [confirmation] = await mails(browser, baseURL!, buyerEmail, /billetter til Fakturadagen/);
  expect(confirmation!.text).toMatch(/Ordren afventer betaling, som forfalder \p{L}+ den \d+\./u);
  expect(confirmation!.text).toContain('I alt inkl. moms: 3.750 kr.');
  const [invoiceMail] = await mails(browser, baseURL!, invoiceEmail, /Faktura \d+ fra Testfolket ApS/);
  const number = /^Faktura (\d+)/.exec(invoiceMail!.subject)![1]!;
  expect(invoiceMail!.text).toContain(`Jeres ordre-/rekvisitionsnummer: ${orderNumber}`);
  expect(invoiceMail!.text).toContain(`EAN-nummer: ${EAN}`);
  expect(invoiceMail!.text).toContain('I alt inkl. moms: 3.750 kr.');
  expect(invoiceMail!.text).toMatch(/\/min-side\/fakturaer\/[0-9a-f-]{36}\.xml/);

  // ── The organiser downloads the PDF and the XML, and cancels Ivan's ticket ───────────────
  const organiser = await browser.newContext({ baseURL: baseURL! });
  const console = await organiser.newPage();
  await console.goto(`/konsol/${EVENT}/deltagere`);
  await signIn(console, browser, baseURL!, organiserEmail);
  await expect(console).toHaveURL(new RegExp(`/konsol/${EVENT}/deltagere`));
  const pdf = await download(organiser, `/konsol/${EVENT}/fakturaer/${number}.pdf`);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const xml = await (await download(organiser, `/konsol/${EVENT}/fakturaer/${number}.xml`)).text();
  expect(await ublTotals(console, xml)).toEqual({
    kind: 'Invoice',
    lineExtension: '3000.00',
    taxExclusive: '3000.00',
    taxInclusive: '3750.00',
    payable: '3750.00',
    tax: '750.00',
    lines: 3,
    lineSum: '3000.00',
    endpoint: `0088:${EAN}`,
    orderReference: orderNumber,
  });

  await console.getByRole('link', { name: 'Ivan Kommunesen' }).click();
  await expect(console.getByRole('radio', { name: /Udsted en kreditnota på 1\.250\skr\./ })).toBeChecked();
  await console.getByRole('button', { name: 'Annullér billetten' }).click();
  await expect(console.getByRole('status')).toContainText(/der er udstedt en kreditnota på 1\.250\skr\./);
  await organiser.close();

  // ── The credit note reaches the invoice address, and the buyer's My page ────────────────
  const [creditMail] = await mails(browser, baseURL!, invoiceEmail, /Kreditnota \d+ fra Testfolket ApS/);
  expect(creditMail!.text).toContain(`krediterer faktura ${number}`);
  await page.goto('/min-side');
  await signIn(page, browser, baseURL!, buyerEmail);
  await expect(page).toHaveURL(/\/min-side$/);
  const invoices = page.getByRole('region', { name: 'Fakturaer og kreditnotaer' });
  const invoiceRow = invoices
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: `Faktura ${number}`, exact: true }) });
  await expect(invoiceRow).toContainText(/3\.750\skr\./);
  await expect(invoiceRow).toContainText(/Afventer betaling, forfalder/);
  const creditRow = invoices.getByRole('row').filter({ hasText: /Kreditnota \d+/ });
  await expect(creditRow).toContainText(`Krediterer faktura ${number}`);
  await expectAccessible(page);
  const creditXml = await (
    await download(page.context(), (await creditRow.getByRole('link', { name: /som e-faktura/ }).getAttribute('href'))!)
  ).text();
  expect(await ublTotals(page, creditXml)).toMatchObject({
    kind: 'CreditNote',
    lineExtension: '1000.00',
    tax: '250.00',
    payable: '1250.00',
    lines: 1,
    lineSum: '1000.00',
  });
});
