// Booking actions: book a seat (or a place in line, or a swap), cancel, claim
// an offer, and issue or revoke the personal calendar feed. Forms post here
// without JavaScript. A domain refusal comes back as data with its code (the
// page answers it with a 4xx and a localised message); a signed-out caller
// gets 401 and bad input 400 with field messages.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { z } from 'zod';
import { bookInput, bookingIdInput, type BookingFormResult } from '../lib/booking/booking.ts';
import { bookSeat, cancelBooking, claimOffer } from '../lib/booking/booking.server.ts';
import { issueFeedToken, revokeFeed } from '../lib/calendar/calendar.server.ts';
import { requestOrigin } from '../lib/site/origin.ts';
import { enforceFormLimit } from './form-limits.ts';
import { refused } from '../lib/site/refusal.ts';

const feedInput = z.object({ event: z.uuid() });

export const booking = {
  book: defineAction({
    accept: 'form',
    input: bookInput,
    handler: async (input, context): Promise<BookingFormResult> => {
      const claims = requireSignedIn(context);
      await enforceFormLimit('booking', context);
      const result = await bookSeat(
        claims,
        { eventId: input.event, sessionId: input.session, swap: input.swap },
        { origin: requestOrigin(context.url) },
      );
      return { ...result, form: { back: input.back ?? null, sessionId: input.session } };
    },
  }),

  cancel: defineAction({
    accept: 'form',
    input: bookingIdInput,
    handler: async (input, context): Promise<BookingFormResult> => {
      const claims = requireSignedIn(context);
      await enforceFormLimit('booking', context);
      const result = await cancelBooking(claims, input.booking, { origin: requestOrigin(context.url) });
      return { ...result, form: { back: input.back ?? null, sessionId: input.session ?? null } };
    },
  }),

  claim: defineAction({
    accept: 'form',
    input: bookingIdInput,
    handler: async (input, context): Promise<BookingFormResult> => {
      const claims = requireSignedIn(context);
      await enforceFormLimit('booking', context);
      const result = await claimOffer(claims, input.booking, { origin: requestOrigin(context.url) });
      return { ...result, form: { back: input.back ?? null, sessionId: input.session ?? null } };
    },
  }),

  issueFeed: defineAction({
    accept: 'form',
    input: feedInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const token = await issueFeedToken(claims, input.event);
      return token ? ({ ok: true, token } as const) : refused('no_ticket');
    },
  }),

  revokeFeed: defineAction({
    accept: 'form',
    input: feedInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      return { revoked: await revokeFeed(claims, input.event) };
    },
  }),
};
