// The takeaways article's markdown → safe HTML. Two lines of defence:
//   1. marked renders with our own renderer: raw HTML is dropped (never
//      passed through), links only to http(s) and mailto, images only the
//      article's own uploads (`![](billede:2)` → the stored file with its
//      stored alt text; anything else becomes its alt text, as our CSP would
//      refuse a foreign image anyway), a paragraph holding only a YouTube or
//      Vimeo link becomes a link card (no third-party iframe: the CSP forbids
//      frames and the reader's privacy deserves no tracking before a click),
//      and headings are shifted so the article's own start at `headingBase`.
//   2. sanitize-html with an allow-list of tags, attributes, classes and URL
//      schemes goes over the result, so a renderer mistake cannot become a
//      script, a handler, a style or a frame.
// Pure: no I/O; the caller passes the images with their signed links.
import { Marked, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

export interface ArticleImage {
  number: number;
  /** A link that opens the file (signed, it expires). */
  src: string;
  alt: string;
  caption: string | null;
  width: number | null;
  height: number | null;
}

export interface RenderOptions {
  images: readonly ArticleImage[];
  /** The level of the article’s top headings: one below the level of its title on the page. */
  headingBase: 2 | 3 | 4;
  /** The words of a video card: "Se videoen på YouTube". */
  videoLabel: (host: string) => string;
}

/** `billede:2` (Danish) or `image:2`: the article's second uploaded image. */
const IMAGE_REF = /^(?:billede|image):([1-9][0-9]{0,2})$/i;

export function imageReference(number: number, lang: 'da' | 'en'): string {
  return `![](${lang === 'da' ? 'billede' : 'image'}:${number})`;
}

/** The numbers of the images a text refers to, in order of first use. */
export function referencedImages(markdown: string): number[] {
  const numbers: number[] = [];
  for (const match of markdown.matchAll(/\]\(\s*(?:billede|image):([1-9][0-9]{0,2})\s*\)/gi)) {
    const number = Number(match[1]);
    if (!numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

const VIDEO_HOSTS: Readonly<Record<string, string>> = {
  'youtube.com': 'YouTube',
  'www.youtube.com': 'YouTube',
  'm.youtube.com': 'YouTube',
  'youtu.be': 'YouTube',
  'youtube-nocookie.com': 'YouTube',
  'www.youtube-nocookie.com': 'YouTube',
  'vimeo.com': 'Vimeo',
  'www.vimeo.com': 'Vimeo',
  'player.vimeo.com': 'Vimeo',
};

/** The service's name when `href` is a YouTube or Vimeo address, else null. */
export function videoHost(href: string): string | null {
  try {
    const url = new URL(href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return VIDEO_HOSTS[url.hostname.toLowerCase()] ?? null;
  } catch {
    return null;
  }
}

/** http(s) and mailto only: never javascript:, data:, vbscript: or a relative path that could be anything. */
export function isSafeLink(href: string): boolean {
  try {
    const url = new URL(href);
    if (url.protocol === 'mailto:') return /^mailto:[^\s<>"]+@[^\s<>"]+$/i.test(href);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The text of inline tokens, without markup (for alt texts and video cards). */
function plainOf(tokens: readonly Token[] | undefined, fallback: string): string {
  if (!tokens || tokens.length === 0) return fallback;
  return tokens
    .map((token) =>
      'tokens' in token && Array.isArray(token.tokens)
        ? plainOf(token.tokens, '')
        : token.type === 'html'
          ? ''
          : 'text' in token
            ? String(token.text)
            : '',
    )
    .join('');
}

function smallestHeading(tokens: readonly Token[]): number {
  let smallest = 6;
  for (const token of tokens)
    if (token.type === 'heading') smallest = Math.min(smallest, (token as Tokens.Heading).depth);
  return smallest;
}

/** Renders an article's markdown to HTML that is safe to put into a page as is. */
export function renderArticleMarkdown(markdown: string, options: RenderOptions): string {
  const images = new Map(options.images.map((image) => [image.number, image]));
  const allowedSources = new Set(options.images.map((image) => image.src));
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  const tokens = marked.lexer(markdown);
  // The article's largest heading lands at headingBase, whatever level the author chose.
  const shift = options.headingBase - smallestHeading(tokens);

  const figure = (token: Tokens.Image): string | null => {
    const match = IMAGE_REF.exec(token.href.trim());
    const image = match ? images.get(Number(match[1])) : undefined;
    if (!image) return null;
    const size = image.width && image.height ? ` width="${image.width}" height="${image.height}"` : '';
    const img = `<img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}"${size} loading="lazy" decoding="async">`;
    return image.caption
      ? `<figure class="article-figure">${img}<figcaption>${escapeHtml(image.caption)}</figcaption></figure>`
      : `<figure class="article-figure">${img}</figure>`;
  };

  const videoCard = (token: Tokens.Link): string | null => {
    const host = videoHost(token.href);
    if (!host) return null;
    const text = plainOf(token.tokens, token.text).trim();
    const label = text && text !== token.href ? text : options.videoLabel(host);
    return (
      `<p class="video-card"><a href="${escapeHtml(token.href)}" rel="noopener noreferrer">` +
      `<span class="video-card-title">${escapeHtml(label)}</span> ` +
      `<span class="video-card-host">${escapeHtml(options.videoLabel(host))}</span></a></p>`
    );
  };

  marked.use({
    renderer: {
      // Raw HTML, block or inline, is dropped: its text content (between tags) still renders.
      html: () => '',
      heading({ tokens: inline, depth }) {
        const level = Math.min(6, Math.max(options.headingBase, depth + shift));
        return `<h${level}>${this.parser.parseInline(inline)}</h${level}>\n`;
      },
      paragraph({ tokens: inline }) {
        const meaningful = inline.filter((token) => !(token.type === 'text' && token.raw.trim() === ''));
        const only = meaningful.length === 1 ? meaningful[0] : undefined;
        if (only?.type === 'image') {
          const rendered = figure(only as Tokens.Image);
          if (rendered) return `${rendered}\n`;
        }
        if (only?.type === 'link') {
          const card = videoCard(only as Tokens.Link);
          if (card) return `${card}\n`;
        }
        return `<p>${this.parser.parseInline(inline)}</p>\n`;
      },
      image(token) {
        // Inside running text: the image alone, without a caption.
        const match = IMAGE_REF.exec(token.href.trim());
        const image = match ? images.get(Number(match[1])) : undefined;
        if (!image) return escapeHtml(plainOf(token.tokens, token.text));
        return `<img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}" loading="lazy" decoding="async">`;
      },
      link(token) {
        const text = this.parser.parseInline(token.tokens);
        if (!isSafeLink(token.href)) return text;
        return `<a href="${escapeHtml(token.href)}" rel="noopener noreferrer">${text}</a>`;
      },
    },
  });

  const html = marked.parser(tokens) as string;
  return sanitizeHtml(html, {
    allowedTags: [
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'p',
      'br',
      'hr',
      'strong',
      'em',
      'del',
      'code',
      'pre',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'figure',
      'figcaption',
      'img',
      'span',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    allowedAttributes: {
      a: ['href', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'loading', 'decoding'],
      ol: ['start'],
      th: ['align'],
      td: ['align'],
      '*': ['class'],
    },
    allowedClasses: {
      figure: ['article-figure'],
      p: ['video-card'],
      span: ['video-card-title', 'video-card-host'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    // Only the article's own images, by the exact links we signed.
    exclusiveFilter: (frame) => frame.tag === 'img' && !allowedSources.has(frame.attribs['src'] ?? ''),
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math'],
  }).trim();
}

/** The article's text without markup, for a summary or a PDF (images and raw HTML left out). */
export function plainTextOf(markdown: string): string {
  const html = renderArticleMarkdown(markdown, { images: [], headingBase: 2, videoLabel: (host) => host });
  return sanitizeHtml(html.replace(/<\/(p|h[2-6]|li|blockquote|figcaption)>/g, '\n'), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
