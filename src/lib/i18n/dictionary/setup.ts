// Part of the one dictionary (src/lib/i18n/messages.ts): what an organiser
// setting up a new day from blank is told where the whole-day walk-through
// (tests/e2e/whole-day.spec.ts) found them stuck. Danish first.
import type { Message } from '../message-format.ts';

export const setupDa = {
  'setup.tickets.paymentsOff':
    'Online betaling er ikke sat op på denne installation. De betalte billettyper vises på tilmeldingen, men kan ikke købes; gratis billetter virker. Bed den, der driver Samspil, om at forbinde Stripe (se docs/DEPLOY.md).',
} as const satisfies Record<string, Message>;

export type SetupMessageKey = keyof typeof setupDa;

export const setupEn: { readonly [K in SetupMessageKey]: Message } = {
  'setup.tickets.paymentsOff':
    'Online payment is not set up on this installation. The paid ticket types are shown on the registration page but cannot be bought; free tickets work. Ask whoever runs Samspil to connect Stripe (see docs/DEPLOY.md).',
};
