import { describe, expect, it } from 'vitest';
import {
  type ArticleImage,
  imageReference,
  isSafeLink,
  plainTextOf,
  referencedImages,
  renderArticleMarkdown,
  videoHost,
} from './markdown.ts';

const IMAGE: ArticleImage = {
  number: 1,
  src: '/api/storage/articles/a/b.webp?exp=1&sig=abc',
  alt: 'Social Talks i løsningsgalleriet',
  caption: 'Foto: Arthur Cammelbeeck',
  width: 1600,
  height: 900,
};

const render = (markdown: string, images: ArticleImage[] = [IMAGE], headingBase: 2 | 3 = 2) =>
  renderArticleMarkdown(markdown, { images, headingBase, videoLabel: (host) => `Se videoen på ${host}` });

/** Markup that must never survive, whatever the payload. */
const DANGEROUS =
  /<script|<style|<iframe|<object|<embed|<svg|<form|<input|\son\w+\s*=|style\s*=|(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):/i;

describe('renderArticleMarkdown', () => {
  it('renders headings, emphasis, lists, quotes and links', () => {
    const html = render(
      [
        '# 4 takeaways',
        '',
        'Øksnehallen summede af **energi** og *idéer*.',
        '',
        '## 1. Nærhed',
        '',
        '> Det tager tid at udvikle nyt på tværs af sektorer. Men det nytter.',
        '> — Karen Bisgaard',
        '',
        '- en',
        '- to',
        '',
        'Læs mere hos [COI](https://www.coi.dk).',
      ].join('\n'),
    );
    expect(html).toContain('<h2>4 takeaways</h2>');
    expect(html).toContain('<h3>1. Nærhed</h3>');
    expect(html).toContain('<strong>energi</strong>');
    expect(html).toContain('<em>idéer</em>');
    expect(html).toMatch(
      /<blockquote>\s*<p>Det tager tid at udvikle nyt på tværs af sektorer\. Men det nytter\.\n— Karen Bisgaard<\/p>\s*<\/blockquote>/,
    );
    expect(html).toContain('<li>to</li>');
    expect(html).toContain('<a href="https://www.coi.dk" rel="noopener noreferrer">COI</a>');
  });

  it('starts the article’s headings at the level the page asks for', () => {
    expect(render('### Only small headings\n\n#### smaller')).toBe('<h2>Only small headings</h2>\n<h3>smaller</h3>');
    expect(render('# Top', [], 3)).toBe('<h3>Top</h3>');
    expect(render('# a\n\n###### deep', [], 3)).toContain('<h6>deep</h6>');
  });

  it('turns an image reference into the uploaded image with its stored alt text and caption', () => {
    const html = render('Før\n\n![ignored alt](billede:1)\n\nEfter');
    expect(html).toContain(
      '<figure class="article-figure"><img src="/api/storage/articles/a/b.webp?exp=1&amp;sig=abc" alt="Social Talks i løsningsgalleriet" width="1600" height="900" loading="lazy" decoding="async" /><figcaption>Foto: Arthur Cammelbeeck</figcaption></figure>',
    );
    expect(render('![](image:1)')).toContain('alt="Social Talks i løsningsgalleriet"');
  });

  it('shows an unknown image number or a foreign image as its alt text only', () => {
    expect(render('![Et billede](billede:7)')).toBe('<p>Et billede</p>');
    expect(render('![tracker](https://evil.example/pixel.gif)')).toBe('<p>tracker</p>');
    expect(render('Se ![x](https://evil.example/a.png) her')).toBe('<p>Se x her</p>');
  });

  it('makes a paragraph holding only a YouTube or Vimeo link a link card, never an iframe', () => {
    const html = render('[Lene fortæller, hvorfor vi deltager](https://www.youtube.com/watch?v=HeElO9mWpOA)');
    expect(html).toBe(
      '<p class="video-card"><a href="https://www.youtube.com/watch?v=HeElO9mWpOA" rel="noopener noreferrer"><span class="video-card-title">Lene fortæller, hvorfor vi deltager</span> <span class="video-card-host">Se videoen på YouTube</span></a></p>',
    );
    expect(render('https://vimeo.com/123456')).toContain('<span class="video-card-title">Se videoen på Vimeo</span>');
    // In running text it stays an ordinary link.
    expect(render('Se [videoen](https://youtu.be/abc) fra dagen.')).toBe(
      '<p>Se <a href="https://youtu.be/abc" rel="noopener noreferrer">videoen</a> fra dagen.</p>',
    );
    expect(render('https://youtu.be/abc')).not.toContain('iframe');
  });

  const HOSTILE: [string, string][] = [
    ['a script block', '<script>alert(1)</script>'],
    ['a script inline', 'Hej <script>alert(document.cookie)</script> verden'],
    ['an image with onerror', '<img src=x onerror="alert(1)">'],
    ['an svg with onload', '<svg onload=alert(1)><circle r="1"/></svg>'],
    ['a javascript: link', '[klik](javascript:alert(1))'],
    ['an encoded javascript: link', '[klik](jav&#x61;script:alert(1))'],
    ['a javascript: autolink', '<javascript:alert(1)>'],
    ['a data: link', '[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a vbscript: link', '[klik](vbscript:msgbox(1))'],
    ['a style element', '<style>body { display: none }</style>Tekst'],
    ['a style attribute', '<p style="position:fixed;top:0">Tekst</p>'],
    ['an iframe', '<iframe src="https://www.youtube.com/embed/abc"></iframe>'],
    ['an object', '<object data="x.swf"></object><embed src="x.swf">'],
    ['a form', '<form action="https://evil.example"><input name="q"></form>'],
    ['an event handler on a link', '<a href="https://ok.example" onclick="alert(1)">ok</a>'],
    ['an image link with onerror in its title', '![x](billede:1 "a\\" onerror=\\"alert(1)")'],
    ['html inside a quote', '> <img src=x onerror=alert(1)>'],
    ['a nested mix', '**<b onmouseover=alert(1)>fed</b>** [a](<javascript:alert(1)>)'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ['a base tag', '<base href="https://evil.example/">'],
  ];

  it.each(HOSTILE)('strips %s', (_name, payload) => {
    const html = render(payload);
    expect(html).not.toMatch(DANGEROUS);
    expect(html).not.toMatch(/<(meta|base|link|b)\b/i);
  });

  it('keeps the words around a stripped payload', () => {
    expect(render('Hej <script>alert(1)</script> verden')).toBe('<p>Hej alert(1) verden</p>');
    expect(render('<iframe src="https://evil.example"></iframe>\n\nTekst')).toBe('<p>Tekst</p>');
    expect(render('[klik](javascript:alert(1))')).toBe('<p>klik</p>');
  });
});

describe('the helpers', () => {
  it('finds the images a text refers to, once each, in order', () => {
    expect(referencedImages('![](billede:2) tekst ![a](image:1) ![](billede:2) ![](https://x.dk/3.png)')).toEqual([
      2, 1,
    ]);
  });

  it('writes the reference an organiser pastes, in their language', () => {
    expect(imageReference(3, 'da')).toBe('![](billede:3)');
    expect(imageReference(3, 'en')).toBe('![](image:3)');
  });

  it('knows YouTube and Vimeo, and nothing that only looks like them', () => {
    expect(videoHost('https://youtu.be/abc')).toBe('YouTube');
    expect(videoHost('https://player.vimeo.com/video/1')).toBe('Vimeo');
    expect(videoHost('https://youtube.com.evil.example/watch')).toBeNull();
    expect(videoHost('javascript://youtube.com/%0aalert(1)')).toBeNull();
  });

  it('accepts only http(s) and mailto links', () => {
    expect(isSafeLink('https://coi.dk')).toBe(true);
    expect(isSafeLink('mailto:info@coi.dk')).toBe(true);
    expect(isSafeLink('javascript:alert(1)')).toBe(false);
    expect(isSafeLink('/relative')).toBe(false);
    expect(isSafeLink('data:text/html,x')).toBe(false);
  });

  it('gives the plain text of an article', () => {
    expect(plainTextOf('# Titel\n\nEn **fed** pointe & mere.\n\n<script>x()</script>')).toBe(
      'Titel\n\nEn fed pointe & mere.',
    );
  });
});
