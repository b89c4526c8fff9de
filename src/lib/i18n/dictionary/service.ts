// Part of the one dictionary (src/lib/i18n/messages.ts): what a visitor sees
// when the service is away (503), refuses malformed input (400, 413) or asks
// them to slow down (429), Danish first.
import type { Message } from '../message-format.ts';

export const serviceDa = {
  'service.outage.title': 'Vi har en driftsforstyrrelse',
  'service.outage.body':
    'Siden kan ikke vises lige nu, fordi vi ikke har forbindelse til vores database. Det, du allerede har indsendt, er gemt. Prøv igen om et øjeblik.',
  'service.outage.retry': 'Prøv igen',
  'service.error.title': 'Der skete en fejl',
  'service.error.body': 'Siden kunne ikke vises på grund af en fejl hos os. Prøv igen, eller gå til forsiden.',
  'service.badInput.title': 'Vi kunne ikke læse det, du sendte',
  'service.badInput.body':
    'Formularen eller adressen indeholdt tegn, vi ikke kan læse (fx usynlige kontroltegn), eller tekst, der er for lang. Gå tilbage, ret teksten og prøv igen.',
  'service.tooLarge.title': 'Det, du sendte, er for stort',
  'service.home': 'Gå til forsiden',
  'service.rateLimited': {
    one: 'Der er sendt mange formularer fra dit netværk på kort tid. Vent {count} minut, og prøv igen.',
    other: 'Der er sendt mange formularer fra dit netværk på kort tid. Vent {count} minutter, og prøv igen.',
  },
} as const satisfies Record<string, Message>;

export type ServiceMessageKey = keyof typeof serviceDa;

export const serviceEn: { readonly [K in ServiceMessageKey]: Message } = {
  'service.outage.title': 'We have a service disruption',
  'service.outage.body':
    'This page cannot be shown right now because we have lost the connection to our database. What you have already submitted is saved. Please try again in a moment.',
  'service.outage.retry': 'Try again',
  'service.error.title': 'Something went wrong',
  'service.error.body':
    'The page could not be shown because of an error on our side. Try again, or go to the home page.',
  'service.badInput.title': 'We could not read what you sent',
  'service.badInput.body':
    'The form or the address contained characters we cannot read (such as invisible control characters), or text that is too long. Go back, correct the text and try again.',
  'service.tooLarge.title': 'What you sent is too large',
  'service.home': 'Go to the home page',
  'service.rateLimited': {
    one: 'Many forms have been sent from your network in a short time. Wait {count} minute and try again.',
    other: 'Many forms have been sent from your network in a short time. Wait {count} minutes and try again.',
  },
};
