// The templates by name. A name here, in the outbox's check constraint and in
// the dev mailbox are the same list; tests/db/mail-outbox.test.ts compares them.
import { cancellation } from './cancellation.ts';
import { orderConfirmation } from './order-confirmation.ts';
import { signIn } from './sign-in.ts';
import { waitlistOffer } from './waitlist-offer.ts';

export const TEMPLATES = {
  'sign-in': signIn,
  'order-confirmation': orderConfirmation,
  'waitlist-offer': waitlistOffer,
  cancellation,
} as const;

export type { CancellationData } from './cancellation.ts';
export type { OrderConfirmationData } from './order-confirmation.ts';
export type { SignInData } from './sign-in.ts';
export type { RenderedEmail } from './template.ts';
export type { WaitlistOfferData } from './waitlist-offer.ts';
