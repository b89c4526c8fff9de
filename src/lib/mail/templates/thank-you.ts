// The morning after the day: every attendee with a ticket gets one email in
// their language. Those who were scanned in (at the entrance or at a session
// door) are thanked and sent to their takeaways and the survey; those who
// were not get a kinder variant that offers the day's materials all the same.
// When the organisers have published their takeaways article by then, both
// variants link it. Not essential: it carries the event's unsubscribe line and
// List-Unsubscribe headers, as broadcasts and the reminder do.
import { z } from 'zod';
import { unsubscribeBlock, unsubscribeHeaders } from './broadcast.ts';
import { translator } from './dictionary.ts';
import { link, name } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const thankYouData = z.object({
  recipientName: name,
  eventName: name,
  /** Scanned in at the entrance or at a session door. */
  attended: z.boolean(),
  takeawaysUrl: link,
  /** The organisers' published takeaways article, in the recipient's language where it has one. */
  article: z.object({ title: name, url: link }).optional(),
  /** The event's signed unsubscribe link (optional only for emails queued before it existed). */
  unsubscribeUrl: link.optional(),
});
export type ThankYouData = z.input<typeof thankYouData>;

export const thankYou = defineTemplate({
  schema: thankYouData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const event = data.eventName;
    const subject = oneLine(t(data.attended ? 'thankYou.subject' : 'thankYou.missed.subject', { event }));
    const button = (label: string) =>
      ({ kind: 'button', href: data.takeawaysUrl, label, fallback: t('common.linkFallback') }) as const;
    const article = data.article
      ? ([
          { kind: 'paragraph', text: t('thankYou.article', { title: data.article.title }) },
          {
            kind: 'button',
            href: data.article.url,
            label: t('thankYou.articleButton'),
            fallback: t('common.linkFallback'),
          },
        ] as const)
      : [];
    const unsubscribe = data.unsubscribeUrl
      ? [unsubscribeBlock(t('thankYou.unsubscribe', { event }), data.unsubscribeUrl)]
      : [];
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t(data.attended ? 'thankYou.preheader' : 'thankYou.missed.preheader'),
      footer: t('common.footer'),
      blocks: data.attended
        ? [
            { kind: 'heading', text: t('thankYou.heading') },
            { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
            { kind: 'paragraph', text: t('thankYou.intro', { event }) },
            { kind: 'paragraph', text: t('thankYou.survey') },
            button(t('thankYou.button')),
            ...article,
            { kind: 'note', text: t('thankYou.certificate') },
            ...unsubscribe,
          ]
        : [
            { kind: 'heading', text: t('thankYou.missed.heading') },
            { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
            { kind: 'paragraph', text: t('thankYou.missed.intro', { event }) },
            button(t('thankYou.missed.button')),
            ...article,
            { kind: 'note', text: t('thankYou.missed.wasThere') },
            ...unsubscribe,
          ],
    });
    return {
      subject,
      html,
      text,
      attachments: [],
      ...(data.unsubscribeUrl ? { headers: unsubscribeHeaders(data.unsubscribeUrl) } : {}),
    };
  },
});
