// Cancellation emails, queued in the transaction that cancels: to the attendee
// whose ticket it was, and to the buyer when someone else paid (the money goes
// back to the buyer's card). Also the "payment came too late" email.
import { type Tx, withServiceRole } from '../db/db.server.ts';
import { isLang, type Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { creditNotesFor, queueInvoiceEmail } from '../invoice/checkout-mail.server.ts';
import { pathsFor } from '../site/paths.ts';

interface NoticeRow {
  order_id: string;
  language: string;
  buyer_name: string | null;
  buyer_email: string | null;
  slug: string;
  name: string;
  name_en: string | null;
  starts_at: Date;
  timezone: string;
}

interface HolderRow {
  id: string;
  attendee_name: string | null;
  attendee_email: string | null;
}

export type CancellationReason = 'by-attendee' | 'by-organiser' | 'payment-too-late';

export interface CancellationNotice {
  orderId: string;
  /** The tickets cancelled; all of the order's when omitted. */
  ticketIds?: readonly string[];
  reason: CancellationReason;
  /** What goes back to the buyer's card, if anything (an invoice order's credit notes are found by its tickets). */
  refundOre: number | null;
  /** Makes the idempotency keys: one notice per cause. */
  cause: string;
  origin: string;
}

/** Queues the notice in the caller's transaction (any role; it reads as the service role). */
export async function queueCancellationNotice(tx: Tx, notice: CancellationNotice): Promise<void> {
  await withServiceRole(tx, async () => {
    const [order] = await tx<NoticeRow[]>`
      select o.id as order_id, o.language, o.buyer_name, o.buyer_email,
             e.slug, e.name, e.name_en, e.starts_at, e.timezone
      from public.orders o join public.events e on e.id = o.event_id
      where o.id = ${notice.orderId}`;
    if (!order) return;
    const holders = await tx<HolderRow[]>`
      select id, attendee_name, attendee_email from public.tickets
      where order_id = ${notice.orderId}
        and (${notice.ticketIds ? tx`id = any(${notice.ticketIds as string[]}::uuid[])` : tx`true`})
      order by position`;
    const lang: Lang = isLang(order.language) ? order.language : 'da';
    const common = {
      eventName: localized(lang, order.name, order.name_en),
      eventStartsAt: order.starts_at.toISOString(),
      timeZone: order.timezone,
      eventUrl: notice.origin + pathsFor(lang).event(order.slug),
      reason: notice.reason,
    };
    // A ticket of an invoice order is credited (a credit note), not refunded to a card.
    const credits = await creditNotesFor(
      tx,
      holders.map((holder) => holder.id),
    );
    const refund =
      credits.creditedOre > 0
        ? { amountOre: credits.creditedOre, method: 'invoice' as const }
        : notice.refundOre && notice.refundOre > 0
          ? { amountOre: notice.refundOre, method: 'card' as const }
          : null;
    for (const creditNoteId of credits.creditNoteIds) await queueInvoiceEmail(tx, creditNoteId, notice.origin);
    const names = holders.flatMap((holder) => (holder.attendee_name ? [holder.attendee_name] : []));

    if (order.buyer_email && order.buyer_name) {
      await enqueueEmail(tx, {
        idempotencyKey: `cancellation/${notice.cause}/buyer`,
        to: order.buyer_email,
        lang,
        template: 'cancellation',
        data: { ...common, recipientName: order.buyer_name, ticketHolders: names, refund },
      });
    }
    if (notice.reason === 'payment-too-late') return;
    for (const holder of holders) {
      if (!holder.attendee_email || !holder.attendee_name || holder.attendee_email === order.buyer_email) continue;
      await enqueueEmail(tx, {
        idempotencyKey: `cancellation/${notice.cause}/${holder.id}`,
        to: holder.attendee_email,
        lang,
        template: 'cancellation',
        // The attendee paid nothing themselves: the refund goes to the buyer.
        data: { ...common, recipientName: holder.attendee_name, ticketHolders: [holder.attendee_name], refund: null },
      });
    }
  });
}
