// One session as a calendar file, for everyone who can see the programme.
import type { APIRoute } from 'astro';
import { icsResponse } from '../../../lib/calendar/calendar.ts';
import { calendarOrigin, loadSessionCalendar } from '../../../lib/calendar/calendar.server.ts';
import { parseSlug } from '../../../lib/site/site.ts';
import { endpointParams } from '../../../lib/site/route-params.ts';

export const GET: APIRoute = async (context) => {
  const { locals, url } = context;
  const params = endpointParams(context, '/[event]/program/[session].ics');
  const eventSlug = parseSlug(params.event);
  const sessionSlug = parseSlug(params.session);
  const file =
    eventSlug && sessionSlug
      ? await loadSessionCalendar(locals.claims, {
          eventSlug,
          sessionSlug,
          lang: locals.lang,
          origin: calendarOrigin(url),
        })
      : null;
  if (!file)
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return icsResponse(file, { cacheControl: 'public, max-age=300', attachment: true });
};
