// An organiser invited someone to the event's team (or an event creator
// invited someone to create events for their organisation). The button leads to the
// invitation's page, where one press signs them in and grants the role.
import { z } from 'zod';
import { formatFullDateTime } from '../../i18n/format.ts';
import { translator } from './dictionary.ts';
import { instant, link, name } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const teamInvitationData = z.object({
  inviterEmail: z.string().trim().min(3).max(254),
  eventName: name,
  // event_creator: on an organisation (eventName is then the organisation's name).
  role: z.enum(['organiser', 'reviewer', 'checkin_staff', 'exhibitor_member', 'event_creator']),
  solutionTitle: name.nullable().default(null),
  acceptUrl: link,
  expiresAt: instant,
});
export type TeamInvitationData = z.input<typeof teamInvitationData>;

export const teamInvitation = defineTemplate({
  schema: teamInvitationData,
  // The link signs its holder in: kept out of the outbox once sent.
  sensitive: true,
  render(lang, data) {
    const t = translator(lang);
    const params = {
      event: data.eventName,
      inviter: data.inviterEmail,
      role: t(`team.role.${data.role}`),
      title: data.solutionTitle ?? '',
    };
    const subject = oneLine(t('team.invitation.subject', params));
    const intro =
      data.role === 'event_creator'
        ? t('team.invitation.introCreator', params)
        : data.role === 'exhibitor_member' && data.solutionTitle
          ? t('team.invitation.introExhibitor', params)
          : t('team.invitation.intro', params);
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: intro,
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('team.invitation.heading') },
        { kind: 'paragraph', text: intro },
        { kind: 'paragraph', text: t('team.invitation.how') },
        {
          kind: 'button',
          href: data.acceptUrl,
          label: t('team.invitation.button'),
          fallback: t('common.linkFallback'),
        },
        {
          kind: 'note',
          text: t('team.invitation.expiry', { deadline: formatFullDateTime(lang, new Date(data.expiresAt)) }),
        },
        { kind: 'note', text: t('team.invitation.notYou') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
