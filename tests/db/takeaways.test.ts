// My takeaways against a real Postgres: the attended-vs-booked rule, notes
// that only their author can read or change, the page's data before and
// after the day, the signed certificate (a genuine one verifies, an altered
// or forged one does not), and "contact the team" (one email through the
// outbox without the attendee's address, one answer back with the team's,
// nothing shown to anyone else, a rate limit). Days are dated relative to now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asService, asUser, type Claims, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import { getOrCreateSigningKey } from '../../src/lib/tickets/keys.server.ts';
import { decodeCertificate, encodeCertificate } from '../../src/lib/takeaways/certificate.ts';
import { issueMyCertificate, verifyCertificate } from '../../src/lib/takeaways/certificate.server.ts';
import { answerContact, contactSolutionTeam, loadContactForTeam } from '../../src/lib/takeaways/contact.server.ts';
import {
  loadMyAttendedCalendar,
  loadMyNote,
  loadMyTakeaways,
  saveMyNote,
} from '../../src/lib/takeaways/takeaways.server.ts';
import { sign as signEd25519 } from 'node:crypto';
import { insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
const ORIGIN = 'http://localhost:4321';

// The outbox's rate limits and keys go through the process-wide pool in places; point it here.
const previousUrl = process.env['DATABASE_URL'];
process.env['DATABASE_URL'] = url;
afterAll(async () => {
  await closePool();
  if (previousUrl === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = previousUrl;
});

let day: PastDay;
let other: PastDay;
let tomorrow: PastDay;
let me: SignedIn;
let neighbour: SignedIn;
let unscanned: SignedIn;
let stranger: SignedIn;

function claimsOf(claims: Claims): SignedIn {
  if (claims.role !== 'authenticated') throw new Error('not signed in');
  return claims;
}

beforeAll(async () => {
  day = await insertPastDay(sql, { slug: 'udbytte-dag', attendees: 3 });
  other = await insertPastDay(sql, { slug: 'udbytte-anden', attendees: 1 });
  tomorrow = await insertPastDay(sql, { slug: 'udbytte-i-morgen', attendees: 1, hoursAgo: -24 });
  me = claimsOf(day.attendees[0]!.claims);
  neighbour = claimsOf(day.attendees[1]!.claims);
  // A ticket holder nobody scanned anywhere.
  unscanned = claimsOf((await insertAttendees(sql, { eventId: day.eventId, count: 1, tag: 'uscannet' }))[0]!.claims);
  stranger = claimsOf((await insertUser(sql, 'fremmed-udbytte@example.org')).claims);
});

const attendance = (claims: Claims, eventId: string) =>
  asUser(
    claims,
    (tx) => tx<{ session_id: string; status: string }[]>`
      select session_id, status from private.my_attendance(${eventId}) order by session_id, status`,
    sql,
  );

describe('the attended-vs-booked rule', () => {
  it('counts door scans as attended, seats where nobody was scanned as booked, and leaves out a session missed', async () => {
    const rows = await attendance(me, day.eventId);
    const byStatus = (status: string) =>
      rows
        .filter((row) => row.status === status)
        .map((row) => row.session_id)
        .sort();
    expect(byStatus('attended')).toEqual([day.sessions.track, day.sessions.workshop, day.sessions.round].sort());
    // The round was booked and scanned; the booking never stands beside its check-in as a second entry that counts.
    expect(byStatus('booked')).toEqual([day.sessions.unscanned]);
    expect(rows.map((row) => row.session_id)).not.toContain(day.sessions.missed);
    expect(rows.map((row) => row.session_id)).not.toContain(day.sessions.keynote);
  });

  it('shows the one attendee scanned at the missed session as attended there', async () => {
    const last = day.attendees[day.attendees.length - 1]!.claims;
    const rows = await attendance(last, day.eventId);
    expect(rows).toContainEqual({ session_id: day.sessions.missed, status: 'attended' });
  });

  it('gives nobody else’s rows, and nothing to the signed out', async () => {
    expect(await attendance(stranger, day.eventId)).toEqual([]);
    expect(await attendance(me, other.eventId)).toEqual([]);
    expect(await sqlState(attendance(ANON, day.eventId))).toBe('42501');
  });

  it('knows who was checked in, and forgets an undone door scan', async () => {
    const checkedIn = (claims: Claims) =>
      asUser(claims, (tx) => tx<{ ok: boolean }[]>`select private.i_was_checked_in(${day.eventId}) as ok`, sql);
    expect((await checkedIn(me))[0]!.ok).toBe(true);
    expect((await checkedIn(unscanned))[0]!.ok).toBe(false);
    const [ticket] = await sql<{ id: string }[]>`
      select t.id from public.tickets t where t.holder_user_id = ${unscanned.sub}`;
    await sql`
      insert into public.check_ins (event_id, ticket_id, device, nonce, scanned_at, result, revision, undone_at)
      values (${day.eventId}, ${ticket!.id}, 'telefon-2', gen_random_uuid(), now(), 'ok', 1, now())`;
    expect((await checkedIn(unscanned))[0]!.ok).toBe(false);
  });
});

describe('notes', () => {
  const readNotes = (claims: Claims) =>
    asUser(
      claims,
      (tx) => tx<{ body: string; user_id: string }[]>`select body, user_id from public.session_notes`,
      sql,
    );

  it('are written by a ticket holder and read back by them alone', async () => {
    expect(await saveMyNote(me, { sessionId: day.sessions.track, body: 'Spørg om tjeklisten' }, sql)).toEqual({
      ok: true,
      saved: 'saved',
    });
    expect(
      await saveMyNote(me, { sessionId: day.sessions.track, body: 'Spørg om tjeklisten – og økonomien' }, sql),
    ).toEqual({
      ok: true,
      saved: 'saved',
    });
    expect(await readNotes(me)).toEqual([{ body: 'Spørg om tjeklisten – og økonomien', user_id: me.sub }]);
    expect(await loadMyNote(me, day.slug, day.slugs.track, sql)).toMatchObject({
      canWrite: true,
      body: 'Spørg om tjeklisten – og økonomien',
    });
    expect(await readNotes(neighbour)).toEqual([]);
    expect(await readNotes(stranger)).toEqual([]);
    expect(await sqlState(readNotes(ANON))).toBe('42501');
  });

  it('cannot be changed, deleted or written in someone else’s name', async () => {
    const [note] = await sql<{ id: string }[]>`select id from public.session_notes where user_id = ${me.sub}`;
    const updated = await asUser(
      neighbour,
      (tx) => tx`update public.session_notes set body = 'hacket' where id = ${note!.id}`,
      sql,
    );
    expect(updated.count).toBe(0);
    const deleted = await asUser(neighbour, (tx) => tx`delete from public.session_notes where id = ${note!.id}`, sql);
    expect(deleted.count).toBe(0);
    const forged = asUser(
      neighbour,
      (tx) => tx`
        insert into public.session_notes (event_id, session_id, user_id, body)
        values (${day.eventId}, ${day.sessions.workshop}, ${me.sub}, 'i dit navn')`,
      sql,
    );
    expect(await sqlState(forged)).toBe('42501');
    // Nor may the author move their note to someone else.
    const moved = asUser(
      me,
      (tx) => tx`update public.session_notes set user_id = ${neighbour.sub} where id = ${note!.id}`,
      sql,
    );
    expect(await sqlState(moved)).toBe('42501');
    const [still] = await sql<
      { body: string; user_id: string }[]
    >`select body, user_id from public.session_notes where id = ${note!.id}`;
    expect(still).toEqual({ body: 'Spørg om tjeklisten – og økonomien', user_id: me.sub });
  });

  it('are refused to someone without a ticket for the event, by the use case and by the policy', async () => {
    expect(await saveMyNote(stranger, { sessionId: day.sessions.track, body: 'Hej' }, sql)).toEqual({
      ok: false,
      code: 'no_ticket',
    });
    expect(await saveMyNote(me, { sessionId: other.sessions.track, body: 'Forkert dag' }, sql)).toEqual({
      ok: false,
      code: 'no_ticket',
    });
    const direct = asUser(
      stranger,
      (tx) => tx`
        insert into public.session_notes (event_id, session_id, user_id, body)
        values (${day.eventId}, ${day.sessions.track}, ${stranger.sub}, 'uden billet')`,
      sql,
    );
    expect(await sqlState(direct)).toBe('42501');
    expect(await sql`select 1 from public.session_notes where user_id = ${stranger.sub}`).toHaveLength(0);
  });

  it('are deleted by saving them empty, and too long a note is refused by the database too', async () => {
    await saveMyNote(neighbour, { sessionId: day.sessions.workshop, body: 'Kort' }, sql);
    expect(await saveMyNote(neighbour, { sessionId: day.sessions.workshop, body: '' }, sql)).toEqual({
      ok: true,
      saved: 'deleted',
    });
    expect(await readNotes(neighbour)).toEqual([]);
    const tooLong = saveMyNote(neighbour, { sessionId: day.sessions.workshop, body: 'x'.repeat(5001) }, sql);
    expect(await sqlState(tooLong)).toBe('23514');
  });
});

describe('the takeaways page', () => {
  it('says when it opens while the day is still ahead', async () => {
    const page = await loadMyTakeaways(claimsOf(tomorrow.attendees[0]!.claims), tomorrow.slug, 'da', sql);
    expect(page?.state).toBe('not_open');
  });

  it('tells someone without a ticket so, and knows no unknown event', async () => {
    expect((await loadMyTakeaways(stranger, day.slug, 'da', sql))?.state).toBe('no_ticket');
    expect(await loadMyTakeaways(me, 'ingen-saadan-dag', 'da', sql)).toBeNull();
  });

  it('lists what I attended with its status, the solutions I met, my notes and the published takeaways', async () => {
    await sql`
      insert into public.takeaways (event_id, session_id, position, title, body, published_at) values
        (${day.eventId}, null, 1, 'Nærhed kræver nye rammer', 'Første pointe', now() - interval '1 hour'),
        (${day.eventId}, ${day.sessions.track}, 1, 'Politikere og bureaukrater', 'Fra sporet', now() - interval '1 hour'),
        (${day.eventId}, ${day.sessions.missed}, 1, 'Fra en session jeg ikke var i', '', now() - interval '1 hour'),
        (${day.eventId}, null, 2, 'Ikke offentliggjort endnu', '', null)`;
    const page = await loadMyTakeaways(me, day.slug, 'en', sql);
    if (page?.state !== 'open') throw new Error(`expected an open page, got ${page?.state}`);
    expect(page.sessions.map((session) => [session.slug, session.status])).toEqual([
      [day.slugs.track, 'attended'],
      [day.slugs.workshop, 'attended'],
      [day.slugs.round, 'attended'],
      [day.slugs.unscanned, 'booked'],
    ]);
    expect(page.sessions[0]!.title).toBe('Når politikere og bureaukrater mødes (en)');
    expect(page.solutions.map((solution) => solution.title)).toEqual(['Borgerservice-to-go', 'Social Talks']);
    expect(page.solutions[0]).toMatchObject({ targetGroup: 'Ældre borgere', contact: null });
    expect(page.notes.map((note) => note.body)).toEqual(['Spørg om tjeklisten – og økonomien']);
    expect(page.published.map((item) => item.title)).toEqual([
      'Nærhed kræver nye rammer',
      'Politikere og bureaukrater',
    ]);
    expect(page.checkedIn).toBe(true);
  });

  it('gives what I attended as a calendar', async () => {
    const file = await loadMyAttendedCalendar(me, { eventSlug: day.slug, lang: 'da', origin: ORIGIN }, sql);
    expect(file?.ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(file?.ics).toContain(`session-${day.sessions.round}@samspil`);
    expect(file?.ics).not.toContain(`session-${day.sessions.missed}@samspil`);
    expect(await loadMyAttendedCalendar(me, { eventSlug: tomorrow.slug, lang: 'da', origin: ORIGIN }, sql)).toBeNull();
  });
});

describe('the certificate', () => {
  it('is issued to a checked-in attendee after the day, with the hours the sessions cover', async () => {
    const issued = await issueMyCertificate(me, day.slug, 'da', sql);
    if (!issued.ok) throw new Error(issued.code);
    expect(issued.certificate.name).toBe(`Deltager ${day.attendees[0]!.email.split('@')[0]}`);
    expect(issued.certificate.minutes).toBe(240);
    expect(issued.certificate.sessions.map((session) => session.title)).toEqual([
      'Når politikere og bureaukrater mødes',
      'Værksted: sociale partnerskaber',
      'Løsningsgalleri: nærhed',
      'Paneldebat om nærhedsreformen',
    ]);
    const verified = await verifyCertificate(issued.certificate.token, 'en', sql);
    expect(verified.valid).toBe(true);
    if (verified.valid) {
      expect(verified.certificate).toMatchObject({ name: issued.certificate.name, minutes: 240 });
      expect(verified.certificate.sessions).toHaveLength(4);
    }
  });

  it('is refused before the day ends and to someone never checked in', async () => {
    expect(await issueMyCertificate(claimsOf(tomorrow.attendees[0]!.claims), tomorrow.slug, 'da', sql)).toEqual({
      ok: false,
      code: 'not_open',
    });
    expect(await issueMyCertificate(unscanned, day.slug, 'da', sql)).toEqual({ ok: false, code: 'not_checked_in' });
    expect(await issueMyCertificate(stranger, day.slug, 'da', sql)).toEqual({ ok: false, code: 'not_checked_in' });
  });

  it('fails verification when anything in it is altered', async () => {
    const issued = await issueMyCertificate(me, day.slug, 'da', sql);
    if (!issued.ok) throw new Error(issued.code);
    const { token } = issued.certificate;
    const decoded = decodeCertificate(token);
    if (!decoded.ok) throw new Error('malformed');
    // More hours, a different name: re-encoded with the same signature.
    const bytes = Buffer.from(token, 'base64url');
    const minutesAt = 1 + 1 + 16 + 16 + 4;
    const moreHours = Buffer.from(bytes);
    moreHours.writeUInt16BE(600, minutesAt);
    expect((await verifyCertificate(moreHours.toString('base64url'), 'da', sql)).valid).toBe(false);
    const nameAt = bytes.length - 64 - 1;
    const renamed = Buffer.from(bytes);
    renamed[nameAt] = renamed[nameAt]! ^ 0x01;
    expect((await verifyCertificate(renamed.toString('base64url'), 'da', sql)).valid).toBe(false);
    expect((await verifyCertificate(token.slice(0, -4), 'da', sql)).valid).toBe(false);
    expect((await verifyCertificate('not-a-token', 'da', sql)).valid).toBe(false);
  });

  it('fails verification when signed with another event’s key', async () => {
    const key = await asService((tx) => getOrCreateSigningKey(tx, other.eventId), sql);
    const decoded = decodeCertificate(
      ((await issueMyCertificate(me, day.slug, 'da', sql)) as { ok: true; certificate: { token: string } }).certificate
        .token,
    );
    if (!decoded.ok) throw new Error('malformed');
    const forged = await encodeCertificate({ ...decoded.facts, keyId: key.keyId }, (message) =>
      signEd25519(null, message, key.privateKey),
    );
    expect((await verifyCertificate(forged, 'da', sql)).valid).toBe(false);
  });
});

describe('contacting a solution team', () => {
  const outbox = (template: string) =>
    sql<{ recipient: string; template_data: Record<string, unknown>; language: string }[]>`
      select recipient, template_data, language from private.outbox_emails where template = ${template} order by created_at`;
  let replyToken = '';

  it('emails the team the message and a reply link, never the attendee’s address', async () => {
    const result = await contactSolutionTeam(
      me,
      { solutionId: day.solutionId, message: 'Kan vi låne jeres tjekliste?', shareName: true, shareEmail: true },
      ORIGIN,
      sql,
    );
    expect(result).toEqual({ ok: true });
    const [email] = await outbox('solution-contact');
    expect(email!.recipient).toBe(day.contactEmail);
    expect(email!.template_data['message']).toBe('Kan vi låne jeres tjekliste?');
    expect(JSON.stringify(email)).not.toContain(me.email!);
    replyToken = new URL(String(email!.template_data['replyUrl'])).pathname.split('/').pop()!;
  });

  it('is once per solution, only for solutions I met, and a stranger may not', async () => {
    const again = { solutionId: day.solutionId, message: 'Igen', shareName: false, shareEmail: false };
    expect(await contactSolutionTeam(me, again, ORIGIN, sql)).toEqual({ ok: false, code: 'already_contacted' });
    const elsewhere = { ...again, solutionId: other.solutionId };
    expect(await contactSolutionTeam(me, elsewhere, ORIGIN, sql)).toEqual({ ok: false, code: 'not_met' });
    expect(await contactSolutionTeam(stranger, { ...again, solutionId: day.solutionId }, ORIGIN, sql)).toEqual({
      ok: false,
      code: 'not_met',
    });
    expect(await outbox('solution-contact')).toHaveLength(1);
  });

  it('shows the team the message but nothing of the sender before they answer', async () => {
    const contact = await loadContactForTeam(replyToken, 'da', sql);
    expect(contact).toMatchObject({
      solutionTitle: 'Borgerservice-to-go',
      message: 'Kan vi låne jeres tjekliste?',
      answeredAt: null,
      shared: { name: null, organisation: null, email: null },
    });
    expect(await loadContactForTeam('A'.repeat(43), 'da', sql)).toBeNull();
  });

  it('sends the answer once, with the team’s address, and then shows what the attendee allowed', async () => {
    expect(await answerContact(replyToken, 'Selvfølgelig – vi sender den.', ORIGIN, sql)).toEqual({ ok: true });
    expect(await answerContact(replyToken, 'Igen', ORIGIN, sql)).toEqual({ ok: false, code: 'already_answered' });
    expect(await answerContact('B'.repeat(43), 'Hej', ORIGIN, sql)).toEqual({ ok: false, code: 'unknown' });
    const replies = await outbox('solution-contact-reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.recipient).toBe(me.email);
    expect(replies[0]!.template_data).toMatchObject({
      reply: 'Selvfølgelig – vi sender den.',
      contactEmail: day.contactEmail,
    });
    const contact = await loadContactForTeam(replyToken, 'da', sql);
    expect(contact?.shared).toEqual({
      name: `Deltager ${me.email!.split('@')[0]}`,
      organisation: null,
      email: me.email,
    });
    const page = await loadMyTakeaways(me, day.slug, 'da', sql);
    if (page?.state !== 'open') throw new Error('not open');
    expect(page.solutions[0]!.contact).toMatchObject({ reply: 'Selvfølgelig – vi sender den.' });
  });

  it('keeps the contact rows to their sender, and the reply token from everyone', async () => {
    const read = (claims: Claims) =>
      asUser(claims, (tx) => tx<{ message: string }[]>`select message from public.solution_contacts`, sql);
    expect(await read(me)).toEqual([{ message: 'Kan vi låne jeres tjekliste?' }]);
    expect(await read(neighbour)).toEqual([]);
    expect(await sqlState(read(ANON))).toBe('42501');
    expect(await sqlState(asUser(me, (tx) => tx`select reply_token_hash from public.solution_contacts`, sql))).toBe(
      '42501',
    );
    expect(
      await sqlState(asUser(me, (tx) => tx`update public.solution_contacts set reply = 'mit eget svar'`, sql)),
    ).toBe('42501');
  });

  it('limits how many messages one attendee sends in a minute', async () => {
    const attempt = () =>
      contactSolutionTeam(
        neighbour,
        { solutionId: day.otherSolutionId, message: 'Hej', shareName: false, shareEmail: false },
        ORIGIN,
        sql,
      );
    expect(await attempt()).toEqual({ ok: true });
    expect(await attempt()).toEqual({ ok: false, code: 'already_contacted' });
    expect(await attempt()).toEqual({ ok: false, code: 'already_contacted' });
    expect(await attempt()).toMatchObject({ ok: false, code: 'too_many' });
  });
});

describe('retention', () => {
  it('deletes the event’s notes and contacts when its attendees are anonymised, and no other event’s', async () => {
    const attendee = claimsOf(other.attendees[0]!.claims);
    await saveMyNote(attendee, { sessionId: other.sessions.track, body: 'Glemmes' }, sql);
    expect(
      await contactSolutionTeam(
        attendee,
        { solutionId: other.solutionId, message: 'Glemmes også', shareName: true, shareEmail: false },
        ORIGIN,
        sql,
      ),
    ).toEqual({ ok: true });
    const count = async (eventId: string) => {
      const [row] = await sql<{ notes: number; contacts: number }[]>`
        select (select count(*)::int from public.session_notes where event_id = ${eventId}) as notes,
               (select count(*)::int from public.solution_contacts where event_id = ${eventId}) as contacts`;
      return row;
    };
    expect(await count(other.eventId)).toEqual({ notes: 1, contacts: 1 });
    const before = await count(day.eventId);
    await asService((tx) => tx`select private.anonymise_event(${other.eventId})`, sql);
    expect(await count(other.eventId)).toEqual({ notes: 0, contacts: 0 });
    expect(await count(day.eventId)).toEqual(before);
  });
});

describe('materials in the takeaways', () => {
  it('lists the materials of what I attended and the solutions I met, as their visibility allows', async () => {
    await sql`
      insert into public.materials (event_id, session_id, solution_id, title, visibility, link_url) values
        (${day.eventId}, ${day.sessions.track}, null, 'Slides fra sporet', 'session_attendees', 'https://example.org/slides'),
        (${day.eventId}, ${day.sessions.missed}, null, 'Fra en session jeg missede', 'session_attendees', 'https://example.org/missed'),
        (${day.eventId}, null, ${day.solutionId}, 'Tjeklisten', 'public', 'https://example.org/tjekliste')`;
    const page = await loadMyTakeaways(me, day.slug, 'da', sql);
    if (page?.state !== 'open') throw new Error('not open');
    const track = page.sessions.find((session) => session.id === day.sessions.track)!;
    expect(track.materials).toEqual([
      { title: 'Slides fra sporet', href: 'https://example.org/slides', kind: 'link', detail: 'example.org' },
    ]);
    expect(page.sessions.flatMap((session) => session.materials.map((material) => material.title))).not.toContain(
      'Fra en session jeg missede',
    );
    expect(page.solutions.find((solution) => solution.id === day.solutionId)!.materials.map((m) => m.title)).toEqual([
      'Tjeklisten',
    ]);
  });
});
