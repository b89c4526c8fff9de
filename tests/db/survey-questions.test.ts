// The organisers' own survey questions and the people on stage's view of
// feedback, against a real Postgres: who may write and read questions and
// answers (allow and deny), answers checked against their question and
// stored all or nothing, a second submission editing the first, an answered
// question keeping its meaning (also when the edit races the first answer),
// and speakers and exhibitors reading ratings and comments but never whose.
// Days are dated relative to now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, closePool, connect, type SignedIn } from '../../src/lib/db/db.server.ts';
import {
  feedbackExportQuery,
  loadFeedbackReport,
  loadMyFeedback,
  saveSurveyResponse,
} from '../../src/lib/feedback/feedback.server.ts';
import { loadPresentedFeedback, listSpeakerAccess, setSpeakerEmail } from '../../src/lib/feedback/presented.server.ts';
import {
  createSurveyQuestion,
  deleteSurveyQuestion,
  listSurveyQuestions,
  updateSurveyQuestion,
} from '../../src/lib/feedback/questions.server.ts';
import type { NewQuestionInput } from '../../src/lib/feedback/questions.ts';
import { saveSessionFeedback } from '../../src/lib/feedback/feedback.server.ts';
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

function claimsOf(claims: Claims): SignedIn {
  if (claims.role !== 'authenticated') throw new Error('not signed in');
  return claims;
}

let day: PastDay;
let other: PastDay;
let me: SignedIn;
let neighbour: SignedIn;
let third: SignedIn;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let stranger: SignedIn;

const question = (eventId: string, fields: Partial<NewQuestionInput> = {}): NewQuestionInput => ({
  eventId,
  kind: 'scale',
  prompt: 'Hvor godt var stedet?',
  promptEn: 'How good was the venue?',
  choices: [],
  choicesEn: [],
  required: false,
  position: 0,
  ...fields,
});

async function created(result: Promise<{ ok: true; id: string } | { ok: false; code: string }>): Promise<string> {
  const answer = await result;
  if (!answer.ok) throw new Error(`refused: ${answer.code}`);
  return answer.id;
}

const versionOf = async (id: string) =>
  (await sql<{ version: number }[]>`select version from public.survey_questions where id = ${id}`)[0]!.version;

beforeAll(async () => {
  day = await insertPastDay(sql, { slug: 'spoergsmaal-dag', attendees: 3 });
  other = await insertPastDay(sql, { slug: 'spoergsmaal-anden', attendees: 1 });
  me = claimsOf(day.attendees[0]!.claims);
  neighbour = claimsOf(day.attendees[1]!.claims);
  third = claimsOf(day.attendees[2]!.claims);
  organiser = claimsOf((await insertUser(sql, 'arrangoer-spoergsmaal@example.org')).claims);
  otherOrganiser = claimsOf((await insertUser(sql, 'anden-arrangoer-spoergsmaal@example.org')).claims);
  stranger = claimsOf((await insertUser(sql, 'fremmed-spoergsmaal@example.org')).claims);
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${day.eventId}, ${organiser.sub}, 'organiser'), (${other.eventId}, ${otherOrganiser.sub}, 'organiser')`;
});

describe('writing the questions', () => {
  it('lets the event’s organisers add them, versioned and audited; everyone reads them on a published event', async () => {
    const id = await created(createSurveyQuestion(organiser, question(day.eventId), sql));
    expect(await versionOf(id)).toBe(1);
    const [entry] = await sql<{ action: string; actor_id: string; table_name: string }[]>`
      select action, actor_id, table_name from public.audit_log where row_key ->> 'id' = ${id}`;
    expect(entry).toEqual({ action: 'insert', actor_id: organiser.sub, table_name: 'survey_questions' });
    expect((await listSurveyQuestions(me, day.eventId, sql)).map((q) => q.prompt)).toEqual(['Hvor godt var stedet?']);
    expect(await listSurveyQuestions(ANON, day.eventId, sql)).toHaveLength(1);
    await sql`delete from public.survey_questions where id = ${id}`;
  });

  it('refuses an organiser of another event, an attendee and anonymous visitors', async () => {
    expect(await createSurveyQuestion(otherOrganiser, question(day.eventId), sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    const direct = (claims: Claims) =>
      sqlState(
        asUser(
          claims,
          (tx) => tx`insert into public.survey_questions (event_id, kind, prompt)
                     values (${day.eventId}, 'text', 'Indsmuglet?')`,
          sql,
        ),
      );
    expect(await direct(otherOrganiser)).toBe('42501');
    expect(await direct(me)).toBe('42501');
    expect(await direct(ANON)).toBe('42501');
    const { count } = (
      await sql<{ count: number }[]>`
      select count(*)::int as count from public.survey_questions where event_id = ${day.eventId}`
    )[0]!;
    expect(count).toBe(0);
  });

  it('holds the shape of each kind in the database', async () => {
    const insert = (kind: string, choices: string[] | null) =>
      sqlState(
        sql`insert into public.survey_questions (event_id, kind, prompt, choices)
            values (${day.eventId}, ${kind}::public.survey_question_kind, 'Spørgsmål', ${choices})`,
      );
    expect(await insert('choice', ['Kun én'])).toBe('23514');
    expect(await insert('choice', ['Ja', ' '])).toBe('23514');
    expect(await insert('scale', ['Ja', 'Nej'])).toBe('23514');
    expect(
      await insert(
        'choice',
        Array.from({ length: 11 }, (_, i) => `Valg ${i}`),
      ),
    ).toBe('23514');
  });
});

describe('answering them', () => {
  let scale: string;
  let choice: string;
  let text: string;

  beforeAll(async () => {
    scale = await created(createSurveyQuestion(organiser, question(day.eventId, { required: true, position: 1 }), sql));
    choice = await created(
      createSurveyQuestion(
        organiser,
        question(day.eventId, {
          kind: 'choice',
          prompt: 'Hvilken del var bedst?',
          promptEn: 'Which part was best?',
          choices: ['Sporene', 'Galleriet', 'Netværket'],
          choicesEn: ['The tracks', 'The gallery', 'The networking'],
          position: 2,
        }),
        sql,
      ),
    );
    text = await created(
      createSurveyQuestion(
        organiser,
        question(day.eventId, { kind: 'text', prompt: 'Hvad skal vi gøre om?', promptEn: null, position: 3 }),
        sql,
      ),
    );
  });

  const myAnswers = async (claims: SignedIn) =>
    Object.fromEntries((await loadMyFeedback(claims, day.eventId, sql)).answers);

  it('refuses a missing required answer, a choice that is not offered and a scale out of range — storing nothing', async () => {
    expect(await saveSurveyResponse(me, { eventId: day.eventId, score: '9', answers: { [choice]: '1' } }, sql)).toEqual(
      { ok: false, code: 'answer_required', question: scale },
    );
    expect(
      await saveSurveyResponse(me, { eventId: day.eventId, score: '9', answers: { [scale]: '4', [choice]: '3' } }, sql),
    ).toEqual({ ok: false, code: 'answer_invalid', question: choice });
    expect(await saveSurveyResponse(me, { eventId: day.eventId, score: '9', answers: { [scale]: '6' } }, sql)).toEqual({
      ok: false,
      code: 'answer_invalid',
      question: scale,
    });
    expect(
      await saveSurveyResponse(
        me,
        { eventId: day.eventId, score: '9', answers: { [scale]: '4', [text]: 'x'.repeat(2001) } },
        sql,
      ),
    ).toEqual({ ok: false, code: 'answer_too_long', question: text });
    // The NPS-only entry point cannot skip the required question either.
    const [direct] = await asUser(
      me,
      (tx) => tx<{ result: { code: string } }[]>`
        select private.save_survey_response(${day.eventId}, 9, null) as result`,
      sql,
    );
    expect(direct!.result.code).toBe('answer_required');
    const mine = await loadMyFeedback(me, day.eventId, sql);
    expect(mine.survey).toBeNull();
    expect(mine.answers.size).toBe(0);
  });

  it('stores the answers with the score, and a second submission edits them (an emptied optional answer goes)', async () => {
    expect(
      await saveSurveyResponse(
        me,
        { eventId: day.eventId, score: '9', answers: { [scale]: '4', [choice]: '1', [text]: '  Mere kaffe\r\n ' } },
        sql,
      ),
    ).toEqual({ ok: true, saved: 'created' });
    expect(await myAnswers(me)).toEqual({ [scale]: '4', [choice]: '1', [text]: 'Mere kaffe' });
    expect(
      await saveSurveyResponse(me, { eventId: day.eventId, score: '10', answers: { [scale]: '5', [choice]: '' } }, sql),
    ).toEqual({ ok: true, saved: 'saved' });
    expect(await myAnswers(me)).toEqual({ [scale]: '5' });
    const { count } = (
      await sql<{ count: number }[]>`
      select count(*)::int as count from public.survey_answers where question_id = ${scale}`
    )[0]!;
    expect(count).toBe(1);
  });

  it('refuses a question of another event, written straight into the table, or by someone without a ticket', async () => {
    expect(
      await saveSurveyResponse(stranger, { eventId: day.eventId, score: '5', answers: { [scale]: '3' } }, sql),
    ).toEqual({ ok: false, code: 'no_ticket' });
    // An id of this event's question under another event's survey is simply not one of its questions.
    const foreign = await saveSurveyResponse(
      claimsOf(other.attendees[0]!.claims),
      { eventId: other.eventId, score: '5', answers: { [scale]: '3' } },
      sql,
    );
    expect(foreign).toEqual({ ok: true, saved: 'created' });
    const { count } = (
      await sql<{ count: number }[]>`
      select count(*)::int as count from public.survey_answers where event_id = ${other.eventId}`
    )[0]!;
    expect(count).toBe(0);
    const direct = asUser(
      neighbour,
      (tx) => tx`insert into public.survey_answers (event_id, question_id, ticket_id, scale)
                 values (${day.eventId}, ${scale}, ${day.attendees[1]!.ticketId}, 3)`,
      sql,
    );
    expect(await sqlState(direct)).toBe('42501');
  });

  it('lets an attendee read only their own answers, organisers all of their event’s, others none', async () => {
    await saveSurveyResponse(
      neighbour,
      { eventId: day.eventId, score: '6', answers: { [scale]: '2', [text]: 'For varmt' } },
      sql,
    );
    const read = (claims: Claims) =>
      asUser(claims, (tx) => tx<{ ticket_id: string }[]>`select ticket_id from public.survey_answers`, sql);
    expect(new Set((await read(neighbour)).map((row) => row.ticket_id))).toEqual(new Set([day.attendees[1]!.ticketId]));
    expect(await read(stranger)).toEqual([]);
    expect(await read(otherOrganiser)).toEqual([]);
    expect((await read(organiser)).length).toBe(3);
    expect(await sqlState(read(ANON))).toBe('42501');
  });

  it('gives the organisers’ report each question’s numbers and who answered what', async () => {
    const report = await loadFeedbackReport(organiser, day.eventId, 'en', sql);
    const byId = new Map(report.questions.map((item) => [item.question.id, item]));
    expect(byId.get(scale)).toMatchObject({ count: 2, average: 3.5, distribution: [0, 1, 0, 0, 1] });
    expect(byId.get(choice)).toMatchObject({ count: 0, distribution: [0, 0, 0] });
    expect(byId.get(text)).toMatchObject({ count: 1, texts: [{ text: 'For varmt', author: expect.any(String) }] });
    const labels = { session: 'Session', survey: 'Survey', question: 'Question' };
    const exportRows = (claims: Claims) =>
      asUser(claims, (tx) => feedbackExportQuery(tx, day.eventId, 'en', labels), sql);
    const rows = await exportRows(organiser);
    expect(rows.find((item) => item.kind === 'Question' && item.answer === 'For varmt')).toMatchObject({
      item: 'Hvad skal vi gøre om?',
      score: null,
      author: expect.any(String),
    });
    expect(rows.filter((item) => item.kind === 'Question' && item.item === 'How good was the venue?')).toHaveLength(2);
    expect(
      rows
        .filter((item) => item.kind === 'Survey')
        .map((item) => item.score)
        .sort(),
    ).toEqual([10, 6]);
    // Another event's organiser sees the published questions, but not one answer.
    const theirs = await loadFeedbackReport(otherOrganiser, day.eventId, 'da', sql);
    expect(theirs.questions.map((item) => item.count)).toEqual([0, 0, 0]);
    expect(await exportRows(otherOrganiser)).toEqual([]);
  });

  it('keeps an answered question’s meaning: wording, kind and options are refused, order and "required" are not', async () => {
    const current = (await listSurveyQuestions(organiser, day.eventId, sql)).find((q) => q.id === scale)!;
    expect(current.answered).toBe(true);
    const base = { ...question(day.eventId, { required: true, position: 1 }), id: scale, version: current.version };
    expect(await updateSurveyQuestion(organiser, { ...base, prompt: 'Hvor dårligt var stedet?' }, sql)).toEqual({
      ok: false,
      code: 'question_answered',
    });
    expect(await updateSurveyQuestion(organiser, { ...base, kind: 'choice', choices: ['Ja', 'Nej'] }, sql)).toEqual({
      ok: false,
      code: 'question_answered',
    });
    expect(await deleteSurveyQuestion(organiser, { id: scale, version: current.version }, sql)).toEqual({
      ok: false,
      code: 'question_answered',
    });
    expect(await updateSurveyQuestion(organiser, { ...base, position: 7, required: false }, sql)).toEqual({
      ok: true,
      id: scale,
    });
    expect(await versionOf(scale)).toBe(current.version + 1);
    // The form the other organiser still has open is now out of date.
    expect(await updateSurveyQuestion(organiser, { ...base, position: 8 }, sql)).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
    const [stored] = await sql<{ prompt: string; kind: string }[]>`
      select prompt, kind::text from public.survey_questions where id = ${scale}`;
    expect(stored).toEqual({ prompt: 'Hvor godt var stedet?', kind: 'scale' });
  });

  it('lets an unanswered question change and go', async () => {
    const current = (await listSurveyQuestions(organiser, day.eventId, sql)).find((q) => q.id === choice)!;
    expect(current.answered).toBe(false);
    const edited = {
      ...question(day.eventId, { kind: 'choice', choices: ['Ja', 'Nej'], position: 2 }),
      id: choice,
      version: current.version,
    };
    expect(await updateSurveyQuestion(organiser, edited, sql)).toEqual({ ok: true, id: choice });
    expect(await updateSurveyQuestion(otherOrganiser, { ...edited, version: current.version + 1 }, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await deleteSurveyQuestion(organiser, { id: choice, version: current.version + 1 }, sql)).toEqual({
      ok: true,
    });
    const actions = await sql<{ action: string }[]>`
      select action::text from public.audit_log where row_key ->> 'id' = ${choice} order by at, id`;
    expect(actions.map((row) => row.action)).toEqual(['insert', 'update', 'delete']);
  });

  it('refuses an edit that waited behind the first answer, once that answer commits', async () => {
    const fresh = await created(
      createSurveyQuestion(organiser, question(day.eventId, { kind: 'text', prompt: 'Ny?', position: 9 }), sql),
    );
    const version = await versionOf(fresh);
    // The attendee's answer holds the question (as private.save_survey does) and has not committed yet.
    const holder = connect(url, { max: 1 });
    const editor = connect(url, { max: 1 });
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const answering = holder.begin(async (tx) => {
        await tx`select id from public.survey_questions where id = ${fresh} for share`;
        await tx`insert into public.survey_answers (event_id, question_id, ticket_id, answer_text)
                 values (${day.eventId}, ${fresh}, ${day.attendees[2]!.ticketId}, 'Ja')`;
        locked();
        await released;
      });
      await isLocked;
      const editing = updateSurveyQuestion(
        organiser,
        { ...question(day.eventId, { kind: 'text', prompt: 'Helt andet?', position: 9 }), id: fresh, version },
        editor,
      );
      // The edit is waiting on the answer's lock; let the answer commit.
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await answering;
      expect(await editing).toEqual({ ok: false, code: 'question_answered' });
    } finally {
      await holder.end();
      await editor.end();
    }
    const [stored] = await sql<{ prompt: string }[]>`select prompt from public.survey_questions where id = ${fresh}`;
    expect(stored!.prompt).toBe('Ny?');
  });
});

describe('the people on stage', () => {
  let speakerId: string;
  let speaker: SignedIn;

  beforeAll(async () => {
    speakerId = (
      await sql<{ id: string }[]>`
        insert into public.speakers (event_id, slug, name) values (${day.eventId}, 'lene-holm', 'Lene Holm') returning id`
    )[0]!.id;
    await sql`
      insert into public.session_speakers (event_id, session_id, speaker_id)
      values (${day.eventId}, ${day.sessions.track}, ${speakerId})`;
    speaker = claimsOf((await insertUser(sql, 'lene.holm@example.org')).claims);
    await saveSessionFeedback(me, { sessionId: day.sessions.track, rating: '5', comment: 'Skarp og konkret' }, sql);
    await saveSessionFeedback(neighbour, { sessionId: day.sessions.track, rating: '3' }, sql);
    await saveSessionFeedback(third, { sessionId: day.sessions.round, rating: '4', comment: 'Godt galleri' }, sql);
  });

  it('lets organisers give a speaker their address, versioned and audited; nobody else', async () => {
    expect(await setSpeakerEmail(stranger, { speakerId, email: 'x@example.org', version: 0 }, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await setSpeakerEmail(otherOrganiser, { speakerId, email: 'x@example.org', version: 0 }, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await setSpeakerEmail(organiser, { speakerId, email: 'lene@example.org', version: 0 }, sql)).toEqual({
      ok: true,
    });
    expect(await setSpeakerEmail(organiser, { speakerId, email: 'y@example.org', version: 0 }, sql)).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
    expect(await setSpeakerEmail(organiser, { speakerId, email: 'lene.holm@example.org', version: 1 }, sql)).toEqual({
      ok: true,
    });
    const access = await listSpeakerAccess(organiser, day.eventId, sql);
    expect(access).toEqual([{ speakerId, name: 'Lene Holm', email: 'lene.holm@example.org', version: 2 }]);
    expect(await listSpeakerAccess(otherOrganiser, day.eventId, sql)).toEqual([]);
    const entries = await sql<{ action: string }[]>`
      select action::text from public.audit_log where table_name = 'speaker_emails' order by at, id`;
    expect(entries.map((row) => row.action)).toEqual(['insert', 'update']);
    const direct = asUser(
      stranger,
      (tx) => tx`insert into public.speaker_emails (speaker_id, event_id, email)
                 values (${speakerId}, ${day.eventId}, 'fremmed@example.org')`,
      sql,
    );
    expect(await sqlState(direct)).toBe('42501');
    const read = (claims: Claims) =>
      asUser(claims, (tx) => tx<{ email: string }[]>`select email from public.speaker_emails`, sql);
    expect(await read(speaker)).toEqual([{ email: 'lene.holm@example.org' }]);
    expect(await read(me)).toEqual([]);
  });

  it('shows a speaker the ratings and comments on their session, without any author', async () => {
    const presented = await loadPresentedFeedback(speaker, 'da', sql);
    expect(presented).toHaveLength(1);
    expect(presented[0]).toMatchObject({
      id: day.sessions.track,
      asSpeaker: true,
      count: 2,
      average: 4,
      distribution: [0, 0, 1, 0, 1],
      comments: ['Skarp og konkret'],
    });
    const rows = await asUser(
      speaker,
      (tx) => tx<Record<string, unknown>[]>`select * from private.my_presented_feedback()`,
      sql,
    );
    expect(Object.keys(rows[0]!).sort()).toEqual(['comment', 'rating', 'session_id', 'updated_at']);
    const summary = await asUser(
      speaker,
      (tx) => tx<Record<string, unknown>[]>`select * from private.session_feedback_summary(${day.sessions.track})`,
      sql,
    );
    expect(summary.map((row) => row['rating']).sort()).toEqual([3, 5]);
    expect(Object.keys(summary[0]!).sort()).toEqual(['comment', 'rating', 'updated_at']);
  });

  it('never lets a speaker read who wrote the feedback', async () => {
    const authors = await asUser(
      speaker,
      (tx) => tx`select f.ticket_id, t.attendee_name
                   from public.session_feedback f left join public.tickets t on t.id = f.ticket_id`,
      sql,
    );
    expect(authors).toEqual([]);
    expect(
      await asUser(speaker, (tx) => tx`select id from public.tickets where event_id = ${day.eventId}`, sql),
    ).toEqual([]);
    expect(await asUser(speaker, (tx) => tx`select * from public.survey_answers`, sql)).toEqual([]);
    // Not the sessions they did not speak at.
    expect(
      await asUser(speaker, (tx) => tx`select * from private.session_feedback_summary(${day.sessions.round})`, sql),
    ).toEqual([]);
  });

  it('shows an exhibitor the gallery round their solution was in, and nobody else anything', async () => {
    const exhibitor = await insertUser(sql, 'udstiller-spoergsmaal@example.org');
    await sql`
      insert into public.solution_team_members (event_id, solution_id, invited_email, user_id, accepted_at)
      values (${day.eventId}, ${day.solutionId}, ${exhibitor.email}, ${exhibitor.id}, now())`;
    const presented = await loadPresentedFeedback(claimsOf(exhibitor.claims), 'en', sql);
    expect(presented.map((item) => [item.id, item.asSpeaker, item.count, item.comments])).toEqual([
      [day.sessions.round, false, 1, ['Godt galleri']],
    ]);
    expect(await loadPresentedFeedback(stranger, 'da', sql)).toEqual([]);
    expect(await loadPresentedFeedback(me, 'da', sql)).toEqual([]);
  });

  it('stops showing a speaker their feedback once the address is taken away', async () => {
    expect(await setSpeakerEmail(organiser, { speakerId, email: null, version: 2 }, sql)).toEqual({ ok: true });
    expect(await loadPresentedFeedback(speaker, 'da', sql)).toEqual([]);
  });
});
