// The signed-in attendee's booked sessions at one event as a calendar file.
import type { APIRoute } from 'astro';
import { icsResponse } from '../../../lib/calendar/calendar.ts';
import { calendarOrigin, loadMyProgrammeCalendar } from '../../../lib/calendar/calendar.server.ts';
import { parseSlug } from '../../../lib/site/site.ts';
import { endpointParams } from '../../../lib/site/route-params.ts';

export const GET: APIRoute = async (context) => {
  const { locals, url } = context;
  const params = endpointParams(context, '/min-side/program/[event].ics');
  if (locals.claims.role !== 'authenticated') {
    return new Response('Sign in first', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const eventSlug = parseSlug(params.event);
  const file = eventSlug
    ? await loadMyProgrammeCalendar(locals.claims, { eventSlug, lang: locals.lang, origin: calendarOrigin(url) })
    : null;
  if (!file)
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return icsResponse(file, { cacheControl: 'private, no-store', attachment: true });
};
