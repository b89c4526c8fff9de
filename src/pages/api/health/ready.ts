// Readiness: 200 while this instance can reach its database, 503 (with
// Retry-After) while it cannot, so a load balancer sends traffic elsewhere
// and comes back by itself once the database does.
import type { APIRoute } from 'astro';
import { checkDatabase } from '../../../lib/db/health.server.ts';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../../../lib/db/outage.ts';

export const prerender = false;

export const GET: APIRoute = async () => {
  const health = await checkDatabase();
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (health.ok) {
    return new Response(JSON.stringify({ status: 'ready', database: { latencyMs: health.latencyMs } }), { headers });
  }
  headers['retry-after'] = String(OUTAGE_RETRY_AFTER_SECONDS);
  return new Response(JSON.stringify({ status: 'unavailable', database: health.reason }), { status: 503, headers });
};
