// Event images and speaker photos (20261203120703, src/lib/images/): stored
// through the storage port on a real folder and recorded on the row as the
// organiser, under RLS and the row's version. An .exe named .jpg, an image
// over the limit and a missing description are refused with nothing stored;
// a replaced or removed picture leaves storage through the delete job.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import { loadEventImage, saveEventImage, saveSpeakerPhoto } from '../../src/lib/images/images.server.ts';
import { UPLOAD_MAX_BYTES } from '../../src/lib/limits/uploads.ts';
import { imageLink } from '../../src/lib/storage/image-link.server.ts';
import { runStorageDeletes } from '../../src/lib/storage/jobs.server.ts';
import { localFolderStore } from '../../src/lib/storage/local-folder.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 8 });
const root = await mkdtemp(path.join(tmpdir(), 'samspil-images-'));
const storedFiles = async () => (await readdir(root, { recursive: true })).filter((entry) => /\.[a-z]+$/.test(entry));
const store = localFolderStore({ root, secret: async () => new Uint8Array(32).fill(9) });
const deps = { db: sql, store };
afterAll(() => rm(root, { recursive: true, force: true }));

let world: EventWorld;
let organiser: SignedIn;
let stranger: SignedIn;

const jpeg = async (width = 3000, height = 2000) =>
  new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .jpeg()
      .toBuffer(),
  );
const exe = () => {
  const bytes = new Uint8Array(512);
  bytes.set([0x4d, 0x5a]);
  new DataView(bytes.buffer).setUint32(0x3c, 0x80, true);
  bytes.set([0x50, 0x45, 0, 0, 0x4c, 0x01], 0x80);
  return bytes;
};
const eventRow = async () =>
  (
    await sql<{ version: number; image_key: string | null; image_alt: string | null; image_alt_en: string | null }[]>`
      select version, image_key, image_alt, image_alt_en from public.events where id = ${world.eventId}`
  )[0]!;

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'billeder', status: 'published' });
  organiser = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated' };
  const other = await insertEventWorld(sql, { slug: 'andre-billeder', status: 'published' });
  stranger = { role: 'authenticated', sub: other.organiserId, aud: 'authenticated' };
});

describe('the event image', () => {
  it('is stored re-encoded with its descriptions and shown on the public page', async () => {
    const { version } = await eventRow();
    const file = new File([await jpeg()], 'Øksnehallen.jpg', { type: 'image/jpeg' });
    const saved = await saveEventImage(
      organiser,
      { eventId: world.eventId, version },
      { file, alt: 'Fyldt sal i Øksnehallen', altEn: 'A full hall', remove: false },
      deps,
    );
    expect(saved).toEqual({ ok: true, version: version + 1 });
    const row = await eventRow();
    expect(row.image_key).toMatch(new RegExp(`^events/${world.eventId}/[0-9a-f-]{36}\\.webp$`));
    expect(row.image_alt).toBe('Fyldt sal i Øksnehallen');
    const files = await storedFiles();
    expect(files).toHaveLength(1);
    const stored = await sharp(path.join(root, files[0]!)).metadata();
    expect(stored).toMatchObject({ format: 'webp', width: 1600, height: 1067 });

    // The organiser's audit log names the change.
    const [entry] = await sql<{ actor_id: string }[]>`
      select actor_id from public.audit_log where table_name = 'events' and after ? 'image_key' order by id desc limit 1`;
    expect(entry?.actor_id).toBe(world.organiserId);

    // Anyone reads the public event's image and its descriptions (the landing page signs a link for it).
    const [shown] = await asUser(
      ANON,
      (tx) => tx<{ image_key: string; image_alt_en: string }[]>`
        select image_key, image_alt_en from public.events where slug = 'billeder'`,
      sql,
    );
    expect(shown).toEqual({ image_key: row.image_key, image_alt_en: 'A full hall' });
    expect(await imageLink(shown!.image_key, store)).toMatch(/^\/api\/storage\/events\//);
    const edit = await loadEventImage(organiser, world.eventId, deps);
    expect(edit).toMatchObject({ alt: 'Fyldt sal i Øksnehallen', altEn: 'A full hall' });
  });

  it('refuses an .exe named .jpg, an image over the limit and a missing description, storing nothing', async () => {
    const before = await eventRow();
    const filesBefore = await storedFiles();
    const target = { eventId: world.eventId, version: before.version };
    const text = { alt: 'Et billede', altEn: null, remove: false };
    expect(
      await saveEventImage(organiser, target, { ...text, file: new File([exe()], 'foto.jpg') }, deps),
    ).toMatchObject({ ok: false, code: 'upload_type_not_allowed' });
    const huge = new File([new Uint8Array(UPLOAD_MAX_BYTES.image + 1)], 'stor.jpg');
    expect(await saveEventImage(organiser, target, { ...text, file: huge }, deps)).toMatchObject({
      ok: false,
      code: 'upload_too_large',
    });
    const good = new File([await jpeg(40, 30)], 'lille.jpg');
    expect(await saveEventImage(organiser, target, { ...text, alt: null, file: good }, deps)).toEqual({
      ok: false,
      code: 'alt_missing',
    });
    // Someone saved the event meanwhile: the file stored for this attempt is removed again.
    expect(
      await saveEventImage(organiser, { ...target, version: before.version - 1 }, { ...text, file: good }, deps),
    ).toEqual({ ok: false, code: 'changed_elsewhere' });
    // An organiser of another event.
    expect(await saveEventImage(stranger, target, { ...text, file: good }, deps)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await eventRow()).toEqual(before);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('changes the description alone, and removing it deletes the file through the job', async () => {
    const { version, image_key } = await eventRow();
    expect(
      await saveEventImage(
        organiser,
        { eventId: world.eventId, version },
        { file: undefined, alt: 'Ny beskrivelse', altEn: null, remove: false },
        deps,
      ),
    ).toMatchObject({ ok: true });
    expect(await eventRow()).toMatchObject({ image_key, image_alt: 'Ny beskrivelse', image_alt_en: null });

    const current = await eventRow();
    expect(
      await saveEventImage(
        organiser,
        { eventId: world.eventId, version: current.version },
        { file: undefined, alt: null, altEn: null, remove: true },
        deps,
      ),
    ).toMatchObject({ ok: true });
    expect(await eventRow()).toMatchObject({ image_key: null, image_alt: null });
    await runStorageDeletes({ db: sql, store });
    expect(await storedFiles()).toEqual([]);
  });
});

describe('a speaker photo', () => {
  it('is stored for the event’s organiser only, and replacing it deletes the old file', async () => {
    const version = async () =>
      (await sql<{ version: number }[]>`select version from public.speakers where id = ${world.speakerId}`)[0]!.version;
    const photo = () => new File([new Uint8Array(0)], 'tom.jpg');
    expect(
      await saveSpeakerPhoto(
        organiser,
        { id: world.speakerId, version: await version() },
        { file: photo(), remove: false },
        deps,
      ),
    ).toEqual({ ok: false, code: 'upload_missing' });
    expect(
      await saveSpeakerPhoto(
        stranger,
        { id: world.speakerId, version: await version() },
        { file: new File([await jpeg(80, 80)], 'a.jpg'), remove: false },
        deps,
      ),
    ).toEqual({ ok: false, code: 'not_found' });

    for (const size of [90, 120]) {
      const saved = await saveSpeakerPhoto(
        organiser,
        { id: world.speakerId, version: await version() },
        { file: new File([await jpeg(size, size)], 'portræt.png'), remove: false },
        deps,
      );
      expect(saved).toMatchObject({ ok: true });
    }
    const [row] = await sql<
      { photo_key: string }[]
    >`select photo_key from public.speakers where id = ${world.speakerId}`;
    expect(row!.photo_key).toMatch(new RegExp(`^speakers/${world.eventId}/[0-9a-f-]{36}\\.webp$`));
    await runStorageDeletes({ db: sql, store });
    expect(await storedFiles()).toEqual([row!.photo_key]);
  });
});
