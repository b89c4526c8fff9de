// The track colours a page shows, as classes (src/lib/programme/colour-sheet.ts):
// the page's Content-Security-Policy allows no style attribute. The URL names
// the colours, so the answer never changes and is cached for a year.
import type { APIRoute } from 'astro';
import { colourSheet } from '../../../lib/programme/colour-sheet.ts';

export const prerender = false;

export const GET: APIRoute = ({ params }) => {
  const css = colourSheet(params.colours ?? '');
  if (css === null) {
    return new Response('not found', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  return new Response(css, {
    headers: {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    },
  });
};
