/// <reference types="astro/client" />
import type { UnconfirmedSession } from './lib/auth/auth.server.ts';
import type { Claims } from './lib/db/db.server.ts';
import type { Lang } from './lib/i18n/locales.ts';

declare global {
  namespace App {
    interface Locals {
      lang: Lang;
      /** The path without its language prefix. */
      pathWithoutLang: string;
      claims: Claims;
      /**
       * Set on the lean booking endpoint only: the session whose signature the middleware checked
       * and whose liveness the endpoint confirms in its first database write (readClaimsUnconfirmed).
       */
      unconfirmedSession?: UnconfirmedSession | null;
    }
  }
}
