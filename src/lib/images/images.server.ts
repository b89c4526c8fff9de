// Stores an event's image or a speaker's photo through the storage port and
// records its key on the row, as the signed-in organiser (RLS: organisers of
// that event only; the version the form showed, or changed_elsewhere). The
// file is stored before the row is written and removed again when the row is
// refused, so nothing half-stored stays; the object a row no longer names is
// deleted by the storage-delete job its trigger queued.
import { asUser, type SignedIn, sql, type Sql } from '../db/db.server.ts';
import { readUploadedFile } from '../limits/uploaded-file.ts';
import { imageLink } from '../storage/image-link.server.ts';
import type { ObjectStore } from '../storage/port.ts';
import { objectStore, removeObjects, storeUpload } from '../storage/storage.server.ts';
import { refused } from '../site/refusal.ts';
import type { ImageRefusal } from './images.ts';

interface Deps {
  db?: Sql;
  store?: ObjectStore;
}

type Saved = { ok: true; version: number };

/**
 * Sets, changes or removes the event's image. A new file needs the Danish
 * alternative text; without a file the texts of the current image change.
 */
export async function saveEventImage(
  claims: SignedIn,
  target: { eventId: string; version: number },
  input: { file: File | undefined; alt: string | null; altEn: string | null; remove: boolean },
  deps: Deps = {},
): Promise<Saved | ImageRefusal> {
  const db = deps.db ?? sql();
  const store = deps.store ?? objectStore();
  const [current] = await asUser(
    claims,
    (tx) => tx<{ organiser: boolean; image_key: string | null }[]>`
      select private.has_event_role(id, 'organiser') as organiser, image_key from public.events where id = ${target.eventId}`,
    db,
  );
  if (!current?.organiser) return refused('not_found');
  if (input.remove) {
    return writeEvent(claims, target, { image_key: null, image_alt: null, image_alt_en: null }, db);
  }
  if (!input.file) {
    if (!current.image_key) return refused('upload_missing');
    if (!input.alt) return refused('alt_missing');
    return writeEvent(claims, target, { image_alt: input.alt, image_alt_en: input.altEn }, db);
  }
  if (!input.alt) return refused('alt_missing');
  const read = await readUploadedFile(input.file, 'image');
  if (!read.ok) return read;
  const stored = await storeUpload(
    { bytes: read.bytes, declaredName: read.declaredName, kind: 'image', prefix: `events/${target.eventId}` },
    store,
  );
  if (!stored.ok) return stored;
  const key = stored.object.key;
  try {
    const saved = await writeEvent(
      claims,
      target,
      { image_key: key, image_alt: input.alt, image_alt_en: input.altEn },
      db,
    );
    if (!saved.ok) await removeObjects([key], store).catch(() => {});
    return saved;
  } catch (error) {
    await removeObjects([key], store).catch(() => {});
    throw error;
  }
}

async function writeEvent(
  claims: SignedIn,
  target: { eventId: string; version: number },
  columns: Record<string, string | null>,
  db: Sql,
): Promise<Saved | ImageRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ version: number }[]>`
      update public.events set ${tx(columns)}
       where id = ${target.eventId} and version = ${target.version} returning version`,
    db,
  );
  return row ? { ok: true, version: row.version } : refused('changed_elsewhere');
}

/** Sets, changes or removes a speaker's photo (the speaker's name is its alternative text). */
export async function saveSpeakerPhoto(
  claims: SignedIn,
  target: { id: string; version: number },
  input: { file: File | undefined; remove: boolean },
  deps: Deps = {},
): Promise<Saved | ImageRefusal> {
  const db = deps.db ?? sql();
  const store = deps.store ?? objectStore();
  const [current] = await asUser(
    claims,
    (tx) => tx<{ event_id: string; organiser: boolean }[]>`
      select event_id, private.has_event_role(event_id, 'organiser') as organiser
        from public.speakers where id = ${target.id}`,
    db,
  );
  if (!current?.organiser) return refused('not_found');
  if (input.remove) return writeSpeaker(claims, target, null, db);
  const read = await readUploadedFile(input.file, 'image');
  if (!read.ok) return read;
  const stored = await storeUpload(
    { bytes: read.bytes, declaredName: read.declaredName, kind: 'image', prefix: `speakers/${current.event_id}` },
    store,
  );
  if (!stored.ok) return stored;
  const key = stored.object.key;
  try {
    const saved = await writeSpeaker(claims, target, key, db);
    if (!saved.ok) await removeObjects([key], store).catch(() => {});
    return saved;
  } catch (error) {
    await removeObjects([key], store).catch(() => {});
    throw error;
  }
}

async function writeSpeaker(
  claims: SignedIn,
  target: { id: string; version: number },
  key: string | null,
  db: Sql,
): Promise<Saved | ImageRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ version: number }[]>`
      update public.speakers set photo_key = ${key}
       where id = ${target.id} and version = ${target.version} returning version`,
    db,
  );
  return row ? { ok: true, version: row.version } : refused('changed_elsewhere');
}

/** The event's image as its organisers edit it: a link to show it and both texts. */
export async function loadEventImage(
  claims: SignedIn,
  eventId: string,
  deps: Deps = {},
): Promise<{ src: string; alt: string | null; altEn: string | null } | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ image_key: string | null; image_alt: string | null; image_alt_en: string | null }[]>`
      select image_key, image_alt, image_alt_en from public.events
       where id = ${eventId} and private.has_event_role(id, 'organiser')`,
    deps.db ?? sql(),
  );
  if (!row?.image_key) return null;
  return { src: await imageLink(row.image_key, deps.store), alt: row.image_alt, altEn: row.image_alt_en };
}

/** A speaker's uploaded photo as its organisers see it (a link to show it), or null. */
export async function loadSpeakerPhoto(
  claims: SignedIn,
  speakerId: string,
  deps: Deps = {},
): Promise<{ src: string } | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ photo_key: string | null }[]>`
      select photo_key from public.speakers
       where id = ${speakerId} and private.has_event_role(event_id, 'organiser')`,
    deps.db ?? sql(),
  );
  return row?.photo_key ? { src: await imageLink(row.photo_key, deps.store) } : null;
}
