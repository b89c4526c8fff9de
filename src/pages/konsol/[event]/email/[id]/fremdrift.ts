// A broadcast's delivery for its progress bar: Server-Sent Events that follow
// the recipients' counts in Postgres (progress-stream.server.ts). For the
// event's organisers only: RLS shows anyone else no broadcast (404).
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { broadcastProgress } from '../../../../../lib/broadcast/broadcast.server.ts';
import { progressStream } from '../../../../../lib/broadcast/progress-stream.server.ts';
import { isSignedIn } from '../../../../../lib/db/db.server.ts';
import { endpointParams } from '../../../../../lib/site/route-params.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  const { request, locals } = context;
  // Under /en/ the middleware rewrites the path, so Astro's own params are not this route's.
  const id = z.uuid().safeParse(endpointParams(context, '/konsol/[event]/email/[id]/fremdrift').id);
  const headers = { 'cache-control': 'private, no-store' };
  if (!id.success) return new Response('not found', { status: 404, headers });
  if (!isSignedIn(locals.claims)) return new Response('sign in', { status: 401, headers });
  const first = await broadcastProgress(locals.claims, id.data);
  if (!first) return new Response('not found', { status: 404, headers });
  return new Response(progressStream(locals.claims, id.data, first, request.signal), {
    headers: {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      // nginx and similar proxies would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    },
  });
};
