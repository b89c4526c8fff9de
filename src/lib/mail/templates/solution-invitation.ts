// A colleague invited someone to a solution's team; they sign in with this
// address to join it.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { link, name } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const solutionInvitationData = z.object({
  inviterEmail: z.string().trim().min(3).max(254),
  eventName: name,
  solutionTitle: name,
  signInUrl: link,
});
export type SolutionInvitationData = z.input<typeof solutionInvitationData>;

export const solutionInvitation = defineTemplate({
  schema: solutionInvitationData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const params = { event: data.eventName, title: data.solutionTitle, inviter: data.inviterEmail };
    const subject = oneLine(t('solution.invitation.subject', params));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('solution.invitation.intro', params),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('solution.invitation.heading') },
        { kind: 'paragraph', text: t('solution.invitation.intro', params) },
        { kind: 'paragraph', text: t('solution.invitation.how') },
        {
          kind: 'button',
          href: data.signInUrl,
          label: t('solution.invitation.button'),
          fallback: t('common.linkFallback'),
        },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
