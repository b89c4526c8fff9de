// Feedback and the event survey against a real Postgres: who may rate a
// session (scanned there or booked), once per ticket and session with edits
// in place, the survey once per ticket, the week-long window, what attendees,
// organisers of this and another event, and exhibitors may read, and that
// anonymisation keeps the scores but leaves them pointing at nobody.
// Days are dated relative to now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asService, asUser, type Claims, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  loadFeedbackReport,
  loadMyFeedback,
  saveSessionFeedback,
  saveSurveyResponse,
} from '../../src/lib/feedback/feedback.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
const previousUrl = process.env['DATABASE_URL'];
process.env['DATABASE_URL'] = url;
afterAll(async () => {
  await closePool();
  if (previousUrl === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = previousUrl;
});

let day: PastDay;
let other: PastDay;
let upcoming: PastDay;
let longAgo: PastDay;
let me: SignedIn;
let neighbour: SignedIn;
let last: SignedIn;
let stranger: SignedIn;
let organiser: SignedIn;
let otherOrganiser: SignedIn;

function claimsOf(claims: Claims): SignedIn {
  if (claims.role !== 'authenticated') throw new Error('not signed in');
  return claims;
}

beforeAll(async () => {
  day = await insertPastDay(sql, { slug: 'feedback-dag', attendees: 3 });
  other = await insertPastDay(sql, { slug: 'feedback-anden', attendees: 1 });
  upcoming = await insertPastDay(sql, { slug: 'feedback-i-morgen', attendees: 1, hoursAgo: -24 });
  longAgo = await insertPastDay(sql, { slug: 'feedback-sidste-aar', attendees: 1, hoursAgo: 24 * 9 });
  me = claimsOf(day.attendees[0]!.claims);
  neighbour = claimsOf(day.attendees[1]!.claims);
  last = claimsOf(day.attendees[2]!.claims);
  stranger = claimsOf((await insertUser(sql, 'fremmed-feedback@example.org')).claims);
  organiser = claimsOf((await insertUser(sql, 'arrangoer-feedback@example.org')).claims);
  otherOrganiser = claimsOf((await insertUser(sql, 'anden-arrangoer-feedback@example.org')).claims);
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${day.eventId}, ${organiser.sub}, 'organiser'), (${other.eventId}, ${otherOrganiser.sub}, 'organiser')`;
});

const myRows = (claims: Claims) =>
  asUser(
    claims,
    (tx) => tx<{ session_id: string; rating: number; comment: string | null }[]>`
      select session_id, rating, comment from public.session_feedback order by session_id`,
    sql,
  );

describe('rating a session', () => {
  it('is saved once per attendee and session; a second rating edits the first', async () => {
    expect(await saveSessionFeedback(me, { sessionId: day.sessions.track, rating: '4', comment: 'Godt' }, sql)).toEqual(
      { ok: true, saved: 'created' },
    );
    expect(
      await saveSessionFeedback(me, { sessionId: day.sessions.track, rating: '5', comment: ' Rigtig godt ' }, sql),
    ).toEqual({ ok: true, saved: 'saved' });
    expect(await myRows(me)).toEqual([{ session_id: day.sessions.track, rating: 5, comment: 'Rigtig godt' }]);
    const { count } = (
      await sql<{ count: number }[]>`
      select count(*)::int as count from public.session_feedback where session_id = ${day.sessions.track}`
    )[0]!;
    expect(count).toBe(1);
    const mine = await loadMyFeedback(me, day.eventId, sql);
    expect(mine.open).toBe(true);
    expect(mine.sessions.get(day.sessions.track)).toEqual({ rating: 5, comment: 'Rigtig godt' });
  });

  it('is open to a seat booked where nobody was scanned, and to a booked seat at a session others were scanned into', async () => {
    expect(await saveSessionFeedback(me, { sessionId: day.sessions.unscanned, rating: '3' }, sql)).toEqual({
      ok: true,
      saved: 'created',
    });
    expect(await saveSessionFeedback(neighbour, { sessionId: day.sessions.missed, rating: '2' }, sql)).toEqual({
      ok: true,
      saved: 'created',
    });
  });

  it('is refused for a session not attended nor booked, another event’s session, and to someone without a ticket', async () => {
    expect(await saveSessionFeedback(me, { sessionId: day.sessions.keynote, rating: '5' }, sql)).toEqual({
      ok: false,
      code: 'not_eligible',
    });
    expect(await saveSessionFeedback(me, { sessionId: other.sessions.track, rating: '5' }, sql)).toEqual({
      ok: false,
      code: 'not_eligible',
    });
    expect(await saveSessionFeedback(stranger, { sessionId: day.sessions.track, rating: '5' }, sql)).toEqual({
      ok: false,
      code: 'not_eligible',
    });
    const { count } = (
      await sql<{ count: number }[]>`
      select count(*)::int as count from public.session_feedback
       where session_id in (${day.sessions.keynote}, ${other.sessions.track})`
    )[0]!;
    expect(count).toBe(0);
  });

  it('refuses a rating out of range and too long a comment, in the use case and in the database', async () => {
    expect(await saveSessionFeedback(me, { sessionId: day.sessions.workshop, rating: '7' }, sql)).toEqual({
      ok: false,
      code: 'invalid_rating',
    });
    expect(await saveSessionFeedback(me, { sessionId: day.sessions.workshop, rating: '' }, sql)).toEqual({
      ok: false,
      code: 'invalid_rating',
    });
    expect(
      await saveSessionFeedback(me, { sessionId: day.sessions.workshop, rating: '3', comment: 'x'.repeat(2001) }, sql),
    ).toEqual({ ok: false, code: 'comment_too_long' });
    const direct = await asUser(
      me,
      (tx) => tx<{ result: { code: string } }[]>`
        select private.save_session_feedback(${day.sessions.workshop}, 7, null) as result`,
      sql,
    );
    expect(direct[0]!.result.code).toBe('invalid_rating');
    const [ticket] = await sql<{ id: string }[]>`select id from public.tickets where holder_user_id = ${me.sub}`;
    expect(
      await sqlState(
        sql`insert into public.session_feedback (event_id, session_id, ticket_id, rating)
            values (${day.eventId}, ${day.sessions.workshop}, ${ticket!.id}, 7)`,
      ),
    ).toBe('23514');
    expect(await myRows(me)).not.toContainEqual(expect.objectContaining({ session_id: day.sessions.workshop }));
  });

  it('keeps HTML in a comment as text', async () => {
    const payload = '<script>alert("x")</script><b>fed</b>';
    await saveSessionFeedback(me, { sessionId: day.sessions.workshop, rating: '1', comment: payload }, sql);
    expect(await myRows(me)).toContainEqual({ session_id: day.sessions.workshop, rating: 1, comment: payload });
  });

  it('cannot be written or changed straight in the table, by the author or anyone else', async () => {
    const [ticket] = await sql<{ id: string }[]>`select id from public.tickets where holder_user_id = ${me.sub}`;
    const insert = asUser(
      me,
      (tx) => tx`insert into public.session_feedback (event_id, session_id, ticket_id, rating)
                 values (${day.eventId}, ${day.sessions.round}, ${ticket!.id}, 5)`,
      sql,
    );
    expect(await sqlState(insert)).toBe('42501');
    const update = asUser(me, (tx) => tx`update public.session_feedback set rating = 1`, sql);
    expect(await sqlState(update)).toBe('42501');
    expect(await sqlState(asUser(ANON, (tx) => tx`select * from public.session_feedback`, sql))).toBe('42501');
  });

  it('is not open before the session starts, and closes a week after the event', async () => {
    const early = claimsOf(upcoming.attendees[0]!.claims);
    // Booked seats in the fixture's upcoming day make it eligible; the clock says no.
    expect(await saveSessionFeedback(early, { sessionId: upcoming.sessions.unscanned, rating: '4' }, sql)).toEqual({
      ok: false,
      code: 'not_open',
    });
    const late = claimsOf(longAgo.attendees[0]!.claims);
    expect(await saveSessionFeedback(late, { sessionId: longAgo.sessions.track, rating: '4' }, sql)).toEqual({
      ok: false,
      code: 'closed',
    });
    expect((await loadMyFeedback(late, longAgo.eventId, sql)).open).toBe(false);
  });
});

describe('the survey', () => {
  it('is answered once per attendee; answering again edits the answer', async () => {
    expect(await saveSurveyResponse(me, { eventId: day.eventId, score: '9', comment: 'Mere tid' }, sql)).toEqual({
      ok: true,
      saved: 'created',
    });
    expect(await saveSurveyResponse(me, { eventId: day.eventId, score: '10' }, sql)).toEqual({
      ok: true,
      saved: 'saved',
    });
    expect((await loadMyFeedback(me, day.eventId, sql)).survey).toEqual({ score: 10, comment: null });
    const { count } = (
      await sql<{ count: number }[]>`
      select count(*)::int as count from public.survey_responses where event_id = ${day.eventId}`
    )[0]!;
    expect(count).toBe(1);
  });

  it('refuses a second answer for the same ticket at the database, and any direct write by an attendee', async () => {
    const [ticket] = await sql<{ id: string }[]>`select id from public.tickets where holder_user_id = ${me.sub}`;
    expect(
      await sqlState(
        sql`insert into public.survey_responses (event_id, ticket_id, score) values (${day.eventId}, ${ticket!.id}, 3)`,
      ),
    ).toBe('23505');
    const direct = asUser(
      neighbour,
      (tx) => tx`insert into public.survey_responses (event_id, ticket_id, score)
                 values (${day.eventId}, ${day.attendees[1]!.ticketId}, 3)`,
      sql,
    );
    expect(await sqlState(direct)).toBe('42501');
  });

  it('refuses a score out of range, someone without a ticket, and outside the window', async () => {
    expect(await saveSurveyResponse(neighbour, { eventId: day.eventId, score: '11' }, sql)).toEqual({
      ok: false,
      code: 'invalid_score',
    });
    expect(await saveSurveyResponse(stranger, { eventId: day.eventId, score: '8' }, sql)).toEqual({
      ok: false,
      code: 'no_ticket',
    });
    expect(await saveSurveyResponse(me, { eventId: other.eventId, score: '8' }, sql)).toEqual({
      ok: false,
      code: 'no_ticket',
    });
    expect(
      await saveSurveyResponse(claimsOf(upcoming.attendees[0]!.claims), { eventId: upcoming.eventId, score: '8' }, sql),
    ).toEqual({ ok: false, code: 'not_open' });
    expect(
      await saveSurveyResponse(claimsOf(longAgo.attendees[0]!.claims), { eventId: longAgo.eventId, score: '8' }, sql),
    ).toEqual({ ok: false, code: 'closed' });
  });
});

describe('who reads feedback', () => {
  beforeAll(async () => {
    await saveSessionFeedback(last, { sessionId: day.sessions.track, rating: '2', comment: 'For lang' }, sql);
    await saveSurveyResponse(last, { eventId: day.eventId, score: '3', comment: 'Kold kaffe' }, sql);
    await saveSurveyResponse(neighbour, { eventId: day.eventId, score: '7' }, sql);
  });

  it('gives an attendee only their own', async () => {
    const rows = await myRows(neighbour);
    expect(rows).toEqual([{ session_id: day.sessions.missed, rating: 2, comment: null }]);
    const surveys = await asUser(
      neighbour,
      (tx) => tx<{ score: number }[]>`select score from public.survey_responses`,
      sql,
    );
    expect(surveys).toEqual([{ score: 7 }]);
    expect(await myRows(stranger)).toEqual([]);
  });

  it('gives the event’s organisers all of it, with the averages and the NPS', async () => {
    const report = await loadFeedbackReport(organiser, day.eventId, 'da', sql);
    const track = report.sessions.find((session) => session.id === day.sessions.track)!;
    expect(track).toMatchObject({ count: 2, average: 3.5, distribution: [0, 1, 0, 0, 1] });
    expect(track.comments.map((comment) => comment.text).sort()).toEqual(['For lang', 'Rigtig godt']);
    // Organisers see who wrote each comment (the ticket's name).
    expect(track.comments.every((comment) => typeof comment.author === 'string' && comment.author !== '')).toBe(true);
    // 10 promotes, 7 is passive, 3 detracts: (1 − 1) / 3.
    expect(report.survey).toMatchObject({ count: 3, promoters: 1, passives: 1, detractors: 1, nps: 0 });
    expect(report.survey.comments.map((comment) => comment.text)).toEqual(['Kold kaffe']);
  });

  it('gives an organiser of another event nothing', async () => {
    const report = await loadFeedbackReport(otherOrganiser, day.eventId, 'da', sql);
    expect(report.sessions).toEqual([]);
    expect(report.survey.count).toBe(0);
    const summary = await asUser(
      otherOrganiser,
      (tx) => tx`select * from private.session_feedback_summary(${day.sessions.track})`,
      sql,
    );
    expect(summary).toEqual([]);
  });

  it('shows exhibitors of a gallery round its ratings and comments, never whose', async () => {
    const exhibitor = await insertUser(sql, 'udstiller-feedback@example.org');
    await sql`
      insert into public.solution_team_members (event_id, solution_id, invited_email, user_id, accepted_at)
      values (${day.eventId}, ${day.solutionId}, ${exhibitor.email}, ${exhibitor.id}, now())`;
    await saveSessionFeedback(me, { sessionId: day.sessions.round, rating: '4', comment: 'Spændende' }, sql);
    const summary = await asUser(
      exhibitor.claims,
      (tx) => tx<Record<string, unknown>[]>`select * from private.session_feedback_summary(${day.sessions.round})`,
      sql,
    );
    expect(summary.map((row) => [row['rating'], row['comment']])).toEqual([[4, 'Spændende']]);
    expect(Object.keys(summary[0]!).sort()).toEqual(['comment', 'rating', 'updated_at']);
    // Not the track session, where their solution was not shown; and not the table itself.
    expect(
      await asUser(
        exhibitor.claims,
        (tx) => tx`select * from private.session_feedback_summary(${day.sessions.track})`,
        sql,
      ),
    ).toEqual([]);
    expect(await myRows(exhibitor.claims)).toEqual([]);
  });
});

describe('anonymisation', () => {
  it('keeps the scores and comments but leaves them pointing at nobody', async () => {
    const before = await sql<{ count: number }[]>`
      select count(*)::int as count from public.session_feedback where event_id = ${day.eventId}`;
    await asService((tx) => tx`select private.anonymise_event(${day.eventId})`, sql);
    const after = await sql<{ count: number; people: number }[]>`
      select count(*)::int as count,
             count(*) filter (where t.holder_user_id is not null or t.attendee_email is not null
                                 or t.attendee_name is not null)::int as people
        from public.session_feedback f join public.tickets t on t.id = f.ticket_id
       where f.event_id = ${day.eventId}`;
    expect(after[0]).toEqual({ count: before[0]!.count, people: 0 });
    const surveys = await sql<{ people: number }[]>`
      select count(*) filter (where t.holder_user_id is not null or t.attendee_email is not null)::int as people
        from public.survey_responses r join public.tickets t on t.id = r.ticket_id where r.event_id = ${day.eventId}`;
    expect(surveys[0]!.people).toBe(0);
    // The former attendee no longer finds their rows: nothing links them to the ticket.
    expect(await myRows(me)).toEqual([]);
  });
});
