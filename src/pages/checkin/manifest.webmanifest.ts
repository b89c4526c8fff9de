// The check-in app's web app manifest, so staff can add it to the home
// screen and open it full screen, in their language.
import type { APIRoute } from 'astro';
import { t } from '../../lib/i18n/messages.ts';
import { pathsFor } from '../../lib/site/paths.ts';

export const prerender = false;

export const GET: APIRoute = ({ locals }) => {
  const tr = t(locals.lang);
  const start = pathsFor(locals.lang).checkin();
  return new Response(
    JSON.stringify({
      name: tr('checkin.appName'),
      short_name: tr('checkin.title'),
      lang: locals.lang,
      start_url: start,
      scope: start,
      display: 'standalone',
      orientation: 'portrait',
      background_color: '#ffffff',
      theme_color: '#0f3d3e',
      icons: [{ src: '/checkin-icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any maskable' }],
    }),
    { headers: { 'content-type': 'application/manifest+json; charset=utf-8', 'cache-control': 'public, max-age=300' } },
  );
};
