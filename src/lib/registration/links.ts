// The paths of registration, payment and My page, in the visitor's language,
// and the origin that links in emails and payment redirects are built on.
import { isLoopbackHost } from '../auth/auth.ts';
import { localizePath, type Lang } from '../i18n/locales.ts';

export const MY_PAGE_PATH = '/min-side';
export const SIGN_IN_PATH = '/log-ind';
export const SIGN_OUT_PATH = '/log-ud';

export function registrationPaths(lang: Lang) {
  const at = (path: string) => localizePath(lang, path);
  return {
    event: (event: string) => at(`/${event}/`),
    register: (event: string) => at(`/${event}/tilmelding`),
    thanks: (event: string) => at(`/${event}/tilmelding/tak`),
    paid: (event: string) => at(`/${event}/tilmelding/betalt`),
    paymentCancelled: (event: string) => at(`/${event}/tilmelding/afbrudt`),
    myPage: () => at(MY_PAGE_PATH),
    myProgramme: () => at(`${MY_PAGE_PATH}/program`),
    mySolutions: () => at(`${MY_PAGE_PATH}/losninger`),
    ticket: (ticketId: string) => at(`${MY_PAGE_PATH}/billetter/${ticketId}`),
    cancelTicket: (ticketId: string) => at(`${MY_PAGE_PATH}/billetter/${ticketId}/afmeld`),
    myData: () => at(`${MY_PAGE_PATH}/data.json`),
    deleteAccount: () => at(`${MY_PAGE_PATH}/slet-konto`),
    signIn: (next: string) => `${at(SIGN_IN_PATH)}?next=${encodeURIComponent(next)}`,
    signOut: () => at(SIGN_OUT_PATH),
  };
}

export type RegistrationPaths = ReturnType<typeof registrationPaths>;

/**
 * The origin of links in emails and of payment return URLs: SITE_URL when set.
 * Without it only a loopback request (a developer's machine) may supply its
 * own origin, and a job with no request uses localhost outside production —
 * a forged Host header must never put someone else's site into an email.
 */
export function publicOrigin(
  settings: { siteUrl: string | undefined; port: number; production: boolean },
  requestUrl?: URL,
): string | null {
  if (settings.siteUrl) return new URL(settings.siteUrl).origin;
  if (requestUrl) return isLoopbackHost(requestUrl.hostname) ? requestUrl.origin : null;
  return settings.production ? null : `http://localhost:${settings.port}`;
}
