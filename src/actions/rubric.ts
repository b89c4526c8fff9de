// The review rubric's actions: organisers add, change and remove criteria;
// organisers and reviewers score a solution. Input checked (400 with field
// messages), a signed-in caller (401), then one use case whose refusals are
// data (RUBRIC_REFUSALS); Postgres decides who may write what.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { addCriterion, deleteCriterion, saveCriterion, saveScores } from '../lib/rubric/rubric.server.ts';
import { criterionDeleteInput, criterionEditInput, criterionInput, scoresForm } from '../lib/rubric/rubric.ts';

export const rubric = {
  addCriterion: defineAction({
    accept: 'form',
    input: criterionInput,
    handler: (input, context) => addCriterion(requireSignedIn(context), input),
  }),

  saveCriterion: defineAction({
    accept: 'form',
    input: criterionEditInput,
    handler: (input, context) => saveCriterion(requireSignedIn(context), input),
  }),

  deleteCriterion: defineAction({
    accept: 'form',
    input: criterionDeleteInput,
    handler: (input, context) => deleteCriterion(requireSignedIn(context), input),
  }),

  score: defineAction({
    accept: 'form',
    input: scoresForm,
    handler: (input, context) => saveScores(requireSignedIn(context), input),
  }),
};
