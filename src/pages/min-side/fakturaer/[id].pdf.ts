// One of my invoices or credit notes as PDF (the buyer's own orders only).
import type { APIRoute } from 'astro';
import { myInvoiceDownload } from '../../../lib/invoice/download.server.ts';
import { endpointParams } from '../../../lib/site/route-params.ts';

export const prerender = false;

export const GET: APIRoute = (context) =>
  myInvoiceDownload(context, endpointParams(context, '/min-side/fakturaer/[id].pdf'), 'pdf');
