// The feedback export as a download: every rating and answer of an event, as
// CSV or XLSX through the shared exports (streamed from a cursor, recorded in
// the audit log). Organisers only; anyone else gets the 404 an unknown event gets.
import type { APIContext } from 'astro';
import { loadMyEvent } from '../auth/my-roles.server.ts';
import { isSignedIn } from '../db/db.server.ts';
import { cursorRows, streamExport } from '../exports/export-response.server.ts';
import { exportFileName, type ExportFormat } from '../exports/exports.ts';
import { t } from '../i18n/messages.ts';
import { pathsFor } from '../site/paths.ts';
import { parseSlug } from '../site/site.ts';
import { FEEDBACK_EXPORT } from './feedback.ts';
import { feedbackExportQuery } from './feedback.server.ts';

/** `event`: the route's parameter, as the endpoint read it (endpointParams). */
export async function feedbackExportResponse(
  context: APIContext,
  event: string | undefined,
  format: ExportFormat,
): Promise<Response> {
  const { lang, claims } = context.locals;
  const slug = parseSlug(event);
  if (!isSignedIn(claims)) {
    const back = slug ? pathsFor(lang).feedbackExport(slug, format) : undefined;
    return context.redirect(pathsFor(lang).signIn(back), 303);
  }
  const mine = slug ? await loadMyEvent(claims, slug, 'organiser', lang) : null;
  if (!mine) return new Response('Not found', { status: 404, headers: { 'cache-control': 'private, no-store' } });
  const tr = t(lang);
  const eventId = mine.id;
  return streamExport({
    claims,
    eventId,
    list: FEEDBACK_EXPORT,
    columns: FEEDBACK_EXPORT.columns,
    format,
    options: { lang, timeZone: mine.timeZone, thirdParty: false },
    tr,
    fileName: exportFileName([mine.slug, tr('feedback.csv.fileName')], format, new Date(), mine.timeZone),
    sheet: tr('feedback.csv.sheet'),
    produce: (tx, out) =>
      cursorRows(
        feedbackExportQuery(tx, eventId, lang, {
          session: tr('feedback.csv.kindSession'),
          survey: tr('feedback.csv.kindSurvey'),
          question: tr('feedback.csv.kindQuestion'),
        }),
        out,
      ),
  });
}
