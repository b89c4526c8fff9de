// Organisers edit a solution's public content and theme tags, against a real
// Postgres (migration 20261204190100): only the organisers of the solution's
// own event (reviewers, the team, strangers and another event's organisers
// get "not found" and nothing changes), at the version the form showed (two
// organisers saving at once: one saved, one told it changed elsewhere; a team
// edit in between also counts), each change in the audit log with before and
// after, and the tags' rules enforced by Postgres too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import type { ContentInput } from '../../src/lib/solutions/content.ts';
import { loadSolutionContent, saveSolutionContent } from '../../src/lib/solutions/content.server.ts';
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

const signedIn = async (email: string): Promise<SignedIn> => {
  const { claims } = await insertUser(sql, email);
  if (claims.role !== 'authenticated') throw new Error('not signed in');
  return claims;
};

let day: PastDay;
let other: PastDay;
let organiser: SignedIn;
let colleague: SignedIn;
let reviewer: SignedIn;
let otherOrganiser: SignedIn;
let teamMember: SignedIn;
let stranger: SignedIn;

const versionOf = async (id: string) =>
  (await sql<{ version: number }[]>`select version from public.solutions where id = ${id}`)[0]!.version;

const content = (solutionId: string, version: number, fields: Partial<ContentInput> = {}): ContentInput => ({
  solutionId,
  version,
  title: 'Borgerservice-to-go',
  titleEn: 'Citizen service to go',
  summary: 'Borgerservice der kommer ud til borgerne.',
  summaryEn: 'Citizen service that comes to the citizens.',
  targetGroup: 'Ældre borgere',
  targetGroupEn: 'Older citizens',
  results: 'Færre ture til rådhuset',
  resultsEn: null,
  linkUrl: 'https://example.org/borgerservice',
  themeTags: ['nærhed', 'digital inklusion'],
  themeTagsEn: ['proximity', null],
  ...fields,
});

beforeAll(async () => {
  day = await insertPastDay(sql, { slug: 'indhold-dag', attendees: 1 });
  other = await insertPastDay(sql, { slug: 'indhold-anden', attendees: 1 });
  organiser = await signedIn('arrangoer-indhold@example.org');
  colleague = await signedIn('kollega-indhold@example.org');
  reviewer = await signedIn('bedoemmer-indhold@example.org');
  otherOrganiser = await signedIn('anden-arrangoer-indhold@example.org');
  teamMember = await signedIn('team-indhold@example.org');
  stranger = await signedIn('fremmed-indhold@example.org');
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${day.eventId}, ${organiser.sub}, 'organiser'), (${day.eventId}, ${colleague.sub}, 'organiser'),
      (${day.eventId}, ${reviewer.sub}, 'reviewer'), (${other.eventId}, ${otherOrganiser.sub}, 'organiser')`;
  await sql`
    insert into public.solution_team_members (event_id, solution_id, role, invited_email, user_id, accepted_at)
    values (${day.eventId}, ${day.solutionId}, 'member', ${teamMember.email!}, ${teamMember.sub}, now())`;
});

describe("an organiser edits a solution's public content", () => {
  it('saves texts, link and tags with their English names, raises the version and logs before → after', async () => {
    const version = await versionOf(day.solutionId);
    const saved = await saveSolutionContent(organiser, content(day.solutionId, version));
    expect(saved).toEqual({ ok: true, version: version + 1 });
    const [row] = await sql<{ title_en: string; theme_tags: string[]; theme_tags_en: (string | null)[] }[]>`
      select title_en, theme_tags, to_jsonb(theme_tags_en) as theme_tags_en
        from public.solutions where id = ${day.solutionId}`;
    expect(row).toEqual({
      title_en: 'Citizen service to go',
      theme_tags: ['nærhed', 'digital inklusion'],
      theme_tags_en: ['proximity', null],
    });
    const [entry] = await sql<{ actor_id: string; before: Record<string, unknown>; after: Record<string, unknown> }[]>`
      select actor_id, before, after from public.audit_log
       where event_id = ${day.eventId} and table_name = 'solutions' and row_key ->> 'id' = ${day.solutionId}
       order by id desc limit 1`;
    expect(entry!.actor_id).toBe(organiser.sub);
    expect(entry!.before).toMatchObject({ theme_tags: [], title_en: null });
    expect(entry!.after).toMatchObject({
      theme_tags: ['nærhed', 'digital inklusion'],
      theme_tags_en: ['proximity', null],
    });
    // Contact details are never part of the entry.
    expect(JSON.stringify(entry)).not.toContain('@');
    // The form reads it back as saved.
    const loaded = await loadSolutionContent(organiser, day.eventId, day.solutionId);
    expect(loaded).toMatchObject({
      version: version + 1,
      themeTags: ['nærhed', 'digital inklusion'],
      themeTagsEn: ['proximity', null],
    });
  });

  it('refuses everyone else with "not found", and nothing changes', async () => {
    const version = await versionOf(day.solutionId);
    for (const caller of [reviewer, otherOrganiser, teamMember, stranger]) {
      const answer = await saveSolutionContent(caller, content(day.solutionId, version, { title: 'Kapret' }));
      expect(answer).toEqual({ ok: false, code: 'not_found' });
    }
    // Another event's organiser cannot reach this event's solution through their own event either.
    expect(await loadSolutionContent(otherOrganiser, other.eventId, day.solutionId)).toBeNull();
    expect(await versionOf(day.solutionId)).toBe(version);
    const [row] = await sql<{ title: string }[]>`select title from public.solutions where id = ${day.solutionId}`;
    expect(row!.title).toBe('Borgerservice-to-go');
  });

  it('never lets the team or anyone else write tags or the version directly', async () => {
    for (const caller of [teamMember, organiser]) {
      const state = await sqlState(
        asUser(caller, (tx) => tx`update public.solutions set theme_tags = '{kapret}' where id = ${day.solutionId}`),
      );
      expect(state).toBe('42501');
    }
  });

  it('two organisers saving the same version at once: one is saved, the other told it changed elsewhere', async () => {
    const version = await versionOf(day.solutionId);
    const answers = await Promise.all([
      saveSolutionContent(organiser, content(day.solutionId, version, { title: 'Første titel' })),
      saveSolutionContent(colleague, content(day.solutionId, version, { title: 'Anden titel' })),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok)).toEqual([{ ok: false, code: 'changed_elsewhere' }]);
    expect(await versionOf(day.solutionId)).toBe(version + 1);
  });

  it("counts the team's own edit as a change, but not a decision or a placement", async () => {
    const version = await versionOf(day.solutionId);
    // A decision or a status change leaves an open content form valid.
    await sql`update public.solutions set award_nominee = not award_nominee where id = ${day.solutionId}`;
    expect(await versionOf(day.solutionId)).toBe(version);
    // The team rewrites the summary: the organiser's form from before is refused.
    await sql`update public.solutions set summary = 'Holdets egen tekst.' where id = ${day.solutionId}`;
    expect(await versionOf(day.solutionId)).toBe(version + 1);
    expect(await saveSolutionContent(organiser, content(day.solutionId, version))).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
  });

  it('holds the tag rules in Postgres as well as in the form', async () => {
    const version = await versionOf(day.solutionId);
    for (const themeTags of [
      Array.from({ length: 13 }, (_, i) => `tema ${i}`),
      ['x'.repeat(61)],
      [' ydre mellemrum'],
    ]) {
      const state = await sqlState(saveSolutionContent(organiser, content(day.solutionId, version, { themeTags })));
      expect(state).toBe('23514');
    }
    // English names beyond the tags are cut to the tags; all empty means none.
    const cut = await saveSolutionContent(
      organiser,
      content(day.solutionId, version, { themeTags: ['ét'], themeTagsEn: [null] }),
    );
    expect(cut.ok).toBe(true);
    const [row] = await sql<{ theme_tags_en: string[] | null }[]>`
      select theme_tags_en from public.solutions where id = ${day.solutionId}`;
    expect(row!.theme_tags_en).toBeNull();
  });
});
