// Small pure helpers every public page shares: safe slugs from the URL and
// plain-text paragraphs. The site's paths are in paths.ts.

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

/** Splits stored plain text into paragraphs at blank lines. */
export function paragraphs(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
