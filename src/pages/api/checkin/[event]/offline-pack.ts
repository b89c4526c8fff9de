// What a check-in device keeps to scan offline: the event's public keys, the
// revocation list and a compact list of its tickets. The event's check-in
// staff and organisers only; never cached outside the device. Devices fetch
// it every minute: an unchanged pack is a 304 (ETag), a changed one gzipped.
import type { APIRoute } from 'astro';
import { loadOfflinePack } from '../../../../lib/checkin/checkin.server.ts';
import { cachedJson, eventIdParam, orUnavailable, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals, request }) => {
  const eventId = eventIdParam.safeParse(params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  return orUnavailable(async () => {
    const result = await loadOfflinePack(locals.claims, eventId.data);
    if (!result.ok) return refuse(403, result.code);
    return cachedJson(request, result.pack, { ...result.pack, generatedAt: null });
  });
};
