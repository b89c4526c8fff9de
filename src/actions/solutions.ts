// Call-for-solutions actions: exhibitors propose, edit, withdraw and invite;
// organisers decide and place solutions in gallery rounds. Each checks its
// input (400 with field messages), needs a signed-in caller (401), and turns
// a refusal into a coded 4xx whose message is the machine code.
import { ActionError, defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import type { SignedIn } from '../lib/db/db.server.ts';
import { loadMyEvent, type MyEvent } from '../lib/auth/my-roles.server.ts';
import { assignToRound, decideOnSolution, unassignFromRound } from '../lib/solutions/review.server.ts';
import {
  editSolution,
  inviteTeammate,
  type Outcome,
  proposeSolution,
  withdrawSolution,
} from '../lib/solutions/solutions.server.ts';
import {
  assignInput,
  editForm,
  inviteInput,
  reviewInput,
  type SolutionErrorCode,
  solutionIdInput,
  submitForm,
  unassignInput,
} from '../lib/solutions/solutions.ts';
import { requestOrigin } from '../lib/site/origin.ts';

const STATUS_OF: Record<SolutionErrorCode, ActionError['code']> = {
  not_found: 'NOT_FOUND',
  call_closed: 'FORBIDDEN',
  not_editable: 'CONFLICT',
  invalid_transition: 'CONFLICT',
  already_invited: 'CONFLICT',
  not_accepted: 'CONFLICT',
  round_full: 'CONFLICT',
  position_taken: 'CONFLICT',
  already_in_round: 'CONFLICT',
  overlapping_round: 'CONFLICT',
};

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ActionError({ code: STATUS_OF[outcome.code], message: outcome.code });
  return outcome.value;
}

async function organisedEvent(claims: SignedIn, slug: string, lang: 'da' | 'en'): Promise<MyEvent> {
  const event = await loadMyEvent(claims, slug, 'organiser', lang);
  if (!event) throw new ActionError({ code: 'NOT_FOUND', message: 'not_found' });
  return event;
}

export const solutions = {
  submit: defineAction({
    accept: 'form',
    input: submitForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      return unwrap(
        await proposeSolution(claims, input.event, input.solution, { origin: requestOrigin(context.url), lang }),
      );
    },
  }),

  edit: defineAction({
    accept: 'form',
    input: editForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      return unwrap(
        await editSolution(claims, input.solutionId, input.solution, { origin: requestOrigin(context.url), lang }),
      );
    },
  }),

  withdraw: defineAction({
    accept: 'form',
    input: solutionIdInput,
    handler: async (input, context) => {
      unwrap(await withdrawSolution(requireSignedIn(context), input.solutionId));
      return { withdrawn: true };
    },
  }),

  invite: defineAction({
    accept: 'form',
    input: inviteInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      unwrap(await inviteTeammate(claims, input.solutionId, input.email, { origin: requestOrigin(context.url), lang }));
      return { invited: input.email };
    },
  }),

  decide: defineAction({
    accept: 'form',
    input: reviewInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const { lang } = context.locals;
      const event = await organisedEvent(claims, input.event, lang);
      unwrap(await decideOnSolution(claims, event, input, { origin: requestOrigin(context.url), lang }));
      return { decided: input.decision };
    },
  }),

  assign: defineAction({
    accept: 'form',
    input: assignInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await organisedEvent(claims, input.event, context.locals.lang);
      unwrap(await assignToRound(claims, event, input));
      return { assigned: true };
    },
  }),

  unassign: defineAction({
    accept: 'form',
    input: unassignInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await organisedEvent(claims, input.event, context.locals.lang);
      unwrap(await unassignFromRound(claims, event, input.presentationId));
      return { unassigned: true };
    },
  }),
};
