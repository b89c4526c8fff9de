// Every rating and answer of the event as XLSX (typed cells, frozen header), for its organisers.
import type { APIRoute } from 'astro';
import { feedbackExportResponse } from '../../../../lib/feedback/export.server.ts';
import { endpointParams } from '../../../../lib/site/route-params.ts';

export const GET: APIRoute = (context) =>
  feedbackExportResponse(context, endpointParams(context, '/konsol/[event]/feedback/eksport.xlsx')['event'], 'xlsx');
