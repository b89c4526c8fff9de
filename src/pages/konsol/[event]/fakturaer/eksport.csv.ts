// Every invoice and credit note of the event as CSV for bookkeeping (UTF-8 with BOM, ';'), for its organisers.
import type { APIRoute } from 'astro';
import { invoiceExportResponse } from '../../../../lib/invoice/console-export.server.ts';
import { endpointParams } from '../../../../lib/site/route-params.ts';

export const GET: APIRoute = (context) =>
  invoiceExportResponse(context, endpointParams(context, '/konsol/[event]/fakturaer/eksport.csv')['event']);
