// The organisers' takeaways article, the use cases: the console's editor
// (read, save with the version the form showed, publish and withdraw, add and
// remove images) and the article as readers see it (its own public page, the
// event page after the day, My takeaways, the organisers' preview). Every
// query runs as the caller under RLS: organisers of the event write and read
// drafts; everyone else reads a published article once the day is over.
import { asUser, type Claims, type SignedIn, sql, type Sql, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { t } from '../i18n/messages.ts';
import { readUploadedFile } from '../limits/uploaded-file.ts';
import { refused } from '../site/refusal.ts';
import { pathsFor } from '../site/paths.ts';
import type { ObjectStore } from '../storage/port.ts';
import { objectStore, removeObjects, signedUrl, storeUpload } from '../storage/storage.server.ts';
import type { ArticleForm, ArticleRefusal, ImageRefusal } from './article.ts';
import { type ArticleImage, plainTextOf, referencedImages, renderArticleMarkdown } from './markdown.ts';

export interface Deps {
  db?: Sql;
  store?: ObjectStore;
}

interface ArticleRow {
  event_id: string;
  title: string;
  title_en: string | null;
  lead: string | null;
  lead_en: string | null;
  body: string;
  body_en: string | null;
  track_ids: string[];
  solution_ids: string[];
  published_at: Date | null;
  version: number;
  updated_at: Date;
}

interface ImageRow {
  id: string;
  number: number;
  storage_key: string;
  width: number | null;
  height: number | null;
  alt: string;
  alt_en: string | null;
  caption: string | null;
  caption_en: string | null;
}

/** What the console's form edits, as stored. */
export interface EditableArticle {
  title: string;
  titleEn: string | null;
  lead: string | null;
  leadEn: string | null;
  body: string;
  bodyEn: string | null;
  trackIds: string[];
  solutionIds: string[];
  publishedAt: Date | null;
  version: number;
  updatedAt: Date;
}

export interface EditorImage {
  id: string;
  number: number;
  /** A short-lived link to show the image in the console. */
  src: string;
  alt: string;
  altEn: string | null;
  caption: string | null;
}

export interface ArticleEditor {
  article: EditableArticle | null;
  images: EditorImage[];
  tracks: { id: string; name: string }[];
  solutions: { id: string; title: string }[];
}

const ARTICLE_COLUMNS = (tx: Tx) =>
  tx`event_id, title, title_en, lead, lead_en, body, body_en, track_ids, solution_ids, published_at, version, updated_at`;
const IMAGE_COLUMNS = (tx: Tx) => tx`id, number, storage_key, width, height, alt, alt_en, caption, caption_en`;

const editable = (row: ArticleRow): EditableArticle => ({
  title: row.title,
  titleEn: row.title_en,
  lead: row.lead,
  leadEn: row.lead_en,
  body: row.body,
  bodyEn: row.body_en,
  trackIds: row.track_ids,
  solutionIds: row.solution_ids,
  publishedAt: row.published_at,
  version: row.version,
  updatedAt: row.updated_at,
});

/** Links to images: an hour for a published article (its pages may be cached a while), minutes in the console. */
const PUBLIC_LINK_SECONDS = 3600;
const CONSOLE_LINK_SECONDS = 600;

/** The console's editor: the article (null before it is first saved), its images and what it may link to. */
export async function loadArticleEditor(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  deps: Deps = {},
): Promise<ArticleEditor> {
  const { article, images, tracks, solutions } = await asUser(
    claims,
    async (tx) => {
      const [articles, images, tracks, solutions] = await Promise.all([
        tx<ArticleRow[]>`select ${ARTICLE_COLUMNS(tx)} from public.takeaway_articles where event_id = ${eventId}`,
        tx<ImageRow[]>`
          select ${IMAGE_COLUMNS(tx)} from public.takeaway_article_images where event_id = ${eventId} order by number`,
        tx<{ id: string; name: string; name_en: string | null }[]>`
          select id, name, name_en from public.tracks where event_id = ${eventId} order by position, name`,
        tx<{ id: string; title: string; title_en: string | null }[]>`
          select id, title, title_en from public.solutions
           where event_id = ${eventId} and status = 'accepted' order by title`,
      ]);
      return { article: articles[0], images, tracks, solutions };
    },
    deps.db ?? sql(),
  );
  const store = deps.store ?? objectStore();
  return {
    article: article ? editable(article) : null,
    images: await Promise.all(
      images.map(async (image) => ({
        id: image.id,
        number: image.number,
        src: await signedUrl(image.storage_key, { expiresInSeconds: CONSOLE_LINK_SECONDS }, store),
        alt: image.alt,
        altEn: image.alt_en,
        caption: image.caption,
      })),
    ),
    tracks: tracks.map((track) => ({ id: track.id, name: localized(lang, track.name, track.name_en) })),
    solutions: solutions.map((solution) => ({
      id: solution.id,
      title: localized(lang, solution.title, solution.title_en),
    })),
  };
}

const isForeignKeyViolation = (error: unknown) => (error as { code?: string }).code === '23503';
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/**
 * Saves the article as the organiser wrote it: a first save creates it, a
 * later one changes it only if nobody saved since the form was shown.
 */
export async function saveArticle(
  claims: SignedIn,
  eventId: string,
  input: Omit<ArticleForm, 'event' | 'intent'>,
  db: Sql = sql(),
): Promise<{ ok: true; version: number } | ArticleRefusal> {
  const values = {
    title: input.title,
    title_en: input.titleEn ?? null,
    lead: input.lead ?? null,
    lead_en: input.leadEn ?? null,
    body: input.body,
    body_en: input.bodyEn.trim() === '' ? null : input.bodyEn,
    track_ids: [...new Set(input.tracks)],
    solution_ids: [...new Set(input.solutions)],
  };
  try {
    return await asUser(
      claims,
      async (tx) => {
        if (input.version === undefined) {
          const [created] = await tx<{ version: number }[]>`
            insert into public.takeaway_articles (event_id, title, title_en, lead, lead_en, body, body_en, track_ids,
                                                  solution_ids)
            values (${eventId}, ${values.title}, ${values.title_en}, ${values.lead}, ${values.lead_en}, ${values.body},
                    ${values.body_en}, ${values.track_ids}::uuid[], ${values.solution_ids}::uuid[])
            on conflict (event_id) do nothing
            returning version`;
          // Another organiser wrote the first version meanwhile.
          return created ? { ok: true as const, version: created.version } : refused('changed_elsewhere');
        }
        const [updated] = await tx<{ version: number }[]>`
          update public.takeaway_articles
             set title = ${values.title}, title_en = ${values.title_en}, lead = ${values.lead},
                 lead_en = ${values.lead_en}, body = ${values.body}, body_en = ${values.body_en},
                 track_ids = ${values.track_ids}::uuid[], solution_ids = ${values.solution_ids}::uuid[]
           where event_id = ${eventId} and version = ${input.version}
          returning version`;
        return updated ? { ok: true as const, version: updated.version } : refused('changed_elsewhere');
      },
      db,
    );
  } catch (error) {
    // A track or solution that is not (or no longer) this event's; the trigger names it.
    if (isForeignKeyViolation(error)) return refused('link_not_found');
    // Not an organiser of this event (the page let them in, the role went meanwhile).
    if ((error as { code?: string }).code === '42501') return refused('not_found');
    throw error;
  }
}

/** Publishes the article (now) or takes it back to a draft, at the version the form showed. */
export async function setArticlePublished(
  claims: SignedIn,
  eventId: string,
  version: number,
  publish: boolean,
  db: Sql = sql(),
): Promise<{ ok: true; version: number } | ArticleRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const [changed] = await tx<{ version: number }[]>`
        update public.takeaway_articles
           set published_at = ${publish ? tx`now()` : null}
         where event_id = ${eventId} and version = ${version}
           and ${publish ? tx`body ~ '[^[:space:]]'` : tx`true`}
        returning version`;
      if (changed) return { ok: true as const, version: changed.version };
      const [row] = await tx<{ version: number }[]>`
        select version from public.takeaway_articles where event_id = ${eventId}`;
      if (!row) return refused('article_not_written');
      return row.version !== version ? refused('changed_elsewhere') : refused('article_empty');
    },
    db,
  );
}

export interface ImageDraft {
  file: File | undefined;
  alt: string;
  altEn?: string | undefined;
  caption?: string | undefined;
  captionEn?: string | undefined;
}

/** Stores an image for the article (sniffed, size-limited, re-encoded) under the event's next number. */
export async function addArticleImage(
  claims: SignedIn,
  eventId: string,
  draft: ImageDraft,
  deps: Deps = {},
): Promise<{ ok: true; number: number } | ImageRefusal> {
  const db = deps.db ?? sql();
  const store = deps.store ?? objectStore();
  // Asked before the file is stored, so a stranger's upload costs no storage.
  const [may] = await asUser(
    claims,
    (tx) => tx<{ allowed: boolean }[]>`select private.has_event_role(${eventId}, 'organiser') as allowed`,
    db,
  );
  if (!may?.allowed) return refused('not_found');
  const read = await readUploadedFile(draft.file, 'image');
  if (!read.ok) return read;
  const stored = await storeUpload(
    { bytes: read.bytes, declaredName: read.declaredName, kind: 'image', prefix: `articles/${eventId}` },
    store,
  );
  if (!stored.ok) return stored;
  const { object } = stored;
  try {
    // Two uploads at once may pick the same number: the unique constraint refuses one, which tries the next.
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await asUser(
          claims,
          (tx) => tx<{ number: number }[]>`
            insert into public.takeaway_article_images (event_id, number, storage_key, content_type, byte_size, width,
                                                        height, alt, alt_en, caption, caption_en)
            select ${eventId}, coalesce(max(number), 0) + 1, ${object.key}, ${object.contentType}, ${object.byteSize},
                   ${object.width ?? null}, ${object.height ?? null}, ${draft.alt}, ${draft.altEn ?? null},
                   ${draft.caption ?? null}, ${draft.captionEn ?? null}
              from public.takeaway_article_images where event_id = ${eventId}
            returning number`,
          db,
        );
        return { ok: true, number: row!.number };
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  } catch (error) {
    await removeObjects([object.key], store).catch(() => {});
    if ((error as { code?: string }).code === '42501') return refused('not_found');
    throw error;
  }
}

/** Removes an image of the event's article, and its file. */
export async function removeArticleImage(
  claims: SignedIn,
  eventId: string,
  imageId: string,
  deps: Deps = {},
): Promise<{ ok: true } | ImageRefusal> {
  const rows = await asUser(
    claims,
    (tx) => tx<{ storage_key: string }[]>`
      delete from public.takeaway_article_images where id = ${imageId} and event_id = ${eventId}
      returning storage_key`,
    deps.db ?? sql(),
  );
  if (rows.length === 0) return refused('not_found');
  // The queued storage-delete job removes it too; a failure here only leaves it to the job.
  await removeObjects([rows[0]!.storage_key], deps.store ?? objectStore()).catch(() => {});
  return { ok: true };
}

/** The article as a reader sees it, in the reader's language. */
export interface ShownArticle {
  title: string;
  lead: string | null;
  /** Sanitised HTML (src/lib/article/markdown.ts): safe to put into the page as is. */
  html: string;
  /** The language the text is in: Danish when an English reader gets the Danish text. */
  contentLang: Lang;
  tracks: { name: string; href: string }[];
  solutions: { title: string; href: string }[];
  publishedAt: Date | null;
  updatedAt: Date;
}

interface ReadOptions {
  /** Drafts too (the console's preview; RLS shows drafts to the event's organisers only). */
  draft?: boolean;
  headingBase?: 2 | 3 | 4;
}

/**
 * The event's article as `claims` may read it, rendered; null when there is
 * none to show (no article, a draft for a reader, or the day not over).
 */
export async function loadArticle(
  claims: Claims,
  event: { id: string; slug: string },
  lang: Lang,
  options: ReadOptions = {},
  deps: Deps = {},
): Promise<ShownArticle | null> {
  const found = await asUser(
    claims,
    async (tx) => {
      const [row] = await tx<ArticleRow[]>`
        select ${ARTICLE_COLUMNS(tx)} from public.takeaway_articles
         where event_id = ${event.id} ${options.draft ? tx`` : tx`and published_at is not null`}`;
      if (!row) return null;
      const [images, tracks, solutions] = await Promise.all([
        tx<ImageRow[]>`
          select ${IMAGE_COLUMNS(tx)} from public.takeaway_article_images where event_id = ${event.id} order by number`,
        tx<{ id: string; slug: string; name: string; name_en: string | null }[]>`
          select id, slug, name, name_en from public.tracks
           where event_id = ${event.id} and id = any (${row.track_ids}::uuid[]) order by position, name`,
        // RLS shows readers only accepted solutions of a public event.
        tx<{ id: string; slug: string; title: string; title_en: string | null }[]>`
          select id, slug, title, title_en from public.solutions
           where event_id = ${event.id} and id = any (${row.solution_ids}::uuid[]) order by title`,
      ]);
      return { row, images, tracks, solutions };
    },
    deps.db ?? sql(),
  );
  if (!found) return null;
  const { row, images, tracks, solutions } = found;
  const english = lang === 'en' && row.body_en !== null && row.body_en.trim() !== '';
  const body = english ? row.body_en! : row.body;
  const contentLang: Lang = lang === 'en' && !english ? 'da' : lang;
  // Only the images the text shows are signed.
  const used = new Set(referencedImages(body));
  const store = deps.store ?? objectStore();
  const shown: ArticleImage[] = await Promise.all(
    images
      .filter((image) => used.has(image.number))
      .map(async (image) => ({
        number: image.number,
        src: await signedUrl(
          image.storage_key,
          { expiresInSeconds: options.draft ? CONSOLE_LINK_SECONDS : PUBLIC_LINK_SECONDS },
          store,
        ),
        alt: contentLang === 'en' ? localized('en', image.alt, image.alt_en) : image.alt,
        caption: contentLang === 'en' ? localized('en', image.caption, image.caption_en) : image.caption,
        width: image.width,
        height: image.height,
      })),
  );
  const tr = t(lang);
  const paths = pathsFor(lang);
  return {
    title: english ? localized('en', row.title, row.title_en) : row.title,
    lead: english ? localized('en', row.lead, row.lead_en) : row.lead,
    html: renderArticleMarkdown(body, {
      images: shown,
      headingBase: options.headingBase ?? 2,
      videoLabel: (host) => tr('article.video', { host }),
    }),
    contentLang,
    tracks: tracks.map((track) => ({
      name: localized(lang, track.name, track.name_en),
      href: `${paths.programme(event.slug)}?spor=${encodeURIComponent(track.slug)}`,
    })),
    solutions: solutions.map((solution) => ({
      title: localized(lang, solution.title, solution.title_en),
      href: paths.solution(event.slug, solution.slug),
    })),
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
  };
}

/** The event page's teaser after the day: the published article's title and lead; null when there is none. */
export async function loadArticleTeaser(
  claims: Claims,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<{ title: string; lead: string | null } | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ title: string; title_en: string | null; lead: string | null; lead_en: string | null }[]>`
      select title, title_en, lead, lead_en from public.takeaway_articles
       where event_id = ${eventId} and published_at is not null`,
    db,
  );
  if (!row) return null;
  return { title: localized(lang, row.title, row.title_en), lead: localized(lang, row.lead, row.lead_en) };
}

/** The published article as plain text, for the takeaways PDF; null when `claims` may not read one. */
export async function loadArticleText(
  claims: Claims,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<{ title: string; lead: string | null; text: string } | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<
      {
        title: string;
        title_en: string | null;
        lead: string | null;
        lead_en: string | null;
        body: string;
        body_en: string | null;
      }[]
    >`
      select title, title_en, lead, lead_en, body, body_en from public.takeaway_articles
       where event_id = ${eventId} and published_at is not null`,
    db,
  );
  if (!row) return null;
  const english = lang === 'en' && row.body_en !== null && row.body_en.trim() !== '';
  return {
    title: english ? localized('en', row.title, row.title_en) : row.title,
    lead: english ? localized('en', row.lead, row.lead_en) : row.lead,
    text: plainTextOf(english ? row.body_en! : row.body),
  };
}
