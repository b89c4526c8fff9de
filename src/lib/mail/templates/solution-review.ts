// The call for solutions tells the solution's contact person what happened:
// received, changes requested (with the organiser's message), accepted or
// rejected. One render, four templates.
import { z } from 'zod';
import type { Lang } from '../../i18n/locales.ts';
import { type MailKey, translator } from './dictionary.ts';
import { link, name } from './fields.ts';
import { type Block, renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const solutionNoticeData = z.object({
  recipientName: name,
  eventName: name,
  solutionTitle: name,
  /** The organiser's message; required when changes are requested. */
  message: z.string().trim().max(4000).default(''),
  myPageUrl: link,
});
export type SolutionNoticeData = z.input<typeof solutionNoticeData>;

type Notice = 'received' | 'changes' | 'accepted' | 'rejected';

function solutionNotice(notice: Notice) {
  const key = (part: string) => `solution.${notice}.${part}` as MailKey;
  return defineTemplate({
    schema: solutionNoticeData,
    sensitive: false,
    render(lang: Lang, data) {
      const t = translator(lang);
      const params = { event: data.eventName, title: data.solutionTitle };
      const subject = oneLine(t(key('subject'), params));
      const blocks: Block[] = [
        { kind: 'heading', text: t(key('heading')) },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        { kind: 'paragraph', text: t(key('intro'), params) },
      ];
      if (data.message) {
        blocks.push({ kind: 'subheading', text: t('solution.messageHeading') }, { kind: 'note', text: data.message });
      }
      blocks.push({
        kind: 'button',
        href: data.myPageUrl,
        label: t('solution.button'),
        fallback: t('common.linkFallback'),
      });
      const { html, text } = renderDocument({
        lang,
        title: subject,
        preheader: t(key('intro'), params),
        footer: t('common.footer'),
        blocks,
      });
      return { subject, html, text, attachments: [] };
    },
  });
}

export const solutionReceived = solutionNotice('received');
export const solutionChangesRequested = solutionNotice('changes');
export const solutionAccepted = solutionNotice('accepted');
export const solutionRejected = solutionNotice('rejected');
