// A session-door device's queue of scans (who attended which session),
// uploaded when it is online again. Idempotent by each scan's nonce:
// uploading the same queue twice records nothing new. Each verdict says
// whether the attendee had booked the session (`booked`), for the door
// staff's "not booked" hint; it does not change the verdict.
//
// POST { scans: [{ sessionId, code, nonce, scannedAt }] } (1–500)
// → 200 { results: [{ nonce, verdict: { code, colour, replay, name, organisation, at, booked } }] }
import type { APIRoute } from 'astro';
import { sessionSyncBatchInput } from '../../../../lib/checkin/checkin.ts';
import { syncSessionScans } from '../../../../lib/checkin/checkin.server.ts';
import { eventIdParam, json, orUnavailable, readJsonBody, refuse } from '../../../../lib/checkin/http.ts';

export const prerender = false;

export const POST: APIRoute = async ({ params, request, locals }) => {
  const eventId = eventIdParam.safeParse(params.event);
  if (!eventId.success) return refuse(404, 'not_found');
  if (locals.claims.role !== 'authenticated') return refuse(401, 'not_signed_in');
  const read = await readJsonBody(request, 512_000);
  if (read instanceof Response) return read;
  const batch = sessionSyncBatchInput.safeParse(read.body);
  if (!batch.success)
    return refuse(
      400,
      'bad_request',
      batch.error.issues.map((issue) => issue.path.join('.')),
    );
  return orUnavailable(async () => {
    const { results } = await syncSessionScans(locals.claims, eventId.data, batch.data.scans);
    if (results.every((result) => result.verdict.code === 'not_authorised')) return refuse(403, 'not_authorised');
    return json({ results });
  });
};
