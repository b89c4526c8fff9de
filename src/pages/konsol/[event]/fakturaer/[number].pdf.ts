// An invoice or credit note of the event as PDF, for its organisers (audited download).
import type { APIRoute } from 'astro';
import { organiserInvoiceDownload } from '../../../../lib/invoice/download.server.ts';
import { endpointParams } from '../../../../lib/site/route-params.ts';

export const prerender = false;

export const GET: APIRoute = (context) =>
  organiserInvoiceDownload(context, endpointParams(context, '/konsol/[event]/fakturaer/[number].pdf'), 'pdf');
