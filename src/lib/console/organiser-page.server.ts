// The one way to be an organiser page (the console under /konsol/<event>/…
// and the door app under /checkin/<event>): read the signed-in user, the
// event by its slug and the role the page needs, and answer
//   - 303 to sign-in (and back here afterwards) for a visitor who is not signed in,
//   - 404 for an unknown slug and for an event where the user lacks the role
//     (the same answer, so nobody learns which events exist),
//   - otherwise what the page renders with.
// Usage, at the top of a page's frontmatter:
//   const page = await loadOrganiserPage(Astro, { role: 'organiser' });
//   if (page instanceof Response) return page;
//   const { claims, event, tr, selfPath } = page;
// Every such page is personal: never cached, by a browser or anyone between.
import type { AstroGlobal } from 'astro';
import { loadMyEvent, type MyEvent, type ToolRole } from '../auth/my-roles.server.ts';
import { isSignedIn, type SignedIn } from '../db/db.server.ts';
import { type Lang, localizePath } from '../i18n/locales.ts';
import { t, type Translate } from '../i18n/messages.ts';
import { notFound } from '../site/not-found.ts';
import { type Paths, pathsFor } from '../site/paths.ts';
import { parseSlug } from '../site/site.ts';

export interface SignedInPage {
  claims: SignedIn;
  lang: Lang;
  tr: Translate;
  /** Every path of the site, in the visitor's language. */
  paths: Paths;
  /** This page in the visitor's language: where its forms post and where sign-in returns to. */
  selfPath: string;
}

export interface OrganiserPage extends SignedInPage {
  event: MyEvent;
}

/** A page for signed-in users only; anyone else is sent to sign in (303) and brought back here. */
export function loadSignedInPage(astro: AstroGlobal): SignedInPage | Response {
  const { lang, claims, pathWithoutLang } = astro.locals;
  astro.response.headers.set('cache-control', 'private, no-store');
  const paths = pathsFor(lang);
  const selfPath = localizePath(lang, pathWithoutLang);
  // Back to this very page after signing in, its query (a search, a filter) included.
  if (!isSignedIn(claims)) return astro.redirect(paths.signIn(selfPath + astro.url.search), 303);
  return { claims, lang, tr: t(lang), paths, selfPath };
}

/**
 * A page of one event's tools, for users who hold `role` there (organisers
 * also pass for 'checkin_staff'). The event comes from the route's `event`
 * parameter.
 */
export async function loadOrganiserPage(
  astro: AstroGlobal,
  options: { role: ToolRole },
): Promise<OrganiserPage | Response> {
  const page = loadSignedInPage(astro);
  if (page instanceof Response) return page;
  const slug = parseSlug(astro.params.event);
  const event = slug ? await loadMyEvent(page.claims, slug, options.role, page.lang) : null;
  if (!event) return notFound(astro);
  return { ...page, event };
}
