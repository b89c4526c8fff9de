// The team page's actions (invite, revoke an invitation, take a role back,
// take someone off an exhibitor team) and the invitation link's "accept".
// Each checks its input (400 with field messages); the console's need a
// signed-in organiser (401, then the database checks the event), and answer
// with the use case's outcome as data, refusals worded through TEAM_REFUSALS.
// Accepting needs no session: the link itself signs the person in.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { signInVerifiedEmail } from '../lib/auth/auth.server.ts';
import { acceptInvitation } from '../lib/team/invitation.server.ts';
import { inviteToTeam, removeExhibitor, revokeInvitation, revokeRole } from '../lib/team/team.server.ts';
import {
  acceptInput,
  inviteInput,
  removeExhibitorInput,
  revokeInvitationInput,
  revokeMemberInput,
} from '../lib/team/team.ts';
import { requestOrigin } from '../lib/site/origin.ts';

export const team = {
  invite: defineAction({
    accept: 'form',
    input: inviteInput,
    handler: async (input, context) =>
      inviteToTeam(requireSignedIn(context), input.event, input, { origin: requestOrigin(context.url) }),
  }),

  revokeInvitation: defineAction({
    accept: 'form',
    input: revokeInvitationInput,
    handler: async (input, context) => revokeInvitation(requireSignedIn(context), input.event, input.invitation),
  }),

  revokeMember: defineAction({
    accept: 'form',
    input: revokeMemberInput,
    handler: async (input, context) => revokeRole(requireSignedIn(context), input.event, input.user, input.role),
  }),

  removeExhibitor: defineAction({
    accept: 'form',
    input: removeExhibitorInput,
    handler: async (input, context) =>
      removeExhibitor(requireSignedIn(context), input.event, input.solution, input.user),
  }),

  accept: defineAction({
    accept: 'form',
    input: acceptInput,
    handler: async (input, context) =>
      acceptInvitation(input.token, context.locals.claims, (email) => signInVerifiedEmail(context, email)),
  }),
};
