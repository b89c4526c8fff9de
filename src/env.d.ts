/// <reference types="astro/client" />
import type { Claims } from './lib/db/db.server.ts';
import type { Lang } from './lib/i18n/locales.ts';

declare global {
  namespace App {
    interface Locals {
      lang: Lang;
      /** The path without its language prefix. */
      pathWithoutLang: string;
      claims: Claims;
    }
  }
}
