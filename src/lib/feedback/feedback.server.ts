// Feedback and the survey against the database: an attendee saves their
// rating or survey answer through the security-definer functions (which pick
// their own ticket, check who may and when, and upsert), reads back their own,
// and organisers read the event's report. Everything as the signed-in user.
import { asUser, type SignedIn, type Sql, sql } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { refused } from '../site/refusal.ts';
import {
  FEEDBACK_COMMENT_MAX,
  type FeedbackRefusal,
  normaliseComment,
  npsStats,
  type NpsStats,
  parseWhole,
  sessionStats,
  type SessionStats,
  SURVEY_COMMENT_MAX,
  type SurveyRefusal,
} from './feedback.ts';

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

export async function saveSurveyResponse(
  claims: SignedIn,
  input: { eventId: string; score?: string | undefined; comment?: string | undefined },
  db: Sql = sql(),
): Promise<Saved | SurveyRefusal> {
  const score = parseWhole(input.score, 0, 10);
  if (score === null) return refused('invalid_score');
  const comment = normaliseComment(input.comment);
  if (comment !== null && comment.length > SURVEY_COMMENT_MAX) return refused('comment_too_long');
  const [row] = await asUser(
    claims,
    (tx) => tx<{ result: { code: string } }[]>`
      select private.save_survey_response(${input.eventId}, ${score}, ${comment}) as result`,
    db,
  );
  const code = row!.result.code;
  if (code === 'created' || code === 'saved') return { ok: true, saved: code };
  return refused(code as SurveyRefusal['code']);
}

export interface MyFeedback {
  /** Until when it may be given or changed. */
  closesAt: Date;
  open: boolean;
  sessions: Map<string, { rating: number; comment: string | null }>;
  survey: { score: number; comment: string | null } | null;
}

/** The caller's own ratings and survey answer at an event (RLS shows only theirs). */
export async function loadMyFeedback(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<MyFeedback> {
  return asUser(
    claims,
    async (tx) => {
      const [[event], ratings, [survey]] = await Promise.all([
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
      ]);
      return {
        closesAt: event?.closes_at ?? new Date(0),
        open: event?.open ?? false,
        sessions: new Map(ratings.map((row) => [row.session_id, { rating: row.rating, comment: row.comment }])),
        survey: survey ? { score: survey.score, comment: survey.comment } : null,
      };
    },
    db,
  );
}

export interface SessionReport extends SessionStats {
  id: string;
  title: string;
  startsAt: Date;
  /** Comments without who wrote them, newest first. */
  comments: string[];
}

export interface FeedbackReport {
  sessions: SessionReport[];
  survey: NpsStats & { distribution: number[]; comments: string[] };
}

/** The organiser's report: every session's ratings and comments, the survey's NPS. Empty for anyone else (RLS). */
export async function loadFeedbackReport(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<FeedbackReport> {
  return asUser(
    claims,
    async (tx) => {
      const [sessions, ratings, answers] = await Promise.all([
        tx<{ id: string; title: string; title_en: string | null; starts_at: Date }[]>`
          select s.id, s.title, s.title_en, s.starts_at from public.sessions s
           where s.event_id = ${eventId}
             and exists (select 1 from public.session_feedback f where f.session_id = s.id)
           order by s.starts_at, s.title`,
        tx<{ session_id: string; rating: number; comment: string | null }[]>`
          select f.session_id, f.rating, f.comment from public.session_feedback f
           where f.event_id = ${eventId} order by f.updated_at desc`,
        tx<{ score: number; comment: string | null }[]>`
          select r.score, r.comment from public.survey_responses r
           where r.event_id = ${eventId} order by r.updated_at desc`,
      ]);
      const bySession = new Map<string, { ratings: number[]; comments: string[] }>();
      for (const row of ratings) {
        const entry = bySession.get(row.session_id) ?? { ratings: [], comments: [] };
        entry.ratings.push(row.rating);
        if (row.comment) entry.comments.push(row.comment);
        bySession.set(row.session_id, entry);
      }
      const scores = answers.map((row) => row.score);
      const distribution = Array.from({ length: 11 }, (_, score) => scores.filter((s) => s === score).length);
      return {
        sessions: sessions.map((session) => {
          const entry = bySession.get(session.id) ?? { ratings: [], comments: [] };
          return {
            id: session.id,
            title: lang === 'en' && session.title_en ? session.title_en : session.title,
            startsAt: session.starts_at,
            comments: entry.comments,
            ...sessionStats(entry.ratings),
          };
        }),
        survey: {
          ...npsStats(scores),
          distribution,
          comments: answers.flatMap((row) => (row.comment ? [row.comment] : [])),
        },
      };
    },
    db,
  );
}
