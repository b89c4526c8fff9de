// The organisers' registrations, end to end: an organiser finds an attendee
// among many by a misspelt name, opens the attendee's page, transfers the
// ticket to a colleague — and at the door the new holder's code checks in
// while the old one is refused, online and in the pack the door phones keep
// offline. The list and the attendee's page are scanned by axe and used by
// keyboard.
import { randomUUID } from 'node:crypto';
import { grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { asService, connect, type Sql } from '../../src/lib/db/db.server.ts';
import { ticketValidity } from '../../src/lib/tickets/tickets.ts';
import { issueTicketCode } from '../fixtures/ticket-codes.ts';
import { insertTicketType } from '../fixtures/registration-world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

test.describe.configure({ timeout: 90_000 });

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let organiserEmail: string;
let colleagueEmail: string;

let db: Sql;
let eventId: string;
let soeren: { ticketId: string; startsAt: Date; endsAt: Date };

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-deltagere-${stamp}`;
  organiserEmail = `arrangoer-deltagere-${stamp}@e2e-kommune.dk`;
  colleagueEmail = `lise-${stamp}@e2e-kommune.dk`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  // Today, so the codes are valid at the door now; a draft keeps it off the public pages.
  const [event] = await db<{ id: string; starts_at: Date; ends_at: Date }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${EVENT}, 'Deltagerdagen E2E', now() - interval '1 hour', now() + interval '6 hours', 'Testhallen',
            'Testfolket', 'draft')
    returning id, starts_at, ends_at`;
  eventId = event!.id;
  const typeId = await insertTicketType(db, { eventId, slug: `fri-${stamp}`, capacity: 500 });
  const people = [
    ['Søren Kjærgaard', `soeren-${stamp}@aarhus.dk`, 'Århus Kommune'],
    ['Sørine Kjær', `sorine-${stamp}@aarhus.dk`, 'Aarhus Kommune'],
    ...Array.from({ length: 120 }, (_, n) => [
      `Deltager ${n} Hansen`,
      `d${n}-${stamp}@example.org`,
      'Region Hovedstaden',
    ]),
  ];
  const rows = await db<{ id: string; attendee_name: string }[]>`
    with input as (
      select * from unnest(${people.map((p) => p[0]!)}::text[], ${people.map((p) => p[1]!)}::text[],
                           ${people.map((p) => p[2]!)}::text[]) with ordinality as i (name, email, organisation, n)
    ), orders as (
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, confirmation_queued_at)
      select ${eventId}, name, email, 'paid', 0, now(), now() from input order by n
      returning id, buyer_email
    )
    insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore, attendee_name,
                                attendee_email, organisation_name, sector, issued_at)
    select ${eventId}, o.id, ${typeId}, 1, 'valid', 0, i.name, i.email, i.organisation, 'kommune', now()
      from orders o join input i on i.email = o.buyer_email
    returning id, attendee_name`;
  await db`update public.ticket_types set sold = ${people.length} where id = ${typeId}`;
  soeren = {
    ticketId: rows.find((row) => row.attendee_name === 'Søren Kjærgaard')!.id,
    startsAt: event!.starts_at,
    endsAt: event!.ends_at,
  };
  await grantEventRole(db, { email: organiserEmail, role: 'organiser', eventSlug: EVENT, createUser: true });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/** A signed code of the ticket at `revision`, as its holder's QR code carries it. */
const codeAt = (revision: number) =>
  asService(
    (tx) => issueTicketCode(tx, { eventId, ticketId: soeren.ticketId, revision, ...ticketValidity(soeren) }),
    db,
  );

test('an organiser finds an attendee by a misspelt name and transfers the ticket; the new code checks in, the old is refused', async ({
  page,
  browser,
  baseURL,
}) => {
  const oldCode = await codeAt(1);
  const list = `/konsol/${EVENT}/deltagere`;
  await page.goto(list);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(organiserEmail);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const { code } = await signInEmail(browser, baseURL!, organiserEmail);
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${list}$`));
  await expect(page.getByRole('status').filter({ hasText: '122 billetter' })).toBeVisible();
  await expectAccessible(page);

  // Typed as heard, by keyboard: no ø, no æ, a letter short. The GET form's address holds the search.
  await page.getByLabel('Søg', { exact: true }).focus();
  await page.keyboard.type('soren kjergard');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?q=soren\+kjergard&/);
  const firstRow = page.getByRole('table').getByRole('row').nth(1);
  await expect(firstRow.getByRole('rowheader')).toHaveText('Søren Kjærgaard');
  await expect(page.getByRole('table')).not.toContainText('Deltager 1 Hansen');

  // A filter narrows it, and its options carry counts.
  await page.getByLabel('Tjekket ind').selectOption('nej');
  await expect(page.getByLabel('Tjekket ind').locator('option[value="nej"]')).toHaveText(/Nej \(\d+\)/);
  await page.getByRole('button', { name: 'Vis', exact: true }).click();
  await expect(page).toHaveURL(/tjekket-ind=nej/);

  await firstRow.getByRole('link', { name: 'Søren Kjærgaard' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}/deltagere/${soeren.ticketId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Søren Kjærgaard – Deltagerdagen E2E');
  await expectAccessible(page);

  // A transfer to a colleague, typed and sent by keyboard.
  await page.getByLabel('Den nye indehavers navn').focus();
  await page.keyboard.type('Lise Holm');
  await page.keyboard.press('Tab');
  await page.keyboard.type(colleagueEmail.toUpperCase());
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Billetten er overdraget. Begge har fået en e-mail.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lise Holm – Deltagerdagen E2E');

  const [ticket] = await db<{ revision: number; attendee_email: string }[]>`
    select revision, attendee_email from public.tickets where id = ${soeren.ticketId}`;
  expect(ticket).toEqual({ revision: 2, attendee_email: colleagueEmail });
  // Both are told: the colleague gets the ticket with its new code, Søren that it is no longer his.
  const mails = await db<{ recipient: string; template: string }[]>`
    select recipient, template from private.outbox_emails
     where idempotency_key like ${`ticket-transfer/${soeren.ticketId}/%`} order by template`;
  expect(mails).toEqual([
    { recipient: colleagueEmail, template: 'order-confirmation' },
    { recipient: `soeren-${stamp}@aarhus.dk`, template: 'ticket-transferred' },
  ]);
  // The audit log names the organiser.
  const [entry] = await db<{ after: { attendee_email: string; revision: number } }[]>`
    select after from public.audit_log where table_name = 'tickets' and row_key ->> 'id' = ${soeren.ticketId}`;
  expect(entry!.after).toMatchObject({ attendee_email: colleagueEmail, revision: 2 });

  // The door phones' offline pack lists the new revision: the old code is refused there too.
  const origin = new URL(baseURL!).origin;
  const pack = await page.request.get(`/api/checkin/${eventId}/offline-pack`, {
    headers: { 'x-checkin-device': randomUUID(), 'x-checkin-device-label': 'E2E-telefon' },
  });
  expect(pack.status()).toBe(200);
  const revocations = ((await pack.json()) as { revocations: Record<string, number | 'revoked'> }).revocations;
  expect(revocations[soeren.ticketId]).toBe(2);

  // Online at the door (the desk's plain form): the old code is refused, the new one checks in.
  const scan = async (ticketCode: string) => {
    const response = await page.request.post(`/checkin/${EVENT}?_action=checkin.scan`, {
      headers: { origin },
      form: { event: eventId, code: ticketCode, nonce: randomUUID() },
    });
    expect(response.status()).toBe(200);
    return response.text();
  };
  expect(await scan(oldCode)).toContain('Afvist');
  const welcomed = await scan(await codeAt(2));
  expect(welcomed).toContain('Velkommen');
  expect(welcomed).toContain('Lise Holm');
  const checkIns = await db<{ result: string; revision: number }[]>`
    select result::text, revision from public.check_ins where ticket_id = ${soeren.ticketId} order by recorded_at`;
  expect(checkIns).toEqual([
    { result: 'revoked', revision: 1 },
    { result: 'ok', revision: 2 },
  ]);

  // The attendee's page shows both scans.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Indtjekning' })).toContainText('Afvist: gammel QR-kode');
  await expect(page.getByRole('region', { name: 'Indtjekning' })).toContainText('Tjekket ind');
});
