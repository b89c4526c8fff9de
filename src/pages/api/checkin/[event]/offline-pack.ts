// What a check-in device keeps to scan offline: the event's public keys, the
// revocation list and a compact list of its tickets. The event's check-in
// staff and organisers only, on a device that names itself (x-checkin-device)
// and has not been revoked; never cached outside the device. Devices fetch
// it every minute: an unchanged pack is a 304 (ETag), a changed one gzipped.
import type { APIRoute } from 'astro';
import { loadOfflinePack } from '../../../../lib/checkin/checkin.server.ts';
import type { OfflinePack } from '../../../../lib/checkin/offline.ts';
import { cachedJson, deviceOf, etagOf, eventIdParam, orUnavailable, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

/** The pack without its timestamp: what its ETag (its version) is made of. */
const stableOf = (pack: OfflinePack) => ({ ...pack, generatedAt: null });

export const GET: APIRoute = async ({ params, locals, request }) => {
  const eventId = eventIdParam.safeParse(params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  const device = deviceOf(request);
  if (device === 'bad') return refuse(400, 'bad_request');
  if (device === null) return refuse(400, 'device_required');
  return orUnavailable(async () => {
    const result = await loadOfflinePack(locals.claims, eventId.data, {
      device,
      versionOf: (pack) => etagOf(stableOf(pack)),
    });
    if (!result.ok) return refuse(result.code === 'device_required' ? 400 : 403, result.code);
    return cachedJson(request, result.pack, stableOf(result.pack));
  });
};
