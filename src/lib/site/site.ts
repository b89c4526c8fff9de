// Small pure helpers every public page shares: safe slugs from the URL, the
// site's paths, and plain-text paragraphs.
import { localizePath, type Lang } from '../i18n/locales.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MAX_LENGTH = 80;

/**
 * The slug from a route parameter, or null when it cannot be one. Checked
 * before any query: the database's `slug` domain would reject it with an error
 * (a 500) instead of simply finding nothing.
 */
export function parseSlug(value: string | undefined): string | null {
  if (value === undefined || value.length > SLUG_MAX_LENGTH || !SLUG.test(value)) return null;
  return value;
}

/** Every public path, in the visitor's language. */
export function pathsFor(lang: Lang) {
  const at = (path: string) => localizePath(lang, path);
  return {
    home: () => at('/'),
    event: (event: string) => at(`/${event}/`),
    programme: (event: string) => at(`/${event}/program`),
    session: (event: string, session: string) => at(`/${event}/program/${session}`),
    gallery: (event: string) => at(`/${event}/galleri`),
    solution: (event: string, solution: string) => at(`/${event}/losninger/${solution}`),
    speakers: (event: string) => at(`/${event}/talere`),
    speaker: (event: string, speaker: string) => at(`/${event}/talere/${speaker}`),
    submitSolution: (event: string) => at(`/${event}/indsend`),
  };
}

export type Paths = ReturnType<typeof pathsFor>;

/** Splits stored plain text into paragraphs at blank lines. */
export function paragraphs(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The platform's own statement, linked when an event names none (and on pages outside an event). */
export const PLATFORM_ACCESSIBILITY_STATEMENT = '/tilgaengelighed';

/**
 * The footer's accessibility-statement link. A path on this site is shown in
 * the visitor's language; an organiser's statement elsewhere is linked as is.
 */
export function accessibilityStatementHref(lang: Lang, url: string | null | undefined): string {
  const target = url ?? PLATFORM_ACCESSIBILITY_STATEMENT;
  return target.startsWith('/') && !target.startsWith('//') ? localizePath(lang, target) : target;
}
