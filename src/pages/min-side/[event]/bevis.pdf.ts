// My certificate of attendance for one event, in the language of the path,
// signed now; its QR code and URL lead to the public verify page.
import type { APIRoute } from 'astro';
import { t } from '../../../lib/i18n/messages.ts';
import { requestOrigin } from '../../../lib/site/origin.ts';
import { pathsFor } from '../../../lib/site/paths.ts';
import { parseSlug } from '../../../lib/site/site.ts';
import { issueMyCertificate } from '../../../lib/takeaways/certificate.server.ts';
import { renderCertificatePdf } from '../../../lib/takeaways/pdf.server.ts';
import { pdfResponse, plainResponse } from '../../../lib/takeaways/responses.ts';
import { endpointParams } from '../../../lib/site/route-params.ts';

const STATUS = { not_found: 404, not_open: 409, not_checked_in: 403 } as const;

export const GET: APIRoute = async (context) => {
  const { locals, url } = context;
  const params = endpointParams(context, '/min-side/[event]/bevis.pdf');
  const { claims, lang } = locals;
  if (claims.role !== 'authenticated') return plainResponse('Sign in first', 401);
  const eventSlug = parseSlug(params.event);
  if (!eventSlug) return plainResponse('Not found', 404);
  const issued = await issueMyCertificate(claims, eventSlug, lang);
  if (!issued.ok) return plainResponse(issued.code, STATUS[issued.code]);
  const verifyUrl = new URL(pathsFor(lang).verifyCertificate(issued.certificate.token), requestOrigin(url)).href;
  const pdf = await renderCertificatePdf(issued.certificate, verifyUrl, lang);
  return pdfResponse(pdf, `${eventSlug}-${t(lang)('takeaways.certificate.fileName')}`);
};
