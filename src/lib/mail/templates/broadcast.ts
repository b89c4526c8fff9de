// An organiser's email to attendees (src/lib/broadcast/): their subject and
// markdown body in the recipient's language, a greeting, and at the foot why
// the person gets it and a link that unsubscribes them from the event's news,
// also offered to mail clients as List-Unsubscribe (RFC 2369) and, over https,
// as RFC 8058's one-click POST (List-Unsubscribe-Post), which the link's page
// accepts without an Origin (src/lib/site/origin-check.ts): the signed token
// is the permission. A person following the link gets a page where one click
// confirms.
// The words around the organiser's text are kept here rather than in the
// shared mail dictionary: they belong to this template alone.
import { z } from 'zod';
import type { Lang } from '../../i18n/locales.ts';
import { translator } from './dictionary.ts';
import { link, name } from './fields.ts';
import { markup } from './html.ts';
import { type Block, renderDocument } from './layout.ts';
import { markdownToEmailHtml } from './markdown.ts';
import { defineTemplate, oneLine } from './template.ts';

export const BROADCAST_SUBJECT_MAX = 200;
export const BROADCAST_BODY_MAX = 20_000;

export const broadcastData = z.object({
  recipientName: name,
  eventName: name,
  subject: z.string().trim().min(1).max(BROADCAST_SUBJECT_MAX),
  body: z.string().trim().min(1).max(BROADCAST_BODY_MAX),
  /** Absent in a test sent to the organiser themself. */
  unsubscribeUrl: link.optional(),
});
export type BroadcastData = z.input<typeof broadcastData>;

const WORDS = {
  da: {
    why: 'Du får denne e-mail, fordi du er tilmeldt {event}.',
    unsubscribe: 'Vil du ikke have flere nyheder om {event}? Afmeld dem her:',
    test: 'Dette er en prøve, kun sendt til dig. Modtagerne får et link til at afmelde sig her.',
  },
  en: {
    why: 'You are receiving this email because you registered for {event}.',
    unsubscribe: 'No more news about {event}? Unsubscribe here:',
    test: 'This is a test, sent only to you. Recipients get a link to unsubscribe here.',
  },
} satisfies Record<Lang, Record<string, string>>;

function fill(text: string, event: string): string {
  return text.replace('{event}', event);
}

/**
 * What a mail client needs to offer its own unsubscribe button. Over https the
 * provider may unsubscribe in one click by posting `List-Unsubscribe=One-Click`
 * to the link (RFC 8058 requires https; a development http link only opens).
 */
export function unsubscribeHeaders(url: string): Record<string, string> {
  if (!url.startsWith('https://')) return { 'List-Unsubscribe': `<${url}>` };
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const MUTED =
  'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#4a4a4a;font-size:14px;line-height:1.5;margin:0 0 16px;';

/** The unsubscribe line at the foot of a non-essential email (the reminder uses it too). */
export function unsubscribeBlock(label: string, url: string): Block {
  return {
    kind: 'html',
    html: markup`<p style="${MUTED}">${label}<br><a href="${url}" style="color:#0b4f8a;word-break:break-all;">${url}</a></p>`,
    text: `${label}\n${url}`,
  };
}

export const broadcast = defineTemplate({
  schema: broadcastData,
  sensitive: false,
  render(lang, data) {
    const t = translator(lang);
    const words = WORDS[lang];
    const subject = oneLine(data.subject);
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: fill(words.why, data.eventName),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: subject },
        { kind: 'paragraph', text: t('common.greeting', { name: data.recipientName }) },
        { kind: 'html', html: markdownToEmailHtml(data.body), text: data.body },
        { kind: 'divider' },
        { kind: 'note', text: fill(words.why, data.eventName) },
        data.unsubscribeUrl
          ? unsubscribeBlock(fill(words.unsubscribe, data.eventName), data.unsubscribeUrl)
          : { kind: 'note', text: words.test },
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
