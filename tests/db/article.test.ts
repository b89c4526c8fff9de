// The organisers' takeaways article on a real Postgres, through its use cases
// and directly under RLS: only organisers of that event write it (and its
// images); the public, attendees and other organisers read only a published
// article of a public event whose day is over — drafts and the article of a
// day still to come are invisible; saves carry versions (a stale one and a
// racing first save are refused, never overwritten); changes are audited;
// links must be the event's own; an image is sniffed and its file leaves
// storage with its row.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addArticleImage,
  loadArticle,
  loadArticleTeaser,
  removeArticleImage,
  saveArticle,
  setArticlePublished,
} from '../../src/lib/article/article.server.ts';
import { ANON, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import { localFolderStore } from '../../src/lib/storage/local-folder.server.ts';
import { runStorageDeletes } from '../../src/lib/storage/jobs.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';
import { insertPastDay, type PastDay } from '../fixtures/takeaways-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 8 });
const root = await mkdtemp(path.join(tmpdir(), 'samspil-article-'));
const store = localFolderStore({ root, secret: async () => new Uint8Array(32).fill(9) });
const deps = { db: sql, store };
afterAll(() => rm(root, { recursive: true, force: true }));
const storedFiles = async () => (await readdir(root, { recursive: true })).filter((entry) => /\.[a-z]+$/.test(entry));

const claimsOf = (id: string, email: string): SignedIn => ({
  role: 'authenticated',
  sub: id,
  email,
  aud: 'authenticated',
});

async function newUser(email: string): Promise<SignedIn> {
  const [user] = await sql<{ id: string }[]>`insert into auth.users (email) values (${email}) returning id`;
  return claimsOf(user!.id, email);
}

let past: PastDay;
let future: EventWorld;
let organiser: SignedIn;
let secondOrganiser: SignedIn;
let otherOrganiser: SignedIn;
let stranger: SignedIn;
let attendee: Claims;
let trackId: string;

const draft = {
  title: '4 vigtige takeaways fra dagen',
  titleEn: '4 key takeaways from the day',
  lead: 'Øksnehallen summede af energi.',
  leadEn: undefined,
  body: '# Nærhed\n\n> Det tager tid. Men det nytter.\n\n![](billede:1)\n\n<script>alert(1)</script>',
  bodyEn: '',
  tracks: [] as string[],
  solutions: [] as string[],
};

const png = (width = 40, height = 30) =>
  sharp({ create: { width, height, channels: 3, background: '#0a5c5a' } })
    .png()
    .toBuffer();

/** Rows of the event's article each caller sees under RLS. */
async function visibleTo(claims: Claims, eventId: string): Promise<number> {
  const rows = await asUser(
    claims,
    (tx) => tx`select 1 from public.takeaway_articles where event_id = ${eventId}`,
    sql,
  );
  return rows.length;
}

beforeAll(async () => {
  past = await insertPastDay(sql, { slug: 'artikel-dagen-derpaa', attendees: 1 });
  future = await insertEventWorld(sql, { slug: 'artikel-kommende', status: 'published' });
  organiser = await newUser('arrangoer@artikel.example.org');
  secondOrganiser = await newUser('medarrangoer@artikel.example.org');
  otherOrganiser = claimsOf(future.organiserId, 'arrangoer@kommende.example.org');
  stranger = await newUser('fremmed@artikel.example.org');
  attendee = past.attendees[0]!.claims;
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${past.eventId}, ${organiser.sub}, 'organiser'), (${past.eventId}, ${secondOrganiser.sub}, 'organiser')`;
  const [track] = await sql<{ id: string }[]>`
    insert into public.tracks (event_id, slug, name, name_en) values (${past.eventId}, 'naerhed', 'Nærhed', 'Proximity')
    returning id`;
  trackId = track!.id;
});

describe('writing', () => {
  it('lets only organisers of that event write the article', async () => {
    for (const outsider of [otherOrganiser, stranger, attendee]) {
      if (outsider.role !== 'authenticated') continue;
      expect(await saveArticle(outsider, past.eventId, { ...draft, version: undefined }, sql)).toEqual({
        ok: false,
        code: 'not_found',
      });
      expect(
        await sqlState(
          asUser(
            outsider,
            (tx) => tx`insert into public.takeaway_articles (event_id, title) values (${past.eventId}, 'Kapret')`,
            sql,
          ),
        ),
      ).toBe('42501');
    }
    expect(
      await sqlState(
        asUser(
          ANON,
          (tx) => tx`insert into public.takeaway_articles (event_id, title) values (${past.eventId}, 'x')`,
          sql,
        ),
      ),
    ).toBe('42501');
    expect(await sql`select 1 from public.takeaway_articles where event_id = ${past.eventId}`).toHaveLength(0);
  });

  it('creates the article once when two organisers save a first version at the same time', async () => {
    const results = await Promise.all([
      saveArticle(organiser, past.eventId, { ...draft, version: undefined }, sql),
      saveArticle(secondOrganiser, past.eventId, { ...draft, title: 'Anden titel', version: undefined }, sql),
    ]);
    expect(results.filter((result) => result.ok)).toEqual([{ ok: true, version: 1 }]);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, code: 'changed_elsewhere' }]);
  });

  it('saves over the version the form showed, and refuses a stale one', async () => {
    const [before] = await sql<{ version: number }[]>`
      select version from public.takeaway_articles where event_id = ${past.eventId}`;
    const saved = await saveArticle(
      organiser,
      past.eventId,
      { ...draft, tracks: [trackId], solutions: [past.solutionId], version: before!.version },
      sql,
    );
    expect(saved).toEqual({ ok: true, version: before!.version + 1 });
    expect(
      await saveArticle(
        secondOrganiser,
        past.eventId,
        { ...draft, title: 'Overskrevet', version: before!.version },
        sql,
      ),
    ).toEqual({ ok: false, code: 'changed_elsewhere' });
    const [row] = await sql<{ title: string; track_ids: string[] }[]>`
      select title, track_ids from public.takeaway_articles where event_id = ${past.eventId}`;
    expect(row).toEqual({ title: draft.title, track_ids: [trackId] });
  });

  it('refuses a track or solution of another event', async () => {
    const [row] = await sql<{ version: number }[]>`
      select version from public.takeaway_articles where event_id = ${past.eventId}`;
    for (const links of [
      { tracks: [future.trackId], solutions: [] },
      { tracks: [], solutions: [future.acceptedSolutionId] },
    ]) {
      expect(await saveArticle(organiser, past.eventId, { ...draft, ...links, version: row!.version }, sql)).toEqual({
        ok: false,
        code: 'link_not_found',
      });
    }
    const [after] = await sql<{ version: number }[]>`
      select version from public.takeaway_articles where event_id = ${past.eventId}`;
    expect(after!.version).toBe(row!.version);
  });

  it('records who changed what in the audit log, for the event’s organisers only', async () => {
    const entries = await asUser(
      organiser,
      (tx) => tx<{ action: string; actor_id: string; after: Record<string, unknown> | null }[]>`
        select action, actor_id, after from public.audit_log
         where event_id = ${past.eventId} and table_name = 'takeaway_articles' order by at`,
      sql,
    );
    expect(entries.map((entry) => entry.action)).toEqual(['insert', 'update']);
    expect(entries[1]!.actor_id).toBe(organiser.sub);
    expect(entries[1]!.after).toEqual({ track_ids: [trackId], solution_ids: [past.solutionId] });
    const seen = await asUser(
      stranger,
      (tx) => tx`select 1 from public.audit_log where event_id = ${past.eventId}`,
      sql,
    );
    expect(seen).toHaveLength(0);
  });
});

describe('reading', () => {
  it('keeps a draft invisible to everyone but the event’s organisers', async () => {
    expect(await visibleTo(organiser, past.eventId)).toBe(1);
    for (const reader of [ANON, stranger, attendee, otherOrganiser])
      expect(await visibleTo(reader, past.eventId)).toBe(0);
    expect(await loadArticle(ANON, { id: past.eventId, slug: past.slug }, 'da', {}, deps)).toBeNull();
    expect(await loadArticleTeaser(attendee, past.eventId, 'da', sql)).toBeNull();
    // The organisers' preview renders the draft, sanitised.
    const preview = await loadArticle(organiser, { id: past.eventId, slug: past.slug }, 'da', { draft: true }, deps);
    expect(preview?.html).toContain('<blockquote>');
    expect(preview?.html).not.toContain('<script');
  });

  it('refuses to publish an empty article or a stale version', async () => {
    const other = await insertPastDay(sql, { slug: 'artikel-tom', attendees: 1 });
    await sql`insert into public.event_roles (event_id, user_id, role) values (${other.eventId}, ${organiser.sub}, 'organiser')`;
    expect(await setArticlePublished(organiser, other.eventId, 1, true, sql)).toEqual({
      ok: false,
      code: 'article_not_written',
    });
    await saveArticle(organiser, other.eventId, { ...draft, body: '  \n', version: undefined }, sql);
    expect(await setArticlePublished(organiser, other.eventId, 1, true, sql)).toEqual({
      ok: false,
      code: 'article_empty',
    });
    expect(await setArticlePublished(organiser, other.eventId, 7, true, sql)).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
  });

  it('shows a published article to everyone once the day is over, and hides it again when taken back', async () => {
    const [row] = await sql<{ version: number }[]>`
      select version from public.takeaway_articles where event_id = ${past.eventId}`;
    const published = await setArticlePublished(organiser, past.eventId, row!.version, true, sql);
    expect(published).toEqual({ ok: true, version: row!.version + 1 });
    for (const reader of [ANON, stranger, attendee, otherOrganiser])
      expect(await visibleTo(reader, past.eventId)).toBe(1);

    const shown = await loadArticle(ANON, { id: past.eventId, slug: past.slug }, 'en', {}, deps);
    expect(shown).toMatchObject({
      // No English text: the Danish article, title included, marked as Danish.
      title: draft.title,
      contentLang: 'da',
      tracks: [{ name: 'Proximity', href: `/en/${past.slug}/program?spor=naerhed` }],
      solutions: [{ title: 'Borgerservice-to-go', href: `/en/${past.slug}/losninger/borgerservice-to-go` }],
    });
    expect(shown!.html).toContain('<h2>Nærhed</h2>');
    expect(await loadArticleTeaser(ANON, past.eventId, 'da', sql)).toEqual({
      title: draft.title,
      lead: draft.lead,
    });

    // Nobody but organisers may change it, published or not.
    for (const outsider of [stranger, otherOrganiser]) {
      const changed = await asUser(
        outsider,
        (tx) => tx`update public.takeaway_articles set title = 'Kapret' where event_id = ${past.eventId}`,
        sql,
      );
      expect(changed.count).toBe(0);
    }

    const withdrawn = await setArticlePublished(
      organiser,
      past.eventId,
      published.ok ? published.version : 0,
      false,
      sql,
    );
    expect(withdrawn.ok).toBe(true);
    for (const reader of [ANON, attendee]) expect(await visibleTo(reader, past.eventId)).toBe(0);
    const [again] = await sql<{ version: number }[]>`
      select version from public.takeaway_articles where event_id = ${past.eventId}`;
    expect((await setArticlePublished(organiser, past.eventId, again!.version, true, sql)).ok).toBe(true);
  });

  it('keeps a published article of a day still to come invisible until the day is over', async () => {
    const saved = await saveArticle(otherOrganiser, future.eventId, { ...draft, version: undefined }, sql);
    expect(saved.ok).toBe(true);
    expect((await setArticlePublished(otherOrganiser, future.eventId, 1, true, sql)).ok).toBe(true);
    expect(await visibleTo(otherOrganiser, future.eventId)).toBe(1);
    for (const reader of [ANON, stranger, organiser]) expect(await visibleTo(reader, future.eventId)).toBe(0);
  });
});

describe('images', () => {
  it('stores an image under the next number, readable by the public only with a published article', async () => {
    const first = await addArticleImage(
      organiser,
      past.eventId,
      { file: new File([await png()], 'foto.png'), alt: 'Social Talks i galleriet', caption: 'Foto: A.C.' },
      deps,
    );
    expect(first).toEqual({ ok: true, number: 1 });
    // Two at once: both stored, under different numbers.
    const both = await Promise.all(
      [2, 3].map(async (n) =>
        addArticleImage(
          organiser,
          past.eventId,
          { file: new File([await png(20 + n, 20)], `b${n}.png`), alt: `B${n}` },
          deps,
        ),
      ),
    );
    expect(both.map((result) => (result.ok ? result.number : 0)).sort()).toEqual([2, 3]);
    expect(await storedFiles()).toHaveLength(3);

    const rows = await asUser(
      ANON,
      (tx) => tx`select number from public.takeaway_article_images where event_id = ${past.eventId}`,
      sql,
    );
    expect(rows).toHaveLength(3);
    const shown = await loadArticle(ANON, { id: past.eventId, slug: past.slug }, 'da', {}, deps);
    expect(shown!.html).toMatch(
      /<figure class="article-figure"><img src="\/api\/storage\/articles\/[^"]+" alt="Social Talks i galleriet"/,
    );
    expect(shown!.html).toContain('<figcaption>Foto: A.C.</figcaption>');

    // The future event's article is not public yet, and neither are its images.
    expect(
      (
        await addArticleImage(
          otherOrganiser,
          future.eventId,
          { file: new File([await png()], 'x.png'), alt: 'X' },
          deps,
        )
      ).ok,
    ).toBe(true);
    expect(
      await asUser(
        ANON,
        (tx) => tx`select 1 from public.takeaway_article_images where event_id = ${future.eventId}`,
        sql,
      ),
    ).toHaveLength(0);
  });

  it('refuses a disguised file and a stranger, storing nothing', async () => {
    const before = await storedFiles();
    const exe = new Uint8Array(512);
    exe.set([0x4d, 0x5a]);
    expect(
      await addArticleImage(
        organiser,
        past.eventId,
        { file: new File([exe], 'foto.png'), alt: 'Ikke et billede' },
        deps,
      ),
    ).toMatchObject({ ok: false, code: 'upload_type_not_allowed' });
    expect(
      await addArticleImage(stranger, past.eventId, { file: new File([await png()], 'x.png'), alt: 'X' }, deps),
    ).toEqual({ ok: false, code: 'not_found' });
    expect(
      await sqlState(
        asUser(
          stranger,
          (tx) => tx`
            insert into public.takeaway_article_images (event_id, number, storage_key, content_type, byte_size, alt)
            values (${past.eventId}, 50, ${`articles/${past.eventId}/${past.eventId}.webp`}, 'image/webp', 10, 'x')`,
          sql,
        ),
      ),
    ).toBe('42501');
    expect(await storedFiles()).toEqual(before);
  });

  it('removes an image and its file; deleting the event queues the rest', async () => {
    const [image] = await sql<{ id: string; storage_key: string }[]>`
      select id, storage_key from public.takeaway_article_images where event_id = ${past.eventId} and number = 1`;
    expect(await removeArticleImage(stranger, past.eventId, image!.id, deps)).toEqual({ ok: false, code: 'not_found' });
    expect(await removeArticleImage(organiser, past.eventId, image!.id, deps)).toEqual({ ok: true });
    expect(await storedFiles()).not.toContain(image!.storage_key);

    await sql`delete from public.events where id = ${future.eventId}`;
    await runStorageDeletes({ db: sql, store });
    expect((await storedFiles()).filter((file) => file.includes(future.eventId))).toEqual([]);
  });
});
