// Tracks, rooms and speakers for the organiser console: list, read one,
// create, update at the version the form showed, delete. Each write runs as
// the signed-in organiser under RLS in one transaction (so the audit trigger
// names them); what Postgres refuses comes back as a refusal at a field.
import { asUser, type SignedIn, sql, type Sql, type Tx } from '../db/db.server.ts';
import type { Sector } from '../events/events.ts';
import { refused } from '../site/refusal.ts';
import type { RoomInput, SpeakerInput, TrackInput } from './catalogue-forms.ts';
import { refusingWrite, RollbackWith } from './database-refusal.server.ts';
import { freeSlug, type ProgrammeRefusal, slugify } from './programme-editor.ts';

export type CatalogueTable = 'tracks' | 'rooms' | 'speakers';
export type Saved = { ok: true; id: string; version: number };

export interface TrackItem extends TrackInput {
  id: string;
  slug: string;
  version: number;
  sessions: number;
}

export interface RoomItem extends RoomInput {
  id: string;
  version: number;
  sessions: number;
}

export interface SpeakerItem extends Omit<SpeakerInput, 'sector'> {
  id: string;
  slug: string;
  sector: Sector | null;
  version: number;
  sessions: number;
}

/** The event's tracks, in order, for an organiser of the event (empty for anyone else). */
export async function listTracks(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<TrackItem[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<
      {
        id: string;
        slug: string;
        name: string;
        name_en: string | null;
        description: string | null;
        description_en: string | null;
        colour: string;
        host_name: string | null;
        position: number;
        version: number;
        sessions: number;
      }[]
    >`
      select t.id, t.slug, t.name, t.name_en, t.description, t.description_en, t.colour, t.host_name, t.position,
             t.version, (select count(*)::int from public.sessions s where s.track_id = t.id) as sessions
        from public.tracks t
       where t.event_id = ${eventId} and private.has_event_role(t.event_id, 'organiser')
       order by t.position, t.name`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    nameEn: row.name_en,
    description: row.description,
    descriptionEn: row.description_en,
    colour: row.colour,
    hostName: row.host_name,
    position: row.position,
    version: row.version,
    sessions: row.sessions,
  }));
}

/** The event's rooms, in order, for an organiser of the event. */
export async function listRooms(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<RoomItem[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<
      {
        id: string;
        name: string;
        name_en: string | null;
        capacity: number;
        location_note: string | null;
        location_note_en: string | null;
        accessibility_note: string | null;
        accessibility_note_en: string | null;
        position: number;
        version: number;
        sessions: number;
      }[]
    >`
      select r.id, r.name, r.name_en, r.capacity, r.location_note, r.location_note_en, r.accessibility_note,
             r.accessibility_note_en, r.position, r.version,
             (select count(*)::int from public.sessions s where s.room_id = r.id) as sessions
        from public.rooms r
       where r.event_id = ${eventId} and private.has_event_role(r.event_id, 'organiser')
       order by r.position, r.name`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    capacity: row.capacity,
    locationNote: row.location_note,
    locationNoteEn: row.location_note_en,
    accessibilityNote: row.accessibility_note,
    accessibilityNoteEn: row.accessibility_note_en,
    position: row.position,
    version: row.version,
    sessions: row.sessions,
  }));
}

/** The event's speakers, by name, for an organiser of the event. */
export async function listSpeakers(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<SpeakerItem[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<
      {
        id: string;
        slug: string;
        name: string;
        name_en: string | null;
        job_title: string | null;
        job_title_en: string | null;
        bio: string | null;
        bio_en: string | null;
        organisation: string | null;
        sector: Sector | null;
        photo_url: string | null;
        version: number;
        sessions: number;
      }[]
    >`
      select sp.id, sp.slug, sp.name, sp.name_en, sp.job_title, sp.job_title_en, sp.bio, sp.bio_en,
             o.name as organisation, o.sector, sp.photo_url, sp.version,
             (select count(*)::int from public.session_speakers ss where ss.speaker_id = sp.id) as sessions
        from public.speakers sp
        left join public.organisations o on o.id = sp.organisation_id
       where sp.event_id = ${eventId} and private.has_event_role(sp.event_id, 'organiser')
       order by sp.name, sp.slug`,
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    nameEn: row.name_en,
    jobTitle: row.job_title,
    jobTitleEn: row.job_title_en,
    bio: row.bio,
    bioEn: row.bio_en,
    organisation: row.organisation,
    sector: row.sector,
    photoUrl: row.photo_url,
    version: row.version,
    sessions: row.sessions,
  }));
}

// ── Writes ───────────────────────────────────────────────────────────────

const trackColumns = (input: TrackInput) => ({
  name: input.name,
  name_en: input.nameEn,
  description: input.description,
  description_en: input.descriptionEn,
  colour: input.colour,
  host_name: input.hostName,
  position: input.position,
});

const roomColumns = (input: RoomInput) => ({
  name: input.name,
  name_en: input.nameEn,
  capacity: input.capacity,
  location_note: input.locationNote,
  location_note_en: input.locationNoteEn,
  accessibility_note: input.accessibilityNote,
  accessibility_note_en: input.accessibilityNoteEn,
  position: input.position,
});

async function speakerColumns(tx: Tx, eventId: string, input: SpeakerInput) {
  let organisationId: string | null = null;
  if (input.organisation !== null) {
    const [row] = await tx<{ id: string | null }[]>`
      select private.speaker_organisation(${eventId}, ${input.organisation}, ${input.sector}::public.sector) as id`;
    organisationId = row?.id ?? null;
    if (organisationId === null) throw new RollbackWith(refused('organisation_unknown', { field: 'sector' }));
  }
  return {
    name: input.name,
    name_en: input.nameEn,
    job_title: input.jobTitle,
    job_title_en: input.jobTitleEn,
    bio: input.bio,
    bio_en: input.bioEn,
    organisation_id: organisationId,
    photo_url: input.photoUrl,
  };
}

/** The event's unused slug for `base` in a table with slugs (this row's own excepted). */
async function unusedSlug(
  tx: Tx,
  table: 'tracks' | 'speakers',
  eventId: string,
  base: string,
  exceptId: string | null,
): Promise<string> {
  const rows = await tx<{ slug: string }[]>`
    select slug from ${tx(`public.${table}`)}
     where event_id = ${eventId} and (slug = ${base} or slug like ${`${base}-%`})
       and id is distinct from ${exceptId}`;
  return freeSlug(base, new Set(rows.map((row) => row.slug)));
}

async function requireOrganiser(tx: Tx, eventId: string): Promise<void> {
  const [row] = await tx<{ organiser: boolean }[]>`
    select private.has_event_role(id, 'organiser') as organiser from public.events where id = ${eventId}`;
  if (!row?.organiser) throw new RollbackWith(refused('not_found'));
}

/** The event of a row the caller organises, or a rollback with not_found. */
async function eventOfRow(tx: Tx, table: CatalogueTable, id: string): Promise<string> {
  const [row] = await tx<{ event_id: string; organiser: boolean }[]>`
    select event_id, private.has_event_role(event_id, 'organiser') as organiser
      from ${tx(`public.${table}`)} where id = ${id}`;
  if (!row?.organiser) throw new RollbackWith(refused('not_found'));
  return row.event_id;
}

/** One write as the signed-in organiser, in one transaction; what Postgres refuses comes back as a refusal. */
function write<T>(claims: SignedIn, db: Sql, work: (tx: Tx) => Promise<T>): Promise<T | ProgrammeRefusal> {
  return refusingWrite(() => asUser(claims, work, db));
}

/** What differs between tracks, rooms and speakers when one is written; the rest is `createItem`/`updateItem`. */
interface Kind<I> {
  table: CatalogueTable;
  /** Tables with slugs: the word a name without letters becomes (`spor-2`). */
  slug: {
    table: 'tracks' | 'speakers';
    fallback: string;
    of: (input: I) => { name: string; slug: string | null };
  } | null;
  columns: (tx: Tx, eventId: string, input: I) => Record<string, unknown> | Promise<Record<string, unknown>>;
}

const TRACK: Kind<TrackInput> = {
  table: 'tracks',
  slug: { table: 'tracks', fallback: 'spor', of: (input) => input },
  columns: (_tx, _eventId, input) => trackColumns(input),
};
const ROOM: Kind<RoomInput> = { table: 'rooms', slug: null, columns: (_tx, _eventId, input) => roomColumns(input) };
const SPEAKER: Kind<SpeakerInput> = {
  table: 'speakers',
  slug: { table: 'speakers', fallback: 'taler', of: (input) => input },
  columns: speakerColumns,
};

/** The row's own columns plus its slug: the one the form gave, or a free one made from the name. */
async function rowColumns<I>(
  tx: Tx,
  kind: Kind<I>,
  eventId: string,
  input: I,
  exceptId: string | null,
): Promise<Record<string, unknown>> {
  const columns = await kind.columns(tx, eventId, input);
  if (!kind.slug) return columns;
  const { name, slug } = kind.slug.of(input);
  return {
    slug: slug ?? (await unusedSlug(tx, kind.slug.table, eventId, slugify(name, kind.slug.fallback), exceptId)),
    ...columns,
  };
}

function createItem<I>(kind: Kind<I>) {
  return (claims: SignedIn, eventId: string, input: I, db: Sql = sql()): Promise<Saved | ProgrammeRefusal> =>
    write(claims, db, async (tx) => {
      await requireOrganiser(tx, eventId);
      const columns = { event_id: eventId, ...(await rowColumns(tx, kind, eventId, input, null)) };
      const [row] = await tx<{ id: string; version: number }[]>`
        insert into ${tx(`public.${kind.table}`)} ${tx(columns)} returning id, version`;
      return { ok: true, id: row!.id, version: row!.version };
    });
}

/** Updates at the version the form showed; a row changed since is refused (changed_elsewhere), never overwritten. */
function updateItem<I>(kind: Kind<I>) {
  return (
    claims: SignedIn,
    target: { id: string; version: number },
    input: I,
    db: Sql = sql(),
  ): Promise<Saved | ProgrammeRefusal> =>
    write(claims, db, async (tx) => {
      const eventId = await eventOfRow(tx, kind.table, target.id);
      const columns = await rowColumns(tx, kind, eventId, input, target.id);
      const [row] = await tx<{ version: number }[]>`
        update ${tx(`public.${kind.table}`)} set ${tx(columns)}
         where id = ${target.id} and version = ${target.version} returning version`;
      if (!row) throw new RollbackWith(refused('changed_elsewhere'));
      return { ok: true, id: target.id, version: row.version };
    });
}

export const createTrack = createItem(TRACK);
export const updateTrack = updateItem(TRACK);
export const createRoom = createItem(ROOM);
export const updateRoom = updateItem(ROOM);
export const createSpeaker = createItem(SPEAKER);
export const updateSpeaker = updateItem(SPEAKER);

/**
 * Deletes a track, room or speaker the caller organises, at the version the
 * form showed. A room that sessions use is refused by Postgres
 * (rooms_not_deleted_while_used); a track's sessions keep going without one;
 * a speaker leaves the sessions they appeared in.
 */
export async function deleteCatalogueItem(
  claims: SignedIn,
  table: CatalogueTable,
  target: { id: string; version: number },
  db: Sql = sql(),
): Promise<{ ok: true } | ProgrammeRefusal> {
  return write(claims, db, async (tx) => {
    await eventOfRow(tx, table, target.id);
    const deleted = await tx`
      delete from ${tx(`public.${table}`)} where id = ${target.id} and version = ${target.version}`;
    if (deleted.count === 0) throw new RollbackWith(refused('changed_elsewhere'));
    return { ok: true } as const;
  });
}
