// Waitlist offers: the database makes an offer whenever a seat frees up and
// someone is waiting (private.release_seats); this turns each new offer into
// an email with a one-time link. The link's token is made here, emailed, and
// stored only as its SHA-256, in the same transaction as the email — so an
// offer's email exists exactly when its token does.
import { randomBytes } from 'node:crypto';
import { type Tx, withServiceRole } from '../db/db.server.ts';
import { isLang, type Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { offerTokenHash } from './offer-token.ts';
import { pathsFor } from '../site/paths.ts';

interface OfferRow {
  id: string;
  name: string;
  email: string;
  language: string;
  offer_expires_at: Date;
  slug: string;
  event_name: string;
  event_name_en: string | null;
  starts_at: Date;
  timezone: string;
  type_name: string;
  type_name_en: string | null;
}

/** Queues the email of every offer not yet sent, in the caller's transaction; returns how many. */
export async function queueWaitlistOffers(tx: Tx, origin: string, limit = 100): Promise<number> {
  return withServiceRole(tx, async () => {
    const offers = await tx<OfferRow[]>`
      select w.id, w.name, w.email, w.language, w.offer_expires_at,
             e.slug, e.name as event_name, e.name_en as event_name_en, e.starts_at, e.timezone,
             tt.name as type_name, tt.name_en as type_name_en
      from public.waitlist_entries w
      join public.ticket_types tt on tt.id = w.ticket_type_id
      join public.events e on e.id = w.event_id
      where w.status = 'offered' and w.offer_notified_at is null
      order by w.offered_at
      limit ${limit}
      for update of w skip locked`;
    for (const offer of offers) {
      const lang: Lang = isLang(offer.language) ? offer.language : 'da';
      const token = randomBytes(32).toString('base64url');
      await tx`
        update public.waitlist_entries
        set offer_token_hash = ${offerTokenHash(token)}, offer_notified_at = now()
        where id = ${offer.id}`;
      const url = new URL(origin + pathsFor(lang).register(offer.slug));
      url.searchParams.set('tilbud', token);
      await enqueueEmail(tx, {
        idempotencyKey: `waitlist-offer/${offer.id}`,
        to: offer.email,
        lang,
        template: 'waitlist-offer',
        data: {
          recipientName: offer.name,
          eventName: localized(lang, offer.event_name, offer.event_name_en),
          eventStartsAt: offer.starts_at.toISOString(),
          timeZone: offer.timezone,
          ticketTypeName: localized(lang, offer.type_name, offer.type_name_en),
          offerUrl: url.href,
          expiresAt: offer.offer_expires_at.toISOString(),
        },
      });
    }
    return offers.length;
  });
}
