// The GDPR rights, complete: a person with data in every place Samspil keeps
// it exports all of it, and after deleting the account no table — in public,
// private or auth — holds their email, name or phone, while their colleague's
// ticket and the organisation's solution text stay.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import { isMessageKey } from '../../src/lib/i18n/messages.ts';
import { MY_DATA_SECTIONS, myDataFields, type MyData } from '../../src/lib/registration/my-data.ts';
import { eraseMyAccount, exportMyData } from '../../src/lib/registration/my-page.server.ts';
import { callRegister } from '../../src/lib/registration/registration.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertBookableSession, insertBookingRows } from '../fixtures/booking-world.ts';
import { attendee, insertTicketType, insertUser, order } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
Object.assign(process.env, { DATABASE_URL: url });
afterAll(closePool);

const PERSON = { name: 'Ane Personsen', email: 'ane.personsen@example.org', phone: '+45 2233 4455' };
const PERSON_IP = '192.0.2.77';
const COLLEAGUE = { name: 'Bo Kollega', email: 'bo.kollega@example.org' };
/** How the person could appear anywhere: any case of the address, the name, the phone with or without spaces. */
const TRACES = [PERSON.email, PERSON.name.toLowerCase(), '2233 4455', '22334455'];

let world: EventWorld;
let me: SignedIn;
let myTicketId: string;
let colleagueTicketId: string;
let solutionId: string;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'persondata', status: 'published' });
  const user = await insertUser(sql, PERSON.email);
  me = user.claims as SignedIn;

  // A team order: a ticket for me and one for my colleague.
  const teamType = await insertTicketType(sql, { eventId: world.eventId, slug: 'team', capacity: 10 });
  const registered = await asUser(
    ANON,
    (tx) =>
      callRegister(
        tx,
        order(teamType, [
          attendee(PERSON.email, { name: PERSON.name }),
          attendee(COLLEAGUE.email, { name: COLLEAGUE.name }),
        ]),
        { lang: 'da', onlinePayment: false },
      ),
    sql,
  );
  [myTicketId, colleagueTicketId] = registered.ticket_ids as [string, string];

  // A place on the waitlist of a sold-out ticket type (at another event: one holds no place where one has a ticket).
  const other = await insertEventWorld(sql, { slug: 'persondata-2', status: 'published' });
  const soldOut = await insertTicketType(sql, { eventId: other.eventId, slug: 'udsolgt', capacity: 1 });
  await asUser(
    ANON,
    (tx) => callRegister(tx, order(soldOut, [attendee('fylder@example.org')]), { lang: 'da', onlinePayment: false }),
    sql,
  );
  await asUser(ANON, (tx) => tx`select private.join_waitlist(${soldOut}, ${PERSON.name}, ${PERSON.email}, 'da')`, sql);

  // A booking and a calendar feed, a check-in at the door and at a session.
  const sessionId = await insertBookableSession(sql, {
    eventId: world.eventId,
    slug: 'persondata-runde',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    capacity: 5,
  });
  await insertBookingRows(sql, { eventId: world.eventId, sessionId, ticketId: myTicketId, tokenByte: 7 });
  const [gate] = await sql<{ id: string }[]>`
    insert into public.checkin_gates (event_id, name) values (${world.eventId}, 'Hovedindgang') returning id`;
  await sql`
    insert into public.check_ins (event_id, ticket_id, gate_id, device, nonce, scanned_at, result, revision)
    values (${world.eventId}, ${myTicketId}, ${gate!.id}, 'telefon-1', ${randomUUID()}, now(), 'ok', 0)`;
  await sql`
    insert into public.session_check_ins (event_id, session_id, ticket_id, nonce, at)
    values (${world.eventId}, ${sessionId}, ${myTicketId}, ${randomUUID()}, now())`;

  // My vote for the audience award (secret from everyone but me).
  const [award] = await sql<{ id: string }[]>`
    insert into public.awards (event_id, name) values (${world.eventId}, 'Publikumsprisen') returning id`;
  await sql`
    insert into public.award_nominees (event_id, award_id, solution_id)
    values (${world.eventId}, ${award!.id}, ${world.acceptedSolutionId})`;
  await sql`
    insert into private.award_votes (event_id, award_id, ticket_id, solution_id)
    values (${world.eventId}, ${award!.id}, ${myTicketId}, ${world.acceptedSolutionId})`;

  // A solution's team scanned me at a gallery round, with my consent, and wrote a note.
  await sql`update public.tickets set consent_share_contact = true where id = ${myTicketId}`;
  await sql`
    insert into public.leads (event_id, solution_id, session_id, ticket_id, attendee_name, attendee_email, interest, note)
    values (${world.eventId}, ${world.acceptedSolutionId}, ${sessionId}, ${myTicketId}, ${PERSON.name},
            ${PERSON.email}, 'high', 'Vil gerne høre mere')`;

  // A solution I submitted, its team, and a review I wrote as a reviewer.
  const [solution] = await sql<{ id: string }[]>`
    insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, contact_phone,
                                  status, owner_user_id, partners)
    values (${world.eventId}, 'persondata-losning', 'Nærhed i hjemmeplejen', 'Et resumé', ${PERSON.name},
            ${PERSON.email}, ${PERSON.phone}, 'submitted', ${user.id},
            ${sql.json([{ name: 'Testrup Kommune', sector: 'kommune' }])})
    returning id`;
  solutionId = solution!.id;
  // The solution's owner row comes with it (a trigger); a colleague's solution has invited me too.
  await sql`
    insert into public.solution_team_members (event_id, solution_id, role, invited_email)
    values (${world.eventId}, ${world.submittedSolutionId}, 'member', ${PERSON.email.toUpperCase()})`;
  await sql`
    insert into public.solution_reviews (event_id, solution_id, author_id, decision, message)
    values (${world.eventId}, ${world.acceptedSolutionId}, ${user.id}, 'accepted', 'Fin løsning')`;
  await sql`insert into public.event_roles (event_id, user_id, role) values (${world.eventId}, ${user.id}, 'checkin_staff')`;
  // Invoicing details remembered for my next order by invoice (with me as the reference person).
  await sql`
    insert into public.invoice_buyer_profiles (user_id, buyer_type, ean, organisation_name, reference_person,
                                               invoice_email)
    values (${user.id}, 'public', '5798000416604', 'Testrup Kommune', ${PERSON.name}, 'faktura@testrup.dk')`;

  // A note on a session, and a message to a solution's team with its answer (the takeaways).
  await sql`
    insert into public.session_notes (event_id, session_id, user_id, body)
    values (${world.eventId}, ${sessionId}, ${user.id}, ${`Ring til ${PERSON.name}s kollega`})`;
  await sql`
    insert into public.solution_contacts (event_id, solution_id, sender_user_id, sender_ticket_id, message,
                                          reply_token_hash, answered_at, reply)
    values (${world.eventId}, ${world.acceptedSolutionId}, ${user.id}, ${myTicketId},
            ${`Skriv til mig på ${PERSON.email}`}, ${randomBytes(32)}, now(), 'Det gør vi')`;

  // After the day: a session rating, the survey (the NPS answer and an organiser's question), a broadcast
  // that bounced (so my address is suppressed), and an unsubscribe from the event's news.
  await sql`
    insert into public.session_feedback (event_id, session_id, ticket_id, rating, comment)
    values (${world.eventId}, ${sessionId}, ${myTicketId}, 4, 'Godt oplæg')`;
  await sql`
    insert into public.survey_responses (event_id, ticket_id, score, comment)
    values (${world.eventId}, ${myTicketId}, 9, 'En god dag')`;
  const [question] = await sql<{ id: string }[]>`
    insert into public.survey_questions (event_id, kind, prompt) values (${world.eventId}, 'text', 'Hvad tager du med?')
    returning id`;
  await sql`
    insert into public.survey_answers (event_id, question_id, ticket_id, answer_text)
    values (${world.eventId}, ${question!.id}, ${myTicketId}, 'Nye kontakter')`;
  const [broadcast] = await sql<{ id: string }[]>`
    insert into public.broadcasts (event_id, subject_da, body_da, segment, status, recipients, queued_at)
    values (${world.eventId}, 'Praktisk info', 'Hej alle', 'everyone', 'queued', 1, now()) returning id`;
  await sql`
    insert into public.broadcast_recipients (broadcast_id, event_id, email, name, language, status, finished_at)
    values (${broadcast!.id}, ${world.eventId}, ${PERSON.email}, ${PERSON.name}, 'da', 'bounced', now())`;
  await sql`insert into private.email_suppressions (email, reason) values (${PERSON.email}, 'bounced')`;
  await sql`insert into public.email_unsubscribes (event_id, email) values (${world.eventId}, ${PERSON.email})`;

  // Contact exchange: my card, my contact code, my colleague and I exchanged cards, and we both noted on it.
  const colleague = await insertUser(sql, COLLEAGUE.email);
  await sql`
    insert into public.contact_cards (user_id, name, email, phone, auto_accept)
    values (${user.id}, ${PERSON.name}, ${PERSON.email}, ${PERSON.phone}, true)`;
  await sql`
    insert into public.contact_codes (event_id, user_id, token, short_code)
    values (${world.eventId}, ${user.id}, 'PersonToken0123456789a', 'P3R50N12')`;
  const [connection] = await sql<{ id: string }[]>`
    insert into public.contact_connections (event_id, requester_id, recipient_id, status, answered_at)
    values (${world.eventId}, ${colleague.id}, ${user.id}, 'accepted', now()) returning id`;
  await sql`
    insert into public.contact_notes (connection_id, author_id, body)
    values (${connection!.id}, ${user.id}, 'Bo kender nærhedsreformen'),
           (${connection!.id}, ${colleague.id}, ${`${PERSON.name} ringer tilbage på ${PERSON.phone}`})`;
  // A question asked in the session under my name, and my up-vote on someone else's.
  const [questionList] = await sql<{ id: string }[]>`
    insert into public.question_lists (event_id, session_id) values (${world.eventId}, ${sessionId}) returning id`;
  const [myQuestion, theirQuestion] = await sql<{ id: string }[]>`
    insert into public.questions (event_id, list_id, body, author_name) values
      (${world.eventId}, ${questionList!.id}, 'Hvordan kommer vi i gang?', ${PERSON.name}),
      (${world.eventId}, ${questionList!.id}, 'Hvem betaler?', null)
    returning id`;
  await sql`
    insert into private.question_authors (question_id, event_id, user_id)
    values (${myQuestion!.id}, ${world.eventId}, ${user.id})`;
  await sql`insert into private.question_votes (question_id, user_id) values (${theirQuestion!.id}, ${user.id})`;

  // Emails, the embedded mailbox, sign-in codes, rate limits and a session.
  await sql`select * from private.enqueue_email('test/persondata-1', ${PERSON.email}, 'da', 'sign-in',
                                                ${sql.json({ recipientName: PERSON.name, code: '123456' })}, true)`;
  await sql`
    insert into private.dev_mailbox (idempotency_key, sender, recipient, subject, html, text_body)
    values ('test/persondata-1', 'samspil@example.org', ${PERSON.email}, 'Din kode',
            ${`<p>Hej ${PERSON.name}</p>`}, ${`Hej ${PERSON.name}`})`;
  await sql`
    insert into private.login_tokens (email, link_hash, code_hash, expires_at)
    values (${PERSON.email}, ${randomBytes(32)}, ${randomBytes(32)}, now() + interval '5 minutes')`;
  // Rate-limit hits as the server takes them: by address, by user id and by client IP.
  await sql`
    select * from private.take_rate_limits(
      ${[`sign-in:email:${PERSON.email}`, `registration-notice:${PERSON.email}`, `form:booking:user:${user.id}`, `form:registration:ip:${PERSON_IP}`]}::text[],
      ${[25, 1, 30, 30]}::int[], ${[86_400, 3600, 60, 60]}::int[])`;
  await sql`select private.start_auth_session(${user.id}, interval '12 hours')`;
});

describe('exporting my data', () => {
  let data: MyData;
  beforeAll(async () => {
    data = await exportMyData(me);
  });

  it('holds every place my data lives', () => {
    expect(data.account).toMatchObject({ email: PERSON.email });
    for (const section of MY_DATA_SECTIONS) expect(data[section], section).not.toEqual([]);
    expect(data.tickets).toEqual([expect.objectContaining({ attendeeName: PERSON.name })]);
    expect(data.waitlist).toEqual([expect.objectContaining({ name: PERSON.name, email: PERSON.email })]);
    // Mine, with my phone, and the one a colleague invited me to.
    expect(data.solutions).toHaveLength(2);
    expect(data.solutions).toEqual(expect.arrayContaining([expect.objectContaining({ contactPhone: PERSON.phone })]));
    expect(data.solutionReviews).toEqual(
      expect.arrayContaining([expect.objectContaining({ writtenByMe: true, message: 'Fin løsning' })]),
    );
    expect(data.emails).toEqual([expect.objectContaining({ template: 'sign-in', status: 'pending' })]);
    expect(data.sessionFeedback).toEqual([expect.objectContaining({ rating: 4, comment: 'Godt oplæg' })]);
    expect(data.surveyAnswers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ question: 'NPS', answer: '9', comment: 'En god dag' }),
        expect.objectContaining({ question: 'Hvad tager du med?', answer: 'Nye kontakter' }),
      ]),
    );
    expect(data.exhibitorLeads).toEqual([
      expect.objectContaining({ email: PERSON.email, interest: 'high', note: 'Vil gerne høre mere' }),
    ]);
    expect(data.awardVotes).toEqual([expect.objectContaining({ event: 'persondata', award: 'Publikumsprisen' })]);
    expect(data.broadcastEmails).toEqual([expect.objectContaining({ subject: 'Praktisk info', status: 'bounced' })]);
    expect(data.contactCard).toEqual([
      expect.objectContaining({ name: PERSON.name, phone: PERSON.phone, acceptAutomatically: true }),
    ]);
    expect(data.contactCodes).toEqual([expect.objectContaining({ event: 'persondata', shortCode: 'P3R50N12' })]);
    // My own note, never my colleague's.
    expect(data.contacts).toEqual([
      expect.objectContaining({ askedBy: 'them', status: 'accepted', note: 'Bo kender nærhedsreformen' }),
    ]);
    expect(data.emailPreferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ preference: 'unsubscribed', event: 'persondata' }),
        expect.objectContaining({ preference: 'bounced' }),
      ]),
    );
  });

  it('never repeats a secret: no sign-in code, link or feed token', () => {
    const text = JSON.stringify(data);
    expect(text).not.toContain('123456');
    expect(text).not.toMatch(/hash/i);
  });

  it('names every field it holds in Danish and English', () => {
    const fields = new Set([
      ...myDataFields(data.account ? [data.account] : []),
      ...MY_DATA_SECTIONS.flatMap((section) => myDataFields(data[section])),
    ]);
    expect([...fields].filter((field) => !isMessageKey(`myData.field.${field}`))).toEqual([]);
  });

  it('is refused to anyone signed out', async () => {
    await expect(asUser(ANON, (tx) => tx`select private.export_my_data()`, sql)).rejects.toThrow();
  });
});

describe('rate-limit rows', () => {
  it('hold no address, IP or user id in clear, even before the account is deleted', async () => {
    const buckets = await sql<{ bucket: string }[]>`select bucket from private.rate_limit_hits`;
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    const text = buckets.map((row) => row.bucket).join('\n');
    for (const trace of [PERSON.email, PERSON_IP, me.sub, 'sign-in:', 'form:']) expect(text).not.toContain(trace);
    expect(buckets.every((row) => /^k:[0-9a-f]{64}$/.test(row.bucket))).toBe(true);
  });
});

describe('deleting my account', () => {
  it('leaves my email, name and phone in no table at all', async () => {
    const erasure = await eraseMyAccount(me, 'http://localhost:4321');
    expect(erasure.userDeleted).toBe(true);

    const tables = await sql<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
       where table_schema in ('public', 'private', 'auth') and table_type = 'BASE TABLE'
       order by 1, 2`;
    expect(tables.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const table of tables) {
      const [row] = await sql.unsafe<{ hits: number }[]>(
        `select count(*)::int as hits from "${table.schema}"."${table.name}" t where lower(t::text) like any ($1)`,
        [TRACES.map((trace) => `%${trace.toLowerCase()}%`)],
      );
      if (row!.hits > 0) found.push(`${table.schema}.${table.name} (${row!.hits})`);
    }
    expect(found).toEqual([]);

    // Keyed, the address's and the user id's rate-limit rows could hide from that search: they went too.
    const [limits] = await sql<{ mine: number; network: number }[]>`
      select count(*) filter (where bucket in (private.rate_limit_key(${`sign-in:email:${PERSON.email}`}),
                                               private.rate_limit_key(${`registration-notice:${PERSON.email}`}),
                                               private.rate_limit_key(${`form:booking:user:${me.sub}`})))::int as mine,
             count(*) filter (where bucket = private.rate_limit_key(${`form:registration:ip:${PERSON_IP}`}))::int as network
        from private.rate_limit_hits`;
    expect(limits).toEqual({ mine: 0, network: 1 });
  });

  it('keeps my colleague, the counts and the solution without me', async () => {
    const [colleague] = await sql`select attendee_name, status from public.tickets where id = ${colleagueTicketId}`;
    expect(colleague).toEqual({ attendee_name: COLLEAGUE.name, status: 'valid' });
    const [mine] =
      await sql`select sector, anonymised_at is not null as anonymised from public.tickets where id = ${myTicketId}`;
    expect(mine).toEqual({ sector: 'kommune', anonymised: true });
    const [solution] = await sql`
      select title, contact_name, contact_email, contact_phone, contact_erased_at is not null as erased
        from public.solutions where id = ${solutionId}`;
    expect(solution).toEqual({
      title: 'Nærhed i hjemmeplejen',
      contact_name: null,
      contact_email: null,
      contact_phone: null,
      erased: true,
    });
    const feeds = await sql`select 1 from public.calendar_feeds where ticket_id = ${myTicketId} and revoked_at is null`;
    expect(feeds).toHaveLength(0);
  });

  it('lets the team name a new contact for the solution afterwards', async () => {
    await sql`update public.solutions set contact_name = 'Ny Kontakt', contact_email = 'ny@example.org' where id = ${solutionId}`;
    const [solution] = await sql`select contact_erased_at from public.solutions where id = ${solutionId}`;
    expect(solution!.contact_erased_at).toBeNull();
  });
});
