// After-the-day actions: a note on a session's page, "contact the team" from
// My takeaways, and the team's answer on the reply page (no sign-in: the
// link's token is the key). Input is checked first (400 with a dictionary key
// per field); a refusal is data that the page words through the tables in
// takeaways/takeaways.ts.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { answerContact, contactSolutionTeam } from '../lib/takeaways/contact.server.ts';
import { saveMyNote } from '../lib/takeaways/takeaways.server.ts';
import { contactInput, contactMessageProblem, noteInput, replyInput } from '../lib/takeaways/takeaways.ts';
import { refused } from '../lib/site/refusal.ts';
import { requestOrigin } from '../lib/site/origin.ts';

export const takeaways = {
  saveNote: defineAction({
    accept: 'form',
    input: noteInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      return saveMyNote(claims, input);
    },
  }),

  contactTeam: defineAction({
    accept: 'form',
    input: contactInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const problem = contactMessageProblem(input.message);
      if (problem) return refused(problem, { solutionId: input.solutionId });
      const result = await contactSolutionTeam(claims, input, requestOrigin(context.url));
      return result.ok
        ? ({ ok: true, solutionId: input.solutionId } as const)
        : { ...result, solutionId: input.solutionId };
    },
  }),

  answerContact: defineAction({
    accept: 'form',
    input: replyInput,
    handler: async (input, context) => answerContact(input.token, input.reply, requestOrigin(context.url)),
  }),
};
