// The review rubric's use cases, as the signed-in organiser or reviewer under
// RLS (20261203120704, weights 20261203130502): organisers add, change and
// remove criteria at the version their form showed; organisers and reviewers
// score a submitted solution in their own name, each score at the version
// they saw, all of a form's scores or none; the review page's scores and
// averages, and the organisers' ranking. Postgres holds the rules (one score
// per reviewer, solution and criterion; 1–5; weights 1–10; who may write);
// this module turns its refusals into data.
import type postgres from 'postgres';
import { asUser, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { refused } from '../site/refusal.ts';
import type { SolutionStatus } from '../solutions/solutions.ts';
import {
  type CriterionEditInput,
  type CriterionInput,
  type RankedSolution,
  rankSolutions,
  type RubricRefusal,
  type ScoresInput,
  weightedAverage,
} from './rubric.ts';

export interface Criterion {
  id: string;
  name: string;
  nameEn: string | null;
  /** The name in the reader's language. */
  label: string;
  weight: number;
  position: number;
  version: number;
}

export type RubricOutcome<T> = { ok: true; value: T } | RubricRefusal;

class Refusal extends Error {
  readonly refusal: RubricRefusal;
  constructor(refusal: RubricRefusal) {
    super(refusal.code);
    this.refusal = refusal;
  }
}

/** A database refusal in the rubric's words, or null for anything unexpected. */
function refusalFor(error: unknown): RubricRefusal | null {
  const { code, constraint_name: constraint } = error as { code?: string; constraint_name?: string };
  if (code === '23505' && constraint === 'review_criteria_event_name_key') return refused('name_taken');
  if (code === '23505' && constraint === 'review_scores_once') return refused('changed_elsewhere');
  if (code === '23514' && constraint === 'review_scores_scale') return refused('score_range');
  if (code === '23514' && constraint === 'review_criteria_weight_range') return refused('weight_range');
  // No such row the caller may use (RLS), or a criterion gone or of another event (the same-event foreign key).
  if (code === '42501' || code === '23503') return refused('not_found');
  return null;
}

/** One write in a savepoint: a refusal leaves nothing half-written and comes back as data. */
async function guarded<T>(tx: Tx, work: (sp: postgres.TransactionSql) => Promise<T>): Promise<RubricOutcome<T>> {
  try {
    return { ok: true, value: (await tx.savepoint(work)) as T };
  } catch (error) {
    if (error instanceof Refusal) return error.refusal;
    const refusal = refusalFor(error);
    if (refusal) return refusal;
    throw error;
  }
}

export async function loadCriteria(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<Criterion[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<
      { id: string; name: string; name_en: string | null; weight: number; position: number; version: number }[]
    >`
      select id, name, name_en, weight, position, version from public.review_criteria
       where event_id = ${eventId} order by position, name, id`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    label: localized(lang, row.name, row.name_en),
    weight: row.weight,
    position: row.position,
    version: row.version,
  }));
}

export async function addCriterion(
  claims: SignedIn,
  input: CriterionInput,
  db: Sql = sql(),
): Promise<RubricOutcome<{ id: string }>> {
  return asUser(
    claims,
    (tx) =>
      guarded(tx, async (sp) => {
        const [row] = await sp<{ id: string }[]>`
          insert into public.review_criteria (event_id, position, name, name_en, weight)
          values (${input.event}, ${input.position}, ${input.name}, ${input.nameEn}, ${input.weight})
          returning id`;
        return { id: row!.id };
      }),
    db,
  );
}

/** No row matched id and version: changed by someone else if the caller may still see it, otherwise gone. */
async function missedCriterion(sp: postgres.TransactionSql, id: string): Promise<never> {
  const [row] = await sp`
    select 1 from public.review_criteria where id = ${id} and private.has_event_role(event_id, 'organiser')`;
  throw new Refusal(refused(row ? 'changed_elsewhere' : 'not_found'));
}

export async function saveCriterion(
  claims: SignedIn,
  input: CriterionEditInput,
  db: Sql = sql(),
): Promise<RubricOutcome<null>> {
  return asUser(
    claims,
    (tx) =>
      guarded(tx, async (sp) => {
        const changed = await sp`
          update public.review_criteria
             set name = ${input.name}, name_en = ${input.nameEn}, weight = ${input.weight}, position = ${input.position}
           where id = ${input.id} and event_id = ${input.event} and version = ${input.version}`;
        if (changed.count === 0) await missedCriterion(sp, input.id);
        return null;
      }),
    db,
  );
}

/** Removes a criterion (and its scores) at the version the form showed. */
export async function deleteCriterion(
  claims: SignedIn,
  input: { event: string; id: string; version: number },
  db: Sql = sql(),
): Promise<RubricOutcome<null>> {
  return asUser(
    claims,
    (tx) =>
      guarded(tx, async (sp) => {
        const removed = await sp`
          delete from public.review_criteria
           where id = ${input.id} and event_id = ${input.event} and version = ${input.version}`;
        if (removed.count === 0) await missedCriterion(sp, input.id);
        return null;
      }),
    db,
  );
}

/**
 * Saves the caller's scores of one solution: a new score is inserted, one
 * they had is changed at the version their form showed. Another tab or device
 * having saved first (a newer version, or a score where the form showed none)
 * refuses the whole form as changed elsewhere.
 */
export async function saveScores(claims: SignedIn, input: ScoresInput, db: Sql = sql()): Promise<RubricOutcome<null>> {
  return asUser(
    claims,
    (tx) =>
      guarded(tx, async (sp) => {
        const [solution] = await sp<{ status: string }[]>`
          select status from public.solutions where id = ${input.solution} and event_id = ${input.event}
             and private.has_event_role(event_id, 'organiser', 'reviewer')`;
        if (!solution) throw new Refusal(refused('not_found'));
        if (solution.status === 'draft' || solution.status === 'withdrawn')
          throw new Refusal(refused('not_reviewable'));
        for (const posted of input.scores) {
          if (posted.version === null) {
            await sp`
              insert into public.review_scores (event_id, solution_id, criterion_id, score)
              values (${input.event}, ${input.solution}, ${posted.criterionId}, ${posted.score})`;
          } else {
            const changed = await sp`
              update public.review_scores set score = ${posted.score}
               where solution_id = ${input.solution} and criterion_id = ${posted.criterionId}
                 and reviewer_id = (select auth.uid()) and version = ${posted.version}`;
            if (changed.count === 0) throw new Refusal(refused('changed_elsewhere'));
          }
        }
        return null;
      }),
    db,
  );
}

export interface SolutionScores {
  criteria: (Criterion & { mine: { score: number; version: number } | null; average: number | null })[];
  /** The caller's weighted average, and everyone's (all reviewers' scores together). */
  mine: number | null;
  all: number | null;
  reviewers: number;
}

/** The review page's scores: the caller's own per criterion, and the averages of all reviewers. */
export async function loadSolutionScores(
  claims: SignedIn,
  eventId: string,
  solutionId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<SolutionScores> {
  const criteria = await loadCriteria(claims, eventId, lang, db);
  const scores = await asUser(
    claims,
    (tx) => tx<{ criterion_id: string; reviewer_id: string; score: number; version: number; mine: boolean }[]>`
      select criterion_id, reviewer_id, score, version, reviewer_id = (select auth.uid()) as mine
        from public.review_scores where event_id = ${eventId} and solution_id = ${solutionId}`,
    db,
  );
  const weightOf = new Map(criteria.map((c) => [c.id, c.weight]));
  const weighted = (rows: readonly (typeof scores)[number][]) =>
    weightedAverage(rows.map((row) => ({ score: row.score, weight: weightOf.get(row.criterion_id) ?? 1 })));
  return {
    criteria: criteria.map((criterion) => {
      const own = scores.find((row) => row.mine && row.criterion_id === criterion.id);
      const theirs = scores.filter((row) => row.criterion_id === criterion.id);
      return {
        ...criterion,
        mine: own ? { score: own.score, version: own.version } : null,
        average: theirs.length ? theirs.reduce((sum, row) => sum + row.score, 0) / theirs.length : null,
      };
    }),
    mine: weighted(scores.filter((row) => row.mine)),
    all: weighted(scores),
    reviewers: new Set(scores.map((row) => row.reviewer_id)).size,
  };
}

/** The organisers' ranking: the event's submitted solutions by weighted average, best first. */
export async function loadRanking(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<(RankedSolution & { status: SolutionStatus })[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<{ id: string; title: string; status: SolutionStatus; average: string | null; reviewers: number }[]>`
      select s.id, s.title, s.status::text,
             sum(sc.score * c.weight)::numeric / nullif(sum(c.weight), 0) as average,
             count(distinct sc.reviewer_id)::int as reviewers
        from public.solutions s
        left join public.review_scores sc on sc.solution_id = s.id
        left join public.review_criteria c on c.id = sc.criterion_id
       where s.event_id = ${eventId} and s.status not in ('draft', 'withdrawn')
         and private.has_event_role(s.event_id, 'organiser')
       group by s.id`,
    db,
  );
  return rankSolutions(
    rows.map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      average: row.average === null ? null : Number(row.average),
      reviewers: row.reviewers,
    })),
  );
}
