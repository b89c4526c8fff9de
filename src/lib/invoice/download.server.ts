// The four download routes of an invoice or credit note: the organiser's by
// number under the console, the buyer's by id under My page, each as PDF or
// UBL XML. Anything not theirs (or not found, or signed out) is the same 404.
import type { APIContext } from 'astro';
import { parseSlug } from '../site/site.ts';
import { invoiceFileName, type InvoiceDocument } from './document.ts';
import { loadInvoiceForOrganiser, loadMyInvoice } from './invoice.server.ts';
import { renderInvoicePdf } from './pdf.server.ts';
import { buildUbl } from './ubl.ts';

export type InvoiceFormat = 'pdf' | 'xml';

const CONTENT_TYPES: Record<InvoiceFormat, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml; charset=utf-8',
};

const notFound = () => new Response('Not found', { status: 404, headers: { 'cache-control': 'private, no-store' } });

const NUMBER = /^[1-9][0-9]{0,9}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function respond(document: InvoiceDocument, format: InvoiceFormat): Promise<Response> {
  const body = format === 'pdf' ? new Uint8Array(await renderInvoicePdf(document)) : buildUbl(document);
  return new Response(body, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="${invoiceFileName(document, format)}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/**
 * GET /konsol/[event]/fakturaer/[number].pdf|.xml: an organiser of the event; the download is audited.
 * `params` from endpointParams in the route file.
 */
export async function organiserInvoiceDownload(
  context: APIContext,
  params: Partial<Record<string, string>>,
  format: InvoiceFormat,
): Promise<Response> {
  const { claims } = context.locals;
  const slug = parseSlug(params.event);
  const number = params.number;
  if (claims.role !== 'authenticated' || !slug || !number || !NUMBER.test(number)) return notFound();
  const document = await loadInvoiceForOrganiser(claims, slug, number, format);
  return document ? respond(document, format) : notFound();
}

/** GET /min-side/fakturaer/[id].pdf|.xml: the buyer of the order, their own only. */
export async function myInvoiceDownload(
  context: APIContext,
  params: Partial<Record<string, string>>,
  format: InvoiceFormat,
): Promise<Response> {
  const { claims } = context.locals;
  const id = params.id;
  if (claims.role !== 'authenticated' || !id || !UUID.test(id)) return notFound();
  const document = await loadMyInvoice(claims, id.toLowerCase());
  return document ? respond(document, format) : notFound();
}
