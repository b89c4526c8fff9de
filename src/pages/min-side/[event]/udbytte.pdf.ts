// My takeaways from one event as one PDF (the page's content).
import type { APIRoute } from 'astro';
import { loadArticleText } from '../../../lib/article/article.server.ts';
import { t } from '../../../lib/i18n/messages.ts';
import { parseSlug } from '../../../lib/site/site.ts';
import { loadMyTakeaways } from '../../../lib/takeaways/takeaways.server.ts';
import { renderTakeawaysPdf } from '../../../lib/takeaways/pdf.server.ts';
import { pdfResponse, plainResponse } from '../../../lib/takeaways/responses.ts';
import { endpointParams } from '../../../lib/site/route-params.ts';

export const GET: APIRoute = async (context) => {
  const { locals } = context;
  const params = endpointParams(context, '/min-side/[event]/udbytte.pdf');
  const { claims, lang } = locals;
  if (claims.role !== 'authenticated') return plainResponse('Sign in first', 401);
  const eventSlug = parseSlug(params.event);
  const page = eventSlug ? await loadMyTakeaways(claims, eventSlug, lang) : null;
  if (!page) return plainResponse('Not found', 404);
  if (page.state === 'no_ticket') return plainResponse('No ticket for this event', 403);
  if (page.state === 'not_open') return plainResponse('Opens when the day ends', 409);
  const article = await loadArticleText(claims, page.event.id, lang);
  const pdf = await renderTakeawaysPdf(page, lang, article);
  return pdfResponse(pdf, `${page.event.slug}-${t(lang)('takeaways.pdfFileName')}`);
};
