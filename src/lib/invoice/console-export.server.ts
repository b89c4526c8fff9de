// The bookkeeping export as a download, through the shared exports (streamed
// from a cursor, recorded in the audit log before a byte leaves). Organisers
// only; anyone else gets the 404 an unknown event gets.
import type { APIContext } from 'astro';
import { loadMyEvent } from '../auth/my-roles.server.ts';
import { isSignedIn } from '../db/db.server.ts';
import { streamExport } from '../exports/export-response.server.ts';
import { exportFileName } from '../exports/exports.ts';
import { t } from '../i18n/messages.ts';
import { pathsFor } from '../site/paths.ts';
import { parseSlug } from '../site/site.ts';
import { invoiceExportList } from './console-export.ts';
import { invoiceListQuery, toConsoleInvoice } from './console.server.ts';

/** `event`: the route's parameter, as the endpoint read it (endpointParams). */
export async function invoiceExportResponse(context: APIContext, event: string | undefined): Promise<Response> {
  const { lang, claims } = context.locals;
  const slug = parseSlug(event);
  if (!isSignedIn(claims)) {
    const back = slug ? pathsFor(lang).invoiceExport(slug) : undefined;
    return context.redirect(pathsFor(lang).signIn(back), 303);
  }
  const mine = slug ? await loadMyEvent(claims, slug, 'organiser', lang) : null;
  if (!mine || mine.role !== 'organiser') {
    return new Response('Not found', { status: 404, headers: { 'cache-control': 'private, no-store' } });
  }
  const tr = t(lang);
  const list = invoiceExportList(tr, new Date());
  return streamExport({
    claims,
    eventId: mine.id,
    list,
    columns: list.columns,
    format: 'csv',
    options: { lang, timeZone: mine.timeZone, thirdParty: false },
    tr,
    fileName: exportFileName([mine.slug, tr('invoiceConsole.export.fileName')], 'csv', new Date(), mine.timeZone),
    sheet: tr('invoiceConsole.export.sheet'),
    produce: async (tx, out) => {
      await invoiceListQuery(tx, mine.id).cursor(500, async (rows) => {
        await out.rows(rows.map(toConsoleInvoice));
      });
    },
  });
}
