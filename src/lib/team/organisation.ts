// Who may create events for an organisation, as its event creators manage it
// in the console: the form inputs, the rate limits on invitations and the
// refusals with their words. Pure: no I/O.
import { z } from 'zod';
import { emailSchema, type RateRule } from '../auth/auth.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (error: MessageKey) => z.string({ error }).regex(UUID, { error });

export const creatorInviteInput = z.object({
  organisation: uuid('organisation.error.badForm'),
  email: emailSchema,
  language: z.enum(['da', 'en'], { error: 'organisation.field.languageRequired' }),
});
export type CreatorInviteInput = z.output<typeof creatorInviteInput>;

export const creatorInvitationInput = z.object({
  organisation: uuid('organisation.error.badForm'),
  invitation: uuid('organisation.error.badForm'),
});

export const creatorRevokeInput = z.object({
  organisation: uuid('organisation.error.badForm'),
  user: uuid('organisation.error.badForm'),
});

/**
 * Per person 30 invitations an hour, per organisation 100 a day, per invited
 * address 5 an hour (the event team's buckets are separate).
 */
export function creatorInvitationRateRules(userId: string, organisationId: string, email: string): RateRule[] {
  return [
    { bucket: `organisation-invite:user:${userId}`, limit: 30, windowSeconds: 3600 },
    { bucket: `organisation-invite:organisation:${organisationId}`, limit: 100, windowSeconds: 86_400 },
    { bucket: `organisation-invite:email:${email}`, limit: 5, windowSeconds: 3600 },
  ];
}

export type OrganisationRefusal = Refused<
  'not_found' | 'already_member' | 'closed' | 'last_creator' | 'rate_limited',
  { retryAfterSeconds?: number }
>;

export const ORGANISATION_REFUSALS: RefusalRules<OrganisationRefusal> = {
  not_found: { status: 404, message: 'organisation.error.notFound' },
  already_member: { status: 409, message: 'organisation.error.alreadyMember', field: 'email' },
  closed: { status: 409, message: 'organisation.error.closed' },
  last_creator: { status: 409, message: 'organisation.error.lastCreator' },
  rate_limited: (refusal) => ({
    status: 429,
    message: 'organisation.error.rateLimited',
    params: { count: Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60)) },
  }),
};

/** The answer codes of the SQL functions that are refusals, mapped to ours; anything else is not_found. */
export function organisationRefusalCode(code: string | undefined): OrganisationRefusal['code'] {
  return code === 'already_member' || code === 'closed' || code === 'last_creator' ? code : 'not_found';
}
