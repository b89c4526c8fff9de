// A device's queue of scans, uploaded when it is online again. Idempotent by
// each scan's nonce: uploading the same queue twice records nothing new and
// answers the same verdicts. Conflicts (a ticket let in by two devices while
// offline) are listed for the device to show. A revoked device's scans are
// held for an organiser's review (verdict `held`, `deviceRevoked: true`).
import type { APIRoute } from 'astro';
import { syncBatchInput } from '../../../../lib/checkin/checkin.ts';
import { syncScans } from '../../../../lib/checkin/checkin.server.ts';
import { json, orUnavailable, readDeviceRequest, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => {
  const read = await readDeviceRequest(context, syncBatchInput, 512_000);
  if (read instanceof Response) return read;
  return orUnavailable(async () => {
    const { results, summary, deviceRevoked } = await syncScans(context.locals.claims, read.eventId, read.body.scans, {
      device: read.device,
    });
    if (results.every((result) => result.verdict.code === 'not_authorised')) return refuse(403, 'not_authorised');
    return json({ results, summary, deviceRevoked });
  });
};
