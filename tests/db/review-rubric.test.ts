// The review rubric as data (20261203120704): organisers define criteria
// (da/en, in order); reviewers and organisers score submitted solutions 1–5
// per criterion in their own name, once each, changed at the version they
// saw; organisers and reviewers of the event read the scores, nobody else;
// every change is in the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { grantRole, insertUser } from '../fixtures/solutions.ts';
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
