// Questions in a session: attendees ask and up-vote, moderators hide, answer,
// pin and open or close the list — all as themselves; Postgres checks the
// ticket, the moderator role, the window and one vote per person again.
import { defineAction } from 'astro:actions';
import { askForm, moderateForm, voteForm, windowForm } from '../lib/questions/questions.ts';
import { askQuestion, moderateQuestion, setQuestionWindow, voteQuestion } from '../lib/questions/questions.server.ts';
import { requireSignedIn } from './boundary.ts';

export const questions = {
  ask: defineAction({
    accept: 'form',
    input: askForm,
    handler: (input, context) => askQuestion(requireSignedIn(context), input),
  }),
  vote: defineAction({
    accept: 'form',
    input: voteForm,
    handler: (input, context) => voteQuestion(requireSignedIn(context), input),
  }),
  moderate: defineAction({
    accept: 'form',
    input: moderateForm,
    handler: (input, context) => moderateQuestion(requireSignedIn(context), input),
  }),
  window: defineAction({
    accept: 'form',
    input: windowForm,
    handler: (input, context) => setQuestionWindow(requireSignedIn(context), input),
  }),
};
