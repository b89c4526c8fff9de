// The organisers' report as one CSV file (UTF-8 with BOM, ';', CRLF: Danish
// Excel opens it as it is), in the language of the path: every figure of the
// report page a line — section; item; measure; value. Aggregates only, no
// personal data, so nothing to record in the export audit. Only the event's
// organisers get it; anyone else gets the same 404 as for an unknown event.
import type { APIRoute } from 'astro';
import { loadMyEvent } from '../../../lib/auth/my-roles.server.ts';
import { CSV_BOM, csvLines } from '../../../lib/exports/csv.ts';
import { EXPORT_CONTENT_TYPES, exportFileName } from '../../../lib/exports/exports.ts';
import { t } from '../../../lib/i18n/messages.ts';
import { reportCsvRecords } from '../../../lib/reports/reports.ts';
import { loadReport } from '../../../lib/reports/reports.server.ts';
import { endpointParams } from '../../../lib/site/route-params.ts';
import { parseSlug } from '../../../lib/site/site.ts';

const notFound = () => new Response('Not found', { status: 404, headers: { 'cache-control': 'private, no-store' } });

export const GET: APIRoute = async (context) => {
  const { claims, lang } = context.locals;
  const params = endpointParams(context, '/konsol/[event]/rapport.csv');
  const slug = parseSlug(params.event);
  if (claims.role !== 'authenticated' || !slug) return notFound();
  const event = await loadMyEvent(claims, slug, 'organiser', lang);
  if (!event || event.role !== 'organiser') return notFound();
  const report = await loadReport(claims, event);
  if (!report) return notFound();
  const tr = t(lang);
  const body = CSV_BOM + csvLines(reportCsvRecords(report, lang, tr));
  const fileName = exportFileName([event.slug, tr('report.title')], 'csv', new Date(), event.timeZone);
  return new Response(body, {
    headers: {
      'content-type': EXPORT_CONTENT_TYPES.csv,
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
