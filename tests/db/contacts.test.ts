// Contact exchange against a real Postgres: codes and their revocation, the
// request's every refusal (nothing stored for any), answers only by the
// recipient, auto-accept, notes private to their author, removal, the rate
// limit, erasure, and the race of two people scanning each other at once.
// The cards' visibility per caller is in the RLS matrix (rls.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  answerContactRequest,
  loadContactSection,
  loadMyContacts,
  removeContact,
  replaceContactCode,
  requestContact,
  saveContactNote,
  saveMyCard,
} from '../../src/lib/contacts/contacts.server.ts';
import { CONTACT_REQUEST_LIMITS } from '../../src/lib/contacts/contacts.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { worldAt } from '../fixtures/clock.ts';

const { sql } = await freshDatabase({ max: 12 });

let eventId: string;
let otherEventId: string;
let people: Attendee[];
let elsewhere: Attendee[];

const claimsOf = (person: Attendee) => person.claims as SignedIn;

async function insertDay(slug: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${slug}, ${`Dag ${slug}`}, ${worldAt('08:00')}, ${worldAt('17:00')}, 'Hallen', 'Os', 'published')
    returning id`;
  return row!.id;
}

async function codeOf(person: Attendee, event = eventId): Promise<{ token: string; shortCode: string }> {
  const section = await loadContactSection(claimsOf(person), 'da', sql);
  const code = section.codes.find((c) => c.id === event);
  if (!code) throw new Error(`no code for ${person.email}`);
  return code;
}

async function contactRows(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select ((select count(*) from public.contact_connections) + (select count(*) from public.contact_notes))::int as n`;
  return row!.n;
}

beforeAll(async () => {
  eventId = await insertDay('kontakter-dag');
  otherEventId = await insertDay('kontakter-anden-dag');
  people = await insertAttendees(sql, { eventId, count: 60, tag: 'kontakt' });
  elsewhere = await insertAttendees(sql, { eventId: otherEventId, count: 1, tag: 'andetsteds' });
});

afterAll(async () => {
  await closePool();
});

describe('contact codes', () => {
  it('are made once per person and day, only for a valid ticket, and replacing one revokes it', async () => {
    const [a] = people;
    const first = await codeOf(a!);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.shortCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(await codeOf(a!)).toMatchObject(first);
    // No ticket at the other day: no code there.
    expect((await loadContactSection(claimsOf(a!), 'da', sql)).codes.map((c) => c.id)).toEqual([eventId]);
    expect(await replaceContactCode(claimsOf(a!), otherEventId, sql)).toBeNull();

    const second = await replaceContactCode(claimsOf(a!), eventId, sql);
    expect(second).not.toBeNull();
    expect(second!.token).not.toBe(first.token);
    expect(await codeOf(a!)).toMatchObject(second!);
    const rows =
      await sql`select revoked_at is not null as revoked from public.contact_codes where user_id = ${a!.userId}
                             order by created_at`;
    expect(rows).toEqual([{ revoked: true }, { revoked: false }]);
  });
});

describe('asking to exchange cards', () => {
  it('stores one request however often the same person is scanned, and words every refusal without storing', async () => {
    const [, b, c] = people;
    const code = await codeOf(c!);
    expect(await requestContact(claimsOf(b!), eventId, code.token, sql)).toMatchObject({ ok: true, code: 'sent' });
    const before = await contactRows();
    const again = await Promise.all(
      Array.from({ length: 10 }, () => requestContact(claimsOf(b!), eventId, code.token, sql)),
    );
    expect(new Set(again.map((outcome) => outcome.code))).toEqual(new Set(['already_requested']));
    // The short code, typed sloppily, names the same person.
    const typed = `${code.shortCode.slice(0, 4).toLowerCase()} - ${code.shortCode.slice(4)}`;
    expect(await requestContact(claimsOf(b!), eventId, typed, sql)).toMatchObject({ code: 'already_requested' });
    expect(await contactRows()).toBe(before);

    const [, , , d, e] = people;
    const old = await codeOf(d!);
    await replaceContactCode(claimsOf(d!), eventId, sql);
    const foreign = await codeOf(elsewhere[0]!, otherEventId);
    const refusals = {
      revoked: await requestContact(claimsOf(e!), eventId, old.token, sql),
      revokedShort: await requestContact(claimsOf(e!), eventId, old.shortCode, sql),
      forged: await requestContact(claimsOf(e!), eventId, 'AAAAAAAAAAAAAAAAAAAAAA', sql),
      forgedShort: await requestContact(claimsOf(e!), eventId, '0000-0000', sql),
      garbage: await requestContact(claimsOf(e!), eventId, '<script>', sql),
      otherEvent: await requestContact(claimsOf(e!), eventId, foreign.token, sql),
      own: await requestContact(claimsOf(e!), eventId, (await codeOf(e!)).token, sql),
      noTicket: await requestContact(claimsOf(e!), otherEventId, foreign.token, sql),
    };
    expect(Object.fromEntries(Object.entries(refusals).map(([k, v]) => [k, v.code]))).toEqual({
      revoked: 'revoked',
      revokedShort: 'revoked',
      forged: 'unknown',
      forgedShort: 'unknown',
      garbage: 'unknown',
      otherEvent: 'other_event',
      own: 'own_code',
      noTicket: 'no_ticket',
    });
    expect(await contactRows()).toBe(before);
  });

  it('lets only the recipient answer, once; the requester is not told of a decline and cannot ask again', async () => {
    const [, , , , , f, g, h] = people;
    const sent = await requestContact(claimsOf(f!), eventId, (await codeOf(g!)).token, sql);
    expect(sent.ok).toBe(true);
    const id = (sent as { connectionId: string }).connectionId;
    expect(await answerContactRequest(claimsOf(f!), id, true, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await answerContactRequest(claimsOf(h!), id, true, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await answerContactRequest(claimsOf(g!), id, false, sql)).toEqual({ ok: true, answer: 'declined' });
    expect(await answerContactRequest(claimsOf(g!), id, true, sql)).toEqual({ ok: false, code: 'already_answered' });
    expect(await loadMyContacts(claimsOf(f!), 'da', sql)).toEqual([]);
    expect(await requestContact(claimsOf(f!), eventId, (await codeOf(g!)).token, sql)).toMatchObject({
      code: 'already_requested',
    });
    // The one who declined changes their mind by scanning back: connected.
    expect(await requestContact(claimsOf(g!), eventId, (await codeOf(f!)).token, sql)).toMatchObject({
      ok: true,
      code: 'connected',
    });
  });

  it('connects at once when the scanned person accepts automatically, and shows each only what the other shares', async () => {
    const [, , , , , , , , i, j] = people;
    await saveMyCard(
      claimsOf(j!),
      {
        card: {
          name: 'Jonna Jensen',
          organisation: 'Testrup Kommune',
          title: null,
          email: null,
          phone: null,
          linkedin: null,
        },
        autoAccept: true,
      },
      sql,
    );
    await saveMyCard(
      claimsOf(i!),
      {
        card: {
          name: 'Ib Ibsen',
          organisation: null,
          title: null,
          email: 'ib@example.org',
          phone: '+45 12 34 56 78',
          linkedin: null,
        },
        autoAccept: false,
      },
      sql,
    );
    expect(await requestContact(claimsOf(i!), eventId, (await codeOf(j!)).token, sql)).toMatchObject({
      code: 'connected',
    });
    const [seenByI] = await loadMyContacts(claimsOf(i!), 'da', sql);
    expect(seenByI).toMatchObject({
      status: 'accepted',
      incoming: false,
      eventName: 'Dag kontakter-dag',
      card: { name: 'Jonna Jensen', organisation: 'Testrup Kommune', title: null, email: null },
    });
    const [seenByJ] = await loadMyContacts(claimsOf(j!), 'da', sql);
    expect(seenByJ).toMatchObject({ incoming: true, card: { name: 'Ib Ibsen', phone: '+45 12 34 56 78' } });
  });
});

describe('notes and removal', () => {
  it('keeps a note private to its author, only on an accepted contact, and removal takes both notes along', async () => {
    const [, , , , , , , , , , k, l, m] = people;
    await saveMyCard(
      claimsOf(l!),
      {
        card: { name: 'Lis', organisation: null, title: null, email: null, phone: null, linkedin: null },
        autoAccept: true,
      },
      sql,
    );
    const made = await requestContact(claimsOf(k!), eventId, (await codeOf(l!)).token, sql);
    const id = (made as { connectionId: string }).connectionId;
    expect(await saveContactNote(claimsOf(k!), id, 'Taler om nærhed', sql)).toEqual({ ok: true });
    expect(await saveContactNote(claimsOf(l!), id, 'Ringer i januar', sql)).toEqual({ ok: true });
    expect(await saveContactNote(claimsOf(m!), id, 'Snyd', sql)).toEqual({ ok: false, code: 'not_found' });
    expect((await loadMyContacts(claimsOf(k!), 'da', sql))[0]!.note).toBe('Taler om nærhed');
    expect((await loadMyContacts(claimsOf(l!), 'da', sql))[0]!.note).toBe('Ringer i januar');
    // Writing straight into the table for the other person is refused by RLS.
    await expect(
      asUser(
        claimsOf(m!),
        (tx) => tx`insert into public.contact_notes (connection_id, author_id, body) values (${id}, ${m!.userId}, 'x')`,
        sql,
      ),
    ).rejects.toThrow(/row-level security/);

    expect(await saveContactNote(claimsOf(k!), id, '', sql)).toEqual({ ok: true });
    expect((await loadMyContacts(claimsOf(k!), 'da', sql))[0]!.note).toBeNull();
    expect(await removeContact(claimsOf(m!), id, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await removeContact(claimsOf(l!), id, sql)).toEqual({ ok: true });
    expect(await loadMyContacts(claimsOf(k!), 'da', sql)).toEqual([]);
    const [left] = await sql<
      { n: number }[]
    >`select count(*)::int as n from public.contact_notes where connection_id = ${id}`;
    expect(left!.n).toBe(0);
  });
});

describe('two people scanning each other at the same moment', () => {
  it('end in one accepted connection, every time', async () => {
    const pairs = Array.from({ length: 10 }, (_, n) => [people[20 + 2 * n]!, people[21 + 2 * n]!] as const);
    const codes = await Promise.all(pairs.map(async ([a, b]) => [await codeOf(a), await codeOf(b)] as const));
    const outcomes = await Promise.all(
      pairs.flatMap(([a, b], n) => [
        requestContact(claimsOf(a), eventId, codes[n]![1].token, sql),
        requestContact(claimsOf(b), eventId, codes[n]![0].token, sql),
      ]),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    for (const [a, b] of pairs) {
      const rows = await sql<{ status: string }[]>`
        select status from public.contact_connections
         where (requester_id, recipient_id) in ((${a.userId}::uuid, ${b.userId}::uuid), (${b.userId}::uuid, ${a.userId}::uuid))`;
      expect(rows).toEqual([{ status: 'accepted' }]);
    }
  });
});

describe('the rate limit', () => {
  it('refuses a person who asks too often, with a 429 code, storing nothing', async () => {
    const asker = people[45]!;
    const outcomes = [];
    for (let n = 0; n < CONTACT_REQUEST_LIMITS.perMinute + 2; n++) {
      outcomes.push(await requestContact(claimsOf(asker), eventId, `FORGED0${n}`.slice(0, 8), sql));
    }
    expect(outcomes.slice(0, CONTACT_REQUEST_LIMITS.perMinute).every((o) => o.code === 'unknown')).toBe(true);
    expect(outcomes.at(-1)).toMatchObject({ ok: false, code: 'rate_limited' });
    const target = await codeOf(people[46]!);
    expect(await requestContact(claimsOf(asker), eventId, target.token, sql)).toMatchObject({ code: 'rate_limited' });
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.contact_connections where requester_id = ${asker.userId}`;
    expect(row!.n).toBe(0);
  });
});

describe('deleting the account', () => {
  it('takes the card, codes, connections and notes along', async () => {
    const [x, y] = [people[50]!, people[51]!];
    await saveMyCard(
      claimsOf(x),
      {
        card: { name: 'Xenia', organisation: null, title: null, email: null, phone: null, linkedin: null },
        autoAccept: true,
      },
      sql,
    );
    const made = await requestContact(claimsOf(y), eventId, (await codeOf(x)).token, sql);
    const id = (made as { connectionId: string }).connectionId;
    await saveContactNote(claimsOf(y), id, 'Husk Xenia', sql);
    await asUser(claimsOf(x), (tx) => tx`select * from private.erase_my_personal_data()`, sql);
    const [left] = await sql<{ n: number }[]>`
      select ((select count(*) from public.contact_cards where user_id = ${x.userId})
            + (select count(*) from public.contact_codes where user_id = ${x.userId})
            + (select count(*) from public.contact_connections where ${x.userId} in (requester_id, recipient_id))
            + (select count(*) from public.contact_notes where connection_id = ${id}))::int as n`;
    expect(left!.n).toBe(0);
    expect(await loadMyContacts(claimsOf(y), 'da', sql)).toEqual([]);
  });
});
