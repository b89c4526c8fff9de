// Public seat counts of an event's bookable sessions, for the live counts on
// the programme and gallery pages. Read from Postgres (never a cache of this
// process), so every server instance answers the same; a shared cache may
// keep it for a few seconds.
import type { APIRoute } from 'astro';
import { loadSeatCounts } from '../../../../lib/booking/booking.server.ts';
import { parseSlug } from '../../../../lib/site/site.ts';

export const GET: APIRoute = async ({ params }) => {
  const slug = parseSlug(params.event);
  const counts = slug ? await loadSeatCounts(slug) : null;
  if (!counts) {
    return new Response(JSON.stringify({ error: 'not_found' }), {
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60' },
    });
  }
  const body = {
    sessions: counts.map((count) => ({
      id: count.sessionId,
      capacity: count.capacity,
      taken: count.taken,
      left: count.left,
    })),
  };
  return new Response(JSON.stringify(body), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=5, s-maxage=5, stale-while-revalidate=5',
    },
  });
};
