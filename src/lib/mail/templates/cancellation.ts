// Cancellation: by the attendee, by the organiser, or because a payment came
// in after its seats had been released and sold. Says what happens to the
// money: a card refund, a credit note for an invoice, or nothing was charged.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { instant, link, name, ore, timeZone } from './fields.ts';
import { formatDate, formatDkk } from '../../i18n/format.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const cancellationData = z.object({
  recipientName: name,
  eventName: name,
  eventStartsAt: instant,
  timeZone,
  eventUrl: link,
  reason: z.enum(['by-attendee', 'by-organiser', 'payment-too-late']),
  /** Whose tickets were cancelled (the buyer may cancel colleagues' tickets too). */
  ticketHolders: z.array(name).max(50).default([]),
  /** Null when nothing was charged. */
  refund: z
    .object({ amountOre: ore.min(1), method: z.enum(['card', 'invoice']) })
    .nullable()
    .default(null),
});
export type CancellationData = z.input<typeof cancellationData>;

export const cancellation = defineTemplate({
  schema: cancellationData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const event = data.eventName;
    const date = formatDate(lang, new Date(data.eventStartsAt), data.timeZone);
    const tooLate = data.reason === 'payment-too-late';
    const subject = oneLine(t(tooLate ? 'cancellation.subjectPaymentTooLate' : 'cancellation.subject', { event }));
    const what = t(
      tooLate
        ? 'cancellation.paymentTooLate'
        : data.reason === 'by-organiser'
          ? 'cancellation.byOrganiser'
          : 'cancellation.byAttendee',
      { event, date },
    );
    const amount = data.refund && formatDkk(lang, data.refund.amountOre);
    const money = !data.refund
      ? t('cancellation.noCharge')
      : data.refund.method === 'card'
        ? t('cancellation.refundCard', { amount: amount! })
        : t('cancellation.refundInvoice', { amount: amount! });
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: what,
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t(tooLate ? 'cancellation.headingPaymentTooLate' : 'cancellation.heading') },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        { kind: 'paragraph', text: what },
        data.ticketHolders.length > 0 && { kind: 'subheading', text: t('cancellation.tickets') },
        data.ticketHolders.length > 0 && { kind: 'list', items: data.ticketHolders },
        { kind: 'paragraph', text: money },
        !tooLate && { kind: 'paragraph', text: t('cancellation.seatReleased') },
        { kind: 'paragraph', text: t('cancellation.again') },
        { kind: 'button', href: data.eventUrl, label: t('cancellation.button') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
