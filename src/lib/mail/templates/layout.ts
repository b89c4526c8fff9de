// One structure, two parts: a template lists its content as blocks, and the
// layout turns the same blocks into the HTML part and the plain-text part, so
// the two never say different things. Table layout and inline styles are what
// mail clients (Outlook included) render reliably.
import type { Lang } from '../../i18n/locales.ts';
import { type Html, markup } from './html.ts';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'button'; href: string; label: string; /** Shown under the button with the bare link. */ fallback?: string }
  | { kind: 'code'; label: string; code: string }
  | { kind: 'details'; rows: readonly (readonly [label: string, value: string])[] }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'image'; src: string; alt: string; width: number; height: number }
  | { kind: 'divider' }
  /** Markup made safe before it got here (an organiser's sanitised markdown), and its plain text. */
  | { kind: 'html'; html: Html; text: string };

export interface Document {
  lang: Lang;
  title: string;
  /** The line mail clients show after the subject in the inbox. */
  preheader: string;
  blocks: readonly (Block | false | null | undefined)[];
  footer: string;
}

const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';
const TEXT = `${FONT}color:#1a1a1a;font-size:16px;line-height:1.5;margin:0 0 16px;`;
const MUTED = `${FONT}color:#4a4a4a;font-size:14px;line-height:1.5;margin:0 0 16px;`;
const LINK = 'color:#0b4f8a;word-break:break-all;';

function blockHtml(block: Block): Html {
  switch (block.kind) {
    case 'heading':
      return markup`<h1 style="${FONT}color:#1a1a1a;font-size:24px;line-height:1.3;margin:0 0 16px;">${block.text}</h1>`;
    case 'subheading':
      return markup`<h2 style="${FONT}color:#1a1a1a;font-size:18px;line-height:1.3;margin:24px 0 8px;">${block.text}</h2>`;
    case 'paragraph':
      return markup`<p style="${TEXT}">${block.text}</p>`;
    case 'note':
      return markup`<p style="${MUTED}">${block.text}</p>`;
    case 'button':
      return markup`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 16px;"><tr><td style="border-radius:6px;background:#0b4f8a;"><a href="${block.href}" style="${FONT}display:inline-block;padding:12px 24px;color:#ffffff;font-size:16px;font-weight:bold;text-decoration:none;border-radius:6px;">${block.label}</a></td></tr></table>${
        block.fallback !== undefined &&
        markup`\n<p style="${MUTED}">${block.fallback}<br><a href="${block.href}" style="${LINK}">${block.href}</a></p>`
      }`;
    case 'code':
      return markup`<p style="${MUTED}margin-bottom:4px;">${block.label}</p>
<p style="${FONT}font-size:32px;font-weight:bold;letter-spacing:6px;color:#1a1a1a;margin:0 0 16px;">${block.code}</p>`;
    case 'details':
      return markup`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border-collapse:collapse;">${block.rows.map(
        ([label, value]) =>
          markup`<tr><th scope="row" style="${FONT}text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#4a4a4a;font-size:14px;font-weight:normal;">${label}</th><td style="${FONT}padding:4px 0;color:#1a1a1a;font-size:16px;">${value}</td></tr>`,
      )}</table>`;
    case 'list':
      return markup`<ul style="${TEXT}padding-left:20px;">${block.items.map((item) => markup`<li>${item}</li>`)}</ul>`;
    case 'image':
      return markup`<p style="margin:0 0 16px;"><img src="${block.src}" alt="${block.alt}" width="${block.width}" height="${block.height}" style="display:block;border:0;"></p>`;
    case 'divider':
      return markup`<hr style="border:0;border-top:1px solid #d0d0d0;margin:24px 0;">`;
    case 'html':
      return block.html;
  }
}

function blockText(block: Block): string | null {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 60))}`;
    case 'subheading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 60))}`;
    case 'paragraph':
    case 'note':
      return block.text;
    case 'button':
      return `${block.label}:\n${block.href}`;
    case 'code':
      return `${block.label}: ${block.code}`;
    case 'details':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'image':
      return null;
    case 'divider':
      return '---';
    case 'html':
      return block.text;
  }
}

function present(blocks: Document['blocks']): Block[] {
  return blocks.filter((block): block is Block => Boolean(block));
}

export function renderDocument(doc: Document): { html: string; text: string } {
  const blocks = present(doc.blocks);
  const body = markup`<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${doc.title}</title>
</head>
<body style="margin:0;padding:0;background:#f2f2f2;">
<div style="display:none;max-height:0;overflow:hidden;">${doc.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f2f2;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 28px;">
${blocks.map((block) => markup`${blockHtml(block)}\n`)}</td></tr>
</table>
<p style="${MUTED}max-width:600px;margin:16px auto 0;">${doc.footer}</p>
</td></tr>
</table>
</body>
</html>
`;
  const parts = blocks.map(blockText).filter((part): part is string => part !== null);
  return { html: body.value, text: `${[...parts, '--', doc.footer].join('\n\n')}\n` };
}
