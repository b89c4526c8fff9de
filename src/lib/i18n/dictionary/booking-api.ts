// Part of the one dictionary (src/lib/i18n/messages.ts): the lean booking
// endpoint's own refusals and the booking form's script, Danish first.
import type { Message } from '../message-format.ts';

export const bookingApiDa = {
  'bookingApi.crossOrigin': 'Bookingen blev afvist, fordi den ikke kom fra denne side. Genindlæs siden, og prøv igen.',
  'bookingApi.busy': 'Booker …',
} as const satisfies Record<string, Message>;

export type BookingApiMessageKey = keyof typeof bookingApiDa;

export const bookingApiEn: { readonly [K in BookingApiMessageKey]: Message } = {
  'bookingApi.crossOrigin':
    'The booking was refused because it did not come from this site. Reload the page and try again.',
  'bookingApi.busy': 'Booking …',
};
