// The organiser's event use cases: which organisations the caller creates
// events for, creating an event from blank or as a copy, reading one for its
// settings form, saving that form (optimistic concurrency: the version the
// form showed) and moving it along draft → published → archived. Everything
// runs as the signed-in person under RLS, so the audit log knows who did it;
// Postgres checks the event_creator and organiser roles itself.
import postgres from 'postgres';
import { asUser, type SignedIn, sql, type Sql } from '../db/db.server.ts';
import {
  type CopyEventInput,
  type CreateEventInput,
  type EditEventInput,
  eventConstraintRefusal,
  type EventRefusal,
  type EventStatus,
  type EventStatusInput,
  isEventRefusalCode,
} from './event-editor.ts';

export interface CreatorOrganisation {
  id: string;
  name: string;
}

/** The organisations the caller may create events for (event_creator), by name. */
export async function listCreatorOrganisations(claims: SignedIn, db: Sql = sql()): Promise<CreatorOrganisation[]> {
  return asUser(
    claims,
    (tx) => tx<CreatorOrganisation[]>`
      select o.id, o.name
        from public.organisation_roles r
        join public.organisations o on o.id = r.organisation_id
       where r.user_id = (select auth.uid()) and r.role = 'event_creator'
       order by o.name, o.id`,
    db,
  );
}

export type CreatedEvent = { ok: true; id: string; slug: string };

function answer(result: { code: string; id?: string; slug?: string }): CreatedEvent | EventRefusal {
  if (result.code === 'created' && result.id && result.slug) return { ok: true, id: result.id, slug: result.slug };
  return { ok: false, code: isEventRefusalCode(result.code) ? result.code : 'invalid' };
}

/** A new, empty draft; the caller becomes its organiser. */
export async function createEvent(
  claims: SignedIn,
  input: CreateEventInput,
  db: Sql = sql(),
): Promise<CreatedEvent | EventRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ result: { code: string; id?: string; slug?: string } }[]>`
      select private.create_event(
        ${input.organisation}::uuid, ${input.slug}, ${input.name}, ${input.nameEn},
        (${input.startsOn}::date + ${input.startsTime}::time) at time zone ${input.timeZone},
        (${input.endsOn}::date + ${input.endsTime}::time) at time zone ${input.timeZone},
        ${input.timeZone}, ${input.venueName}) as result`,
    db,
  );
  return answer(row!.result);
}

/** A draft copy of an event the caller organises, starting on another day. */
export async function copyEvent(
  claims: SignedIn,
  input: CopyEventInput,
  db: Sql = sql(),
): Promise<CreatedEvent | EventRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ result: { code: string; id?: string; slug?: string } }[]>`
      select private.copy_event(${input.source}::uuid, ${input.organisation}::uuid, ${input.slug},
                                ${input.name}, ${input.nameEn}, ${input.startsOn}::date) as result`,
    db,
  );
  return answer(row!.result);
}

/** An event as its settings form shows it: the stored values, both languages, and its version. */
export interface EditableEvent {
  id: string;
  slug: string;
  status: EventStatus;
  version: number;
  name: string;
  nameEn: string | null;
  theme: string | null;
  themeEn: string | null;
  tagline: string | null;
  taglineEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  venueName: string;
  venueAddress: string | null;
  organiserName: string;
  contactEmail: string | null;
  accessibilityUrl: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
}

/** The event for its organisers; null for anyone else (and for an unknown id). */
export async function loadEditableEvent(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<EditableEvent | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<EditableEvent[]>`
      select id, slug, status, version, name, name_en as "nameEn", theme, theme_en as "themeEn",
             tagline, tagline_en as "taglineEn", description, description_en as "descriptionEn",
             venue_name as "venueName", venue_address as "venueAddress", organiser_name as "organiserName",
             contact_email as "contactEmail", accessibility_statement_url as "accessibilityUrl",
             starts_at as "startsAt", ends_at as "endsAt", timezone as "timeZone"
        from public.events
       where id = ${eventId} and private.has_event_role(id, 'organiser')`,
    db,
  );
  return row ?? null;
}

export type SavedEvent = { ok: true; version: number };

/**
 * Saves the settings form: one update guarded by the version the form
 * showed. No row updated while the event is still there for the caller means
 * someone saved in between (changed_elsewhere); a broken constraint comes
 * back as the field's code, and nothing is written.
 */
export async function updateEvent(
  claims: SignedIn,
  input: EditEventInput,
  db: Sql = sql(),
): Promise<SavedEvent | EventRefusal> {
  try {
    return await asUser(
      claims,
      async (tx) => {
        const [saved] = await tx<{ version: number }[]>`
          update public.events set
            name = ${input.name}, name_en = ${input.nameEn},
            theme = ${input.theme}, theme_en = ${input.themeEn},
            tagline = ${input.tagline}, tagline_en = ${input.taglineEn},
            description = ${input.description}, description_en = ${input.descriptionEn},
            venue_name = ${input.venueName}, venue_address = ${input.venueAddress},
            organiser_name = ${input.organiserName},
            contact_email = ${input.contactEmail},
            accessibility_statement_url = ${input.accessibilityUrl},
            timezone = ${input.timeZone},
            starts_at = (${input.startsOn}::date + ${input.startsTime}::time) at time zone ${input.timeZone},
            ends_at = (${input.endsOn}::date + ${input.endsTime}::time) at time zone ${input.timeZone}
          where id = ${input.event} and version = ${input.version}
          returning version`;
        if (saved) return { ok: true, version: saved.version } as const;
        return missingOrChanged(tx, input.event);
      },
      db,
    );
  } catch (error) {
    return constraintRefusal(error);
  }
}

/** Publishes a draft or archives a published event (the database refuses any other step). */
export async function setEventStatus(
  claims: SignedIn,
  input: EventStatusInput,
  db: Sql = sql(),
): Promise<SavedEvent | EventRefusal> {
  try {
    return await asUser(
      claims,
      async (tx) => {
        const [saved] = await tx<{ version: number }[]>`
          update public.events set status = ${input.status}
           where id = ${input.event} and version = ${input.version}
          returning version`;
        if (saved) return { ok: true, version: saved.version } as const;
        return missingOrChanged(tx, input.event);
      },
      db,
    );
  } catch (error) {
    return constraintRefusal(error);
  }
}

async function missingOrChanged(tx: postgres.TransactionSql, eventId: string): Promise<EventRefusal> {
  const [still] = await tx`
    select 1 from public.events where id = ${eventId} and private.has_event_role(id, 'organiser')`;
  return { ok: false, code: still ? 'changed_elsewhere' : 'not_found' };
}

function constraintRefusal(error: unknown): EventRefusal {
  // 23514: a check (or the lifecycle trigger); 23502: a NOT NULL column left empty.
  if (error instanceof postgres.PostgresError && (error.code === '23514' || error.code === '23502')) {
    return { ok: false, code: eventConstraintRefusal(error.constraint_name ?? '') };
  }
  throw error;
}
