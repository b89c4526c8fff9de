// A team's leads as CSV or XLSX (the team only; anyone else gets a 404).
import type { APIRoute } from 'astro';
import { isExportFormat } from '../../../../lib/exports/exports.ts';
import { exportLeads } from '../../../../lib/leads/leads.server.ts';
import { endpointParams } from '../../../../lib/site/route-params.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const plain = (text: string, status: number) =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

export const GET: APIRoute = async (context) => {
  const { claims, lang } = context.locals;
  const params = endpointParams(context, '/min-side/losninger/[solution]/leads.[format]');
  if (claims.role !== 'authenticated') return plain('Sign in first', 401);
  const { solution, format } = params;
  if (!solution || !UUID.test(solution) || !isExportFormat(format)) return plain('Not found', 404);
  const file = await exportLeads(claims, solution, format, lang);
  if (!file) return plain('Not found', 404);
  return new Response(new Uint8Array(file.body), {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`,
      'content-length': String(file.body.length),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
