// Pictures a page shows from another origin (Supabase Storage's signed links,
// a speaker's photo address) need that origin in the page's img-src; Astro
// merges the directive into the configured `img-src 'self' data:`.

/** The img-src directive for these picture addresses, or null when all are our own. */
export function imageSourceDirective(urls: readonly (string | null | undefined)[]): `img-src ${string}` | null {
  const origins = new Set<string>();
  for (const url of urls) {
    if (!url || !/^https:\/\//.test(url)) continue;
    try {
      origins.add(new URL(url).origin);
    } catch {
      // Not a URL: the browser will not load it either.
    }
  }
  return origins.size === 0 ? null : `img-src 'self' data: ${[...origins].sort().join(' ')}`;
}
