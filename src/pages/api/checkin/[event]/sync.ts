// A device's queue of scans, uploaded when it is online again. Idempotent by
// each scan's nonce: uploading the same queue twice records nothing new and
// answers the same verdicts. Conflicts (a ticket let in by two devices while
// offline) are listed for the device to show.
import type { APIRoute } from 'astro';
import { syncBatchInput } from '../../../../lib/checkin/checkin.ts';
import { syncScans } from '../../../../lib/checkin/checkin.server.ts';
import { eventIdParam, json, orUnavailable, readJsonBody, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const POST: APIRoute = async ({ params, request, locals }) => {
  const eventId = eventIdParam.safeParse(params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  const read = await readJsonBody(request, 512_000);
  if (read instanceof Response) return read;
  const batch = syncBatchInput.safeParse(read.body);
  if (!batch.success)
    return refuse(
      400,
      'bad_request',
      batch.error.issues.map((issue) => issue.path.join('.')),
    );
  return orUnavailable(async () => {
    const { results, summary } = await syncScans(locals.claims, eventId.data, batch.data.scans);
    if (results.every((result) => result.verdict.code === 'not_authorised')) return refuse(403, 'not_authorised');
    return json({ results, summary });
  });
};
