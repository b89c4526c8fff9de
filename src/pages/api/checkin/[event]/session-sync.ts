// A session-door device's queue of scans (who attended which session),
// uploaded when it is online again. Idempotent by each scan's nonce:
// uploading the same queue twice records nothing new. Each verdict says
// whether the attendee had booked the session (`booked`), for the door
// staff's "not booked" hint; it does not change the verdict.
//
// POST { scans: [{ sessionId, code, nonce, scannedAt }] } (1–500)
// → 200 { results: [{ nonce, verdict: { code, colour, replay, name, organisation, at, booked } }], deviceRevoked }
// A revoked device's scans are held for an organiser's review (code `held`).
import type { APIRoute } from 'astro';
import { sessionSyncBatchInput } from '../../../../lib/checkin/checkin.ts';
import { syncSessionScans } from '../../../../lib/checkin/checkin.server.ts';
import { json, orUnavailable, readDeviceRequest, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => {
  const read = await readDeviceRequest(context, sessionSyncBatchInput, 512_000);
  if (read instanceof Response) return read;
  return orUnavailable(async () => {
    const { results, deviceRevoked } = await syncSessionScans(context.locals.claims, read.eventId, read.body.scans, {
      device: read.device,
    });
    if (results.every((result) => result.verdict.code === 'not_authorised')) return refuse(403, 'not_authorised');
    return json({ results, deviceRevoked });
  });
};
