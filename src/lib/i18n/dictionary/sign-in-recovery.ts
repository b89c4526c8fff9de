// Part of the one dictionary (src/lib/i18n/messages.ts): getting back in when
// sign-in emails are limited or slow — the wait, the code already sent, help.
import type { Message } from '../message-format.ts';

export const signInRecoveryDa = {
  'signInRecovery.title': 'Brug koden, du allerede har fået',
  'signInRecovery.limit.address':
    'Vi har sendt e-mails med en kode til denne adresse for lidt siden, så vi venter lidt med at sende flere.',
  'signInRecovery.limit.network':
    'Vi har sendt mange e-mails til folk på dit netværk den sidste time, så vi venter lidt med at sende flere.',
  'signInRecovery.wait.seconds': {
    one: 'Du kan bede om en ny e-mail om {count} sekund (kl. {time}).',
    other: 'Du kan bede om en ny e-mail om {count} sekunder (kl. {time}).',
  },
  'signInRecovery.wait.minutes': {
    one: 'Du kan bede om en ny e-mail om {count} minut (kl. {time}).',
    other: 'Du kan bede om en ny e-mail om {count} minutter (kl. {time}).',
  },
  'signInRecovery.wait.hours': {
    one: 'Du kan bede om en ny e-mail om {count} time ({time}).',
    other: 'Du kan bede om en ny e-mail om {count} timer ({time}).',
  },
  'signInRecovery.codesValid':
    'Koden i hver e-mail, vi allerede har sendt til {email}, virker i 10 minutter, efter den blev sendt. Skriv den nyeste her.',
  'signInRecovery.haveCode': 'Jeg har allerede en kode',
  'signInRecovery.haveCodeIntro':
    'Skriv koden fra den e-mail, du har fået til {email}. Den virker i 10 minutter, efter den blev sendt, og kan kun bruges én gang.',
  'signInRecovery.help.title': 'Ingen e-mail?',
  'signInRecovery.help.spam': 'Kig i mappen med spam eller uønsket post. Emnet er “Din kode til at logge ind”.',
  'signInRecovery.help.address': 'Tjek, at e-mailadressen er stavet rigtigt – ellers brug en anden adresse.',
  'signInRecovery.help.wait':
    'E-mailen kan være et par minutter undervejs. Koden fra en tidligere e-mail virker stadig, til den er 10 minutter gammel.',
  'signInRecovery.help.desk':
    'Står du ved indgangen? Spørg ved skranken: de kan finde din billet på dit navn, uden at du logger ind.',
} as const satisfies Record<string, Message>;

export type SignInRecoveryMessageKey = keyof typeof signInRecoveryDa;

export const signInRecoveryEn: { readonly [K in SignInRecoveryMessageKey]: Message } = {
  'signInRecovery.title': 'Use the code you already have',
  'signInRecovery.limit.address':
    'We sent emails with a code to this address a moment ago, so we are holding off on sending more.',
  'signInRecovery.limit.network':
    'We have sent many emails to people on your network in the last hour, so we are holding off on sending more.',
  'signInRecovery.wait.seconds': {
    one: 'You can ask for a new email in {count} second (at {time}).',
    other: 'You can ask for a new email in {count} seconds (at {time}).',
  },
  'signInRecovery.wait.minutes': {
    one: 'You can ask for a new email in {count} minute (at {time}).',
    other: 'You can ask for a new email in {count} minutes (at {time}).',
  },
  'signInRecovery.wait.hours': {
    one: 'You can ask for a new email in {count} hour ({time}).',
    other: 'You can ask for a new email in {count} hours ({time}).',
  },
  'signInRecovery.codesValid':
    'The code in each email we have already sent to {email} works for 10 minutes after it was sent. Enter the newest one here.',
  'signInRecovery.haveCode': 'I already have a code',
  'signInRecovery.haveCodeIntro':
    'Enter the code from the email you received at {email}. It works for 10 minutes after it was sent and can be used only once.',
  'signInRecovery.help.title': 'No email?',
  'signInRecovery.help.spam': 'Look in your spam or junk folder. The subject is “Your sign-in code”.',
  'signInRecovery.help.address': 'Check that the email address is spelt correctly – or use another address.',
  'signInRecovery.help.wait':
    'The email may take a few minutes to arrive. The code from an earlier email still works until it is 10 minutes old.',
  'signInRecovery.help.desk':
    'At the entrance? Ask at the desk: they can find your ticket by your name without you signing in.',
};
