// Feedback and the survey against the database: an attendee saves their
// rating or survey answer through the security-definer functions (which pick
// their own ticket, check who may and when, and upsert), reads back their own,
// and organisers read the event's report. Everything as the signed-in user.
import { asUser, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { refused } from '../site/refusal.ts';
import {
  FEEDBACK_COMMENT_MAX,
  type FeedbackComment,
  type FeedbackRefusal,
  type FeedbackRow,
  normaliseComment,
  npsStats,
  type NpsStats,
  parseWhole,
  sessionStats,
  type SessionStats,
  SURVEY_COMMENT_MAX,
  type SurveyRefusal,
} from './feedback.ts';
import {
  ANSWER_TEXT_MAX,
  type QuestionAnswerRow,
  questionReport,
  type QuestionReport,
  type SurveyQuestion,
} from './questions.ts';
import { questionsOf } from './questions.server.ts';

type Saved = { ok: true; saved: 'created' | 'saved' };

export async function saveSessionFeedback(
  claims: SignedIn,
  input: { sessionId: string; rating?: string | undefined; comment?: string | undefined },
  db: Sql = sql(),
): Promise<Saved | FeedbackRefusal> {
  const rating = parseWhole(input.rating, 1, 5);
  if (rating === null) return refused('invalid_rating');
  const comment = normaliseComment(input.comment);
  if (comment !== null && comment.length > FEEDBACK_COMMENT_MAX) return refused('comment_too_long');
  const [row] = await asUser(
    claims,
    (tx) => tx<{ result: { code: string } }[]>`
      select private.save_session_feedback(${input.sessionId}, ${rating}, ${comment}) as result`,
    db,
  );
  const code = row!.result.code;
  if (code === 'created' || code === 'saved') return { ok: true, saved: code };
  return refused(code as FeedbackRefusal['code']);
}

/**
 * Saves (or edits) the caller's survey: the NPS score and comment and the
 * answers to the organiser's questions, all or nothing. Postgres checks each
 * answer against its question; a refusal names the question.
 */
export async function saveSurveyResponse(
  claims: SignedIn,
  input: {
    eventId: string;
    score?: string | undefined;
    comment?: string | undefined;
    answers?: Record<string, string> | undefined;
  },
  db: Sql = sql(),
): Promise<Saved | SurveyRefusal> {
  const score = parseWhole(input.score, 0, 10);
  if (score === null) return refused('invalid_score');
  const comment = normaliseComment(input.comment);
  if (comment !== null && comment.length > SURVEY_COMMENT_MAX) return refused('comment_too_long');
  const answers: Record<string, string> = {};
  for (const [question, value] of Object.entries(input.answers ?? {})) {
    const text = normaliseComment(value);
    if (text === null) continue;
    if (text.length > ANSWER_TEXT_MAX) return refused('answer_too_long', { question });
    answers[question] = text;
  }
  const [row] = await asUser(
    claims,
    (tx) => tx<{ result: { code: string; question?: string } }[]>`
      select private.save_survey(${input.eventId}, ${score}, ${comment}, ${tx.json(answers)}) as result`,
    db,
  );
  const { code, question } = row!.result;
  if (code === 'created' || code === 'saved') return { ok: true, saved: code };
  return question ? refused(code as SurveyRefusal['code'], { question }) : refused(code as SurveyRefusal['code']);
}

export interface MyFeedback {
  /** Until when it may be given or changed. */
  closesAt: Date;
  open: boolean;
  sessions: Map<string, { rating: number; comment: string | null }>;
  survey: { score: number; comment: string | null } | null;
  /** The organiser's questions, in order. */
  questions: SurveyQuestion[];
  /** My answers by question, as the form posts them (1–5, the option's index, or the text). */
  answers: Map<string, string>;
}

/** The caller's own ratings and survey answer at an event (RLS shows only theirs). */
export async function loadMyFeedback(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<MyFeedback> {
  return asUser(
    claims,
    async (tx) => {
      const [[event], ratings, [survey], questions, answers] = await Promise.all([
        tx<{ closes_at: Date; open: boolean }[]>`
          select private.feedback_closes_at(e.ends_at) as closes_at,
                 now() <= private.feedback_closes_at(e.ends_at) as open
            from public.events e where e.id = ${eventId}`,
        tx<{ session_id: string; rating: number; comment: string | null }[]>`
          select f.session_id, f.rating, f.comment from public.session_feedback f
           where f.event_id = ${eventId} and private.is_my_ticket(f.ticket_id)`,
        tx<{ score: number; comment: string | null }[]>`
          select r.score, r.comment from public.survey_responses r
           where r.event_id = ${eventId} and private.is_my_ticket(r.ticket_id)
           order by r.updated_at desc limit 1`,
        questionsOf(tx, eventId),
        tx<{ question_id: string; value: string }[]>`
          select a.question_id, coalesce(a.scale::text, a.choice::text, a.answer_text) as value
            from public.survey_answers a
           where a.event_id = ${eventId} and private.is_my_ticket(a.ticket_id)`,
      ]);
      return {
        closesAt: event?.closes_at ?? new Date(0),
        open: event?.open ?? false,
        sessions: new Map(ratings.map((row) => [row.session_id, { rating: row.rating, comment: row.comment }])),
        survey: survey ? { score: survey.score, comment: survey.comment } : null,
        questions,
        answers: new Map(answers.map((row) => [row.question_id, row.value])),
      };
    },
    db,
  );
}

export interface SessionReport extends SessionStats {
  id: string;
  title: string;
  startsAt: Date;
  /** Comments with who wrote them (organisers only), newest first. */
  comments: FeedbackComment[];
}

export interface FeedbackReport {
  sessions: SessionReport[];
  survey: NpsStats & { distribution: number[]; comments: FeedbackComment[] };
  questions: QuestionReport[];
}

/**
 * The organiser's report: every session's ratings and comments, the survey's
 * NPS, the answers to their own questions, and who wrote what (from the
 * tickets, which organisers read; an anonymised ticket names nobody). Empty
 * for anyone else (RLS).
 */
export async function loadFeedbackReport(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<FeedbackReport> {
  return asUser(
    claims,
    async (tx) => {
      const [sessions, ratings, responses, questions, answers] = await Promise.all([
        tx<{ id: string; title: string; title_en: string | null; starts_at: Date }[]>`
          select s.id, s.title, s.title_en, s.starts_at from public.sessions s
           where s.event_id = ${eventId}
             and exists (select 1 from public.session_feedback f where f.session_id = s.id)
           order by s.starts_at, s.title`,
        tx<{ session_id: string; rating: number; comment: string | null; author: string | null; at: Date }[]>`
          select f.session_id, f.rating, f.comment, t.attendee_name as author, f.updated_at as at
            from public.session_feedback f left join public.tickets t on t.id = f.ticket_id
           where f.event_id = ${eventId} order by f.updated_at desc, f.id`,
        tx<{ ticket_id: string; score: number; comment: string | null; author: string | null; at: Date }[]>`
          select r.ticket_id, r.score, r.comment, t.attendee_name as author, r.updated_at as at
            from public.survey_responses r left join public.tickets t on t.id = r.ticket_id
           where r.event_id = ${eventId} order by r.updated_at desc, r.id`,
        questionsOf(tx, eventId),
        tx<
          {
            question_id: string;
            ticket_id: string;
            scale: number | null;
            choice: number | null;
            answer_text: string | null;
            author: string | null;
            at: Date;
          }[]
        >`
          select a.question_id, a.ticket_id, a.scale, a.choice, a.answer_text, t.attendee_name as author,
                 a.updated_at as at
            from public.survey_answers a left join public.tickets t on t.id = a.ticket_id
           where a.event_id = ${eventId} order by a.updated_at desc, a.id`,
      ]);
      const titleOf = (session: { title: string; title_en: string | null }) =>
        lang === 'en' && session.title_en ? session.title_en : session.title;
      const bySession = new Map<string, { ratings: number[]; comments: FeedbackComment[] }>();
      for (const row of ratings) {
        const entry = bySession.get(row.session_id) ?? { ratings: [], comments: [] };
        entry.ratings.push(row.rating);
        if (row.comment) entry.comments.push({ text: row.comment, author: row.author, at: row.at });
        bySession.set(row.session_id, entry);
      }
      const scores = responses.map((row) => row.score);
      const distribution = Array.from({ length: 11 }, (_, score) => scores.filter((s) => s === score).length);
      const answerRows: QuestionAnswerRow[] = answers.map((row) => ({
        questionId: row.question_id,
        scale: row.scale,
        choice: row.choice,
        text: row.answer_text,
        author: row.author,
      }));
      return {
        sessions: sessions.map((session) => {
          const entry = bySession.get(session.id) ?? { ratings: [], comments: [] };
          return {
            id: session.id,
            title: titleOf(session),
            startsAt: session.starts_at,
            comments: entry.comments,
            ...sessionStats(entry.ratings),
          };
        }),
        survey: {
          ...npsStats(scores),
          distribution,
          comments: responses.flatMap((row) =>
            row.comment ? [{ text: row.comment, author: row.author, at: row.at }] : [],
          ),
        },
        questions: questions.map((question) => questionReport(question, answerRows)),
      };
    },
    db,
  );
}

/**
 * Every rating and answer of an event as export rows, sessions in programme
 * order, then the NPS answers, then the questions' answers; the kinds in
 * `labels`' words and titles, questions and options in `lang`. Run as the
 * organiser (RLS); meant for a cursor.
 */
export function feedbackExportQuery(
  tx: Tx,
  eventId: string,
  lang: Lang,
  labels: { session: string; survey: string; question: string },
) {
  const en = lang === 'en';
  return tx<FeedbackRow[]>`
    select kind, item, score, answer, author, at from (
      select ${labels.session} as kind,
             coalesce(case when ${en} then s.title_en end, s.title) as item,
             f.rating::int as score, f.comment as answer, t.attendee_name as author, f.updated_at as at,
             1 as part, s.starts_at as starts, s.title as sort_title, 0 as position
        from public.session_feedback f
        join public.sessions s on s.id = f.session_id
        left join public.tickets t on t.id = f.ticket_id
       where f.event_id = ${eventId}
      union all
      select ${labels.survey}, '', r.score::int, r.comment, t.attendee_name, r.updated_at, 2, null, '', 0
        from public.survey_responses r
        left join public.tickets t on t.id = r.ticket_id
       where r.event_id = ${eventId}
      union all
      select ${labels.question},
             coalesce(case when ${en} then q.prompt_en end, q.prompt),
             a.scale::int,
             case when q.kind = 'choice'
                  then coalesce(case when ${en} then q.choices_en[a.choice + 1] end, q.choices[a.choice + 1])
                  else a.answer_text end,
             t.attendee_name, a.updated_at, 3, null, '', q.position
        from public.survey_answers a
        join public.survey_questions q on q.id = a.question_id
        left join public.tickets t on t.id = a.ticket_id
       where a.event_id = ${eventId}
    ) rows
    order by part, starts nulls last, sort_title, position, item, at`;
}
