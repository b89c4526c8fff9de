// My contacts as one vCard file, for a phone's or a mail program's address
// book: every accepted contact with the fields they share, and my note.
// Signed out → 401.
import type { APIRoute } from 'astro';
import { contactsVcard } from '../../lib/contacts/contact-files.ts';
import { loadMyContacts } from '../../lib/contacts/contacts.server.ts';
import { t } from '../../lib/i18n/messages.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals }) => {
  if (locals.claims.role !== 'authenticated') {
    return new Response('sign_in_required', { status: 401, headers: { 'cache-control': 'no-store' } });
  }
  const contacts = await loadMyContacts(locals.claims, locals.lang);
  return new Response(contactsVcard(contacts, t(locals.lang)('contacts.fallbackName')), {
    headers: {
      'content-type': 'text/vcard; charset=utf-8',
      'content-disposition': 'attachment; filename="samspil-kontakter.vcf"',
      'cache-control': 'private, no-store',
    },
  });
};
