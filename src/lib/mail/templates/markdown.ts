// Markdown an organiser wrote, made safe for an email: `marked` turns it into
// HTML and `sanitize-html` keeps only a short list of tags, each given the
// inline style mail clients need and no attribute of the author's but a link's
// http(s) or mailto address. Pure: the preview and the sent email render the
// same way.
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { Html } from './html.ts';

const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';
const TEXT = `${FONT}color:#1a1a1a;font-size:16px;line-height:1.5;margin:0 0 16px;`;
const STYLES: Record<string, string> = {
  p: TEXT,
  ul: `${TEXT}padding-left:20px;`,
  ol: `${TEXT}padding-left:20px;`,
  li: 'margin:0 0 4px;',
  h2: `${FONT}color:#1a1a1a;font-size:20px;line-height:1.3;margin:24px 0 8px;`,
  h3: `${FONT}color:#1a1a1a;font-size:17px;line-height:1.3;margin:20px 0 8px;`,
  blockquote: `${TEXT}border-left:4px solid #d0d0d0;padding-left:12px;color:#4a4a4a;`,
  a: 'color:#0b4f8a;',
  hr: 'border:0;border-top:1px solid #d0d0d0;margin:24px 0;',
  code: 'font-family:Consolas,Menlo,monospace;font-size:15px;',
};

// The email's own heading is the subject: an author's headings start one level below it.
const HEADING_LEVEL: Record<string, string> = { h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h3', h5: 'h3', h6: 'h3' };

function styled(tagName: string) {
  return (_tag: string, attribs: sanitizeHtml.Attributes) => {
    const attributes: sanitizeHtml.Attributes = { style: STYLES[tagName] ?? '' };
    if (tagName === 'a' && attribs.href) attributes.href = attribs.href;
    return { tagName, attribs: attributes };
  };
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'h2', 'h3', 'blockquote', 'hr', 'code'],
  allowedAttributes: { '*': ['style'], a: ['href', 'style'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    ...Object.fromEntries(Object.keys(STYLES).map((tag) => [tag, styled(tag)])),
    ...Object.fromEntries(Object.entries(HEADING_LEVEL).map(([from, to]) => [from, styled(to)])),
    b: styled('strong'),
    i: styled('em'),
  },
};

/** Markdown → sanitised, inline-styled HTML for an email body. */
export function markdownToEmailHtml(markdown: string): Html {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return new Html(sanitizeHtml(html, OPTIONS));
}
