// An organiser reads and edits a solution's public content (its texts, link
// and theme tags) through private.edit_solution_content, at the version the
// form showed; the function checks the organiser role of the solution's event
// and writes the audit log (migration 20261204190100).
import postgres from 'postgres';
import { asUser, type SignedIn, sql, type Sql } from '../db/db.server.ts';
import { refused } from '../site/refusal.ts';
import type { ContentInput, ContentRefusal } from './content.ts';

export interface SolutionContent {
  id: string;
  slug: string;
  status: string;
  version: number;
  title: string;
  titleEn: string | null;
  summary: string;
  summaryEn: string | null;
  targetGroup: string | null;
  targetGroupEn: string | null;
  results: string | null;
  resultsEn: string | null;
  linkUrl: string | null;
  themeTags: string[];
  themeTagsEn: (string | null)[] | null;
}

/**
 * The solution of this event as the content form shows it; null when the caller may not see it. The
 * English tag names come as JSON: postgres.js reads a NULL element of a text[] as the text 'NULL'.
 */
export async function loadSolutionContent(
  claims: SignedIn,
  eventId: string,
  solutionId: string,
  db: Sql = sql(),
): Promise<SolutionContent | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<SolutionContent[]>`
      select s.id, s.slug, s.status::text as status, s.version, s.title, s.title_en as "titleEn", s.summary,
             s.summary_en as "summaryEn", s.target_group as "targetGroup", s.target_group_en as "targetGroupEn",
             s.results, s.results_en as "resultsEn", s.link_url as "linkUrl", s.theme_tags as "themeTags",
             to_jsonb(s.theme_tags_en) as "themeTagsEn"
        from public.solutions s
       where s.id = ${solutionId} and s.event_id = ${eventId}`,
    db,
  );
  return row ?? null;
}

/**
 * Saves at the version the form showed: the new version, or why not. An English tag name that is
 * missing goes as '' (the function stores it as NULL): postgres.js sends a null array element as text.
 */
export async function saveSolutionContent(
  claims: SignedIn,
  input: ContentInput,
  db: Sql = sql(),
): Promise<{ ok: true; version: number } | ContentRefusal> {
  try {
    const [row] = await asUser(
      claims,
      (tx) => tx<{ outcome: 'ok' | 'changed_elsewhere' | 'not_found'; version: number | null }[]>`
        select outcome, version from private.edit_solution_content(
          ${input.solutionId}, ${input.version}, ${input.title}, ${input.titleEn}, ${input.summary},
          ${input.summaryEn}, ${input.targetGroup}, ${input.targetGroupEn}, ${input.results}, ${input.resultsEn},
          ${input.linkUrl}, ${input.themeTags}::text[],
          ${input.themeTagsEn === null ? null : input.themeTagsEn.map((name) => name ?? '')}::text[])`,
      db,
    );
    if (row?.outcome === 'ok' && row.version !== null) return { ok: true, version: row.version };
    return refused(row?.outcome === 'changed_elsewhere' ? 'changed_elsewhere' : 'not_found');
  } catch (error) {
    // A field the call requires, emptied on a submitted solution (the form already checks lengths and tags).
    if (error instanceof postgres.PostgresError && error.constraint_name === 'solutions_required_fields') {
      return refused('required_by_call');
    }
    throw error;
  }
}
