// Manual search at the desk: ?q= a name, an organisation or a ticket
// reference. The event's check-in staff and organisers only, and never to a
// revoked device (403 device_revoked).
import type { APIRoute } from 'astro';
import { lookupQueryInput } from '../../../../lib/checkin/checkin.ts';
import { lookupAttendees } from '../../../../lib/checkin/checkin.server.ts';
import { deviceOf, eventIdParam, json, orUnavailable, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, url, locals, request }) => {
  const eventId = eventIdParam.safeParse(params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  const query = lookupQueryInput.safeParse(url.searchParams.get('q') ?? '');
  if (!query.success) return refuse(400, 'bad_request', ['q']);
  const device = deviceOf(request);
  if (device === 'bad') return refuse(400, 'bad_request', ['x-checkin-device']);
  return orUnavailable(async () => {
    const result = await lookupAttendees(locals.claims, eventId.data, query.data, { device: device ?? undefined });
    if (!result.ok) return refuse(403, result.code);
    return json({ attendees: result.attendees });
  });
};
