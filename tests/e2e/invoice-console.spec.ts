// The organiser's invoices in Chromium against the built server, as one
// journey: the settings refuse to stay on without the seller's name (at the
// field, without JavaScript) and save once it is back; the list shows an
// overdue and an issued invoice with counts per status, sends the overdue one
// its reminder, and marks it paid from the keyboard; a bank statement CSV
// (Windows-1252, Danish amounts) matches the other invoice, which is applied
// in one action; the bookkeeping CSV downloads. The three screens pass axe.
// Everything is set up inside the test (one sign-in, no beforeAll).
import { randomUUID } from 'node:crypto';
import { connect } from '../../src/lib/db/db.server.ts';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { insertIssuedInvoice } from '../fixtures/invoice-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';

test('an organiser keeps the invoice settings, sends a reminder, marks paid and imports the bank file', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  const db = connect(url, { max: 1 });
  const stamp = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const slug = `e2e-fakturaer-${stamp}`;
  const email = `arrangoer-faktura-${stamp}@e2e-kommune.dk`;
  try {
    // The server's daily reminder job (src/lib/invoice/reminders.server.ts) would remind the overdue invoice
    // itself; it runs once a day from 09:00 in Copenhagen, so the invoices are made after today's run is done.
    const clock = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Copenhagen',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    const settled = async () => {
      const [day, hour] = clock.format(new Date()).split(' ');
      const [row] = await db<{ due: number; done: number }[]>`
        select count(*) filter (where status in ('pending', 'running') and due_at <= now())::int as due,
               count(*) filter (where idempotency_key = ${`invoice-reminders/${day}`} and status = 'done')::int as done
          from private.jobs where queue = 'invoice-reminders'`;
      return row!.due === 0 && (Number(hour) < 9 || row!.done === 1);
    };
    await expect.poll(settled, { timeout: 20_000 }).toBe(true);
    const [event] = await db<{ id: string }[]>`
      insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
      values (${slug}, 'Fakturadagen E2E', now() + interval '30 days', now() + interval '30 days 8 hours',
              'Testhallen', 'Testfolket', 'draft')
      returning id`;
    const overdue = await insertIssuedInvoice(db, { eventId: event!.id, tickets: 3 });
    const issued = await insertIssuedInvoice(db, { eventId: event!.id, settings: false, tickets: 2 });
    // The first invoice was issued 40 days ago (past the guard that keeps issued invoices as they are).
    await db.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`
        update public.invoices set issued_at = issued_at - interval '40 days', issue_date = issue_date - 40,
               due_date = due_date - 40, due_at = due_at - interval '40 days'
         where id = ${overdue.invoiceId}`;
    });
    const numbers = await db<{ id: string; number: string }[]>`
      select id, number from public.invoices where event_id = ${event!.id}`;
    const numberOf = (id: string) => numbers.find((row) => row.id === id)!.number;
    await grantEventRole(db, { email, role: 'organiser', eventSlug: slug, createUser: true });

    const list = `/konsol/${slug}/fakturaer`;
    const settings = `${list}/indstillinger`;
    await page.goto(settings);
    await page.getByLabel('E-mailadresse').fill(email);
    await page.getByRole('button', { name: 'Send link og kode' }).click();
    await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL!, email)).code);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page).toHaveURL(new RegExp(`${settings}$`));

    // Settings, without JavaScript: on without the seller's name is refused at the field.
    await expect(page.getByRole('heading', { level: 1, name: 'Indstillinger for faktura' })).toBeVisible();
    await expectAccessible(page);
    const noJs = await browser.newContext({
      javaScriptEnabled: false,
      baseURL: baseURL!,
      storageState: await page.context().storageState(),
    });
    const plain = await noJs.newPage();
    await plain.goto(settings);
    await expect(plain.getByLabel('Tilbyd betaling mod faktura')).toBeChecked();
    await plain.getByLabel('Sælgers navn').fill('');
    const [refusal] = await Promise.all([
      plain.waitForResponse((response) => response.request().method() === 'POST'),
      plain.getByRole('button', { name: 'Gem indstillinger' }).click(),
    ]);
    expect(refusal.status()).toBe(400);
    await expect(plain.getByRole('alert').getByRole('link')).toHaveText(
      'Udfyld feltet for at kunne slå betaling mod faktura til.',
    );
    await expect(plain.getByLabel('Sælgers navn')).toHaveAttribute('aria-invalid', 'true');
    await plain.getByLabel('Sælgers navn').fill('Testfolket ApS');
    await plain.getByRole('button', { name: 'Gem indstillinger' }).click();
    await expect(plain.getByRole('status')).toHaveText('Indstillingerne er gemt.');
    await noJs.close();

    // The list: one overdue, one issued; a reminder goes to the overdue one.
    await page.goto(list);
    const filter = page.getByRole('navigation', { name: 'Vis status' });
    await expect(filter.getByRole('link', { name: 'Forfalden (1)' })).toBeVisible();
    await expect(filter.getByRole('link', { name: 'Udstedt (1)' })).toBeVisible();
    await expect(page.getByTestId('reminders-due')).toHaveText('1 rykker er klar til at blive sendt.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send rykkere nu' }).click();
    await expect(page.getByRole('status')).toHaveText('1 rykker er sendt.');

    // Marked paid from the keyboard, with today's date the form offers.
    await filter.getByRole('link', { name: 'Forfalden (1)' }).click();
    const overdueRow = page.locator(`tr[data-invoice="${numberOf(overdue.invoiceId)}"]`);
    await expect(overdueRow.getByText('Forfalden')).toBeVisible();
    // The date field (today by default) and its button are reached in order; the button is pressed with Enter.
    await expect(overdueRow.getByLabel(`Betalingsdato for faktura ${numberOf(overdue.invoiceId)}`)).toBeVisible();
    const markPaid = overdueRow.getByRole('button', {
      name: new RegExp(`^Markér betalt.+faktura ${numberOf(overdue.invoiceId)}$`),
    });
    await markPaid.focus();
    await expect(markPaid).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toHaveText(`Faktura ${numberOf(overdue.invoiceId)} er markeret betalt.`);
    await expect(filter.getByRole('link', { name: 'Betalt (1)' })).toBeVisible();

    // The bank file: Windows-1252, ';', Danish amounts; one line pays the issued invoice.
    await page.getByRole('link', { name: 'Indlæs betalinger fra en bankfil (CSV)' }).click();
    // Dated today in Copenhagen (a payment dated before its invoice is not taken), as dd-mm-yyyy.
    const today = clock.format(new Date()).slice(0, 10).split('-').reverse().join('-');
    const statement = [
      'Dato;Tekst;Beløb;Saldo',
      `${today};"Faktura ${numberOf(issued.invoiceId)}; Testrup Kommune";2.500,00;12.500,00`,
      `${today};Husleje;-8.000,00;4.500,00`,
    ].join('\r\n');
    await page.getByLabel('Kontoudtog (CSV)').setInputFiles({
      name: 'kontoudtog.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(statement, 'latin1'),
    });
    await page.getByRole('button', { name: 'Vis hvad der passer' }).click();
    await expect(page.getByTestId('bank-summary')).toHaveText(
      '2 linjer læst: 1 passer, 0 med andet beløb, 0 allerede betalt, 1 uden faktura.',
    );
    await expect(page.getByRole('table', { name: /Passer/ }).getByText('Testrup Kommune')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Markér 1 faktura betalt' }).click();
    await expect(page.getByRole('status')).toContainText('1 faktura er markeret betalt.');

    // The bookkeeping CSV: BOM, ';', both invoices paid.
    const csv = await page.request.get(`${list}/eksport.csv`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.startsWith('\uFEFFNummer;Type;')).toBe(true);
    expect(text.match(/;Betalt;\d{4}-\d{2}-\d{2};/g)).toHaveLength(2);
  } finally {
    await db.end({ timeout: 5 });
  }
});
