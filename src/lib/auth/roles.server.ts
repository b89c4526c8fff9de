// Granting a role at an event, or event_creator on an organisation: the
// `npm run grant` CLI bootstraps the first organiser and the first event
// creator through here.
import { asService, type Sql } from '../db/db.server.ts';
import { emailSchema } from './auth.ts';
import { SECTORS, type Sector } from '../events/events.ts';
import { EVENT_ROLES, type EventRole, isEventRole } from './roles.ts';

export type GrantErrorCode =
  | 'invalid_email'
  | 'invalid_role'
  | 'unknown_event'
  | 'unknown_user'
  | 'unknown_organisation'
  | 'ambiguous_organisation'
  | 'invalid_sector';

export class GrantError extends Error {
  readonly code: GrantErrorCode;
  constructor(code: GrantErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface GrantResult {
  email: string;
  userId: string;
  userCreated: boolean;
  eventId: string;
  eventSlug: string;
  role: EventRole;
  /** False when the user already held the role. */
  granted: boolean;
}

/**
 * Gives `email` the role at the event with that slug, creating the user when
 * `createUser` (embedded mode; on Supabase, Supabase Auth creates users when
 * they first sign in). Idempotent: granting a held role changes nothing.
 */
export async function grantEventRole(
  db: Sql,
  input: { email: string; role: string; eventSlug: string; createUser: boolean },
): Promise<GrantResult> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new GrantError('invalid_email', `"${input.email}" is not an email address.`);
  const role = input.role;
  if (!isEventRole(role)) {
    throw new GrantError('invalid_role', `Unknown role "${role}". Roles: ${EVENT_ROLES.join(', ')}.`);
  }
  return asService(async (tx) => {
    const [event] = await tx<{ id: string; slug: string }[]>`
      select id, slug from public.events where slug = ${input.eventSlug}::text`;
    if (!event) {
      const known = await tx<{ slug: string }[]>`select slug from public.events order by starts_at desc limit 10`;
      const list = known.map((row) => row.slug).join(', ') || 'none yet';
      throw new GrantError('unknown_event', `No event with the slug "${input.eventSlug}". Events: ${list}.`);
    }
    const [user] = await tx<{ user_id: string; created: boolean }[]>`
      select user_id, created from private.find_or_create_user(${email.data}, ${input.createUser}, false)`;
    if (!user) {
      throw new GrantError(
        'unknown_user',
        `No user with the email ${email.data}. Ask them to sign in once at /log-ind, then grant the role again.`,
      );
    }
    const inserted = await tx`
      insert into public.event_roles (event_id, user_id, role, granted_by)
      values (${event.id}, ${user.user_id}, ${role}, null)
      on conflict (event_id, user_id, role) do nothing
      returning 1`;
    return {
      email: email.data,
      userId: user.user_id,
      userCreated: user.created,
      eventId: event.id,
      eventSlug: event.slug,
      role,
      granted: inserted.length === 1,
    };
  }, db);
}

export interface OrganisationGrantResult {
  email: string;
  userId: string;
  userCreated: boolean;
  organisationId: string;
  organisationName: string;
  /** True when the organisation did not exist and was created now (a new installation). */
  organisationCreated: boolean;
  role: 'event_creator';
  /** False when the user already held the role. */
  granted: boolean;
}

/**
 * Lets `email` create events for the organisation named `organisation`
 * (case-insensitive). With `sector`, an organisation not found by that name
 * is created (a new installation has none); without, the name must match
 * exactly one. Idempotent, like grantEventRole.
 */
export async function grantEventCreator(
  db: Sql,
  input: { email: string; organisation: string; sector?: string | undefined; createUser: boolean },
): Promise<OrganisationGrantResult> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new GrantError('invalid_email', `"${input.email}" is not an email address.`);
  const sector = input.sector;
  if (sector !== undefined && !(SECTORS as readonly string[]).includes(sector)) {
    throw new GrantError('invalid_sector', `Unknown sector "${sector}". Sectors: ${SECTORS.join(', ')}.`);
  }
  const name = input.organisation.trim();
  return asService(async (tx) => {
    const found = await tx<{ id: string; name: string; sector: Sector }[]>`
      select id, name, sector from public.organisations
       where lower(name) = lower(${name}) and (${sector ?? null}::public.sector is null or sector = ${sector ?? null})
       order by sector`;
    if (found.length > 1) {
      throw new GrantError(
        'ambiguous_organisation',
        `Several organisations are called "${name}" (${found.map((o) => o.sector).join(', ')}): name the sector too.`,
      );
    }
    let organisation = found[0];
    let organisationCreated = false;
    if (!organisation) {
      if (sector === undefined) {
        throw new GrantError(
          'unknown_organisation',
          `No organisation called "${name}". To create it, add its sector (${SECTORS.join(', ')}).`,
        );
      }
      [organisation] = await tx<{ id: string; name: string; sector: Sector }[]>`
        insert into public.organisations (name, sector) values (${name}, ${sector}) returning id, name, sector`;
      organisationCreated = true;
    }
    const [user] = await tx<{ user_id: string; created: boolean }[]>`
      select user_id, created from private.find_or_create_user(${email.data}, ${input.createUser}, false)`;
    if (!user) {
      throw new GrantError(
        'unknown_user',
        `No user with the email ${email.data}. Ask them to sign in once at /log-ind, then grant the role again.`,
      );
    }
    const inserted = await tx`
      insert into public.organisation_roles (organisation_id, user_id, role, granted_by)
      values (${organisation!.id}, ${user.user_id}, 'event_creator', null)
      on conflict (organisation_id, user_id, role) do nothing
      returning 1`;
    return {
      email: email.data,
      userId: user.user_id,
      userCreated: user.created,
      organisationId: organisation!.id,
      organisationName: organisation!.name,
      organisationCreated,
      role: 'event_creator',
      granted: inserted.length === 1,
    };
  }, db);
}
