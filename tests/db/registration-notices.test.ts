// Neutral answers against enumeration, on a real Postgres: registering an
// address that already holds a ticket, or putting an address on the waitlist,
// answers the visitor the same whatever the address holds; the owner of the
// address is told the details by email (through the outbox, in the language
// they registered in), at most once per address per window.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANON, closePool } from '../../src/lib/db/db.server.ts';
import { renderEmail } from '../../src/lib/mail/mail.ts';
import { confirmationsIdle } from '../../src/lib/registration/confirmations.server.ts';
import { joinWaitlist, registerAttendees } from '../../src/lib/registration/registration.server.ts';
import type { RegistrationInput } from '../../src/lib/registration/registration.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, order } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
// The use cases open their own pool from the environment, like the server does.
Object.assign(process.env, { DATABASE_URL: url });
const ORIGIN = 'http://localhost:4321';

afterAll(async () => {
  await confirmationsIdle();
  await closePool();
});

let world: EventWorld;
beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'naboer-test', status: 'published' });
});
beforeEach(async () => {
  await sql`delete from private.rate_limit_hits`;
});

let counter = 0;
const newEmail = (name: string) => `${name}${++counter}-${Date.now()}@kommune.dk`;

const ctx = (lang: 'da' | 'en' = 'da') => ({ claims: ANON, lang, url: new URL(`${ORIGIN}/naboer-test/tilmelding`) });

function registration(typeId: string, emails: string[], joinWaitlist = false): RegistrationInput {
  return {
    ...order(
      typeId,
      emails.map((email) => attendee(email)),
    ),
    buyerAttends: true,
    joinWaitlist,
    offer: null,
  } as RegistrationInput;
}

interface Notice {
  recipient: string;
  language: string;
  template_data: { kind: string; place?: number; already?: boolean };
}

const notices = (email: string) =>
  sql<Notice[]>`
    select recipient, language, template_data from private.outbox_emails
    where template = 'registration-notice' and recipient = ${email} order by created_at, id`;

const ticketsOf = async (typeId: string, email: string) =>
  (
    await sql<{ n: number }[]>`
      select count(*)::int as n from public.tickets
      where ticket_type_id = ${typeId} and attendee_email = ${email} and status in ('reserved', 'valid')`
  )[0]!.n;

describe('registering an address that already holds a ticket', () => {
  it('answers exactly as a new registration does, and emails the holder instead, in their language', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'gratis-1', capacity: 50 });
    const holder = newEmail('holder');
    expect(await registerAttendees(ctx('en'), registration(typeId, [holder]))).toMatchObject({
      kind: 'registered',
      tickets: 1,
    });

    const again = await registerAttendees(ctx('da'), registration(typeId, [holder]));
    expect(again).toMatchObject({ kind: 'registered', eventSlug: 'naboer-test' });
    expect(await ticketsOf(typeId, holder)).toBe(1);
    const [notice, ...more] = await notices(holder);
    expect(more).toHaveLength(0);
    expect(notice).toMatchObject({ language: 'en', template_data: { kind: 'already-registered' } });
    const rendered = renderEmail('registration-notice', 'en', notice!.template_data);
    expect(rendered.subject).toContain('You already have a ticket');
    expect(rendered.text).toContain(`${ORIGIN}/en/min-side`);
  });

  it('registers the rest of a team and leaves out only the attendee who already has a ticket', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'gratis-2', capacity: 50 });
    const holder = newEmail('team-holder');
    await registerAttendees(ctx(), registration(typeId, [holder]));
    const [first, second] = [newEmail('team-a'), newEmail('team-b')];

    const outcome = await registerAttendees(ctx(), registration(typeId, [first, holder, second]));

    expect(outcome).toMatchObject({ kind: 'registered', tickets: 2 });
    expect([await ticketsOf(typeId, first), await ticketsOf(typeId, holder), await ticketsOf(typeId, second)]).toEqual([
      1, 1, 1,
    ]);
    expect(await notices(holder)).toHaveLength(1);
    expect(await notices(first)).toHaveLength(0);
  });

  it('makes no order when every attendee already has a ticket, and still answers "registered"', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'gratis-3', capacity: 50 });
    const emails = [newEmail('all-a'), newEmail('all-b')];
    await registerAttendees(ctx(), registration(typeId, emails));
    const [{ orders: before }] = await sql<[{ orders: number }]>`
      select count(*)::int as orders from public.orders o join public.tickets t on t.order_id = o.id
      where t.ticket_type_id = ${typeId}`;

    expect(await registerAttendees(ctx(), registration(typeId, emails))).toEqual({
      kind: 'registered',
      eventSlug: 'naboer-test',
      reference: null,
      tickets: 0,
    });
    const [{ orders: after }] = await sql<[{ orders: number }]>`
      select count(*)::int as orders from public.orders o join public.tickets t on t.order_id = o.id
      where t.ticket_type_id = ${typeId}`;
    expect(after).toBe(before);
    for (const email of emails) expect(await notices(email)).toHaveLength(1);
  });

  it('emails an address at most once per window, however often it is registered again', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'gratis-4', capacity: 50 });
    const holder = newEmail('spam');
    await registerAttendees(ctx(), registration(typeId, [holder]));

    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => registerAttendees(ctx(), registration(typeId, [holder]))),
    );

    expect(new Set(outcomes.map((outcome) => outcome.kind))).toEqual(new Set(['registered']));
    expect(await notices(holder)).toHaveLength(1);
  });
});

describe('joining the waitlist', () => {
  async function soldOut(slug: string) {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug, capacity: 1 });
    const holder = newEmail('seat');
    await registerAttendees(ctx(), registration(typeId, [holder]));
    return { typeId, holder };
  }
  const join = (typeId: string, email: string, lang: 'da' | 'en' = 'da') =>
    joinWaitlist(ctx(lang), { ticketTypeId: typeId, name: 'Nogen', email });

  it('answers a new place, a place already held and a ticket already held alike', async () => {
    const { typeId, holder } = await soldOut('venteliste-1');
    const first = newEmail('first');
    const second = newEmail('second');

    const answers = [
      await join(typeId, first),
      await join(typeId, second),
      await join(typeId, second),
      await join(typeId, holder),
    ];

    expect(answers).toEqual(Array.from({ length: 4 }, () => ({ kind: 'waitlisted' })));
  });

  it('emails the place instead: at once for a new place, and when asked again, in the language of the entry', async () => {
    const { typeId } = await soldOut('venteliste-2');
    const ahead = newEmail('ahead');
    const waiting = newEmail('waiting');
    await join(typeId, ahead);
    await join(typeId, waiting, 'en');
    await join(typeId, waiting, 'da');

    expect((await notices(waiting)).map((notice) => [notice.language, notice.template_data])).toEqual([
      ['en', expect.objectContaining({ kind: 'waitlist-place', place: 2, already: false })],
      ['en', expect.objectContaining({ kind: 'waitlist-place', place: 2, already: true })],
    ]);
    const rendered = renderEmail('registration-notice', 'en', (await notices(waiting))[1]!.template_data);
    expect(rendered.subject).toContain('Your place on the waiting list');
    expect(rendered.text).toContain('number 2');
  });

  it('tells a ticket holder put on the waitlist that they have a ticket, by email only', async () => {
    const { typeId, holder } = await soldOut('venteliste-3');
    await sql`delete from private.rate_limit_hits`;
    await join(typeId, holder);
    expect((await notices(holder)).map((notice) => notice.template_data.kind)).toEqual(['already-registered']);
  });

  it('emails a place asked for again at most once per window', async () => {
    const { typeId } = await soldOut('venteliste-4');
    const waiting = newEmail('again');
    await join(typeId, waiting);
    for (let attempt = 0; attempt < 5; attempt++) await join(typeId, waiting);
    const kinds = (await notices(waiting)).map((notice) => notice.template_data.already);
    expect(kinds).toEqual([false, true]);
  });

  it('answers "waitlisted" from the registration form of a sold-out type too, whatever the buyer holds', async () => {
    const { typeId, holder } = await soldOut('venteliste-5');
    const newcomer = newEmail('newcomer');
    expect(await registerAttendees(ctx(), registration(typeId, [newcomer], true))).toEqual({ kind: 'waitlisted' });
    expect(await registerAttendees(ctx(), registration(typeId, [holder], true))).toEqual({ kind: 'waitlisted' });
    // And without the waitlist box, both hear "sold out".
    const refusals = [
      await registerAttendees(ctx(), registration(typeId, [newEmail('late')])),
      await registerAttendees(ctx(), registration(typeId, [holder])),
    ];
    expect(refusals).toEqual([
      { kind: 'rejected', code: 'sold_out' },
      { kind: 'rejected', code: 'sold_out' },
    ]);
  });
});
