// Privacy actions: the organiser's retention setting. The database checks the
// role and the version again (private.set_retention).
import { defineAction } from 'astro:actions';
import { retentionForm } from '../lib/privacy/retention.ts';
import { setRetention } from '../lib/privacy/retention.server.ts';
import { refused } from '../lib/site/refusal.ts';
import { requireSignedIn } from './boundary.ts';

export const privacy = {
  setRetention: defineAction({
    accept: 'form',
    input: retentionForm,
    handler: async (input, context) => {
      const code = await setRetention(requireSignedIn(context), input);
      return code === 'saved' ? ({ ok: true } as const) : refused(code);
    },
  }),
};
