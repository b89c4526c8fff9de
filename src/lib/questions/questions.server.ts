// Questions in a session: reads and writes as the signed-in person. Postgres
// decides everything that matters — who may ask, vote or moderate, whether
// the list is open, one vote per person — in the definer functions of
// 20261203140600_session_questions.sql; this module passes the answers on,
// and takes the per-person rate limit in the same transaction as the question
// (a refused question rolls the hit back, so nothing of it is stored).
import { asUser, type Claims, type SignedIn, sql, type Sql, type Tx, withServiceRole } from '../db/db.server.ts';
import { type EventRow, type EventView, toEventView } from '../events/events.ts';
import { selectEvent } from '../events/events.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { refused } from '../site/refusal.ts';
import {
  type AskInput,
  type AskRefusal,
  type ModerateRefusal,
  type ModeratorAction,
  type Question,
  questionRateRules,
  type QuestionWindow,
  type VoteRefusal,
} from './questions.ts';

export interface QuestionList {
  event: EventView;
  session: { id: string; slug: string; title: string; kind: string; startsAt: Date; endsAt: Date };
  /** The solution whose team the list's questions go to (a gallery round), or null for the session's own. */
  solution: { id: string; slug: string; title: string } | null;
  /** In a gallery round without a solution chosen: the solutions presented, each with its own list. */
  solutions: { id: string; slug: string; title: string }[];
  window: QuestionWindow;
  questions: Question[];
  /** The caller holds a ticket for the event (and so may ask and vote). */
  attendee: boolean;
  moderator: boolean;
}

type QuestionRow = Omit<Question, 'status'> & { status: Question['status'] };

async function readQuestions(tx: Tx, sessionId: string, solutionId: string | null): Promise<Question[]> {
  return tx<QuestionRow[]>`
    select id, body, author_name as "authorName", anonymous, status, votes, created_at as "createdAt",
           answered_at as "answeredAt", pinned, mine, voted
      from private.question_board(${sessionId}, ${solutionId}::uuid)`;
}

/**
 * One list as the caller may see it: the event and session by slug (RLS:
 * published, or the caller organises it), the solution by slug among those
 * presented in the round, the window and the questions. Null when any of it
 * is not there.
 */
export async function loadQuestionList(
  claims: Claims,
  eventSlug: string,
  list: { session: string; solution: string | null },
  lang: Lang,
  db: Sql = sql(),
): Promise<QuestionList | null> {
  return asUser(
    claims,
    async (tx) => {
      const [eventRow] = (await selectEvent(tx, eventSlug)) as EventRow[];
      if (!eventRow) return null;
      const [session] = await tx<
        {
          id: string;
          slug: string;
          title: string;
          title_en: string | null;
          kind: string;
          starts_at: Date;
          ends_at: Date;
        }[]
      >`
        select id, slug, title, title_en, kind, starts_at, ends_at from public.sessions
         where event_id = ${eventRow.id} and slug = ${list.session}`;
      if (!session || session.kind === 'break') return null;
      const presented = await tx<{ id: string; slug: string; title: string; title_en: string | null }[]>`
        select so.id, so.slug, so.title, so.title_en
          from public.gallery_presentations g
          join public.solutions so on so.id = g.solution_id
         where g.session_id = ${session.id} and so.status = 'accepted'
         order by g.position`;
      const solutions = presented.map((row) => ({
        id: row.id,
        slug: row.slug,
        title: localized(lang, row.title, row.title_en),
      }));
      const solution = list.solution ? (solutions.find((candidate) => candidate.slug === list.solution) ?? null) : null;
      if (list.solution && !solution) return null;
      const solutionId = solution?.id ?? null;
      const [window] = await tx<
        { opens_at: Date; closes_at: Date; opened: 'open' | 'closed' | null; is_open: boolean }[]
      >`select opens_at, closes_at, opened, is_open from private.question_window(${session.id}, ${solutionId}::uuid)`;
      // Only signed-in people hold tickets or moderate (the functions are not for anon).
      const [roles] =
        claims.role === 'authenticated'
          ? await tx<{ attendee: boolean; moderator: boolean }[]>`
              select coalesce(private.holds_valid_ticket(${eventRow.id}), false) as attendee,
                     coalesce(private.moderates_questions(${session.id}, ${solutionId}::uuid), false) as moderator`
          : [{ attendee: false, moderator: false }];
      return {
        event: toEventView(eventRow, lang),
        session: {
          id: session.id,
          slug: session.slug,
          title: localized(lang, session.title, session.title_en),
          kind: session.kind,
          startsAt: session.starts_at,
          endsAt: session.ends_at,
        },
        solution,
        solutions,
        window: {
          opensAt: window!.opens_at,
          closesAt: window!.closes_at,
          opened: window!.opened,
          isOpen: window!.is_open,
        },
        questions: claims.role === 'authenticated' ? await readQuestions(tx, session.id, solutionId) : [],
        attendee: roles?.attendee ?? false,
        moderator: roles?.moderator ?? false,
      };
    },
    db,
  );
}

/** Thrown inside the transaction to roll it back (the rate-limit hit with it) and answer a refusal. */
class Refusal extends Error {
  readonly refusal: AskRefusal;
  constructor(refusal: AskRefusal) {
    super(refusal.code);
    this.refusal = refusal;
  }
}

/** Posts a question; the person's rate limit is taken in the same transaction and kept only if it is stored. */
export async function askQuestion(
  claims: SignedIn,
  input: AskInput,
  db: Sql = sql(),
): Promise<{ ok: true; id: string } | AskRefusal> {
  try {
    return await asUser(
      claims,
      async (tx) => {
        const [row] = await tx<{ answer: { code: string; id?: string; opens_at?: string }; event_id: string | null }[]>`
          select private.ask_question(${input.session}, ${input.solution ?? null}::uuid, ${input.body},
                                      ${input.anonymous}) as answer,
                 (select event_id from public.sessions where id = ${input.session}) as event_id`;
        const answer = row?.answer;
        if (!answer || answer.code !== 'posted' || !answer.id) {
          const code = (answer?.code ?? 'not_found') as AskRefusal['code'];
          return answer?.opens_at ? refused(code, { opensAt: new Date(answer.opens_at) }) : refused(code);
        }
        const limits = await withServiceRole(tx, () =>
          takeRateLimits(tx, questionRateRules(claims.sub, row.event_id!)),
        );
        if (!limits.allowed) {
          throw new Refusal(refused('rate_limited', { retryAfterSeconds: limits.retryAfterSeconds }));
        }
        return { ok: true as const, id: answer.id };
      },
      db,
    );
  } catch (error) {
    if (error instanceof Refusal) return error.refusal;
    throw error;
  }
}

/** Up-votes a question or takes the vote back. */
export async function voteQuestion(
  claims: SignedIn,
  input: { question: string; vote: boolean },
  db: Sql = sql(),
): Promise<{ ok: true; code: 'voted' | 'withdrawn'; votes: number } | VoteRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ answer: { code: string; votes?: number } }[]>`
      select private.vote_question(${input.question}, ${input.vote}) as answer`,
    db,
  );
  const code = row?.answer.code;
  if (code === 'voted' || code === 'withdrawn') return { ok: true, code, votes: row!.answer.votes ?? 0 };
  return refused((code ?? 'not_found') as VoteRefusal['code']);
}

/** A moderator's step on one question (hide, show, answer, reopen, pin, unpin). */
export async function moderateQuestion(
  claims: SignedIn,
  input: { question: string; action: ModeratorAction },
  db: Sql = sql(),
): Promise<{ ok: true } | ModerateRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ answer: { code: string } }[]>`
      select private.moderate_question(${input.question}, ${input.action}) as answer`,
    db,
  );
  return row?.answer.code === 'done' ? { ok: true } : refused('not_found');
}

/** Opens or closes a list by hand, or gives it back to the clock (null). */
export async function setQuestionWindow(
  claims: SignedIn,
  input: { session: string; solution?: string | undefined; opened: 'open' | 'closed' | null },
  db: Sql = sql(),
): Promise<{ ok: true } | ModerateRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ answer: { code: string } }[]>`
      select private.set_question_window(${input.session}, ${input.solution ?? null}::uuid, ${input.opened}) as answer`,
    db,
  );
  return row?.answer.code === 'done' ? { ok: true } : refused('not_found');
}
