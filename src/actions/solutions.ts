// Call-for-solutions actions: exhibitors propose, edit, withdraw and invite;
// organisers decide and place solutions in gallery rounds. Each checks its
// input (400 with field messages), needs a signed-in caller (401), and answers
// with the use case's outcome as data: `{ ok: true, value }`, or a refusal
// `{ ok: false, code }` that the page words through SOLUTION_REFUSALS.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import type { SignedIn } from '../lib/db/db.server.ts';
import { loadMyEvent, type MyEvent } from '../lib/auth/my-roles.server.ts';
import { assignToRound, decideOnSolution, unassignFromRound } from '../lib/solutions/review.server.ts';
import { editSolution, inviteTeammate, proposeSolution, withdrawSolution } from '../lib/solutions/solutions.server.ts';
import { contentForm } from '../lib/solutions/content.ts';
import { saveSolutionContent } from '../lib/solutions/content.server.ts';
import {
  assignInput,
  editForm,
  inviteInput,
  reviewInput,
  solutionIdInput,
  submitForm,
  unassignInput,
} from '../lib/solutions/solutions.ts';
import { requestOrigin } from '../lib/site/origin.ts';
import { type Refused, refused } from '../lib/site/refusal.ts';

async function organisedEvent(
  claims: SignedIn,
  slug: string,
  lang: 'da' | 'en',
  role: 'organiser' | 'reviewer' = 'organiser',
): Promise<MyEvent | Refused<'not_found'>> {
  return (await loadMyEvent(claims, slug, role, lang)) ?? refused('not_found');
}

export const solutions = {
  submit: defineAction({
    accept: 'form',
    input: submitForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      return proposeSolution(claims, input.event, input.solution, { origin: requestOrigin(context.url), lang });
    },
  }),

  edit: defineAction({
    accept: 'form',
    input: editForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      return editSolution(claims, input.solutionId, input.solution, { origin: requestOrigin(context.url), lang });
    },
  }),

  withdraw: defineAction({
    accept: 'form',
    input: solutionIdInput,
    handler: async (input, context) => withdrawSolution(requireSignedIn(context), input.solutionId),
  }),

  invite: defineAction({
    accept: 'form',
    input: inviteInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      return inviteTeammate(claims, input.solutionId, input.email, { origin: requestOrigin(context.url), lang });
    },
  }),

  /** An organiser's edit of the public content (texts, link, theme tags), at the version the form showed. */
  editContent: defineAction({
    accept: 'form',
    input: contentForm,
    handler: async (input, context) => saveSolutionContent(requireSignedIn(context), input),
  }),

  decide: defineAction({
    accept: 'form',
    input: reviewInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      // Reviewers decide too; placing in gallery rounds stays with organisers.
      const event = await organisedEvent(claims, input.event, lang, 'reviewer');
      if ('code' in event) return event;
      return decideOnSolution(claims, event, input, { origin: requestOrigin(context.url), lang });
    },
  }),

  assign: defineAction({
    accept: 'form',
    input: assignInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await organisedEvent(claims, input.event, context.locals.lang);
      if ('code' in event) return event;
      return assignToRound(claims, event, input);
    },
  }),

  unassign: defineAction({
    accept: 'form',
    input: unassignInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await organisedEvent(claims, input.event, context.locals.lang);
      if ('code' in event) return event;
      return unassignFromRound(claims, event, input.presentationId);
    },
  }),
};
