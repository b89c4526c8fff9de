// Exhibitor leads against a real Postgres: consent only from the attendee
// themself (a team order's buyer cannot give it), a lead stored only with
// consent and once per team and visitor, forged and other events' codes
// refused with nothing stored, scan rate limits, withdrawal, the export, and
// retention with dates relative to now.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asService, asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  captureLead,
  deleteExpiredLeads,
  exportLeads,
  loadLeadScanner,
  loadMyLeads,
  noteLead,
  setLeadRetention,
  setMyConsent,
  withdrawMyLead,
} from '../../src/lib/leads/leads.server.ts';
import { LEAD_SCAN_LIMITS } from '../../src/lib/leads/leads.ts';
import { callRegister } from '../../src/lib/registration/registration.server.ts';
import { eraseMyAccount, updateAttendeeDetails } from '../../src/lib/registration/my-page.server.ts';
import { queueOrderConfirmation } from '../../src/lib/registration/confirmations.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, insertUser, order } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { issueTicketCode } from '../fixtures/ticket-codes.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
Object.assign(process.env, { DATABASE_URL: url });
afterAll(async () => {
  await closePool();
});

let world: EventWorld;
let other: EventWorld;
let typeId: string;
let otherTypeId: string;
let member: SignedIn;
let outsider: SignedIn;

async function addMember(solutionId: string, eventId: string, email: string): Promise<SignedIn> {
  const user = await insertUser(sql, email);
  await sql`
    insert into public.solution_team_members (event_id, solution_id, role, invited_email, user_id, accepted_at)
    values (${eventId}, ${solutionId}, 'member', ${email}, ${user.id}, now())`;
  return user.claims as SignedIn;
}

/** Registers one attendee (anonymously, as the form does) and returns the ticket's id and reference. */
async function registerOne(email: string, consent: boolean, type = typeId) {
  const row = await asUser(
    ANON,
    (tx) =>
      callRegister(tx, order(type, [attendee(email, { consentShareContact: consent, name: `Navn ${email}` })]), {
        lang: 'da',
        onlinePayment: false,
      }),
    sql,
  );
  expect(row.result).toBe('ok');
  return { ticketId: row.ticket_ids![0]!, reference: `${row.order_reference}-1` };
}

const codeOf = async (eventId: string, ticketId: string, revision = 1) =>
  asService(
    (tx) =>
      issueTicketCode(tx, {
        eventId,
        ticketId,
        revision,
        validFrom: new Date(Date.now() - 3600_000),
        validUntil: new Date(Date.now() + 3600_000),
      }),
    sql,
  );

/** Semicolon CSV as Danish Excel reads it (quoted fields, doubled quotes) → records by header. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ';') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? ''])));
}

const leadsOf = (ticketId: string) =>
  sql<{ solution_id: string }[]>`select solution_id from public.leads where ticket_id = ${ticketId}`;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'leads-dag', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'leads-anden-dag', status: 'published' });
  typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'leads', capacity: 100 });
  otherTypeId = await insertTicketType(sql, { eventId: other.eventId, slug: 'leads-anden', capacity: 10 });
  member = await addMember(world.acceptedSolutionId, world.eventId, 'team@leads.example.org');
  outsider = (await insertUser(sql, 'udenfor@leads.example.org')).claims as SignedIn;
});

describe('the consent to share with exhibitors', () => {
  it("is kept only for the buyer's own ticket in a team order; each colleague decides for themselves", async () => {
    const buyer = attendee('bestiller@leads.example.org', { consentShareContact: true });
    const colleague = attendee('kollega@leads.example.org', { consentShareContact: true });
    const row = await asUser(
      ANON,
      (tx) => callRegister(tx, order(typeId, [buyer, colleague]), { lang: 'da', onlinePayment: false }),
      sql,
    );
    const tickets = await sql<
      { attendee_email: string; consent_share_contact: boolean; consent_share_contact_at: Date | null }[]
    >`
      select attendee_email, consent_share_contact, consent_share_contact_at from public.tickets
       where order_id = ${row.order_id} order by position`;
    expect(tickets.map((t) => [t.attendee_email, t.consent_share_contact])).toEqual([
      ['bestiller@leads.example.org', true],
      ['kollega@leads.example.org', false],
    ]);
    expect(tickets[0]!.consent_share_contact_at).toBeInstanceOf(Date);
    expect(tickets[1]!.consent_share_contact_at).toBeNull();

    // The colleague's confirmation links to where they decide; the buyer's does not need to.
    await asService((tx) => queueOrderConfirmation(tx, row.order_id!, 'https://samspil.example'), sql);
    const mails = await sql<{ recipient: string; template_data: { exhibitorConsentUrl?: string } }[]>`
      select recipient, template_data from private.outbox_emails
       where template = 'order-confirmation' and recipient in ('bestiller@leads.example.org', 'kollega@leads.example.org')`;
    expect(Object.fromEntries(mails.map((m) => [m.recipient, m.template_data.exhibitorConsentUrl ?? null]))).toEqual({
      'bestiller@leads.example.org': null,
      'kollega@leads.example.org': 'https://samspil.example/min-side/udstillere',
    });

    // The buyer, signed in, may not give it for the colleague: not directly, not through My page's form.
    const buyerClaims = (await insertUser(sql, 'bestiller@leads.example.org')).claims as SignedIn;
    const colleagueTicket = row.ticket_ids![1]!;
    expect(
      await sqlState(
        asUser(
          buyerClaims,
          (tx) => tx`update public.tickets set consent_share_contact = true where id = ${colleagueTicket}`,
          sql,
        ),
      ),
    ).toBe('42501');
    expect(await setMyConsent(buyerClaims, { ticketId: colleagueTicket, consent: true }, sql)).toBe(false);
    expect(await updateAttendeeDetails(buyerClaims, colleagueTicket, { ...colleague, consentShareContact: true })).toBe(
      'ok',
    );
    const [still] = await sql`select consent_share_contact from public.tickets where id = ${colleagueTicket}`;
    expect(still!.consent_share_contact).toBe(false);

    // The colleague themself can, from My page.
    const colleagueClaims = (await insertUser(sql, 'kollega@leads.example.org')).claims as SignedIn;
    expect(await setMyConsent(colleagueClaims, { ticketId: colleagueTicket, consent: true }, sql)).toBe(true);
    const mine = await loadMyLeads(colleagueClaims, 'da', sql);
    expect(mine.tickets).toEqual([
      expect.objectContaining({ ticketId: colleagueTicket, consentAt: expect.any(Date), retentionDays: 60 }),
    ]);
  });

  it('is lost when a ticket passes to another person', async () => {
    const { ticketId } = await registerOne('videregiver@leads.example.org', true);
    await sql`update public.tickets set attendee_email = 'ny-ejer@leads.example.org' where id = ${ticketId}`;
    const [row] = await sql`select consent_share_contact from public.tickets where id = ${ticketId}`;
    expect(row!.consent_share_contact).toBe(false);
  });
});

describe('scanning at a round', () => {
  it('stores a consenting visitor once, however often and however they are scanned', async () => {
    const visitor = await registerOne('ja@leads.example.org', true);
    const code = await codeOf(world.eventId, visitor.ticketId);
    const input = { solutionId: world.acceptedSolutionId, roundId: world.roundId, code };
    const first = await captureLead(member, input, { db: sql });
    expect(first).toEqual(expect.objectContaining({ ok: true, code: 'created', name: 'Navn ja@leads.example.org' }));
    expect(await captureLead(member, input, { db: sql })).toEqual(
      expect.objectContaining({ ok: true, code: 'already' }),
    );
    expect(await captureLead(member, { ...input, code: visitor.reference.toLowerCase() }, { db: sql })).toEqual(
      expect.objectContaining({ ok: true, code: 'already' }),
    );
    expect(await leadsOf(visitor.ticketId)).toHaveLength(1);
    const [lead] =
      await sql`select attendee_email, job_title, scanned_by, session_id from public.leads where ticket_id = ${visitor.ticketId}`;
    expect(lead).toEqual({
      attendee_email: 'ja@leads.example.org',
      job_title: 'Innovationskonsulent',
      scanned_by: member.sub,
      session_id: world.roundId,
    });
  });

  it('stores nothing for a visitor who has not consented, and says so', async () => {
    const visitor = await registerOne('nej@leads.example.org', false);
    const result = await captureLead(
      member,
      {
        solutionId: world.acceptedSolutionId,
        roundId: world.roundId,
        code: await codeOf(world.eventId, visitor.ticketId),
      },
      { db: sql },
    );
    expect(result).toEqual({ ok: true, code: 'no_consent' });
    expect(await leadsOf(visitor.ticketId)).toHaveLength(0);
  });

  it("refuses a forged code, another event's ticket, a cancelled or re-issued ticket, and strangers, storing nothing", async () => {
    const visitor = await registerOne('mange@leads.example.org', true);
    const code = await codeOf(world.eventId, visitor.ticketId);
    const scan = (text: string, who: SignedIn = member, roundId = world.roundId) =>
      captureLead(who, { solutionId: world.acceptedSolutionId, roundId, code: text }, { db: sql });

    // One character of the signature changed.
    const last = code.at(-1) === 'A' ? 'B' : 'A';
    expect(await scan(code.slice(0, -1) + last)).toEqual({ ok: false, code: 'forged' });
    expect(await scan('S1' + 'A'.repeat(150))).toEqual(expect.objectContaining({ ok: false }));
    expect(await scan('hello')).toEqual({ ok: false, code: 'unreadable' });

    const elsewhere = await registerOne('andensted@leads.example.org', true, otherTypeId);
    expect(await scan(await codeOf(other.eventId, elsewhere.ticketId))).toEqual({ ok: false, code: 'wrong_event' });
    expect(await scan(elsewhere.reference)).toEqual({ ok: false, code: 'unknown_ticket' });
    expect(await scan('ZZZZZZZZ-1')).toEqual({ ok: false, code: 'unknown_ticket' });

    expect(await scan(code, outsider)).toEqual({ ok: false, code: 'not_member' });
    expect(await scan(code, member, world.emptyRoundId)).toEqual({ ok: false, code: 'wrong_round' });

    await sql`update public.tickets set revision = 2 where id = ${visitor.ticketId}`;
    expect(await scan(code)).toEqual({ ok: false, code: 'revoked' });
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${visitor.ticketId}`;
    expect(await scan(await codeOf(world.eventId, visitor.ticketId, 2))).toEqual({ ok: false, code: 'not_valid' });

    expect(await leadsOf(visitor.ticketId)).toHaveLength(0);
    expect(await leadsOf(elsewhere.ticketId)).toHaveLength(0);
  });

  it('limits scans per team member', async () => {
    const busy = await addMember(world.acceptedSolutionId, world.eventId, 'travl@leads.example.org');
    const input = { solutionId: world.acceptedSolutionId, roundId: world.roundId, code: 'ZZZZZZZZ-1' };
    for (let i = 0; i < LEAD_SCAN_LIMITS.perMinute; i++) {
      expect(await captureLead(busy, input, { db: sql })).toEqual({ ok: false, code: 'unknown_ticket' });
    }
    expect(await captureLead(busy, input, { db: sql })).toEqual(
      expect.objectContaining({ ok: false, code: 'rate_limited', retryAfterSeconds: expect.any(Number) }),
    );
    // Another member of the team scans on.
    expect(await captureLead(member, input, { db: sql })).toEqual({ ok: false, code: 'unknown_ticket' });
  });
});

describe("the team's list and export", () => {
  it('lists leads by round with the note and interest, and exports them as CSV and XLSX', async () => {
    const visitor = await registerOne('eksport@leads.example.org', true);
    const captured = await captureLead(
      member,
      { solutionId: world.acceptedSolutionId, roundId: world.roundId, code: visitor.reference },
      { db: sql },
    );
    if (!captured.ok || captured.code === 'no_consent') throw new Error('expected a lead');
    expect(
      await noteLead(
        member,
        {
          solutionId: world.acceptedSolutionId,
          leadId: captured.leadId,
          interest: 'high',
          note: 'Vil høre om piloten; ring i januar',
        },
        sql,
      ),
    ).toBe(true);
    // Not the outsider's to note.
    expect(
      await noteLead(
        outsider,
        { solutionId: world.acceptedSolutionId, leadId: captured.leadId, interest: 'low', note: null },
        sql,
      ),
    ).toBe(false);

    const scanner = await loadLeadScanner(member, world.acceptedSolutionId, 'da', sql);
    expect(scanner?.rounds.map((round) => round.id)).toEqual([world.roundId]);
    expect(scanner?.leads.find((lead) => lead.id === captured.leadId)).toEqual(
      expect.objectContaining({ interest: 'high', note: 'Vil høre om piloten; ring i januar', scanned_by_me: true }),
    );
    expect(await loadLeadScanner(outsider, world.acceptedSolutionId, 'da', sql)).toBeNull();
    expect(await exportLeads(outsider, world.acceptedSolutionId, 'csv', 'da', { db: sql })).toBeNull();

    const csv = await exportLeads(member, world.acceptedSolutionId, 'csv', 'da', { db: sql });
    const records = parseCsv(csv!.body.toString('utf8').replace(/^\uFEFF/, ''));
    expect(records.find((r) => r['E-mail'] === 'eksport@leads.example.org')).toEqual(
      expect.objectContaining({
        Navn: 'Navn eksport@leads.example.org',
        Interesse: 'Høj',
        Note: 'Vil høre om piloten; ring i januar',
        Runde: 'runde-1',
      }),
    );
    expect(csv!.fileName).toMatch(/^leads-dag-leads-godkendt.*\.csv$/);

    const xlsx = await exportLeads(member, world.acceptedSolutionId, 'xlsx', 'en', { db: sql });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx!.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['Name', 'Email', 'Interest', 'Note']));
    const emails: unknown[] = [];
    sheet.eachRow((row, index) => {
      if (index > 1) emails.push(row.getCell(2).value);
    });
    expect(emails).toContain('eksport@leads.example.org');
  });
});

describe("the visitor's withdrawal", () => {
  it('takes the details back from one team, or from every team with the consent', async () => {
    const second = await addMember(world.submittedSolutionId, world.eventId, 'anden@leads.example.org');
    await sql`
      insert into public.gallery_presentations (event_id, session_id, solution_id, position)
      values (${world.eventId}, ${world.emptyRoundId}, ${world.submittedSolutionId}, 1)
      on conflict do nothing`;
    const visitor = await registerOne('fortryder@leads.example.org', true);
    await captureLead(
      member,
      { solutionId: world.acceptedSolutionId, roundId: world.roundId, code: visitor.reference },
      { db: sql },
    );
    await captureLead(
      second,
      { solutionId: world.submittedSolutionId, roundId: world.emptyRoundId, code: visitor.reference },
      { db: sql },
    );
    expect(await leadsOf(visitor.ticketId)).toHaveLength(2);

    const me = (await insertUser(sql, 'fortryder@leads.example.org')).claims as SignedIn;
    const mine = await loadMyLeads(me, 'da', sql);
    expect(mine.leads.map((lead) => lead.solutionTitle).sort()).toEqual(['godkendt', 'indsendt']);
    // Someone else cannot withdraw my leads.
    expect(await withdrawMyLead(outsider, mine.leads[0]!.id, sql)).toBe(false);
    expect(await withdrawMyLead(me, mine.leads.find((l) => l.solutionTitle === 'godkendt')!.id, sql)).toBe(true);
    expect((await leadsOf(visitor.ticketId)).map((l) => l.solution_id)).toEqual([world.submittedSolutionId]);

    expect(await setMyConsent(me, { ticketId: visitor.ticketId, consent: false }, sql)).toBe(true);
    expect(await leadsOf(visitor.ticketId)).toHaveLength(0);
    expect(
      await captureLead(
        member,
        { solutionId: world.acceptedSolutionId, roundId: world.roundId, code: visitor.reference },
        { db: sql },
      ),
    ).toEqual({ ok: true, code: 'no_consent' });
  });

  it("goes with the visitor's account: erasing it leaves no copy of their details with any team", async () => {
    const visitor = await registerOne('slet-mig@leads.example.org', true);
    await captureLead(
      member,
      { solutionId: world.acceptedSolutionId, roundId: world.roundId, code: visitor.reference },
      { db: sql },
    );
    expect(await leadsOf(visitor.ticketId)).toHaveLength(1);
    const me = (await insertUser(sql, 'slet-mig@leads.example.org')).claims as SignedIn;
    await eraseMyAccount(me, 'https://samspil.example');
    expect(await leadsOf(visitor.ticketId)).toHaveLength(0);
    expect(await sql`select 1 from public.leads where attendee_email = 'slet-mig@leads.example.org'`).toHaveLength(0);
  });

  it('never leaves a lead behind a withdrawal that races the scan', async () => {
    for (let i = 0; i < 8; i++) {
      const email = `kaploeb-${i}@leads.example.org`;
      const visitor = await registerOne(email, true);
      const me = (await insertUser(sql, email)).claims as SignedIn;
      const racer = await addMember(world.acceptedSolutionId, world.eventId, `scanner-${i}@leads.example.org`);
      await Promise.all([
        captureLead(
          racer,
          { solutionId: world.acceptedSolutionId, roundId: world.roundId, code: visitor.reference },
          { db: sql },
        ),
        setMyConsent(me, { ticketId: visitor.ticketId, consent: false }, sql),
      ]);
      expect(await leadsOf(visitor.ticketId)).toHaveLength(0);
    }
  });
});

describe('retention', () => {
  it("deletes leads the organiser's number of days after the event, and not before", async () => {
    const day = 86_400_000;
    const now = Date.now();
    const ended = async (slug: string, daysAgo: number, retention: number) => {
      const [event] = await sql<{ id: string }[]>`
        insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status, lead_retention_days)
        values (${slug}, ${slug}, ${new Date(now - daysAgo * day - 8 * 3600_000)}, ${new Date(now - daysAgo * day)},
                'Sted', 'Arrangør', 'published', ${retention})
        returning id`;
      const [solution] = await sql<{ id: string }[]>`
        insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
        values (${event!.id}, 'l', 'L', 'R', 'K', 'k@example.org', 'accepted') returning id`;
      const type = await insertTicketType(sql, { eventId: event!.id, slug: `t-${slug}`, capacity: 5 });
      const [orderRow] = await sql<{ id: string }[]>`
        insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at)
        values (${event!.id}, 'B', ${`${slug}@example.org`}, 'paid', 0, now()) returning id`;
      const [ticket] = await sql<{ id: string }[]>`
        insert into public.tickets (event_id, order_id, ticket_type_id, position, status, price_ore,
                                    attendee_name, attendee_email, sector, issued_at, consent_share_contact)
        values (${event!.id}, ${orderRow!.id}, ${type}, 1, 'valid', 0, 'D', ${`${slug}@example.org`}, 'kommune', now(), true)
        returning id`;
      await sql`
        insert into public.leads (event_id, solution_id, ticket_id, attendee_name, attendee_email)
        values (${event!.id}, ${solution!.id}, ${ticket!.id}, 'D', ${`${slug}@example.org`})`;
      return event!.id;
    };
    const expired = await ended(`udloebet-${randomUUID().slice(0, 8)}`, 61, 60);
    const kept = await ended(`beholdt-${randomUUID().slice(0, 8)}`, 59, 60);
    const short = await ended(`kort-${randomUUID().slice(0, 8)}`, 8, 7);

    expect(await deleteExpiredLeads({ db: sql })).toBeGreaterThanOrEqual(2);
    const left = await sql<
      { event_id: string }[]
    >`select event_id from public.leads where event_id in ${sql([expired, kept, short])}`;
    expect(left.map((row) => row.event_id)).toEqual([kept]);
    // Run again: nothing more to do for these.
    await deleteExpiredLeads({ db: sql });
    expect(await sql`select 1 from public.leads where event_id = ${kept}`).toHaveLength(1);
  });

  it("is the organiser's to set, with the event's version", async () => {
    const organiser: SignedIn = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated' };
    const [{ version }] = (await sql`select version from public.events where id = ${world.eventId}`) as unknown as [
      { version: number },
    ];
    expect(await setLeadRetention(outsider, { event: world.eventId, days: 30, version }, sql)).toBe('not_authorised');
    expect(await setLeadRetention(organiser, { event: world.eventId, days: 400, version }, sql)).toBe('out_of_range');
    expect(await setLeadRetention(organiser, { event: world.eventId, days: 30, version }, sql)).toBe('saved');
    expect(await setLeadRetention(organiser, { event: world.eventId, days: 45, version }, sql)).toBe(
      'changed_elsewhere',
    );
    const [row] = await sql`select lead_retention_days from public.events where id = ${world.eventId}`;
    expect(row!.lead_retention_days).toBe(30);
  });
});
