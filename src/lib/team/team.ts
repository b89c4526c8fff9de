// An event's team: the roles an organiser may invite people to, the form
// input, the rate limits on invitations and the refusals with their words.
// Pure: no I/O.
import { z } from 'zod';
import { emailSchema, type RateRule } from '../auth/auth.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';

/** The roles an invitation grants; `exhibitor_member` joins one solution's team. */
export const TEAM_ROLES = ['organiser', 'reviewer', 'checkin_staff', 'exhibitor_member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Roles held in event_roles, which an organiser may take away again. */
export const REVOCABLE_ROLES = ['organiser', 'reviewer', 'checkin_staff'] as const;

/** An invitation's link works for a week. */
export const INVITATION_VALID_DAYS = 7;

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (error: MessageKey) => z.string({ error }).regex(UUID, { error });

/** A link's token: 256 bits, base64url (43 characters). Anything else is no token. */
export function isInvitationToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

// Astro hands a field the form did not send to the schema as null.
const optionalId = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));

export const inviteInput = z
  .object({
    event: uuid('team.error.badForm'),
    email: emailSchema,
    role: z.enum(TEAM_ROLES, { error: 'team.field.roleRequired' }),
    solution: optionalId,
    language: z.enum(['da', 'en'], { error: 'team.field.languageRequired' }),
  })
  .superRefine((input, ctx) => {
    if (input.role === 'exhibitor_member' && (input.solution === null || !UUID.test(input.solution))) {
      ctx.addIssue({ code: 'custom', path: ['solution'], message: 'team.field.solutionRequired' });
    }
  });
export type InviteInput = z.output<typeof inviteInput>;

export const revokeInvitationInput = z.object({
  event: uuid('team.error.badForm'),
  invitation: uuid('team.error.badForm'),
});

export const revokeMemberInput = z.object({
  event: uuid('team.error.badForm'),
  user: uuid('team.error.badForm'),
  role: z.enum(REVOCABLE_ROLES, { error: 'team.error.badForm' }),
});

export const removeExhibitorInput = z.object({
  event: uuid('team.error.badForm'),
  solution: uuid('team.error.badForm'),
  user: uuid('team.error.badForm'),
});

export const acceptInput = z.object({
  token: z.string({ error: 'team.error.badForm' }).regex(/^[A-Za-z0-9_-]{43}$/, { error: 'team.error.badForm' }),
});

/**
 * Per organiser 30 invitations an hour, per event 200 a day, and per invited
 * address 5 an hour: a console cannot be made into a way to flood a mailbox.
 */
export function invitationRateRules(userId: string, eventId: string, email: string): RateRule[] {
  return [
    { bucket: `team-invite:user:${userId}`, limit: 30, windowSeconds: 3600 },
    { bucket: `team-invite:event:${eventId}`, limit: 200, windowSeconds: 86_400 },
    { bucket: `team-invite:email:${email}`, limit: 5, windowSeconds: 3600 },
  ];
}

/** A team change refused; a rate limit says how long to wait. */
export type TeamRefusal = Refused<
  'not_found' | 'unknown_solution' | 'already_member' | 'closed' | 'last_organiser' | 'rate_limited',
  { retryAfterSeconds?: number }
>;

export const TEAM_REFUSALS: RefusalRules<TeamRefusal> = {
  not_found: { status: 404, message: 'team.error.notFound' },
  unknown_solution: { status: 400, message: 'team.field.solutionRequired', field: 'solution' },
  already_member: { status: 409, message: 'team.error.alreadyMember', field: 'email' },
  closed: { status: 409, message: 'team.error.closed' },
  last_organiser: { status: 409, message: 'team.error.lastOrganiser' },
  rate_limited: (refusal) => ({
    status: 429,
    message: 'team.error.rateLimited',
    params: { count: Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60)) },
  }),
};

/** Why a link cannot be accepted, as its landing page says it. */
export type InvitationProblem = 'unknown' | 'already_accepted' | 'revoked' | 'expired';

/** The status each problem page answers with: gone for good, or never there. */
export const INVITATION_PROBLEM_STATUS: Record<InvitationProblem, 404 | 409 | 410> = {
  unknown: 404,
  already_accepted: 409,
  revoked: 410,
  expired: 410,
};
