// My contacts as CSV for a spreadsheet (Danish Excel's dialect, the shared
// export columns): every accepted contact with the fields they share, where
// we met, and my note. Signed out → 401.
import type { APIRoute } from 'astro';
import { contactsCsv } from '../../lib/contacts/contact-files.ts';
import { loadMyContacts } from '../../lib/contacts/contacts.server.ts';
import { EXPORT_CONTENT_TYPES } from '../../lib/exports/exports.ts';
import { DEFAULT_TIME_ZONE } from '../../lib/i18n/format.ts';
import { t } from '../../lib/i18n/messages.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals }) => {
  if (locals.claims.role !== 'authenticated') {
    return new Response('sign_in_required', { status: 401, headers: { 'cache-control': 'no-store' } });
  }
  const contacts = await loadMyContacts(locals.claims, locals.lang);
  const csv = contactsCsv(contacts, t(locals.lang), { lang: locals.lang, timeZone: DEFAULT_TIME_ZONE });
  return new Response(csv, {
    headers: {
      'content-type': EXPORT_CONTENT_TYPES.csv,
      'content-disposition': 'attachment; filename="samspil-kontakter.csv"',
      'cache-control': 'private, no-store',
    },
  });
};
