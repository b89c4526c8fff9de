// Waitlist offer: a ticket freed up and is held for this person until a
// deadline, after which it passes to the next in line.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { instant, link, name, timeZone } from './fields.ts';
import { formatDate, formatFullDateTime } from '../../i18n/format.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const waitlistOfferData = z.object({
  recipientName: name,
  eventName: name,
  eventStartsAt: instant,
  timeZone,
  ticketTypeName: name,
  offerUrl: link,
  expiresAt: instant,
});
export type WaitlistOfferData = z.input<typeof waitlistOfferData>;

export const waitlistOffer = defineTemplate({
  schema: waitlistOfferData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const event = data.eventName;
    const deadline = formatFullDateTime(lang, new Date(data.expiresAt), data.timeZone);
    const subject = oneLine(t('waitlist.subject', { event }));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('waitlist.preheader', { deadline }),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('waitlist.heading') },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        {
          kind: 'paragraph',
          text: t('waitlist.intro', {
            event,
            date: formatDate(lang, new Date(data.eventStartsAt), data.timeZone),
            ticketType: data.ticketTypeName,
          }),
        },
        { kind: 'paragraph', text: t('waitlist.deadline', { deadline }) },
        { kind: 'button', href: data.offerUrl, label: t('waitlist.button'), fallback: t('common.linkFallback') },
        { kind: 'note', text: t('waitlist.decline') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
