// The answer to a registration or waitlist form, sent to the address instead
// of shown on the page: the page says the same thing whatever the address
// holds (so nobody learns who has a ticket or a place in line), and only the
// address's owner reads which it was. Deliberately without the name typed
// into the form: whoever filled it in may not be the owner.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { instant, link, name, timeZone } from './fields.ts';
import { formatDate } from '../../i18n/format.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

const event = { eventName: name, eventStartsAt: instant, timeZone };

export const registrationNoticeData = z.discriminatedUnion('kind', [
  /** Someone registered this address again, or put it on the waitlist, while it holds a ticket. */
  z.object({ kind: z.literal('already-registered'), ...event, myPageUrl: link }),
  /** The address's place on the waitlist: just joined, or asked again. */
  z.object({
    kind: z.literal('waitlist-place'),
    ...event,
    ticketTypeName: name,
    place: z.int().min(1).max(1_000_000),
    already: z.boolean(),
    eventUrl: link,
  }),
]);
export type RegistrationNoticeData = z.input<typeof registrationNoticeData>;

export const registrationNotice = defineTemplate({
  schema: registrationNoticeData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const event = data.eventName;
    const date = formatDate(lang, new Date(data.eventStartsAt), data.timeZone);
    const registered = data.kind === 'already-registered';
    const subject = oneLine(t(registered ? 'notice.registered.subject' : 'notice.waitlist.subject', { event }));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: registered ? t('notice.registered.preheader') : t('notice.waitlist.preheader', { place: data.place }),
      footer: t('common.footer'),
      blocks: registered
        ? [
            { kind: 'heading', text: t('notice.registered.heading') },
            { kind: 'paragraph', text: t('notice.registered.intro', { event, date }) },
            {
              kind: 'button',
              href: data.myPageUrl,
              label: t('notice.registered.button'),
              fallback: t('common.linkFallback'),
            },
            { kind: 'note', text: t('notice.notYou') },
          ]
        : [
            { kind: 'heading', text: t('notice.waitlist.heading', { place: data.place }) },
            {
              kind: 'paragraph',
              text: t(data.already ? 'notice.waitlist.already' : 'notice.waitlist.joined', {
                event,
                date,
                ticketType: data.ticketTypeName,
                place: data.place,
              }),
            },
            { kind: 'paragraph', text: t('notice.waitlist.next') },
            {
              kind: 'button',
              href: data.eventUrl,
              label: t('notice.waitlist.button'),
              fallback: t('common.linkFallback'),
            },
            { kind: 'note', text: t('notice.notYou') },
          ],
    });
    return { subject, html, text, attachments: [] };
  },
});
