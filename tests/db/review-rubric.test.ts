// The review rubric as data (20261203120704): organisers define criteria
// (da/en, in order); reviewers and organisers score submitted solutions 1–5
// per criterion in their own name, once each, changed at the version they
// saw; organisers and reviewers of the event read the scores, nobody else;
// every change is in the audit log. Then the console's use cases
// (src/lib/rubric/): weights 1–10 (20261203130502), criteria and scores saved
// at the version shown (all of a form's scores or none), the weighted
// averages of the review page and the organisers' ranking.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { grantRole, insertUser } from '../fixtures/solutions.ts';
import {
  addCriterion,
  deleteCriterion,
  loadRanking,
  loadSolutionScores,
  saveCriterion,
  saveScores,
} from '../../src/lib/rubric/rubric.server.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

let world: EventWorld;
let organiser: SignedIn;
let reviewer: SignedIn;
let reviewerId: string;
let strangers: [string, Claims][];
let criterion: string;
let draftSolution: string;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'rubrik', status: 'published' });
  const other = await insertEventWorld(sql, { slug: 'anden-rubrik', status: 'published' });
  organiser = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated' };
  const r = await insertUser(sql, 'bedoemmer@rubrik.example.org');
  reviewerId = r.id;
  await grantRole(sql, world.eventId, r.id, 'reviewer');
  reviewer = r.claims as SignedIn;
  const staff = await insertUser(sql, 'vagt@rubrik.example.org');
  await grantRole(sql, world.eventId, staff.id, 'checkin_staff');
  const otherReviewer = await insertUser(sql, 'bedoemmer@anden-rubrik.example.org');
  await grantRole(sql, other.eventId, otherReviewer.id, 'reviewer');
  strangers = [
    ['an organiser of another event', { role: 'authenticated', sub: other.organiserId, aud: 'authenticated' }],
    ['a reviewer of another event', otherReviewer.claims],
    ['check-in staff', staff.claims],
    ['anon', ANON],
  ];
  const [draft] = await sql<{ id: string }[]>`
    insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
    values (${world.eventId}, 'kladde', 'Kladde', 'Resumé', 'K', 'k@example.org', 'draft') returning id`;
  draftSolution = draft!.id;
});

/** What a caller reads: nothing when RLS hides it or the role has no grant (anon). */
async function readable<T>(query: Promise<T[]>): Promise<T[]> {
  try {
    return await query;
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return [];
    throw error;
  }
}

const score = (claims: Claims, solution: string, value: number, criterionId = criterion) =>
  asUser(
    claims,
    (tx) => tx`
      insert into public.review_scores (event_id, solution_id, criterion_id, score)
      values (${world.eventId}, ${solution}, ${criterionId}, ${value})`,
    sql,
  );

describe('review criteria', () => {
  it('are defined by the event’s organisers, in Danish and English, and audited', async () => {
    const [row] = await asUser(
      organiser,
      (tx) => tx<{ id: string; version: number }[]>`
        insert into public.review_criteria (event_id, position, name, name_en)
        values (${world.eventId}, 1, 'Nytteværdi', 'Value to citizens') returning id, version`,
      sql,
    );
    criterion = row!.id;
    const renamed = await asUser(
      organiser,
      (tx) => tx`update public.review_criteria set name = 'Værdi for borgerne' where id = ${criterion} and version = 1`,
      sql,
    );
    expect(renamed.count).toBe(1);
    // A second save from the same version changes nothing (optimistic concurrency).
    const stale = await asUser(
      organiser,
      (tx) => tx`update public.review_criteria set name = 'Forældet' where id = ${criterion} and version = 1`,
      sql,
    );
    expect(stale.count).toBe(0);
    const entries = await sql<{ action: string; actor_id: string }[]>`
      select action, actor_id from public.audit_log where table_name = 'review_criteria' order by id`;
    expect(entries).toEqual([
      { action: 'insert', actor_id: world.organiserId },
      { action: 'update', actor_id: world.organiserId },
    ]);
  });

  it('are read by the event’s reviewers, who cannot change them; others see and change nothing', async () => {
    const read = async (claims: Claims) =>
      readable(
        asUser(claims, (tx) => tx`select name from public.review_criteria where event_id = ${world.eventId}`, sql),
      );
    expect(await read(reviewer)).toEqual([{ name: 'Værdi for borgerne' }]);
    const changed = await asUser(
      reviewer,
      (tx) => tx`update public.review_criteria set name = 'Min egen' where id = ${criterion}`,
      sql,
    );
    expect(changed.count).toBe(0);
    expect(
      await sqlState(
        asUser(
          reviewer,
          (tx) => tx`insert into public.review_criteria (event_id, name) values (${world.eventId}, 'Ny')`,
          sql,
        ),
      ),
    ).toBe('42501');
    for (const [, claims] of strangers) {
      expect(await read(claims)).toEqual([]);
      const code = await sqlState(
        asUser(
          claims,
          (tx) => tx`insert into public.review_criteria (event_id, name) values (${world.eventId}, 'Kapret')`,
          sql,
        ),
      );
      expect(code).toBe('42501');
    }
  });
});

describe('review scores', () => {
  it('are given once per reviewer, solution and criterion, on a 1–5 scale, to submitted solutions only', async () => {
    await score(reviewer, world.submittedSolutionId, 4);
    await score(organiser, world.submittedSolutionId, 2);
    expect(await sqlState(score(reviewer, world.submittedSolutionId, 5))).toBe('23505');
    expect(await sqlState(score(reviewer, world.acceptedSolutionId, 6))).toBe('23514');
    expect(await sqlState(score(reviewer, world.acceptedSolutionId, 0))).toBe('23514');
    expect(await sqlState(score(reviewer, draftSolution, 3))).toBe('42501');
    for (const [, claims] of strangers) {
      expect(await sqlState(score(claims, world.acceptedSolutionId, 3))).toBe('42501');
    }
    // In someone else's name.
    expect(
      await sqlState(
        asUser(
          reviewer,
          (tx) => tx`
            insert into public.review_scores (event_id, solution_id, criterion_id, reviewer_id, score)
            values (${world.eventId}, ${world.acceptedSolutionId}, ${criterion}, ${world.organiserId}, 3)`,
          sql,
        ),
      ),
    ).toBe('42501');
  });

  it('are changed by their reviewer at the version shown, and read by organisers and reviewers only', async () => {
    const change = (claims: Claims, value: number, version: number) =>
      asUser(
        claims,
        (tx) => tx`
          update public.review_scores set score = ${value}
           where solution_id = ${world.submittedSolutionId} and criterion_id = ${criterion}
             and reviewer_id = ${reviewerId} and version = ${version}`,
        sql,
      );
    expect((await change(reviewer, 5, 1)).count).toBe(1);
    expect((await change(reviewer, 1, 1)).count).toBe(0);
    // Nobody changes another's score, organisers included.
    expect((await change(organiser, 1, 2)).count).toBe(0);

    const summary = (claims: Claims) =>
      readable(
        asUser(
          claims,
          (tx) => tx<{ solution_id: string; scores: number; average: string }[]>`
          select solution_id, count(*)::int as scores, round(avg(score), 1)::text as average
            from public.review_scores where event_id = ${world.eventId} group by solution_id`,
          sql,
        ),
      );
    expect(await summary(organiser)).toEqual([{ solution_id: world.submittedSolutionId, scores: 2, average: '3.5' }]);
    expect(await summary(reviewer)).toHaveLength(1);
    for (const [, claims] of strangers) expect(await summary(claims)).toEqual([]);
  });

  it('go with their criterion, and with the reviewer’s account', async () => {
    await sql`delete from auth.users where id = ${reviewerId}`;
    expect(await sql`select 1 from public.review_scores where reviewer_id = ${reviewerId}`).toHaveLength(0);
    await asUser(organiser, (tx) => tx`delete from public.review_criteria where id = ${criterion}`, sql);
    expect(await sql`select 1 from public.review_scores where criterion_id = ${criterion}`).toHaveLength(0);
  });
});

describe('the console’s rubric: weights, scoring forms, averages and ranking', () => {
  let scoring: EventWorld;
  let boss: SignedIn;
  let first: SignedIn;
  let second: SignedIn;
  let value: string;
  let reach: string;

  beforeAll(async () => {
    scoring = await insertEventWorld(sql, { slug: 'rubrik-point', status: 'published' });
    boss = { role: 'authenticated', sub: scoring.organiserId, aud: 'authenticated' };
    const a = await insertUser(sql, 'foerste@rubrik-point.example.org');
    const b = await insertUser(sql, 'anden@rubrik-point.example.org');
    await grantRole(sql, scoring.eventId, a.id, 'reviewer');
    await grantRole(sql, scoring.eventId, b.id, 'reviewer');
    first = a.claims as SignedIn;
    second = b.claims as SignedIn;
  });

  const criterionRow = async (id: string) =>
    (
      await sql<{ weight: number; version: number; name: string }[]>`
      select weight, version, name from public.review_criteria where id = ${id}`
    )[0]!;

  it('lets organisers weigh criteria 1–10, in Postgres, and nobody else', async () => {
    const added = await addCriterion(
      boss,
      { event: scoring.eventId, name: 'Værdi', nameEn: 'Value', weight: 3, position: 1 },
      sql,
    );
    const added2 = await addCriterion(
      boss,
      { event: scoring.eventId, name: 'Rækkevidde', nameEn: null, weight: 1, position: 2 },
      sql,
    );
    if (!added.ok || !added2.ok) throw new Error('criteria not added');
    value = added.value.id;
    reach = added2.value.id;
    expect(
      await addCriterion(boss, { event: scoring.eventId, name: 'Værdi', nameEn: null, weight: 1, position: 3 }, sql),
    ).toEqual({
      ok: false,
      code: 'name_taken',
    });
    for (const weight of [0, 11]) {
      expect(
        await sqlState(
          asUser(boss, (tx) => tx`update public.review_criteria set weight = ${weight} where id = ${value}`, sql),
        ),
      ).toBe('23514');
    }
    const asReviewer = await asUser(
      first,
      (tx) => tx`update public.review_criteria set weight = 10 where id = ${value}`,
      sql,
    );
    expect(asReviewer.count).toBe(0);
    expect(
      await addCriterion(first, { event: scoring.eventId, name: 'Min', nameEn: null, weight: 1, position: 3 }, sql),
    ).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect((await criterionRow(value)).weight).toBe(3);
  });

  it('saves a criterion at the version its form showed; the second of two saves is told', async () => {
    const { version } = await criterionRow(value);
    const edit = {
      event: scoring.eventId,
      id: value,
      name: 'Værdi for borgerne',
      nameEn: 'Value',
      weight: 3,
      position: 1,
    };
    const [one, two] = await Promise.all([
      saveCriterion(boss, { ...edit, version }, sql),
      saveCriterion(boss, { ...edit, name: 'Værdi for kommunen', version }, sql),
    ]);
    expect([one, two].filter((o) => o.ok)).toHaveLength(1);
    expect([one, two].filter((o) => !o.ok)).toEqual([{ ok: false, code: 'changed_elsewhere' }]);
    expect(await saveCriterion(first, { ...edit, version: version + 1 }, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect((await criterionRow(value)).version).toBe(version + 1);
  });

  it('scores a submitted solution per criterion, at the version shown, all of a form or none', async () => {
    const base = { event: scoring.eventId, solution: scoring.submittedSolutionId };
    expect(
      await saveScores(
        first,
        {
          ...base,
          scores: [
            { criterionId: value, score: 5, version: null },
            { criterionId: reach, score: 1, version: null },
          ],
        },
        sql,
      ),
    ).toEqual({ ok: true, value: null });
    expect(
      await saveScores(second, { ...base, scores: [{ criterionId: value, score: 2, version: null }] }, sql),
    ).toEqual({ ok: true, value: null });
    // A second tab that still shows "no score": refused, and nothing of that form is kept.
    expect(
      await saveScores(
        first,
        {
          ...base,
          scores: [
            { criterionId: reach, score: 4, version: 1 },
            { criterionId: value, score: 1, version: null },
          ],
        },
        sql,
      ),
    ).toEqual({ ok: false, code: 'changed_elsewhere' });
    const mine = await loadSolutionScores(first, scoring.eventId, scoring.submittedSolutionId, 'da', sql);
    // By id: the race above leaves the first criterion named by whichever save won.
    expect(mine.criteria.map((c) => [c.id, c.mine?.score, c.mine?.version])).toEqual([
      [value, 5, 1],
      [reach, 1, 1],
    ]);
    // Weighted: mine (5×3 + 1×1) / 4 = 4; everyone's (5×3 + 1×1 + 2×3) / 7.
    expect(mine.mine).toBe(4);
    expect(mine.all).toBeCloseTo(22 / 7, 10);
    expect(mine.reviewers).toBe(2);
    expect(mine.criteria[0]!.average).toBe(3.5);
    // At the version shown: changed once, the same form again is told.
    const change = { ...base, scores: [{ criterionId: reach, score: 3, version: 1 }] };
    expect(await saveScores(first, change, sql)).toEqual({ ok: true, value: null });
    expect(await saveScores(first, change, sql)).toEqual({ ok: false, code: 'changed_elsewhere' });
    // Two tabs giving a first score at once: one score, the other told.
    const both = await Promise.all(
      [4, 5].map((score) =>
        saveScores(second, { ...base, scores: [{ criterionId: reach, score, version: null }] }, sql),
      ),
    );
    expect(both.filter((o) => o.ok)).toHaveLength(1);
    expect(both.filter((o) => !o.ok)).toEqual([{ ok: false, code: 'changed_elsewhere' }]);
    const [count] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.review_scores where solution_id = ${scoring.submittedSolutionId}`;
    expect(count!.n).toBe(4);
  });

  it('refuses strangers, other events’ reviewers and drafts', async () => {
    const base = { event: scoring.eventId, solution: scoring.submittedSolutionId };
    const score = [{ criterionId: value, score: 3, version: null }];
    for (const [, claims] of strangers) {
      if (claims.role !== 'authenticated') continue;
      expect(await saveScores(claims, { ...base, scores: score }, sql)).toEqual({ ok: false, code: 'not_found' });
    }
    // A criterion that is not this event's (the other world's, since removed): refused as data, never a 500.
    expect(
      await saveScores(first, { ...base, scores: [{ criterionId: criterion, score: 3, version: null }] }, sql),
    ).toEqual({ ok: false, code: 'not_found' });
    const [draft] = await sql<{ id: string }[]>`
      insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
      values (${scoring.eventId}, 'kladde', 'Kladde', 'Resumé', 'K', 'k@example.org', 'draft') returning id`;
    expect(await saveScores(boss, { event: scoring.eventId, solution: draft!.id, scores: score }, sql)).toEqual({
      ok: false,
      code: 'not_reviewable',
    });
    expect(await saveScores(first, { event: scoring.eventId, solution: draft!.id, scores: score }, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
  });

  it('ranks the submitted solutions for organisers by weighted average, unscored last', async () => {
    await saveScores(
      first,
      {
        event: scoring.eventId,
        solution: scoring.acceptedSolutionId,
        scores: [{ criterionId: value, score: 4, version: null }],
      },
      sql,
    );
    const ranking = await loadRanking(boss, scoring.eventId, sql);
    expect(ranking.map((r) => [r.id, r.reviewers])).toEqual([
      [scoring.acceptedSolutionId, 1],
      [scoring.submittedSolutionId, 2],
    ]);
    expect(ranking[0]!.average).toBe(4);
    expect(await loadRanking(first, scoring.eventId, sql)).toEqual([]);
  });

  it('removes a criterion with its points, at the version shown', async () => {
    const { version } = await criterionRow(reach);
    expect(await deleteCriterion(boss, { event: scoring.eventId, id: reach, version: version + 5 }, sql)).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
    expect(await deleteCriterion(boss, { event: scoring.eventId, id: reach, version }, sql)).toEqual({
      ok: true,
      value: null,
    });
    expect(await sql`select 1 from public.review_scores where criterion_id = ${reach}`).toHaveLength(0);
  });
});
