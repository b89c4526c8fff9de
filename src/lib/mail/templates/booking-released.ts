// A seat the attendee had booked was passed to the waitlist because they had
// not been scanned in at the session's door in time (the no-show release).
// Kind and plain: what happened, that the ticket still holds, where to go next.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { instant, link, name, timeZone } from './fields.ts';
import { eventWhenParts } from '../../i18n/format.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const bookingReleasedData = z.object({
  recipientName: name,
  eventName: name,
  sessionTitle: z.string().trim().min(1).max(300),
  sessionStartsAt: instant,
  sessionEndsAt: instant,
  timeZone,
  /** The event's release setting at the moment of release; absent if unknown. */
  minutes: z.int().min(1).max(120).optional(),
  myProgrammeUrl: link,
});
export type BookingReleasedData = z.input<typeof bookingReleasedData>;

export const bookingReleased = defineTemplate({
  schema: bookingReleasedData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const session = data.sessionTitle;
    const when = eventWhenParts(lang, new Date(data.sessionStartsAt), new Date(data.sessionEndsAt), data.timeZone);
    const time = when.sameDay
      ? t('common.whenSameDay', { date: when.date, start: when.start, end: when.end })
      : t('common.whenSpan', { start: when.start, end: when.end });
    const intro =
      data.minutes === undefined
        ? t('bookingReleased.introNoMinutes', { session, event: data.eventName, time })
        : t('bookingReleased.intro', {
            session,
            event: data.eventName,
            time,
            after: t(data.minutes === 1 ? 'bookingReleased.minuteOne' : 'bookingReleased.minuteOther', {
              count: data.minutes,
            }),
          });
    const subject = oneLine(t('bookingReleased.subject', { session }));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('bookingReleased.preheader'),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('bookingReleased.heading') },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        { kind: 'paragraph', text: intro },
        { kind: 'paragraph', text: t('bookingReleased.why') },
        { kind: 'paragraph', text: t('bookingReleased.ticketStill', { event: data.eventName }) },
        {
          kind: 'button',
          href: data.myProgrammeUrl,
          label: t('bookingReleased.button'),
          fallback: t('common.linkFallback'),
        },
        { kind: 'note', text: t('bookingReleased.wasThere') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
