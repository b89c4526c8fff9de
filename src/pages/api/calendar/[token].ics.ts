// The personal subscription feed (webcal): the secret token in the address is
// the only credential, so calendar apps can poll it without signing in. An
// unknown or revoked token is a plain 404.
import type { APIRoute } from 'astro';
import { icsResponse } from '../../../lib/calendar/calendar.ts';
import { calendarOrigin, loadFeedCalendar } from '../../../lib/calendar/calendar.server.ts';

export const GET: APIRoute = async ({ params, url }) => {
  const file = params.token ? await loadFeedCalendar({ token: params.token, origin: calendarOrigin(url) }) : null;
  if (!file)
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return icsResponse(file, { cacheControl: 'private, max-age=300', attachment: false });
};
