// The organisation page's actions: invite someone to create events, withdraw
// an invitation, take the role back. Each checks its input (400 with field
// messages), needs a signed-in person (401; the database then checks they
// create events for that organisation) and answers with the use case's
// outcome as data, refusals worded through ORGANISATION_REFUSALS. Accepting
// goes through the event team's link and action (team.accept).
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { inviteEventCreator, revokeCreatorInvitation, revokeEventCreator } from '../lib/team/organisation.server.ts';
import { creatorInvitationInput, creatorInviteInput, creatorRevokeInput } from '../lib/team/organisation.ts';
import { requestOrigin } from '../lib/site/origin.ts';

export const organisation = {
  invite: defineAction({
    accept: 'form',
    input: creatorInviteInput,
    handler: async (input, context) =>
      inviteEventCreator(requireSignedIn(context), input, { origin: requestOrigin(context.url) }),
  }),

  revokeInvitation: defineAction({
    accept: 'form',
    input: creatorInvitationInput,
    handler: async (input, context) =>
      revokeCreatorInvitation(requireSignedIn(context), input.organisation, input.invitation),
  }),

  revokeCreator: defineAction({
    accept: 'form',
    input: creatorRevokeInput,
    handler: async (input, context) => revokeEventCreator(requireSignedIn(context), input.organisation, input.user),
  }),
};
