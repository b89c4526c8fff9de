// Feedback from My takeaways: rate a session, answer the event survey. The
// database decides who may and when (20261203110900_feedback.sql); a refusal
// is data that the page words through FEEDBACK_REFUSALS / SURVEY_REFUSALS.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { saveSessionFeedback, saveSurveyResponse } from '../lib/feedback/feedback.server.ts';
import { sessionFeedbackInput, surveyInput } from '../lib/feedback/feedback.ts';

export const feedback = {
  rateSession: defineAction({
    accept: 'form',
    input: sessionFeedbackInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      return { ...(await saveSessionFeedback(claims, input)), sessionId: input.sessionId };
    },
  }),

  answerSurvey: defineAction({
    accept: 'form',
    input: surveyInput,
    handler: async (input, context) => saveSurveyResponse(requireSignedIn(context), input),
  }),
};
