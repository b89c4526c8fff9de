// A seat in a session came to someone from its waitlist: either it is theirs
// now, or it is held for them until a deadline and they must claim it.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { instant, link, name, timeZone } from './fields.ts';
import { eventWhenParts, formatFullDateTime } from '../../i18n/format.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const bookingSeatData = z.object({
  recipientName: name,
  eventName: name,
  sessionTitle: z.string().trim().min(1).max(300),
  sessionStartsAt: instant,
  sessionEndsAt: instant,
  timeZone,
  /** Set when the seat is only offered: the moment it passes to the next in line. */
  offerExpiresAt: instant.optional(),
  myProgrammeUrl: link,
});
export type BookingSeatData = z.input<typeof bookingSeatData>;

export const bookingSeat = defineTemplate({
  schema: bookingSeatData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const session = data.sessionTitle;
    const when = eventWhenParts(lang, new Date(data.sessionStartsAt), new Date(data.sessionEndsAt), data.timeZone);
    const time = when.sameDay
      ? t('common.whenSameDay', { date: when.date, start: when.start, end: when.end })
      : t('common.whenSpan', { start: when.start, end: when.end });
    const offered = data.offerExpiresAt !== undefined;
    const deadline = offered ? formatFullDateTime(lang, new Date(data.offerExpiresAt!), data.timeZone) : '';
    const subject = oneLine(t(offered ? 'bookingSeat.subjectOffered' : 'bookingSeat.subjectConfirmed', { session }));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: offered ? t('bookingSeat.preheaderOffered', { deadline }) : t('bookingSeat.preheaderConfirmed'),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t(offered ? 'bookingSeat.headingOffered' : 'bookingSeat.headingConfirmed') },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        {
          kind: 'paragraph',
          text: t(offered ? 'bookingSeat.introOffered' : 'bookingSeat.introConfirmed', {
            session,
            event: data.eventName,
            time,
          }),
        },
        ...(offered ? [{ kind: 'paragraph' as const, text: t('bookingSeat.deadline', { deadline }) }] : []),
        {
          kind: 'button',
          href: data.myProgrammeUrl,
          label: t(offered ? 'bookingSeat.buttonOffered' : 'bookingSeat.buttonConfirmed'),
          fallback: t('common.linkFallback'),
        },
        { kind: 'note', text: t('bookingSeat.cancelNote') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
