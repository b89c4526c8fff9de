// The live check-in dashboard for the event's organisers: GET answers one
// JSON snapshot; with `Accept: text/event-stream` (or ?stream=1) it answers
// Server-Sent Events that follow the database (see dashboard.server.ts for
// why each stream polls Postgres rather than waiting for in-process events).
import type { APIRoute } from 'astro';
import { dashboardStream, loadDashboard } from '../../../../lib/checkin/dashboard.server.ts';
import { eventIdParam, json, orUnavailable, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

function wantsStream(request: Request, url: URL): boolean {
  return url.searchParams.get('stream') === '1' || /\btext\/event-stream\b/i.test(request.headers.get('accept') ?? '');
}

export const GET: APIRoute = async ({ params, request, url, locals }) => {
  const eventId = eventIdParam.safeParse(params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  return orUnavailable(async () => {
    const snapshot = await loadDashboard(locals.claims, eventId.data);
    if (!snapshot) return refuse(403, 'not_authorised');
    if (!wantsStream(request, url)) return json(snapshot);
    return new Response(dashboardStream(locals.claims, eventId.data, snapshot, request.signal), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'private, no-store',
        // nginx and similar proxies would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      },
    });
  });
};
