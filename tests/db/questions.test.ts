// Questions in a session against a real Postgres: ticket holders ask and
// up-vote while the list is open, a moderator only of their own session (or
// their own solution's list in a gallery round), attendees never see who
// voted nor who asked anonymously, every abuse is refused with nothing
// stored, the rate limit holds, 200 simultaneous votes (and their replays)
// count exactly once each, and the data export and erasure know questions.
// Session times are relative to now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  askQuestion,
  loadQuestionList,
  moderateQuestion,
  setQuestionWindow,
  voteQuestion,
} from '../../src/lib/questions/questions.server.ts';
import { eraseMyAccount, exportMyData } from '../../src/lib/registration/my-page.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';

const { sql, url } = await freshDatabase({ max: 24 });
const previousUrl = process.env['DATABASE_URL'];
process.env['DATABASE_URL'] = url;
afterAll(async () => {
  await closePool();
  if (previousUrl === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = previousUrl;
});

let day: PastDay;
let other: PastDay;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let moderator: SignedIn;
let plainSpeaker: SignedIn;
let teamMember: SignedIn;
let stranger: SignedIn;
/** Sessions of `day`: now (open by the clock), later (not open yet), over (closed), and the gallery round (open). */
const live = { now: '', later: '', over: '', round: '' };
let attendees: SignedIn[];

const signedIn = (claims: unknown) => claims as SignedIn;
const list = (session: string, solution: string | null = null) => ({ session, solution });

async function moveSession(id: string, startsInMinutes: number, minutes: number) {
  await sql`
    update public.sessions
       set room_id = null,
           starts_at = now() + make_interval(mins => ${startsInMinutes}),
           ends_at = now() + make_interval(mins => ${startsInMinutes + minutes})
     where id = ${id}`;
}

async function countQuestions(): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from public.questions`;
  return row!.count;
}

const ask = (
  claims: SignedIn,
  session: string,
  body: string,
  options: { solution?: string; anonymous?: boolean } = {},
) => askQuestion(claims, { session, solution: options.solution, body, anonymous: options.anonymous ?? false }, sql);

beforeAll(async () => {
  day = await insertPastDay(sql, { slug: 'spoergsmaal-dag', attendees: 212, hoursAgo: 2 });
  other = await insertPastDay(sql, { slug: 'spoergsmaal-anden', attendees: 1, hoursAgo: 2 });
  attendees = day.attendees.map((attendee) => signedIn(attendee.claims));
  live.now = day.sessions.keynote;
  live.later = day.sessions.track;
  live.over = day.sessions.workshop;
  live.round = day.sessions.round;
  await moveSession(live.now, -10, 60);
  await moveSession(live.later, 120, 60);
  await moveSession(live.over, -180, 60);
  await moveSession(live.round, -5, 60);
  await moveSession(other.sessions.keynote, -10, 60);

  organiser = signedIn((await insertUser(sql, 'arrangoer-sp@example.org')).claims);
  otherOrganiser = signedIn((await insertUser(sql, 'anden-arrangoer-sp@example.org')).claims);
  moderator = signedIn((await insertUser(sql, 'moderator-sp@example.org')).claims);
  plainSpeaker = signedIn((await insertUser(sql, 'taler-sp@example.org')).claims);
  teamMember = signedIn((await insertUser(sql, 'team-sp@example.org')).claims);
  stranger = signedIn((await insertUser(sql, 'fremmed-sp@example.org')).claims);
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${day.eventId}, ${organiser.sub}, 'organiser'), (${other.eventId}, ${otherOrganiser.sub}, 'organiser')`;
  // The moderator moderates the session happening now; the plain speaker only speaks in it.
  const speakers = await sql<{ id: string }[]>`
    insert into public.speakers (event_id, slug, name) values
      (${day.eventId}, 'moderatoren', 'Mona Moderator'), (${day.eventId}, 'taleren', 'Tale Taler')
    returning id`;
  await sql`
    insert into public.session_speakers (event_id, session_id, speaker_id, role) values
      (${day.eventId}, ${live.now}, ${speakers[0]!.id}, 'moderator'),
      (${day.eventId}, ${live.now}, ${speakers[1]!.id}, 'speaker')`;
  await sql`
    insert into public.speaker_emails (speaker_id, event_id, email) values
      (${speakers[0]!.id}, ${day.eventId}, 'moderator-sp@example.org'),
      (${speakers[1]!.id}, ${day.eventId}, 'taler-sp@example.org')`;
  await sql`
    insert into public.solution_team_members (event_id, solution_id, user_id, role, invited_email, accepted_at)
    values (${day.eventId}, ${day.solutionId}, ${teamMember.sub}, 'member', 'team-sp@example.org', now())`;
});

describe('asking', () => {
  it('stores a ticket holder’s question with their name, or without it when anonymous', async () => {
    const [alice, bob] = attendees;
    const named = await ask(alice!, live.now, '  Hvordan kommer vi i gang?  ');
    expect(named).toMatchObject({ ok: true });
    const anonymous = await ask(bob!, live.now, 'Hvad koster det?', { anonymous: true });
    expect(anonymous).toMatchObject({ ok: true });
    const rows = await sql<{ body: string; author_name: string | null; anonymous: boolean }[]>`
      select body, author_name, anonymous from public.questions order by created_at`;
    const [ticket] = await sql<{ attendee_name: string }[]>`
      select attendee_name from public.tickets where id = ${day.attendees[0]!.ticketId}`;
    expect(rows).toEqual([
      { body: 'Hvordan kommer vi i gang?', author_name: ticket!.attendee_name, anonymous: false },
      { body: 'Hvad koster det?', author_name: null, anonymous: true },
    ]);
  });

  it('refuses every abuse with a code and stores nothing', async () => {
    const before = await countQuestions();
    const carol = attendees[2]!;
    expect(await ask(carol, live.now, 'x'.repeat(5_000))).toEqual({ ok: false, code: 'too_long' });
    expect(await ask(carol, live.now, '<script>alert(1)</script>')).toEqual({ ok: false, code: 'markup' });
    expect(await ask(carol, live.now, 'Se <img src=x onerror=alert(1)>')).toEqual({ ok: false, code: 'markup' });
    expect(await ask(carol, live.now, '   ')).toEqual({ ok: false, code: 'empty' });
    expect(await ask(carol, live.over, 'For sent?')).toEqual({ ok: false, code: 'closed' });
    expect(await ask(carol, live.later, 'For tidligt?')).toMatchObject({ ok: false, code: 'not_open' });
    expect(await ask(stranger, live.now, 'Uden billet?')).toEqual({ ok: false, code: 'no_ticket' });
    // Another event's session, with this event's ticket: there is no ticket there.
    expect(await ask(carol, other.sessions.keynote, 'Forkert dag?')).toEqual({ ok: false, code: 'no_ticket' });
    // A solution that is not presented in that session, or of another event.
    expect(await ask(carol, live.now, 'Hvilken?', { solution: day.solutionId })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await ask(carol, live.round, 'Hvilken?', { solution: other.solutionId })).toEqual({
      ok: false,
      code: 'not_found',
    });
    // Signed out, straight at the function: not even allowed to call it.
    expect(
      await sqlState(asUser(ANON, (tx) => tx`select private.ask_question(${live.now}, null, 'Hej', false)`, sql)),
    ).toBe('42501');
    expect(await countQuestions()).toBe(before);
    // Nobody writes the tables directly.
    const direct = asUser(
      carol,
      (tx) =>
        tx`insert into public.questions (event_id, list_id, body) select event_id, id, 'Direkte' from public.question_lists limit 1`,
      sql,
    );
    expect(await sqlState(direct)).toBe('42501');
    // Postgres itself refuses markup and over-long text whoever writes.
    const [listRow] = await sql<{ id: string }[]>`select id from public.question_lists where session_id = ${live.now}`;
    expect(
      await sqlState(
        sql`insert into public.questions (event_id, list_id, body) values (${day.eventId}, ${listRow!.id}, '<b>fed</b>')`,
      ),
    ).toBe('23514');
    expect(
      await sqlState(
        sql`insert into public.questions (event_id, list_id, body) values (${day.eventId}, ${listRow!.id}, ${'y'.repeat(501)})`,
      ),
    ).toBe('23514');
  });

  it('shows text that merely mentions a less-than sign as it is', async () => {
    expect(await ask(attendees[3]!, live.now, 'Er 3 < 5 og a<3 ok?')).toMatchObject({ ok: true });
  });

  it('limits how many questions one person asks in a burst, and keeps nothing of the refused one', async () => {
    const dave = attendees[4]!;
    for (let i = 1; i <= 5; i += 1)
      expect(await ask(dave, live.now, `Spørgsmål nummer ${i}`)).toMatchObject({ ok: true });
    const before = await countQuestions();
    expect(await ask(dave, live.now, 'Nummer seks')).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(await countQuestions()).toBe(before);
    // Someone else is not held back by it.
    expect(await ask(attendees[5]!, live.now, 'Mit første')).toMatchObject({ ok: true });
  });
});

describe('voting', () => {
  it('counts one vote per person, lets it be taken back, and never says who voted', async () => {
    const question = await ask(attendees[6]!, live.now, 'Hvem betaler?');
    if (!question.ok) throw new Error('not posted');
    const voter = attendees[7]!;
    const vote = (up: boolean) => voteQuestion(voter, { question: question.id, vote: up }, sql);
    expect(await vote(true)).toEqual({ ok: true, code: 'voted', votes: 1 });
    expect(await vote(true)).toEqual({ ok: false, code: 'already_voted' });
    expect(await vote(false)).toEqual({ ok: true, code: 'withdrawn', votes: 0 });
    expect(await vote(false)).toEqual({ ok: false, code: 'not_voted' });
    expect(await vote(true)).toEqual({ ok: true, code: 'voted', votes: 1 });
    expect(await voteQuestion(stranger, { question: question.id, vote: true }, sql)).toEqual({
      ok: false,
      code: 'no_ticket',
    });
    // The voter sees the total and their own mark; no API role reads the votes themselves.
    const view = await loadQuestionList(voter, day.slug, list(day.slugs.keynote), 'da', sql);
    expect(view?.questions.find((q) => q.id === question.id)).toMatchObject({ votes: 1, voted: true, mine: false });
    for (const who of [voter, moderator, organiser]) {
      expect(await sqlState(asUser(who, (tx) => tx`select * from private.question_votes`, sql))).toBe('42501');
      expect(await sqlState(asUser(who, (tx) => tx`select * from private.question_authors`, sql))).toBe('42501');
    }
  });

  it('counts 200 simultaneous votes on one question exactly once each, replays included', async () => {
    const question = await ask(attendees[8]!, live.now, 'Hvad er det vigtigste?');
    if (!question.ok) throw new Error('not posted');
    const voters = attendees.slice(10, 210);
    expect(voters).toHaveLength(200);
    const outcomes = await Promise.all(
      [...voters, ...voters].map((voter) => voteQuestion(voter, { question: question.id, vote: true }, sql)),
    );
    const codes = outcomes.map((outcome) => (outcome.ok ? outcome.code : outcome.code));
    expect(codes.filter((code) => code === 'voted')).toHaveLength(200);
    expect(codes.filter((code) => code === 'already_voted')).toHaveLength(200);
    const [row] = await sql<{ votes: number; people: number }[]>`
      select count(*)::int as votes, count(distinct user_id)::int as people
        from private.question_votes where question_id = ${question.id}`;
    expect(row).toEqual({ votes: 200, people: 200 });
  });
});

describe('moderating', () => {
  it('is for the session’s moderator, the solution’s team in its own list, and the organisers only', async () => {
    const sessionQuestion = await ask(attendees[9]!, live.now, 'Til panelet');
    const roundQuestion = await ask(attendees[9]!, live.round, 'Til teamet', { solution: day.solutionId });
    const otherTeamQuestion = await ask(attendees[9]!, live.round, 'Til det andet team', {
      solution: day.otherSolutionId,
    });
    if (!sessionQuestion.ok || !roundQuestion.ok || !otherTeamQuestion.ok) throw new Error('not posted');
    const may = async (who: SignedIn, question: string) =>
      (await moderateQuestion(who, { question, action: 'answer' }, sql)).ok;
    const matrix = {
      moderator: [await may(moderator, sessionQuestion.id), await may(moderator, roundQuestion.id)],
      plainSpeaker: [await may(plainSpeaker, sessionQuestion.id), await may(plainSpeaker, roundQuestion.id)],
      teamMember: [
        await may(teamMember, sessionQuestion.id),
        await may(teamMember, roundQuestion.id),
        await may(teamMember, otherTeamQuestion.id),
      ],
      organiser: [await may(organiser, sessionQuestion.id), await may(organiser, otherTeamQuestion.id)],
      otherOrganiser: [await may(otherOrganiser, sessionQuestion.id)],
      attendee: [await may(attendees[9]!, sessionQuestion.id)],
      stranger: [await may(stranger, sessionQuestion.id)],
    };
    expect(matrix).toEqual({
      moderator: [true, false],
      plainSpeaker: [false, false],
      teamMember: [false, true, false],
      organiser: [true, true],
      otherOrganiser: [false],
      attendee: [false],
      stranger: [false],
    });
    const windowFor = async (who: SignedIn, solution?: string) =>
      (await setQuestionWindow(who, { session: solution ? live.round : live.now, solution, opened: 'closed' }, sql)).ok;
    expect([await windowFor(moderator), await windowFor(moderator, day.solutionId)]).toEqual([true, false]);
    expect([await windowFor(teamMember), await windowFor(teamMember, day.solutionId)]).toEqual([false, true]);
    for (const [who, solution] of [
      [moderator, undefined],
      [teamMember, day.solutionId],
    ] as const) {
      expect(
        await setQuestionWindow(who, { session: solution ? live.round : live.now, solution, opened: null }, sql),
      ).toEqual({ ok: true });
    }
  });

  it('hides, answers and pins, and lets each caller read exactly what RLS allows', async () => {
    const hidden = await ask(attendees[3]!, live.now, 'Noget upassende');
    const pinned = await ask(attendees[3]!, live.now, 'Det vi tager nu', { anonymous: true });
    if (!hidden.ok || !pinned.ok) throw new Error('not posted');
    expect(await moderateQuestion(moderator, { question: hidden.id, action: 'hide' }, sql)).toEqual({ ok: true });
    expect(await moderateQuestion(moderator, { question: pinned.id, action: 'pin' }, sql)).toEqual({ ok: true });

    const ids = async (who: SignedIn) =>
      (
        await asUser(
          who,
          (tx) => tx<{ id: string }[]>`select id from public.questions where list_id in (
          select id from public.question_lists where session_id = ${live.now})`,
          sql,
        )
      ).map((row) => row.id);
    expect(await ids(moderator)).toContain(hidden.id);
    expect(await ids(attendees[3]!)).toContain(hidden.id); // the asker sees their own hidden question
    expect(await ids(attendees[20]!)).not.toContain(hidden.id);
    expect(await ids(attendees[20]!)).toContain(pinned.id);
    expect(await ids(stranger)).toEqual([]);
    expect(await ids(otherOrganiser)).toEqual([]);
    expect(await ids(teamMember)).toEqual([]); // a team member holds no ticket and moderates another list
    expect(await sqlState(asUser(ANON, (tx) => tx`select id from public.questions`, sql))).toBe('42501');
    // A signed-out visitor gets the page (to sign in from), without a question.
    expect(await loadQuestionList(ANON, day.slug, list(day.slugs.keynote), 'da', sql)).toMatchObject({
      questions: [],
      attendee: false,
      moderator: false,
      window: { isOpen: true },
    });

    const board = await loadQuestionList(moderator, day.slug, list(day.slugs.keynote), 'da', sql);
    expect(board?.moderator).toBe(true);
    expect(board?.questions.find((q) => q.id === pinned.id)).toMatchObject({
      pinned: true,
      authorName: null,
      anonymous: true,
    });
    // The moderator's view never names an anonymous asker, and has no column that could.
    expect(Object.keys(board!.questions[0]!)).not.toContain('userId');
    const attendeeView = await loadQuestionList(attendees[20]!, day.slug, list(day.slugs.keynote), 'da', sql);
    expect(attendeeView?.moderator).toBe(false);
    expect(attendeeView?.questions.some((q) => q.id === hidden.id)).toBe(false);

    // A hidden question takes no votes; answering the pinned one unpins it and stops its votes.
    expect(await voteQuestion(attendees[20]!, { question: hidden.id, vote: true }, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await moderateQuestion(moderator, { question: pinned.id, action: 'answer' }, sql)).toEqual({ ok: true });
    const [state] = await sql<{ status: string; pinned: string | null }[]>`
      select q.status, l.pinned_question_id as pinned
        from public.questions q join public.question_lists l on l.id = q.list_id where q.id = ${pinned.id}`;
    expect(state).toEqual({ status: 'answered', pinned: null });
    expect(await voteQuestion(attendees[20]!, { question: pinned.id, vote: true }, sql)).toEqual({
      ok: false,
      code: 'answered',
    });
  });

  it('opens and closes a list by hand, and gives it back to the clock', async () => {
    const asker = attendees[21]!;
    expect(await setQuestionWindow(moderator, { session: live.now, opened: 'closed' }, sql)).toEqual({ ok: true });
    expect(await ask(asker, live.now, 'Lukket?')).toEqual({ ok: false, code: 'closed' });
    expect(await setQuestionWindow(organiser, { session: live.later, opened: 'open' }, sql)).toEqual({ ok: true });
    expect(await ask(asker, live.later, 'Åbnet før tid?')).toMatchObject({ ok: true });
    expect(await setQuestionWindow(moderator, { session: live.now, opened: null }, sql)).toEqual({ ok: true });
    expect(await ask(asker, live.now, 'Åben igen?')).toMatchObject({ ok: true });
  });
});

describe('personal data', () => {
  it('exports my questions and votes, and erasure leaves them anonymous and my votes gone', async () => {
    const me = attendees[210]!;
    const mine = await ask(me, live.now, 'Mit spørgsmål til eksporten');
    if (!mine.ok) throw new Error('not posted');
    const theirs = await ask(attendees[211]!, live.now, 'Et andet spørgsmål');
    if (!theirs.ok) throw new Error('not posted');
    expect(await voteQuestion(me, { question: theirs.id, vote: true }, sql)).toMatchObject({ ok: true });
    const data = await exportMyData(me);
    expect(data.sessionQuestions).toEqual([
      expect.objectContaining({ question: 'Mit spørgsmål til eksporten', anonymous: false, status: 'visible' }),
    ]);
    expect(data.questionVotes).toEqual([expect.objectContaining({ question: 'Et andet spørgsmål' })]);

    await eraseMyAccount(me, 'http://localhost:4321');
    const [row] = await sql<{ author_name: string | null; anonymous: boolean }[]>`
      select author_name, anonymous from public.questions where id = ${mine.id}`;
    expect(row).toEqual({ author_name: null, anonymous: true });
    const traces = await sql`
      select 1 from private.question_authors where user_id = ${me.sub}
      union all select 1 from private.question_votes where user_id = ${me.sub}`;
    expect(traces).toHaveLength(0);
  });
});
