// The reminder the day before (src/lib/broadcast/reminder.server.ts): when and
// where the day is, the person's own programme (the seats they hold, in
// order) and the link to their ticket with its QR code. Non-essential, so it
// carries the unsubscribe line. Its words are kept here, beside it.
import { z } from 'zod';
import { formatEventWhen, formatTimeRange } from '../../i18n/format.ts';
import type { Lang } from '../../i18n/locales.ts';
import { unsubscribeBlock, unsubscribeHeaders } from './broadcast.ts';
import { translator } from './dictionary.ts';
import { instant, link, name, timeZone } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const eventReminderData = z.object({
  recipientName: name,
  eventName: name,
  venue: z.string().trim().min(1).max(300),
  startsAt: instant,
  endsAt: instant,
  timeZone,
  ticketUrl: link,
  programmeUrl: link,
  sessions: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(300),
        startsAt: instant,
        endsAt: instant,
        room: z.string().trim().min(1).max(200).nullable(),
      }),
    )
    .max(100),
  unsubscribeUrl: link,
  /** The audience award, when the event has one still to vote in: the holder's own signed ballot. */
  award: z.object({ name, voteUrl: link }).optional(),
});
export type EventReminderData = z.input<typeof eventReminderData>;

const WORDS = {
  da: {
    subject: 'I morgen: {event}',
    preheader: 'Dit program og din billet til i morgen.',
    heading: 'Vi ses i morgen',
    intro: '{event} er i morgen: {when}, {venue}.',
    programme: 'Dit program',
    noSessions: 'Du har ikke booket nogen sessioner. Du kan stadig kigge programmet igennem.',
    ticketButton: 'Vis din billet',
    ticketNote: 'Vis QR-koden på billetten ved indgangen – på telefonen eller printet.',
    programmeLink: 'Se og ret dit program',
    room: '{time}, {room}',
    awardHeading: 'Stem på {award}',
    awardIntro:
      'Når du er tjekket ind, kan du stemme på din favorit blandt de nominerede løsninger – med dette link, uden at logge ind. Du kan ændre din stemme, til afstemningen lukker.',
    awardButton: 'Åbn din stemmeseddel',
    unsubscribe: 'Vil du ikke have flere påmindelser og nyheder om {event}? Afmeld dem her:',
  },
  en: {
    subject: 'Tomorrow: {event}',
    preheader: 'Your programme and your ticket for tomorrow.',
    heading: 'See you tomorrow',
    intro: '{event} is tomorrow: {when}, {venue}.',
    programme: 'Your programme',
    noSessions: 'You have not booked any sessions. You can still look through the programme.',
    ticketButton: 'Show your ticket',
    ticketNote: 'Show the QR code on your ticket at the entrance – on your phone or printed.',
    programmeLink: 'See and change your programme',
    room: '{time}, {room}',
    awardHeading: 'Vote for {award}',
    awardIntro:
      'Once you are checked in, you can vote for your favourite among the nominated solutions – with this link, without signing in. You can change your vote until voting closes.',
    awardButton: 'Open your ballot',
    unsubscribe: 'No more reminders and news about {event}? Unsubscribe here:',
  },
} satisfies Record<Lang, Record<string, string>>;

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export const eventReminder = defineTemplate({
  schema: eventReminderData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const words = WORDS[lang];
    const event = data.eventName;
    const subject = oneLine(fill(words.subject, { event }));
    const when = formatEventWhen(lang, new Date(data.startsAt), new Date(data.endsAt), data.timeZone);
    const sessions = data.sessions.map((session) => {
      const time = formatTimeRange(lang, new Date(session.startsAt), new Date(session.endsAt), data.timeZone);
      return `${session.room ? fill(words.room, { time, room: session.room }) : time}: ${session.title}`;
    });
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: words.preheader,
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: words.heading },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        { kind: 'paragraph', text: fill(words.intro, { event, when, venue: data.venue }) },
        { kind: 'button', href: data.ticketUrl, label: words.ticketButton, fallback: t('common.linkFallback') },
        { kind: 'note', text: words.ticketNote },
        { kind: 'subheading', text: words.programme },
        sessions.length > 0 ? { kind: 'list', items: sessions } : { kind: 'paragraph', text: words.noSessions },
        { kind: 'button', href: data.programmeUrl, label: words.programmeLink },
        ...(data.award
          ? ([
              { kind: 'subheading', text: fill(words.awardHeading, { award: data.award.name }) },
              { kind: 'paragraph', text: words.awardIntro },
              { kind: 'button', href: data.award.voteUrl, label: words.awardButton },
            ] as const)
          : []),
        { kind: 'divider' },
        unsubscribeBlock(fill(words.unsubscribe, { event }), data.unsubscribeUrl),
      ],
    });
    return { subject, html, text, attachments: [], headers: unsubscribeHeaders(data.unsubscribeUrl) };
  },
});
