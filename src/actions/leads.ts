// Exhibitor leads: the team's scan and note, the visitor's consent and
// withdrawal, the organiser's retention. Each needs a signed-in caller (401
// otherwise); input is checked first (400 with field messages); a refusal
// is data that the page words through LEAD_REFUSALS / LEAD_RETENTION_REFUSALS.
import { defineAction } from 'astro:actions';
import { consentForm, leadNoteForm, leadRetentionForm, scanForm, withdrawForm } from '../lib/leads/leads.ts';
import { captureLead, noteLead, setLeadRetention, setMyConsent, withdrawMyLead } from '../lib/leads/leads.server.ts';
import { refused } from '../lib/site/refusal.ts';
import { requireSignedIn } from './boundary.ts';

export const leads = {
  scan: defineAction({
    accept: 'form',
    input: scanForm,
    handler: async (input, context) => captureLead(requireSignedIn(context), input),
  }),

  note: defineAction({
    accept: 'form',
    input: leadNoteForm,
    handler: async (input, context) =>
      (await noteLead(requireSignedIn(context), input)) ? ({ ok: true } as const) : refused('not_found'),
  }),

  setConsent: defineAction({
    accept: 'form',
    input: consentForm,
    handler: async (input, context) =>
      (await setMyConsent(requireSignedIn(context), input))
        ? ({ ok: true, consent: input.consent } as const)
        : refused('not_found'),
  }),

  withdraw: defineAction({
    accept: 'form',
    input: withdrawForm,
    handler: async (input, context) =>
      (await withdrawMyLead(requireSignedIn(context), input.leadId)) ? ({ ok: true } as const) : refused('not_found'),
  }),

  setRetention: defineAction({
    accept: 'form',
    input: leadRetentionForm,
    handler: async (input, context) => {
      const code = await setLeadRetention(requireSignedIn(context), input);
      return code === 'saved' ? ({ ok: true } as const) : refused(code);
    },
  }),
};
