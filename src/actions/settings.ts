// The organiser's ticket, registration and booking settings. Forms post here
// without JavaScript; bad input is Astro's input error (400, a dictionary key
// per field); a refusal — someone else saved first, capacity below what is
// sold, a time the event's zone never shows — is data, worded by
// SETTINGS_REFUSALS. The database checks the organiser role of the event
// again (RLS), so a form posted for another event changes nothing.
import { defineAction } from 'astro:actions';
import {
  generateGalleryRounds,
  saveBookingSettings,
  saveCallSettings,
  saveRegistrationSettings,
  saveTicketType,
} from '../lib/settings/settings.server.ts';
import {
  bookingSettingsForm,
  callSettingsForm,
  galleryLayoutForm,
  registrationSettingsForm,
  ticketTypeForm,
} from '../lib/settings/settings.ts';
import { requireSignedIn } from './boundary.ts';

export const settings = {
  saveTicketType: defineAction({
    accept: 'form',
    input: ticketTypeForm,
    handler: (input, context) => saveTicketType(requireSignedIn(context), input),
  }),

  saveRegistration: defineAction({
    accept: 'form',
    input: registrationSettingsForm,
    handler: (input, context) => saveRegistrationSettings(requireSignedIn(context), input),
  }),

  saveBooking: defineAction({
    accept: 'form',
    input: bookingSettingsForm,
    handler: (input, context) => saveBookingSettings(requireSignedIn(context), input),
  }),

  saveCall: defineAction({
    accept: 'form',
    input: callSettingsForm,
    handler: (input, context) => saveCallSettings(requireSignedIn(context), input),
  }),

  generateGalleryRounds: defineAction({
    accept: 'form',
    input: galleryLayoutForm,
    handler: (input, context) => generateGalleryRounds(requireSignedIn(context), input),
  }),
};
