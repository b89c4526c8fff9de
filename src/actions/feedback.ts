// Feedback: attendees rate a session and answer the event survey from My
// takeaways; organisers write the survey's own questions and give speakers
// the address that shows them their feedback. The database decides who may
// and when (20261203110900_feedback.sql, 20261203120500_survey_questions.sql,
// 20261203120501_speaker_feedback.sql); a refusal is data that the page
// words through its *_REFUSALS table.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { saveSessionFeedback, saveSurveyResponse } from '../lib/feedback/feedback.server.ts';
import { sessionFeedbackInput, surveyInput } from '../lib/feedback/feedback.ts';
import { setSpeakerEmail } from '../lib/feedback/presented.server.ts';
import { speakerEmailInput } from '../lib/feedback/presented.ts';
import { createSurveyQuestion, deleteSurveyQuestion, updateSurveyQuestion } from '../lib/feedback/questions.server.ts';
import { deleteQuestionInput, newQuestionInput, questionInput } from '../lib/feedback/questions.ts';

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

  createQuestion: defineAction({
    accept: 'form',
    input: newQuestionInput,
    handler: async (input, context) => createSurveyQuestion(requireSignedIn(context), input),
  }),

  updateQuestion: defineAction({
    accept: 'form',
    input: questionInput,
    handler: async (input, context) => updateSurveyQuestion(requireSignedIn(context), input),
  }),

  deleteQuestion: defineAction({
    accept: 'form',
    input: deleteQuestionInput,
    handler: async (input, context) => deleteSurveyQuestion(requireSignedIn(context), input),
  }),

  setSpeakerEmail: defineAction({
    accept: 'form',
    input: speakerEmailInput,
    handler: async (input, context) => ({
      ...(await setSpeakerEmail(requireSignedIn(context), input)),
      speakerId: input.speakerId,
    }),
  }),
};
