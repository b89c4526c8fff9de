// Every rating and answer of the event as CSV (UTF-8 with BOM, ';'), for its organisers.
import type { APIRoute } from 'astro';
import { feedbackExportResponse } from '../../../../lib/feedback/export.server.ts';
import { endpointParams } from '../../../../lib/site/route-params.ts';

export const GET: APIRoute = (context) =>
  feedbackExportResponse(context, endpointParams(context, '/konsol/[event]/feedback/eksport.csv')['event'], 'csv');
