// The audience award against a real Postgres: organisers set it up (role and
// version checked), every ticket checked in at the entrance votes once with
// its link (changeable until the close, never two), refusals say why, votes
// stay secret (only totals, and those only for organisers until announced),
// and 1,000 simultaneous voters plus their replays count exactly 1,000.
// Windows are relative to now.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  awardStep,
  castVote,
  loadAwardConsole,
  loadBallot,
  loadPublicAward,
  myVoteLink,
  saveAward,
  setNominee,
} from '../../src/lib/award/award.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';

const { sql, url } = await freshDatabase({ max: 12 });
const previousUrl = process.env['DATABASE_URL'];
process.env['DATABASE_URL'] = url;
afterAll(async () => {
  await closePool();
  if (previousUrl === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = previousUrl;
});

const ZONE = 'Europe/Copenhagen';
const MINUTE = 60_000;

/** A wall clock in Copenhagen `minutes` from now, as the console's form posts it. */
function wallClock(minutes: number): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + minutes * MINUTE));
  return parts.replace(' ', 'T');
}

let day: PastDay;
let other: PastDay;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let stranger: SignedIn;
let submittedSolutionId: string;

const signedIn = (claims: unknown) => claims as SignedIn;

const form = (eventId: string, version: number | undefined, opens: number, closes: number) => ({
  event: eventId,
  version,
  name: 'Publikumsprisen',
  nameEn: 'The audience award',
  description: null,
  descriptionEn: null,
  opensAt: wallClock(opens),
  closesAt: wallClock(closes),
  juryShare: 0,
});

/** Moves the window directly (the form only takes whole minutes), as the service. */
async function setWindow(eventId: string, opensInMinutes: number, closesInMinutes: number) {
  await sql`
    update public.awards
       set opens_at = now() + make_interval(secs => ${opensInMinutes * 60}),
           closes_at = now() + make_interval(secs => ${closesInMinutes * 60}),
           announced_at = null
     where event_id = ${eventId}`;
}

async function linkOf(ticketId: string): Promise<string> {
  const [row] = await sql<{ token: string }[]>`
    select private.sign_award_link(id, revision) as token from public.tickets where id = ${ticketId}`;
  return row!.token;
}

beforeAll(async () => {
  day = await insertPastDay(sql, { slug: 'pris-dag', attendees: 4, hoursAgo: 2 });
  other = await insertPastDay(sql, { slug: 'pris-anden', attendees: 1, hoursAgo: 2 });
  organiser = signedIn((await insertUser(sql, 'arrangoer-pris@example.org')).claims);
  otherOrganiser = signedIn((await insertUser(sql, 'anden-arrangoer-pris@example.org')).claims);
  stranger = signedIn((await insertUser(sql, 'fremmed-pris@example.org')).claims);
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${day.eventId}, ${organiser.sub}, 'organiser'), (${other.eventId}, ${otherOrganiser.sub}, 'organiser')`;
  const [submitted] = await sql<{ id: string }[]>`
    insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
    values (${day.eventId}, 'indsendt-pris', 'Indsendt', 'Endnu ikke optaget', 'Kim', 'kim@example.org', 'submitted')
    returning id`;
  submittedSolutionId = submitted!.id;
});

describe('organisers set up the award', () => {
  it('is created and changed at the version shown; a stale save, a reversed window and strangers are refused', async () => {
    expect(await saveAward(otherOrganiser, form(day.eventId, undefined, 5, 60), sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    const created = await saveAward(organiser, form(day.eventId, undefined, 5, 60), sql);
    expect(created).toEqual({ ok: true, version: 1 });
    // A second "first save" (another organiser's form from before) is told, not a second award.
    expect(await saveAward(organiser, form(day.eventId, undefined, 5, 60), sql)).toMatchObject({
      code: 'changed_elsewhere',
    });
    expect(await saveAward(organiser, { ...form(day.eventId, 1, 5, 60), juryShare: 30 }, sql)).toEqual({
      ok: true,
      version: 2,
    });
    expect(await saveAward(organiser, form(day.eventId, 1, 5, 60), sql)).toMatchObject({
      code: 'changed_elsewhere',
    });
    expect(await saveAward(organiser, form(day.eventId, 2, 60, 5), sql)).toMatchObject({ code: 'window_order' });
    expect(await loadAwardConsole(stranger, day.eventId, sql)).toBeNull();
    const view = await loadAwardConsole(organiser, day.eventId, sql);
    expect(view?.award).toMatchObject({ name: 'Publikumsprisen', juryShare: 30, version: 2 });
    expect(view?.eligible).toBe(4);
    // Writing the tables directly is not for anyone but the functions.
    const direct = asUser(
      organiser,
      (tx) => tx`update public.awards set jury_share = 90 where event_id = ${day.eventId}`,
      sql,
    );
    expect(await sqlState(direct)).toBe('42501');
  });

  it('nominates accepted solutions of its own event only', async () => {
    const nominate = (solution: string, on = true, points: number | null = null) =>
      setNominee(organiser, { event: day.eventId, solution, nominee: on, juryPoints: points }, sql);
    expect(await nominate(day.solutionId, true, 60)).toEqual({ ok: true, version: null });
    expect(await nominate(day.otherSolutionId, true, 40)).toEqual({ ok: true, version: null });
    expect(await nominate(submittedSolutionId)).toMatchObject({ code: 'not_accepted' });
    expect(await nominate(other.solutionId)).toMatchObject({ code: 'not_accepted' });
    expect(
      await setNominee(
        otherOrganiser,
        { event: day.eventId, solution: day.solutionId, nominee: false, juryPoints: null },
        sql,
      ),
    ).toMatchObject({ code: 'not_found' });
    const view = await loadPublicAward(ANON, day.eventId, sql);
    expect(view?.nominees.map((n) => n.title)).toEqual(['Borgerservice-to-go', 'Social Talks']);
    expect(view?.tallies).toEqual([]);
  });
});

describe('voting', () => {
  it('takes one vote per checked-in ticket, changeable, replays unchanged; refusals say why', async () => {
    await setWindow(day.eventId, -1, 30);
    const [first, second, third] = day.attendees;
    const link = await myVoteLink(signedIn(first!.claims), day.eventId, sql);
    expect(link).toBe(await linkOf(first!.ticketId));
    // Someone else's event: no ticket there, no link.
    expect(await myVoteLink(signedIn(first!.claims), other.eventId, sql)).toBeNull();

    expect(await loadBallot(ANON, link!, sql)).toEqual({ ok: true, eventId: day.eventId, choice: null });
    expect(await castVote(ANON, link!, day.solutionId, sql)).toEqual({ ok: true, code: 'cast' });
    expect(await castVote(ANON, link!, day.solutionId, sql)).toEqual({ ok: true, code: 'unchanged' });
    expect(await castVote(signedIn(first!.claims), link!, day.otherSolutionId, sql)).toEqual({
      ok: true,
      code: 'changed',
    });
    expect(await loadBallot(ANON, link!, sql)).toMatchObject({ choice: day.otherSolutionId });
    expect(await castVote(ANON, link!, submittedSolutionId, sql)).toMatchObject({ code: 'not_nominee' });
    expect(await castVote(ANON, link!, undefined, sql)).toMatchObject({ code: 'not_nominee' });

    // A forged or altered link, another event's solution, a link of an old revision.
    const [payload, mac] = link!.split('.');
    expect(await castVote(ANON, `${payload}.${mac!.slice(0, -2)}AA`, day.solutionId, sql)).toMatchObject({
      code: 'invalid',
    });
    expect(await castVote(ANON, 'not-a-link', day.solutionId, sql)).toMatchObject({ code: 'invalid' });
    const secondLink = await linkOf(second!.ticketId);
    await sql`update public.tickets set revision = revision + 1 where id = ${second!.ticketId}`;
    expect(await castVote(ANON, secondLink, day.solutionId, sql)).toMatchObject({ code: 'invalid' });
    expect(await castVote(ANON, await linkOf(second!.ticketId), day.solutionId, sql)).toEqual({
      ok: true,
      code: 'cast',
    });

    // Not checked in (the check-in undone), then a cancelled ticket.
    await sql`update public.check_ins set undone_at = now() where ticket_id = ${third!.ticketId}`;
    expect(await castVote(ANON, await linkOf(third!.ticketId), day.solutionId, sql)).toMatchObject({
      code: 'not_checked_in',
    });
    await sql`update public.tickets set status = 'cancelled', cancelled_at = now() where id = ${third!.ticketId}`;
    expect(await castVote(ANON, await linkOf(third!.ticketId), day.solutionId, sql)).toMatchObject({
      code: 'cancelled',
    });

    // Before the window, and after it.
    await setWindow(day.eventId, 10, 30);
    expect(await castVote(ANON, link!, day.solutionId, sql)).toMatchObject({ code: 'not_open' });
    await setWindow(day.eventId, -30, -1);
    expect(await castVote(ANON, link!, day.solutionId, sql)).toMatchObject({ code: 'closed' });
    expect(await loadBallot(ANON, link!, sql)).toMatchObject({ choice: day.otherSolutionId });
  });

  it('keeps votes secret: nobody reads the rows; totals go to organisers until announced, then to everyone', async () => {
    for (const claims of [ANON, stranger, organiser, signedIn(day.attendees[0]!.claims)]) {
      const read = asUser(claims, (tx) => tx`select * from private.award_votes`, sql);
      expect(await sqlState(read)).toBe('42501');
    }
    const totals = (await loadAwardConsole(organiser, day.eventId, sql))!.tallies;
    expect(Object.fromEntries(totals.map((t) => [t.solutionId, t.votes]))).toEqual({
      [day.solutionId]: 1,
      [day.otherSolutionId]: 1,
    });
    expect((await loadPublicAward(stranger, day.eventId, sql))?.tallies).toEqual([]);
    // A nominee with votes stays in the running.
    expect(
      await setNominee(
        organiser,
        { event: day.eventId, solution: day.solutionId, nominee: false, juryPoints: null },
        sql,
      ),
    ).toMatchObject({ code: 'has_votes' });

    const version = (await loadAwardConsole(organiser, day.eventId, sql))!.award!.version;
    expect(await awardStep(organiser, { event: day.eventId, version, step: 'announce' }, sql)).toMatchObject({
      ok: true,
    });
    const announced = await loadPublicAward(ANON, day.eventId, sql);
    expect(announced?.award.announcedAt).toBeInstanceOf(Date);
    expect(announced?.tallies.map((t) => t.votes).sort()).toEqual([1, 1]);
    // Settings stand once announced.
    const now = (await loadAwardConsole(organiser, day.eventId, sql))!.award!.version;
    expect(await saveAward(organiser, form(day.eventId, now, 5, 60), sql)).toMatchObject({ code: 'announced' });
    expect(await awardStep(organiser, { event: day.eventId, version: now, step: 'withdraw' }, sql)).toMatchObject({
      ok: true,
    });
    expect((await loadPublicAward(ANON, day.eventId, sql))?.tallies).toEqual([]);
  });

  it('cannot announce while the voting is open; closing ends it now', async () => {
    await setWindow(day.eventId, -5, 30);
    const version = (await loadAwardConsole(organiser, day.eventId, sql))!.award!.version;
    expect(await awardStep(organiser, { event: day.eventId, version, step: 'announce' }, sql)).toMatchObject({
      code: 'still_open',
    });
    const closed = await awardStep(organiser, { event: day.eventId, version, step: 'close' }, sql);
    expect(closed).toMatchObject({ ok: true });
    const link = await linkOf(day.attendees[0]!.ticketId);
    expect(await castVote(ANON, link, day.solutionId, sql)).toMatchObject({ code: 'closed' });
    const after = (await loadAwardConsole(organiser, day.eventId, sql))!.award!.version;
    expect(await awardStep(organiser, { event: day.eventId, version: after, step: 'announce' }, sql)).toMatchObject({
      ok: true,
    });
  });
});

describe('a closing-session burst', () => {
  it('counts 1,000 simultaneous voters and their replays exactly once each', async () => {
    const crowd = await insertPastDay(sql, { slug: 'pris-stor', attendees: 1000, hoursAgo: 2 });
    const boss = signedIn((await insertUser(sql, `arrangoer-stor-${randomUUID()}@example.org`)).claims);
    await sql`insert into public.event_roles (event_id, user_id, role) values (${crowd.eventId}, ${boss.sub}, 'organiser')`;
    await saveAward(boss, form(crowd.eventId, undefined, 5, 60), sql);
    for (const solution of [crowd.solutionId, crowd.otherSolutionId]) {
      await setNominee(boss, { event: crowd.eventId, solution, nominee: true, juryPoints: null }, sql);
    }
    await setWindow(crowd.eventId, -1, 30);
    const links = await sql<{ token: string }[]>`
      select private.sign_award_link(id, revision) as token from public.tickets where event_id = ${crowd.eventId}`;
    expect(links).toHaveLength(1000);
    const choice = (i: number) => (i % 3 === 0 ? crowd.otherSolutionId : crowd.solutionId);
    // Every voter twice at once (a double tap), then everyone again (a reload).
    const burst = links.flatMap(({ token }, i) => [
      castVote(ANON, token, choice(i), sql),
      castVote(ANON, token, choice(i), sql),
    ]);
    const answers = await Promise.all(burst);
    const replays = await Promise.all(links.map(({ token }, i) => castVote(ANON, token, choice(i), sql)));
    const codes = (list: typeof answers) =>
      list.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.code]: (acc[a.code] ?? 0) + 1 }), {});
    expect(codes(answers)).toEqual({ cast: 1000, unchanged: 1000 });
    expect(codes(replays)).toEqual({ unchanged: 1000 });
    const [counted] = await sql<{ rows: number; tickets: number }[]>`
      select count(*)::int as rows, count(distinct ticket_id)::int as tickets
        from private.award_votes where event_id = ${crowd.eventId}`;
    expect(counted).toEqual({ rows: 1000, tickets: 1000 });
    const tallies = (await loadAwardConsole(boss, crowd.eventId, sql))!.tallies;
    expect(Object.fromEntries(tallies.map((t) => [t.solutionId, t.votes]))).toEqual({
      [crowd.otherSolutionId]: 334,
      [crowd.solutionId]: 666,
    });
  }, 120_000);
});
