// Materials' use cases: attach a file or a link to a session or a solution,
// remove one, and list those the caller may see with links to open them.
// Postgres decides who may do what (RLS on public.materials,
// private.may_edit_material / may_read_material); the storage port keeps the
// files. A file is stored before its row is written (and removed again if the
// row is refused); a removed row's file is deleted after the commit — here at
// once, and by the 'storage-delete' job the delete queued, whichever is first.
import { asUser, type SignedIn, type Claims, sql, type Sql } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { readUploadedFile } from '../limits/uploaded-file.ts';
import { refused } from '../site/refusal.ts';
import type { ObjectStore } from '../storage/port.ts';
import { objectStore, removeObjects, signedUrl, storeUpload } from '../storage/storage.server.ts';
import {
  fileDetail,
  linkDetail,
  linkLifetimeSeconds,
  type ListedMaterial,
  type MaterialRefusal,
  type MaterialSubject,
  type MaterialVisibility,
  titleIn,
} from './materials.ts';

export interface MaterialDraft {
  title: string;
  titleEn?: string | undefined;
  visibility: MaterialVisibility;
  link?: string | undefined;
  file?: File | undefined;
}

export interface Deps {
  db?: Sql;
  store?: ObjectStore;
}

/** Attaches a material to a session or solution of `eventId`, as the signed-in organiser or team member. */
export async function attachMaterial(
  claims: SignedIn,
  eventId: string,
  subject: MaterialSubject,
  draft: MaterialDraft,
  deps: Deps = {},
): Promise<{ ok: true; id: string } | MaterialRefusal> {
  const db = deps.db ?? sql();
  if (draft.link && draft.file) return refused('material_source_both');
  if (!draft.link && !draft.file) return refused('material_source_missing');
  const solutionId = subject.kind === 'solution' ? subject.id : null;
  const sessionId = subject.kind === 'session' ? subject.id : null;
  // Asked before a file is stored, so a stranger's upload costs no storage.
  const [may] = await asUser(
    claims,
    (tx) => tx<{ allowed: boolean }[]>`select private.may_edit_material(${eventId}, ${solutionId}) as allowed`,
    db,
  );
  if (!may?.allowed) return refused('not_found');

  let file: { key: string; contentType: string; byteSize: number; downloadName: string } | null = null;
  if (draft.file) {
    const read = await readUploadedFile(draft.file, 'material');
    if (!read.ok) return read;
    const stored = await storeUpload(
      { bytes: read.bytes, declaredName: read.declaredName, kind: 'material', prefix: `materials/${eventId}` },
      deps.store ?? objectStore(),
    );
    if (!stored.ok) return stored;
    file = stored.object;
  }
  try {
    const [row] = await asUser(
      claims,
      (tx) => tx<{ id: string }[]>`
        insert into public.materials (event_id, session_id, solution_id, title, title_en, visibility, link_url,
                                      storage_key, content_type, byte_size, download_name)
        values (${eventId}, ${sessionId}, ${solutionId}, ${draft.title}, ${draft.titleEn ?? null}, ${draft.visibility},
                ${draft.link ?? null}, ${file?.key ?? null}, ${file?.contentType ?? null}, ${file?.byteSize ?? null},
                ${file ? file.downloadName.slice(0, 120) : null})
        returning id`,
      db,
    );
    return { ok: true, id: row!.id };
  } catch (error) {
    if (file) await removeObjects([file.key], deps.store ?? objectStore()).catch(() => {});
    // Not this event's session or solution (23503), or not the caller's to change (42501).
    const code = (error as { code?: string }).code;
    if (code === '23503' || code === '42501') return refused('not_found');
    throw error;
  }
}

/** Removes a material (and its file) within the event or solution the form was about. */
export async function removeMaterial(
  claims: SignedIn,
  materialId: string,
  scope: { eventId: string } | { solutionId: string },
  deps: Deps = {},
): Promise<{ ok: true } | MaterialRefusal> {
  const rows = await asUser(
    claims,
    (tx) => tx<{ storage_key: string | null }[]>`
      delete from public.materials
       where id = ${materialId}
         and ${'eventId' in scope ? tx`event_id = ${scope.eventId}` : tx`solution_id = ${scope.solutionId}`}
      returning storage_key`,
    deps.db ?? sql(),
  );
  if (rows.length === 0) return refused('not_found');
  const key = rows[0]!.storage_key;
  // The queued job deletes it too; a failure here only leaves it to the job.
  if (key) await removeObjects([key], deps.store ?? objectStore()).catch(() => {});
  return { ok: true };
}

interface Row {
  id: string;
  event_id: string;
  session_id: string | null;
  solution_id: string | null;
  title: string;
  title_en: string | null;
  visibility: MaterialVisibility;
  link_url: string | null;
  storage_key: string | null;
  content_type: string | null;
  byte_size: string | null;
  download_name: string | null;
  created_at: Date;
}

/**
 * The materials of these sessions and solutions that the caller may see (RLS
 * decides), oldest first, each with a link: a file's is signed and expires.
 * My takeaways page calls this with the sessions and solutions I met.
 */
export async function listMaterialsFor(
  claims: Claims,
  subjects: { sessionIds?: readonly string[]; solutionIds?: readonly string[] },
  lang: Lang,
  deps: Deps = {},
): Promise<ListedMaterial[]> {
  const sessionIds = [...(subjects.sessionIds ?? [])];
  const solutionIds = [...(subjects.solutionIds ?? [])];
  if (sessionIds.length === 0 && solutionIds.length === 0) return [];
  const rows = await asUser(
    claims,
    (tx) => tx<Row[]>`
      select id, event_id, session_id, solution_id, title, title_en, visibility, link_url, storage_key,
             content_type, byte_size, download_name, created_at
        from public.materials
       where session_id = any (${sessionIds}::uuid[]) or solution_id = any (${solutionIds}::uuid[])
       order by created_at, id`,
    deps.db ?? sql(),
  );
  return listed(rows, lang, deps.store);
}

/** Every material of an event, for its organisers' console (others see what RLS lets through). */
export async function listEventMaterials(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  deps: Deps = {},
): Promise<ListedMaterial[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<Row[]>`
      select id, event_id, session_id, solution_id, title, title_en, visibility, link_url, storage_key,
             content_type, byte_size, download_name, created_at
        from public.materials
       where event_id = ${eventId}
       order by created_at, id`,
    deps.db ?? sql(),
  );
  return listed(rows, lang, deps.store);
}

async function listed(rows: Row[], lang: Lang, store?: ObjectStore): Promise<ListedMaterial[]> {
  return Promise.all(
    rows.map(async (row) => {
      const file = row.storage_key !== null;
      const url = file
        ? await signedUrl(
            row.storage_key!,
            { expiresInSeconds: linkLifetimeSeconds(row.visibility), downloadName: row.download_name ?? undefined },
            store ?? objectStore(),
          )
        : row.link_url!;
      return {
        id: row.id,
        eventId: row.event_id,
        sessionId: row.session_id,
        solutionId: row.solution_id,
        title: titleIn(lang, row.title, row.title_en),
        visibility: row.visibility,
        kind: file ? 'file' : 'link',
        url,
        detail: file ? fileDetail(row.content_type ?? '', Number(row.byte_size), lang) : linkDetail(url),
        createdAt: row.created_at,
      } satisfies ListedMaterial;
    }),
  );
}

export interface MaterialSubjects {
  sessions: { id: string; title: string; startsAt: Date }[];
  solutions: { id: string; title: string }[];
}

/** What an organiser may attach materials to: the event's sessions and its solutions in the call. */
export async function loadMaterialSubjects(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<MaterialSubjects> {
  return asUser(
    claims,
    async (tx) => {
      const sessions = await tx<{ id: string; title: string; title_en: string | null; starts_at: Date }[]>`
        select id, title, title_en, starts_at from public.sessions where event_id = ${eventId} order by starts_at, title`;
      const solutions = await tx<{ id: string; title: string; title_en: string | null }[]>`
        select id, title, title_en from public.solutions
         where event_id = ${eventId} and status in ('submitted', 'changes_requested', 'accepted')
         order by title`;
      return {
        sessions: sessions.map((s) => ({ id: s.id, title: titleIn(lang, s.title, s.title_en), startsAt: s.starts_at })),
        solutions: solutions.map((s) => ({ id: s.id, title: titleIn(lang, s.title, s.title_en) })),
      };
    },
    db,
  );
}

/** The event of a solution the caller's team works on (null when it is not theirs). */
export async function solutionEventForTeam(
  claims: SignedIn,
  solutionId: string,
  db: Sql = sql(),
): Promise<string | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ event_id: string }[]>`
      select event_id from public.solutions where id = ${solutionId} and private.is_solution_member(id)`,
    db,
  );
  return row?.event_id ?? null;
}
