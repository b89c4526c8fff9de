// One scan at the door, online: the verdict for the device to show. A bad
// code is a verdict (red, with its reason), not an error; only a request the
// API cannot read is refused with a 4xx.
import type { APIRoute } from 'astro';
import { scanInput } from '../../../../lib/checkin/checkin.ts';
import { checkInScan } from '../../../../lib/checkin/checkin.server.ts';
import { eventIdParam, json, orUnavailable, readJsonBody, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const POST: APIRoute = async ({ params, request, locals }) => {
  const eventId = eventIdParam.safeParse(params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  const read = await readJsonBody(request, 4_096);
  if (read instanceof Response) return read;
  const scan = scanInput.safeParse(read.body);
  if (!scan.success)
    return refuse(
      400,
      'bad_request',
      scan.error.issues.map((issue) => issue.path.join('.')),
    );
  return orUnavailable(async () => {
    const verdict = await checkInScan(locals.claims, eventId.data, scan.data);
    if (verdict.code === 'not_authorised') return refuse(403, 'not_authorised');
    return json({ verdict });
  });
};
