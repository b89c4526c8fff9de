// "Contact the team" (src/lib/takeaways/contact.server.ts): the attendee's
// message to a solution's contact, with the link to answer it, and the answer
// back to the attendee. Neither message shows the other side's address
// before the team answers; the answer then names the team's contact.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { link, name } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

const freeText = (max: number) => z.string().trim().min(1).max(max);

/** A message's paragraphs: the sender's line breaks kept as paragraphs, since email HTML folds them. */
function paragraphs(text: string): { kind: 'paragraph'; text: string }[] {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ kind: 'paragraph', text: line }));
}

export const solutionContactData = z.object({
  eventName: name,
  solutionTitle: name,
  message: freeText(2000),
  replyUrl: link,
});
export type SolutionContactData = z.input<typeof solutionContactData>;

export const solutionContact = defineTemplate({
  schema: solutionContactData,
  // The reply link is the team's key to the conversation.
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const params = { event: data.eventName, title: data.solutionTitle };
    const subject = oneLine(t('contact.subject', params));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('contact.intro', params),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('contact.heading', params) },
        { kind: 'paragraph', text: t('contact.intro', params) },
        { kind: 'subheading', text: t('contact.messageLabel') },
        ...paragraphs(data.message),
        { kind: 'paragraph', text: t('contact.how') },
        { kind: 'button', href: data.replyUrl, label: t('contact.button'), fallback: t('common.linkFallback') },
        { kind: 'note', text: t('contact.noReply') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});

export const solutionContactReplyData = z.object({
  eventName: name,
  solutionTitle: name,
  reply: freeText(4000),
  contactName: name,
  contactEmail: z.string().trim().min(3).max(254),
  takeawaysUrl: link,
});
export type SolutionContactReplyData = z.input<typeof solutionContactReplyData>;

export const solutionContactReply = defineTemplate({
  schema: solutionContactReplyData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const params = { event: data.eventName, title: data.solutionTitle };
    const subject = oneLine(t('contactReply.subject', params));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('contactReply.intro', params),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('contactReply.heading', params) },
        { kind: 'paragraph', text: t('contactReply.intro', params) },
        ...paragraphs(data.reply),
        { kind: 'note', text: t('contactReply.from', { name: data.contactName, email: data.contactEmail }) },
        {
          kind: 'button',
          href: data.takeawaysUrl,
          label: t('contactReply.button'),
          fallback: t('common.linkFallback'),
        },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
