// Which language a path is in, and the same path in another language.
// Danish lives at the root, English under /en/.

export const LOCALES = ['da', 'en'] as const;
export type Lang = (typeof LOCALES)[number];
export const DEFAULT_LANG: Lang = 'da';

/** BCP 47 tags for Intl. */
export const INTL_LOCALE: Record<Lang, string> = { da: 'da-DK', en: 'en-GB' };

export function splitLocale(pathname: string): { lang: Lang; path: string } {
  if (pathname === '/en' || pathname.startsWith('/en/')) {
    return { lang: 'en', path: pathname.slice(3) || '/' };
  }
  return { lang: 'da', path: pathname };
}

export function localizePath(lang: Lang, path: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  if (lang === DEFAULT_LANG) return clean;
  return clean === '/' ? `/${lang}/` : `/${lang}${clean}`;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
