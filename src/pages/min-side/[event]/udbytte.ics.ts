// What I attended at one event as a calendar file.
import type { APIRoute } from 'astro';
import { icsResponse } from '../../../lib/calendar/calendar.ts';
import { requestOrigin } from '../../../lib/site/origin.ts';
import { parseSlug } from '../../../lib/site/site.ts';
import { loadMyAttendedCalendar } from '../../../lib/takeaways/takeaways.server.ts';
import { plainResponse } from '../../../lib/takeaways/responses.ts';
import { endpointParams } from '../../../lib/site/route-params.ts';

export const GET: APIRoute = async (context) => {
  const { locals, url } = context;
  const params = endpointParams(context, '/min-side/[event]/udbytte.ics');
  if (locals.claims.role !== 'authenticated') return plainResponse('Sign in first', 401);
  const eventSlug = parseSlug(params.event);
  const file = eventSlug
    ? await loadMyAttendedCalendar(locals.claims, { eventSlug, lang: locals.lang, origin: requestOrigin(url) })
    : null;
  if (!file) return plainResponse('Not found', 404);
  return icsResponse(file, { cacheControl: 'private, no-store', attachment: true });
};
