// What a published schedule change means for one attendee: one email per
// publication, listing each session of theirs that moved (its new time and
// room, and another booking of theirs it now overlaps) or was cancelled.
import { z } from 'zod';
import { translator, type Translate } from './dictionary.ts';
import { instant, link, name, timeZone } from './fields.ts';
import { eventWhenParts } from '../../i18n/format.ts';
import { renderDocument, type Block } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

const title = z.string().trim().min(1).max(300);
const room = z.string().trim().min(1).max(200).optional();

const movedItem = z.object({
  kind: z.literal('moved'),
  sessionTitle: title,
  oldStartsAt: instant,
  oldEndsAt: instant,
  startsAt: instant,
  endsAt: instant,
  oldRoom: room,
  room,
  /** Another booking of the attendee's that the new time overlaps. */
  clashTitle: title.optional(),
});

const cancelledItem = z.object({
  kind: z.literal('cancelled'),
  sessionTitle: title,
  startsAt: instant,
  endsAt: instant,
});

export const scheduleChangeData = z.object({
  recipientName: name,
  eventName: name,
  timeZone,
  items: z
    .array(z.discriminatedUnion('kind', [movedItem, cancelledItem]))
    .min(1)
    .max(200),
  myProgrammeUrl: link,
});
export type ScheduleChangeData = z.input<typeof scheduleChangeData>;

function when(t: Translate, lang: 'da' | 'en', startsAt: string, endsAt: string, zone: string): string {
  const parts = eventWhenParts(lang, new Date(startsAt), new Date(endsAt), zone);
  return parts.sameDay
    ? t('common.whenSameDay', { date: parts.date, start: parts.start, end: parts.end })
    : t('common.whenSpan', { start: parts.start, end: parts.end });
}

export const scheduleChange = defineTemplate({
  schema: scheduleChangeData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const [first] = data.items;
    const single = data.items.length === 1;
    const subject = oneLine(
      single
        ? t(first!.kind === 'cancelled' ? 'scheduleChange.subjectCancelled' : 'scheduleChange.subjectMoved', {
            session: first!.sessionTitle,
          })
        : t('scheduleChange.subjectMany', { event: data.eventName, count: data.items.length }),
    );
    const blocks: Block[] = [
      { kind: 'heading', text: t('scheduleChange.heading') },
      { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
      { kind: 'paragraph', text: t('scheduleChange.intro', { event: data.eventName }) },
    ];
    for (const item of data.items) {
      blocks.push({ kind: 'subheading', text: item.sessionTitle });
      if (item.kind === 'cancelled') {
        blocks.push({
          kind: 'paragraph',
          text: t('scheduleChange.cancelled', { time: when(t, lang, item.startsAt, item.endsAt, data.timeZone) }),
        });
        continue;
      }
      const rows: [string, string][] = [
        [t('scheduleChange.was'), when(t, lang, item.oldStartsAt, item.oldEndsAt, data.timeZone)],
        [t('scheduleChange.now'), when(t, lang, item.startsAt, item.endsAt, data.timeZone)],
      ];
      if (item.room !== item.oldRoom) {
        rows.push([t('scheduleChange.roomWas'), item.oldRoom ?? t('scheduleChange.noRoom')]);
        rows.push([t('scheduleChange.roomNow'), item.room ?? t('scheduleChange.noRoom')]);
      } else if (item.room) {
        rows.push([t('common.where'), item.room]);
      }
      blocks.push({ kind: 'details', rows });
      if (item.clashTitle) {
        blocks.push({ kind: 'paragraph', text: t('scheduleChange.clash', { other: item.clashTitle }) });
      }
    }
    blocks.push(
      { kind: 'paragraph', text: t('scheduleChange.calendar') },
      {
        kind: 'button',
        href: data.myProgrammeUrl,
        label: t('scheduleChange.button'),
        fallback: t('common.linkFallback'),
      },
    );
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('scheduleChange.preheader', { event: data.eventName }),
      footer: t('common.footer'),
      blocks,
    });
    return { subject, html, text, attachments: [] };
  },
});
