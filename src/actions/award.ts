// The audience award: organisers save it, nominate and take steps (close,
// announce, withdraw) as themselves — the database checks the role and the
// version again; a voter casts with their link's token, signed in or not
// (private.cast_award_vote checks the signature, the check-in and the window).
import { defineAction } from 'astro:actions';
import { awardForm, awardStepForm, nomineeForm, voteForm } from '../lib/award/award.ts';
import { awardStep, castVote, saveAward, setNominee } from '../lib/award/award.server.ts';
import { requireSignedIn } from './boundary.ts';

export const award = {
  save: defineAction({
    accept: 'form',
    input: awardForm,
    handler: (input, context) => saveAward(requireSignedIn(context), input),
  }),
  nominee: defineAction({
    accept: 'form',
    input: nomineeForm,
    handler: (input, context) => setNominee(requireSignedIn(context), input),
  }),
  step: defineAction({
    accept: 'form',
    input: awardStepForm,
    handler: (input, context) => awardStep(requireSignedIn(context), input),
  }),
  vote: defineAction({
    accept: 'form',
    input: voteForm,
    handler: (input, context) => castVote(context.locals.claims, input.token, input.solution),
  }),
};
