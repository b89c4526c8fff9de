// The buyer's invoice actions on My page: delete the invoicing details
// remembered for their next registration. Signed in only (401 otherwise).
import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { forgetRememberedBuyer } from '../lib/invoice/checkout.server.ts';
import { requireSignedIn } from './boundary.ts';

export const invoiceCheckout = {
  forgetDetails: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, context) => {
      const claims = requireSignedIn(context);
      return { ok: true, deleted: await forgetRememberedBuyer(claims) } as const;
    },
  }),
};
