// One scan at the door, online: the verdict for the device to show. A bad
// code is a verdict (red, with its reason), not an error; only a request the
// API cannot read is refused with a 4xx.
import type { APIRoute } from 'astro';
import { scanInput } from '../../../../lib/checkin/checkin.ts';
import { checkInScan } from '../../../../lib/checkin/checkin.server.ts';
import { json, orUnavailable, readDeviceRequest, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => {
  const read = await readDeviceRequest(context, scanInput, 4_096);
  if (read instanceof Response) return read;
  return orUnavailable(async () => {
    const verdict = await checkInScan(context.locals.claims, read.eventId, read.body, { device: read.device });
    if (verdict.code === 'not_authorised') return refuse(403, 'not_authorised');
    return json({ verdict });
  });
};
