// The dev mailbox page's pure part: when it exists, its words, and how a
// stored message is shown safely (inline images resolved, links opened
// outside the sandboxed frame).
import type { Env } from '../config.ts';
import { formatTimestamp } from '../i18n/format.ts';
import type { Lang } from '../i18n/locales.ts';
import { isInternetOrigin, isLoopbackAddress } from '../site/network.ts';
import { escapeHtml } from './templates/html.ts';
import { type MailAttachment, mailDelivery } from './mail.ts';

/** Only where the dev mailbox is the delivery: never with Resend, only on a developer's machine. */
export function devMailboxAvailable(env: Pick<Env, 'RESEND_API_KEY' | 'NODE_ENV' | 'SAMSPIL_DATABASE_MODE'>): boolean {
  return mailDelivery(env) === 'dev-mailbox';
}

type MailboxEnv = Pick<
  Env,
  'RESEND_API_KEY' | 'NODE_ENV' | 'SAMSPIL_DATABASE_MODE' | 'SITE_URL' | 'DEV_MAILBOX_REMOTE'
>;

/**
 * Whether this client may read the dev mailbox, which shows live sign-in codes
 * for every address: where it is the delivery, to this machine only (or to
 * any client with DEV_MAILBOX_REMOTE), and never on a site with a public origin.
 * `client` is the request's resolved address (scripts/serve.ts takes it from a
 * trusted proxy's X-Forwarded-For, else the socket).
 */
export function devMailboxOpenTo(env: MailboxEnv, client: string | undefined): boolean {
  if (!devMailboxAvailable(env) || isInternetOrigin(env.SITE_URL)) return false;
  return env.DEV_MAILBOX_REMOTE || isLoopbackAddress(client);
}

const da = {
  title: 'Dev-postkasse',
  intro:
    'Her lander alle e-mails, når der ikke er sat en e-mailudbyder op (RESEND_API_KEY). Siden findes kun på en udviklers maskine.',
  empty: 'Ingen e-mails endnu.',
  refresh: 'Opdatér',
  received: 'Modtaget',
  to: 'Til',
  from: 'Fra',
  subject: 'Emne',
  template: 'Skabelon',
  language: 'Sprog',
  caption: 'E-mails, nyeste først',
  back: 'Tilbage til postkassen',
  htmlPart: 'HTML-udgave',
  htmlFrame: 'E-mailens HTML-udgave',
  textPart: 'Tekstudgave',
  attachments: 'Vedhæftede filer',
  notFound: 'E-mailen findes ikke.',
};
type DevText = typeof da;

const en: DevText = {
  title: 'Dev mailbox',
  intro:
    'Every email lands here while no email provider is set up (RESEND_API_KEY). This page only exists on a developer’s machine.',
  empty: 'No emails yet.',
  refresh: 'Refresh',
  received: 'Received',
  to: 'To',
  from: 'From',
  subject: 'Subject',
  template: 'Template',
  language: 'Language',
  caption: 'Emails, newest first',
  back: 'Back to the mailbox',
  htmlPart: 'HTML part',
  htmlFrame: 'The email’s HTML part',
  textPart: 'Text part',
  attachments: 'Attachments',
  notFound: 'No such email.',
};

export function devMailboxText(lang: Lang): DevText {
  return lang === 'en' ? en : da;
}

export function formatReceived(lang: Lang, at: Date): string {
  return formatTimestamp(lang, at);
}

/**
 * The stored HTML made viewable in a sandboxed frame (served by src/pages/dev/mailbox/[id]/html.ts): `cid:` images
 * become data URLs from the message's own attachments, and links open in a
 * new tab (the sandbox allows popups, nothing else).
 */
export function previewHtml(html: string, attachments: readonly MailAttachment[]): string {
  const inline = new Map(
    attachments
      .filter((a) => a.contentId)
      .map((a) => [a.contentId!, `data:${a.contentType};base64,${a.contentBase64}`]),
  );
  const resolved = html.replace(/(["'])cid:([^"']+)\1/g, (match, quote: string, id: string) => {
    const url = inline.get(id);
    return url ? `${quote}${escapeHtml(url)}${quote}` : match;
  });
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(resolved) ? resolved.replace(/<head[^>]*>/i, (head) => `${head}${base}`) : base + resolved;
}

export type TextSegment = { text: string } | { text: string; href: string };

/** Splits plain text so the page can render its http(s) URLs as links. */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const url = match[0].replace(/[.,;:!?)]+$/, '');
    const start = match.index;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

export function attachmentHref(attachment: MailAttachment): string {
  return `data:${attachment.contentType.split(';')[0]};base64,${attachment.contentBase64}`;
}

export function attachmentSize(attachment: MailAttachment): number {
  const padding = attachment.contentBase64.endsWith('==') ? 2 : attachment.contentBase64.endsWith('=') ? 1 : 0;
  return Math.floor((attachment.contentBase64.length * 3) / 4) - padding;
}
