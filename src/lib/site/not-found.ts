// The site's 404 page in the visitor's language, with status 404. Astro's
// rewrite runs the middleware again, so the target keeps the /en/ prefix or
// the page would come back in Danish.
import type { AstroGlobal } from 'astro';
import { pathsFor } from './paths.ts';

export function notFound(astro: AstroGlobal): Promise<Response> {
  return astro.rewrite(pathsFor(astro.locals.lang).notFound());
}
