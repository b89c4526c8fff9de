// Granting a role at an event: the `npm run grant` CLI bootstraps the first
// organiser through here; later the organiser console will too.
import { asService, type Sql } from '../db/db.server.ts';
import { emailSchema } from './auth.ts';
import { EVENT_ROLES, type EventRole, isEventRole } from './roles.ts';

export type GrantErrorCode = 'invalid_email' | 'invalid_role' | 'unknown_event' | 'unknown_user';

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
