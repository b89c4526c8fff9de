// An event's team, for its organisers: who holds a role, the invitations
// still open, inviting (the email goes through the outbox in the same
// transaction) and taking roles or invitations back. Every write is a
// Postgres function that checks the caller organises that event; reads run
// under RLS as the organiser, so an organiser of another event sees nothing.
import { createHash, randomBytes } from 'node:crypto';
import { asUser, type SignedIn, type Sql, sql, withServiceRole } from '../db/db.server.ts';
import { localized } from '../i18n/localized.ts';
import type { Lang } from '../i18n/locales.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { refused } from '../site/refusal.ts';
import { pathsFor } from '../site/paths.ts';
import {
  INVITATION_VALID_DAYS,
  type InvitationState,
  type InviteInput,
  invitationRateRules,
  type TeamRefusal,
  type TeamRole,
} from './team.ts';

/** A 256-bit URL-safe token for an invitation link (43 characters). */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a link: its SHA-256, never the token. */
export function invitationTokenHash(token: string): Buffer {
  return createHash('sha256').update(`samspil.team-invitation\n${token}`).digest();
}

export interface TeamMember {
  userId: string | null;
  email: string;
  role: TeamRole;
  solutionId: string | null;
  solutionTitle: string | null;
  /** An exhibitor team's owner (who submitted the solution) stays. */
  owner: boolean;
  since: Date | null;
}

export interface OpenInvitation {
  id: string;
  email: string;
  role: TeamRole;
  solutionId: string | null;
  solutionTitle: string | null;
  language: Lang;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  state: Extract<InvitationState, 'pending' | 'expired'>;
}

export interface TeamPage {
  members: TeamMember[];
  invitations: OpenInvitation[];
  /** The event's solutions, for inviting someone to an exhibitor team. */
  solutions: { id: string; title: string }[];
}

const ROLE_ORDER: Record<TeamRole, number> = { organiser: 0, reviewer: 1, checkin_staff: 2, exhibitor_member: 3 };

export async function loadTeam(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<TeamPage> {
  return asUser(
    claims,
    async (tx) => {
      const members = await tx<
        {
          user_id: string | null;
          email: string;
          role: TeamRole;
          solution_id: string | null;
          solution_title: string | null;
          team_role: 'owner' | 'member' | null;
          since: Date | null;
        }[]
      >`select user_id, email, role, solution_id, solution_title, team_role, since from private.event_team(${eventId})`;
      const invitations = await tx<
        {
          id: string;
          email: string;
          role: TeamRole;
          solution_id: string | null;
          solution_title: string | null;
          language: Lang;
          invited_by: string | null;
          created_at: Date;
          expires_at: Date;
          expired: boolean;
        }[]
      >`
      select i.id, i.email, i.role, i.solution_id, s.title as solution_title, i.language, i.invited_by, i.created_at, i.expires_at,
             i.expires_at <= now() as expired
        from public.team_invitations i left join public.solutions s on s.id = i.solution_id
       where i.event_id = ${eventId} and i.accepted_at is null and i.revoked_at is null
       order by i.created_at desc`;
      const inviterIds = [...new Set(invitations.flatMap((i) => (i.invited_by ? [i.invited_by] : [])))];
      const inviters = inviterIds.length
        ? await tx<{ user_id: string; email: string }[]>`
          select user_id, email from private.event_people(${eventId}, ${inviterIds}::uuid[])`
        : [];
      const inviterEmail = new Map(inviters.map((row) => [row.user_id, row.email]));
      const solutions = await tx<{ id: string; title: string }[]>`
      select id, title from public.solutions
       where event_id = ${eventId} and status not in ('draft', 'withdrawn')
       order by lower(title), id`;
      return {
        members: members
          .map((row) => ({
            userId: row.user_id,
            email: row.email,
            role: row.role,
            solutionId: row.solution_id,
            solutionTitle: row.solution_title,
            owner: row.team_role === 'owner',
            since: row.since,
          }))
          .sort(
            (a, b) =>
              ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
              (a.solutionTitle ?? '').localeCompare(b.solutionTitle ?? '') ||
              a.email.localeCompare(b.email),
          ),
        invitations: invitations.map((row) => ({
          id: row.id,
          email: row.email,
          role: row.role,
          solutionId: row.solution_id,
          solutionTitle: row.solution_title,
          language: row.language,
          invitedBy: row.invited_by ? (inviterEmail.get(row.invited_by) ?? null) : null,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          state: row.expired ? 'expired' : 'pending',
        })),
        solutions,
      };
    },
    db,
  );
}

export type TeamOutcome<T> = { ok: true; value: T } | TeamRefusal;

/**
 * Invites someone (again: a fresh link and a new week) and queues the email
 * in the same transaction, in the language the organiser chose for them.
 */
export async function inviteToTeam(
  claims: SignedIn,
  eventId: string,
  input: InviteInput,
  context: { origin: string },
  db: Sql = sql(),
): Promise<TeamOutcome<{ renewed: boolean }>> {
  const token = newInvitationToken();
  const hash = invitationTokenHash(token);
  const outcome = await asUser(
    claims,
    async (tx): Promise<TeamOutcome<{ renewed: boolean }>> => {
      const [event] = await tx<{ name: string; name_en: string | null }[]>`
      select name, name_en from public.events where id = ${eventId} and private.has_event_role(id, 'organiser')`;
      if (!event) return refused('not_found');
      const limits = await withServiceRole(tx, () =>
        takeRateLimits(tx, invitationRateRules(claims.sub, eventId, input.email)),
      );
      if (!limits.allowed) return refused('rate_limited', { retryAfterSeconds: limits.retryAfterSeconds });
      const [row] = await tx<{ code: string; invitation_id: string | null; expires_at: Date | null }[]>`
      select code, invitation_id, expires_at
        from private.invite_to_team(${eventId}, ${input.email}, ${input.role}, ${input.solution}::uuid,
                                    ${input.language}, ${hash}, ${`${INVITATION_VALID_DAYS} days`}::interval)`;
      if (!row || !row.invitation_id || !row.expires_at) {
        if (row?.code === 'unknown_solution' || row?.code === 'already_member') return refused(row.code);
        return refused('not_found');
      }
      const [solution] = input.solution
        ? await tx<{ title: string }[]>`select title from public.solutions where id = ${input.solution}`
        : [];
      const lang = input.language;
      await enqueueEmail(tx, {
        to: input.email,
        lang,
        template: 'team-invitation',
        data: {
          inviterEmail: claims.email ?? '',
          eventName: localized(lang, event.name, event.name_en),
          role: input.role,
          solutionTitle: solution?.title ?? null,
          acceptUrl: new URL(pathsFor(lang).invitation(token), context.origin).href,
          expiresAt: row.expires_at.toISOString(),
        },
        // A renewed invitation is a new link, so a new email.
        idempotencyKey: `team-invitation:${row.invitation_id}:${hash.toString('hex').slice(0, 16)}`,
      });
      return { ok: true, value: { renewed: row.code === 'renewed' } };
    },
    db,
  );
  if (outcome.ok) kickOutboxWorker();
  return outcome;
}

export async function revokeInvitation(
  claims: SignedIn,
  eventId: string,
  invitationId: string,
  db: Sql = sql(),
): Promise<TeamOutcome<null>> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ code: string }[]>`select private.revoke_team_invitation(${eventId}, ${invitationId}) as code`,
    db,
  );
  if (row?.code === 'revoked') return { ok: true, value: null };
  return refused(row?.code === 'closed' ? 'closed' : 'not_found');
}

export async function revokeRole(
  claims: SignedIn,
  eventId: string,
  userId: string,
  role: 'organiser' | 'reviewer' | 'checkin_staff',
  db: Sql = sql(),
): Promise<TeamOutcome<null>> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ code: string }[]>`select private.revoke_team_role(${eventId}, ${userId}, ${role}) as code`,
    db,
  );
  if (row?.code === 'revoked') return { ok: true, value: null };
  return refused(row?.code === 'last_organiser' ? 'last_organiser' : 'not_found');
}

/** Takes someone off an exhibitor team (RLS: organisers of the event, never the owner). */
export async function removeExhibitor(
  claims: SignedIn,
  eventId: string,
  solutionId: string,
  userId: string,
  db: Sql = sql(),
): Promise<TeamOutcome<null>> {
  const removed = await asUser(
    claims,
    (tx) => tx`
      delete from public.solution_team_members
       where event_id = ${eventId} and solution_id = ${solutionId} and user_id = ${userId} and role = 'member'`,
    db,
  );
  return removed.count > 0 ? { ok: true, value: null } : refused('not_found');
}
