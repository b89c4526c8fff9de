// An organisation's event creators, for its event creators: who may create
// events there, the invitations still open, inviting someone (the email goes
// through the outbox in the same transaction, its link the event team's single-use
// link) and taking invitations or the role back. Every write is a Postgres
// function that checks the caller is an event creator of that organisation;
// reads run as the signed-in person, so another organisation's people see nothing.
import { type AuditEntry, type LogNames, mentionedIds } from '../audit/audit-log.ts';
import { asUser, type SignedIn, type Sql, sql, withServiceRole } from '../db/db.server.ts';
import { localized } from '../i18n/localized.ts';
import type { Lang } from '../i18n/locales.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { refused } from '../site/refusal.ts';
import { pathsFor } from '../site/paths.ts';
import { INVITATION_VALID_DAYS } from './team.ts';
import { invitationTokenHash, newInvitationToken } from './team.server.ts';
import {
  type CreatorInviteInput,
  creatorInvitationRateRules,
  type OrganisationRefusal,
  organisationRefusalCode,
} from './organisation.ts';

export interface EventCreator {
  userId: string;
  email: string;
  grantedBy: string | null;
  since: Date;
}

export interface CreatorInvitation {
  id: string;
  email: string;
  language: Lang;
  invitedBy: string | null;
  expiresAt: Date;
  state: 'pending' | 'expired';
}

export interface OrganisationPage {
  id: string;
  name: string;
  creators: EventCreator[];
  invitations: CreatorInvitation[];
  /** The newest entries of the organisation's audit log, with the people they name. */
  log: AuditEntry[];
  names: LogNames;
}

/** How many of the log's newest entries the page shows. */
export const ORGANISATION_LOG_SIZE = 20;

/** The organisation's page, or null when the caller is not one of its event creators. */
export async function loadOrganisation(
  claims: SignedIn,
  organisationId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<OrganisationPage | null> {
  return asUser(
    claims,
    async (tx) => {
      const [organisation] = await tx<{ id: string; name: string; name_en: string | null }[]>`
        select id, name, name_en from public.organisations
         where id = ${organisationId} and private.is_event_creator(id)`;
      if (!organisation) return null;
      const creators = await tx<{ user_id: string; email: string; granted_by_email: string | null; since: Date }[]>`
        select user_id, email, granted_by_email, since from private.organisation_creators(${organisationId})`;
      const invitations = await tx<
        { id: string; email: string; language: Lang; invited_by: string | null; expires_at: Date; expired: boolean }[]
      >`
        select i.id, i.email, i.language, i.invited_by, i.expires_at, i.expires_at <= now() as expired
          from public.team_invitations i
         where i.organisation_id = ${organisationId} and i.accepted_at is null and i.revoked_at is null
         order by i.created_at desc`;
      const log = await tx<
        {
          id: string;
          actor_id: string;
          at: Date;
          table_name: string;
          row_key: Record<string, unknown>;
          row_label: string | null;
          action: AuditEntry['action'];
          before: Record<string, unknown> | null;
          after: Record<string, unknown> | null;
        }[]
      >`
        select id::text, actor_id, at, table_name, row_key, row_label, action, before, after
          from public.audit_log where organisation_id = ${organisationId}
         order by at desc, id desc limit ${ORGANISATION_LOG_SIZE}`;
      const peopleIds = [
        ...new Set([
          ...invitations.flatMap((i) => (i.invited_by ? [i.invited_by] : [])),
          ...log.flatMap((entry) => [entry.actor_id, ...mentionedIds(toEntry(entry)).people]),
        ]),
      ];
      const people = peopleIds.length
        ? await tx<{ user_id: string; email: string }[]>`
            select user_id, email from private.organisation_people(${organisationId}, ${peopleIds}::uuid[])`
        : [];
      const inviterEmail = new Map(people.map((row) => [row.user_id, row.email]));
      return {
        id: organisation.id,
        name: localized(lang, organisation.name, organisation.name_en),
        creators: creators.map((row) => ({
          userId: row.user_id,
          email: row.email,
          grantedBy: row.granted_by_email,
          since: row.since,
        })),
        invitations: invitations.map((row) => ({
          id: row.id,
          email: row.email,
          language: row.language,
          invitedBy: row.invited_by ? (inviterEmail.get(row.invited_by) ?? null) : null,
          expiresAt: row.expires_at,
          state: row.expired ? 'expired' : 'pending',
        })),
        log: log.map(toEntry),
        names: { things: new Map(), people: inviterEmail },
      };
    },
    db,
  );
}

function toEntry(row: {
  id: string;
  actor_id: string;
  at: Date;
  table_name: string;
  row_key: Record<string, unknown>;
  row_label: string | null;
  action: AuditEntry['action'];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}): AuditEntry {
  return {
    id: row.id,
    actorId: row.actor_id,
    at: row.at,
    table: row.table_name,
    rowKey: row.row_key,
    label: row.row_label,
    action: row.action,
    before: row.before,
    after: row.after,
  };
}

export type OrganisationOutcome<T> = { ok: true; value: T } | OrganisationRefusal;

/** Invites someone to create events for the organisation (again: a fresh link and a new week). */
export async function inviteEventCreator(
  claims: SignedIn,
  input: CreatorInviteInput,
  context: { origin: string },
  db: Sql = sql(),
): Promise<OrganisationOutcome<{ renewed: boolean }>> {
  const token = newInvitationToken();
  const hash = invitationTokenHash(token);
  const outcome = await asUser(
    claims,
    async (tx): Promise<OrganisationOutcome<{ renewed: boolean }>> => {
      const [organisation] = await tx<{ name: string; name_en: string | null }[]>`
        select name, name_en from public.organisations
         where id = ${input.organisation} and private.is_event_creator(id)`;
      if (!organisation) return refused('not_found');
      const limits = await withServiceRole(tx, () =>
        takeRateLimits(tx, creatorInvitationRateRules(claims.sub, input.organisation, input.email)),
      );
      if (!limits.allowed) return refused('rate_limited', { retryAfterSeconds: limits.retryAfterSeconds });
      const [row] = await tx<{ code: string; invitation_id: string | null; expires_at: Date | null }[]>`
        select code, invitation_id, expires_at
          from private.invite_to_organisation(${input.organisation}, ${input.email}, ${input.language}, ${hash},
                                              ${`${INVITATION_VALID_DAYS} days`}::interval)`;
      if (!row?.invitation_id || !row.expires_at) return refused(organisationRefusalCode(row?.code));
      const lang = input.language;
      await enqueueEmail(tx, {
        to: input.email,
        lang,
        template: 'team-invitation',
        data: {
          inviterEmail: claims.email ?? '',
          eventName: localized(lang, organisation.name, organisation.name_en),
          role: 'event_creator',
          solutionTitle: null,
          acceptUrl: new URL(pathsFor(lang).invitation(token), context.origin).href,
          expiresAt: row.expires_at.toISOString(),
        },
        idempotencyKey: `team-invitation:${row.invitation_id}:${hash.toString('hex').slice(0, 16)}`,
      });
      return { ok: true, value: { renewed: row.code === 'renewed' } };
    },
    db,
  );
  if (outcome.ok) kickOutboxWorker();
  return outcome;
}

export async function revokeCreatorInvitation(
  claims: SignedIn,
  organisationId: string,
  invitationId: string,
  db: Sql = sql(),
): Promise<OrganisationOutcome<null>> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ code: string }[]>`
      select private.revoke_organisation_invitation(${organisationId}, ${invitationId}) as code`,
    db,
  );
  return row?.code === 'revoked' ? { ok: true, value: null } : refused(organisationRefusalCode(row?.code));
}

/** Takes event_creator away from someone (never from the last one). */
export async function revokeEventCreator(
  claims: SignedIn,
  organisationId: string,
  userId: string,
  db: Sql = sql(),
): Promise<OrganisationOutcome<null>> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ code: string }[]>`select private.revoke_organisation_role(${organisationId}, ${userId}) as code`,
    db,
  );
  return row?.code === 'revoked' ? { ok: true, value: null } : refused(organisationRefusalCode(row?.code));
}
