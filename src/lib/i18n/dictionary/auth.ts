// Part of the one dictionary (src/lib/i18n/messages.ts): auth strings, Danish first.
import type { Message } from '../message-format.ts';

export const authDa = {
  'auth.signIn.title': 'Log ind',
  'auth.signIn.intro':
    'Skriv din e-mailadresse, så sender vi dig et link og en kode. Du behøver ingen adgangskode, og du behøver ikke have en konto i forvejen.',
  'auth.signIn.email': 'E-mailadresse',
  'auth.signIn.emailHint': 'Fx din arbejdsmail.',
  'auth.signIn.send': 'Send link og kode',
  'auth.check.title': 'Tjek din e-mail',
  'auth.check.sent':
    'Vi har sendt en e-mail til {email} med et link og en kode på seks cifre. Begge virker i 10 minutter og kan kun bruges én gang.',
  'auth.check.link': 'Åbn linket på denne enhed – eller skriv koden her, hvis du læser mailen på en anden enhed.',
  'auth.check.code': 'Kode fra e-mailen',
  'auth.check.codeHint': 'Seks cifre.',
  'auth.check.submit': 'Log ind',
  'auth.check.otherEmail': 'Brug en anden e-mailadresse',
  'auth.signedIn.title': 'Du er logget ind',
  'auth.signedIn.as': 'Du er logget ind som {email}.',
  'auth.signedIn.continue': 'Fortsæt',
  'auth.link.title': 'Log ind med linket',
  'auth.link.intro': 'Tryk på knappen for at logge ind på denne enhed.',
  'auth.link.submit': 'Log ind',
  'auth.link.missing': 'Linket er ufuldstændigt. Kopiér hele linket fra e-mailen, eller bed om et nyt.',
  'auth.link.again': 'Bed om et nyt link',
  'auth.signOut.title': 'Log ud',
  'auth.signOut.confirm': 'Vil du logge ud på denne enhed?',
  'auth.signOut.submit': 'Log ud',
  'auth.signOut.notSignedIn': 'Du er ikke logget ind.',
  'auth.signOut.signIn': 'Log ind',
  'auth.errorSummary': 'Der er et problem',
  'auth.titleError': 'Fejl: {title}',
  'auth.field.emailRequired': 'Skriv din e-mailadresse.',
  'auth.field.emailInvalid': 'Skriv en gyldig e-mailadresse, fx navn@kommune.dk.',
  'auth.field.codeRequired': 'Skriv koden fra e-mailen.',
  'auth.field.codeInvalid': 'Koden er seks cifre, fx 123456.',
  'auth.error.invalidCode':
    'Koden virker ikke. Den kan være skrevet forkert, for gammel eller allerede brugt. Efter fem forkerte forsøg skal du bede om en ny.',
  'auth.error.invalidLink': 'Linket virker ikke længere. Det kan være for gammelt eller allerede brugt. Bed om et nyt.',
  'auth.error.unavailable': 'Vi kan ikke logge dig ind lige nu. Prøv igen om lidt.',
} as const satisfies Record<string, Message>;

export type AuthMessageKey = keyof typeof authDa;

export const authEn: { readonly [K in AuthMessageKey]: Message } = {
  'auth.signIn.title': 'Sign in',
  'auth.signIn.intro':
    'Enter your email address and we will send you a link and a code. You need no password, and you do not need an account beforehand.',
  'auth.signIn.email': 'Email address',
  'auth.signIn.emailHint': 'For example your work email.',
  'auth.signIn.send': 'Send link and code',
  'auth.check.title': 'Check your email',
  'auth.check.sent':
    'We have sent an email to {email} with a link and a six-digit code. Both work for 10 minutes and can be used only once.',
  'auth.check.link':
    'Open the link on this device – or enter the code here if you are reading the email on another device.',
  'auth.check.code': 'Code from the email',
  'auth.check.codeHint': 'Six digits.',
  'auth.check.submit': 'Sign in',
  'auth.check.otherEmail': 'Use another email address',
  'auth.signedIn.title': 'You are signed in',
  'auth.signedIn.as': 'You are signed in as {email}.',
  'auth.signedIn.continue': 'Continue',
  'auth.link.title': 'Sign in with the link',
  'auth.link.intro': 'Press the button to sign in on this device.',
  'auth.link.submit': 'Sign in',
  'auth.link.missing': 'The link is incomplete. Copy the whole link from the email, or ask for a new one.',
  'auth.link.again': 'Ask for a new link',
  'auth.signOut.title': 'Sign out',
  'auth.signOut.confirm': 'Do you want to sign out on this device?',
  'auth.signOut.submit': 'Sign out',
  'auth.signOut.notSignedIn': 'You are not signed in.',
  'auth.signOut.signIn': 'Sign in',
  'auth.errorSummary': 'There is a problem',
  'auth.titleError': 'Error: {title}',
  'auth.field.emailRequired': 'Enter your email address.',
  'auth.field.emailInvalid': 'Enter a valid email address, like name@example.org.',
  'auth.field.codeRequired': 'Enter the code from the email.',
  'auth.field.codeInvalid': 'The code is six digits, like 123456.',
  'auth.error.invalidCode':
    'The code does not work. It may be mistyped, too old or already used. After five wrong attempts you need to ask for a new one.',
  'auth.error.invalidLink': 'The link no longer works. It may be too old or already used. Ask for a new one.',
  'auth.error.unavailable': 'We cannot sign you in right now. Please try again shortly.',
};
