// Order confirmation: what was booked, for when and where, and each ticket
// with its QR code. Sent to the buyer with every ticket in the order, and to
// each colleague the buyer registered with their own ticket. The caller
// supplies the QR images (PNG: mail clients do not show SVG) and the event's
// .ics; the template attaches them.
import { z } from 'zod';
import type { Lang } from '../../i18n/locales.ts';
import type { MailAttachment } from '../mail.ts';
import { type Translate, translator } from './dictionary.ts';
import { base64, instant, link, name, ore, reference, timeZone } from './fields.ts';
import { eventWhenParts, formatDate, formatDkk } from '../../i18n/format.ts';
import { type Block, renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const eventSummary = z.object({
  name,
  startsAt: instant,
  endsAt: instant,
  timeZone,
  venueName: name,
  venueAddress: z.string().trim().min(1).max(300).optional(),
  url: link,
});

export const orderConfirmationData = z.object({
  orderReference: reference,
  recipientName: name,
  /** Set when a colleague registered the recipient. */
  registeredBy: name.optional(),
  event: eventSummary,
  tickets: z
    .array(
      z.object({
        reference,
        holderName: name,
        ticketTypeName: name,
        priceOre: ore,
        ticketUrl: link,
        /** The ticket's QR code as a PNG, base64. */
        qrPngBase64: base64.optional(),
      }),
    )
    .min(1)
    .max(50),
  /** The order total; shown to the buyer, left out of a colleague's copy. */
  totalOre: ore.optional(),
  payment: z.enum(['free', 'card', 'invoice']),
  /** Paid by invoice: the invoice's due date (YYYY-MM-DD); the order awaits payment until then. */
  invoice: z.object({ dueDate: z.iso.date() }).optional(),
  myPageUrl: link,
  /**
   * A colleague's copy: where they decide themselves whether exhibitors may
   * have their details (whoever registered them could not decide it for them).
   */
  exhibitorConsentUrl: link.optional(),
  /** The event as an iCalendar file. */
  calendarIcs: z.string().startsWith('BEGIN:VCALENDAR').max(200_000).optional(),
});
export type OrderConfirmationData = z.input<typeof orderConfirmationData>;
type Data = z.output<typeof orderConfirmationData>;

export function eventWhen(t: Translate, lang: Lang, event: z.output<typeof eventSummary>): string {
  const when = eventWhenParts(lang, new Date(event.startsAt), new Date(event.endsAt), event.timeZone);
  return when.sameDay
    ? t('common.whenSameDay', { date: when.date, start: when.start, end: when.end })
    : t('common.whenSpan', { start: when.start, end: when.end });
}

function safeFilePart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'ticket';
}

function ticketBlocks(t: Translate, lang: Lang, data: Data): Block[] {
  const count = data.tickets.length;
  return data.tickets.flatMap((ticket, index): Block[] => [
    { kind: 'subheading', text: t('order.ticketHeading', { number: index + 1, count }) },
    {
      kind: 'details',
      rows: [
        [t('order.holder'), ticket.holderName],
        [t('order.ticketType'), ticket.ticketTypeName],
        [t('order.price'), ticket.priceOre === 0 ? t('order.free') : formatDkk(lang, ticket.priceOre)],
      ],
    },
    ...(ticket.qrPngBase64
      ? [
          {
            kind: 'image',
            src: `cid:${qrContentId(index)}`,
            alt: t('order.qrAlt', { reference: ticket.reference }),
            width: 180,
            height: 180,
          } satisfies Block,
        ]
      : []),
    { kind: 'button', href: ticket.ticketUrl, label: t('order.showTicket') },
  ]);
}

function qrContentId(index: number): string {
  return `ticket-qr-${index + 1}`;
}

function attachments(t: Translate, data: Data): MailAttachment[] {
  const qr = data.tickets.flatMap((ticket, index) =>
    ticket.qrPngBase64
      ? [
          {
            filename: `qr-${safeFilePart(ticket.reference)}.png`,
            contentType: 'image/png',
            contentBase64: ticket.qrPngBase64,
            contentId: qrContentId(index),
          },
        ]
      : [],
  );
  const calendar = data.calendarIcs
    ? [
        {
          filename: t('order.calendarFilename'),
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          contentBase64: Buffer.from(data.calendarIcs, 'utf8').toString('base64'),
        },
      ]
    : [];
  return [...qr, ...calendar];
}

export const orderConfirmation = defineTemplate({
  schema: orderConfirmationData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const event = data.event.name;
    const count = data.tickets.length;
    const subject = oneLine(count === 1 ? t('order.subjectOne', { event }) : t('order.subjectMany', { event, count }));
    const where = [data.event.venueName, data.event.venueAddress].filter(Boolean).join(', ');
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('order.preheader', {
        event,
        date: formatDate(lang, new Date(data.event.startsAt), data.event.timeZone),
      }),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('order.heading') },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        { kind: 'paragraph', text: count === 1 ? t('order.intro', { event }) : t('order.introMany', { event }) },
        data.registeredBy !== undefined && {
          kind: 'paragraph',
          text: t('order.registeredBy', { name: data.registeredBy }),
        },
        {
          kind: 'details',
          rows: [
            [t('common.when'), eventWhen(t, lang, data.event)],
            [t('common.where'), where],
            [t('order.reference'), data.orderReference],
            ...(data.totalOre !== undefined
              ? [[t('order.total'), data.totalOre === 0 ? t('order.free') : formatDkk(lang, data.totalOre)] as const]
              : []),
          ],
        },
        data.payment === 'card' && { kind: 'note', text: t('order.paidByCard') },
        data.payment === 'invoice' && {
          kind: 'note',
          text: data.invoice
            ? t('order.invoiceDue', {
                date: formatDate(lang, new Date(`${data.invoice.dueDate}T12:00:00Z`), 'Europe/Copenhagen'),
              })
            : t('order.invoice'),
        },
        data.exhibitorConsentUrl !== undefined && { kind: 'paragraph', text: t('order.exhibitorConsent') },
        data.exhibitorConsentUrl !== undefined && {
          kind: 'button',
          href: data.exhibitorConsentUrl,
          label: t('order.exhibitorConsentButton'),
        },
        { kind: 'paragraph', text: t('order.atTheDoor') },
        ...ticketBlocks(t, lang, data),
        { kind: 'divider' },
        data.calendarIcs !== undefined && { kind: 'paragraph', text: t('order.calendar') },
        { kind: 'paragraph', text: t('order.myPage') },
        { kind: 'button', href: data.myPageUrl, label: t('order.myPageButton') },
      ],
    });
    return { subject, html, text, attachments: attachments(t, data) };
  },
});
