// The organisers moved a ticket to a colleague: its former holder is told that
// the ticket and its QR code are no longer theirs (the new holder gets the
// order confirmation with a new code). The new holder's name is not given.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { instant, link, name, timeZone } from './fields.ts';
import { formatDate } from '../../i18n/format.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const ticketTransferredData = z.object({
  recipientName: name,
  eventName: name,
  eventStartsAt: instant,
  timeZone,
  eventUrl: link,
  ticketReference: z.string().trim().min(1).max(20),
});
export type TicketTransferredData = z.input<typeof ticketTransferredData>;

export const ticketTransferred = defineTemplate({
  schema: ticketTransferredData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const event = data.eventName;
    const date = formatDate(lang, new Date(data.eventStartsAt), data.timeZone);
    const subject = oneLine(t('ticketTransferred.subject', { event }));
    const what = t('ticketTransferred.intro', { event, date, reference: data.ticketReference });
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: what,
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('ticketTransferred.heading') },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        { kind: 'paragraph', text: what },
        { kind: 'paragraph', text: t('ticketTransferred.oldCode') },
        {
          kind: 'button',
          href: data.eventUrl,
          label: t('ticketTransferred.button'),
          fallback: t('common.linkFallback'),
        },
        { kind: 'note', text: t('ticketTransferred.mistake') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
