// The two PDFs of the takeaways: the certificate of attendance and "all of my
// takeaways" in one document. pdfmake lays the text out (wrapping, page
// breaks) on PDFKit with the standard Helvetica fonts, so no font file ships
// and a PDF takes milliseconds. It reads no files and fetches no URLs: the
// access policies below allow only the standard fonts' names, and there are
// no images (the QR code is drawn).
import pdfmake from 'pdfmake';
import QRCode from 'qrcode';
import type { Lang } from '../i18n/locales.ts';
import { formatDate, formatDateTime, formatNumber, formatTimeRange } from '../i18n/format.ts';
import { t } from '../i18n/messages.ts';
import type { CertificateView } from './certificate.server.ts';
import { pdfText } from './pdf-text.ts';
import type { TakeawaysPage } from './takeaways.server.ts';
import { certifiedHours } from './takeaways.ts';

const FONTS = {
  Helvetica: {
    normal: 'Helvetica',
    bold: 'Helvetica-Bold',
    italics: 'Helvetica-Oblique',
    bolditalics: 'Helvetica-BoldOblique',
  },
} as const;
const STANDARD_FONT_NAMES = new Set<string>(Object.values(FONTS.Helvetica));

pdfmake.setFonts(FONTS);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => STANDARD_FONT_NAMES.has(path));

const STYLES = {
  title: { fontSize: 26, bold: true, margin: [0, 0, 0, 12] },
  h1: { fontSize: 20, bold: true, margin: [0, 0, 0, 8] },
  h2: { fontSize: 15, bold: true, margin: [0, 14, 0, 6] },
  h3: { fontSize: 12, bold: true, margin: [0, 8, 0, 2] },
  muted: { color: '#555555' },
  name: { fontSize: 22, bold: true, margin: [0, 6, 0, 6] },
};

function render(definition: object): Promise<Buffer> {
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: [56, 56, 56, 56],
      defaultStyle: { font: 'Helvetica', fontSize: 11, lineHeight: 1.2 },
      styles: STYLES,
      ...definition,
    })
    .getBuffer();
}

/**
 * A QR code drawn as vector rectangles (one per run of dark modules in a
 * row): sharp at any print size, and no PNG to encode, which was most of a
 * certificate's time. `qrcode` makes the matrix, as it does for tickets.
 */
export function qrCanvas(text: string, size: number): object {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const margin = 2;
  const cell = size / (modules + 2 * margin);
  const rects: object[] = [];
  for (let y = 0; y < modules; y++) {
    let x = 0;
    while (x < modules) {
      if (!qr.modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < modules && qr.modules.get(y, x)) x++;
      rects.push({
        type: 'rect',
        x: (margin + start) * cell,
        y: (margin + y) * cell,
        w: (x - start) * cell,
        h: cell,
        color: '#000000',
        lineWidth: 0,
      });
    }
  }
  return { canvas: rects, width: size, height: size };
}

/** "3,5 timer" / "3.5 hours". */
export function hoursText(lang: Lang, minutes: number): string {
  const hours = certifiedHours(minutes);
  return t(lang)('certificate.hoursValue', { count: hours, hours: formatNumber(lang, hours) });
}

/** The certificate of attendance as a PDF; `verifyUrl` is printed and drawn as a QR code. */
export async function renderCertificatePdf(
  certificate: CertificateView,
  verifyUrl: string,
  lang: Lang,
): Promise<Buffer> {
  const tr = t(lang);
  const zone = certificate.timeZone;
  return render({
    info: { title: pdfText(`${tr('certificate.title')} – ${certificate.eventName}`), author: 'Samspil' },
    language: lang === 'da' ? 'da-DK' : 'en-GB',
    content: [
      { text: pdfText(tr('certificate.title')), style: 'title' },
      { text: pdfText(tr('certificate.certifies')) },
      { text: pdfText(certificate.name), style: 'name' },
      {
        text: pdfText(tr('certificate.attended', { event: certificate.eventName })),
        fontSize: 14,
        margin: [0, 0, 0, 12],
      },
      {
        table: {
          widths: [120, '*'],
          body: [
            [
              { text: pdfText(tr('certificate.date')), bold: true },
              pdfText(formatDate(lang, certificate.eventStartsAt, zone)),
            ],
            [{ text: pdfText(tr('certificate.venue')), bold: true }, pdfText(certificate.venueName)],
            [{ text: pdfText(tr('certificate.organiser')), bold: true }, pdfText(certificate.organiserName)],
            ...(certificate.minutes > 0
              ? [
                  [
                    { text: pdfText(tr('certificate.hours')), bold: true },
                    pdfText(hoursText(lang, certificate.minutes)),
                  ],
                ]
              : []),
          ],
        },
        layout: 'noBorders',
      },
      { text: pdfText(tr('certificate.sessions')), style: 'h2' },
      certificate.sessions.length > 0
        ? {
            ul: certificate.sessions.map((session) =>
              pdfText(`${formatTimeRange(lang, session.startsAt, session.endsAt, zone)}  ${session.title}`),
            ),
          }
        : { text: pdfText(tr('certificate.noSessions')) },
      {
        columns: [
          { ...qrCanvas(verifyUrl, 110), width: 110 },
          {
            width: '*',
            stack: [
              { text: pdfText(tr('certificate.verify')), margin: [0, 0, 0, 4] },
              // The URL on a line of its own, breakable anywhere, so it is copied whole.
              { text: verifyUrl, fontSize: 7, color: '#1a4d8f', link: verifyUrl },
              {
                text: pdfText(tr('certificate.issued', { time: formatDateTime(lang, certificate.issuedAt, zone) })),
                style: 'muted',
                margin: [0, 6, 0, 0],
              },
            ],
            margin: [12, 0, 0, 0],
          },
        ],
        margin: [0, 24, 0, 0],
      },
    ],
  });
}

/** Everything on the takeaways page in one PDF. */
export async function renderTakeawaysPdf(
  page: Extract<TakeawaysPage, { state: 'open' }>,
  lang: Lang,
  /** The organisers' published article as plain text (src/lib/article), above their points. */
  article: { title: string; lead: string | null; text: string } | null = null,
): Promise<Buffer> {
  const tr = t(lang);
  const zone = page.event.timeZone;
  const when = (start: Date, end: Date) =>
    `${formatDate(lang, start, zone)}, ${formatTimeRange(lang, start, end, zone)}`;
  const content: object[] = [
    { text: pdfText(tr('takeaways.title', { event: page.event.name })), style: 'h1' },
    {
      text: pdfText(`${page.attendeeName} · ${formatDate(lang, page.event.startsAt, zone)} · ${page.event.venueName}`),
      style: 'muted',
    },
    { text: pdfText(tr('takeaways.attended.heading')), style: 'h2' },
  ];
  if (page.sessions.length === 0) content.push({ text: pdfText(tr('takeaways.attended.empty')) });
  for (const session of page.sessions) {
    content.push({ text: pdfText(session.title), style: 'h3' });
    content.push({
      text: pdfText(
        [when(session.startsAt, session.endsAt), session.room, tr(`takeaways.status.${session.status}`)]
          .filter(Boolean)
          .join(' · '),
      ),
      style: 'muted',
    });
    if (session.materials.length > 0) {
      content.push({
        ul: session.materials.map((material) => ({ text: pdfText(material.title), link: material.href })),
      });
    }
  }

  content.push({ text: pdfText(tr('takeaways.solutions.heading')), style: 'h2' });
  if (page.solutions.length === 0) content.push({ text: pdfText(tr('takeaways.solutions.empty')) });
  for (const solution of page.solutions) {
    content.push({ text: pdfText(solution.title), style: 'h3' });
    if (solution.partners.length > 0) content.push({ text: pdfText(solution.partners.join(', ')), style: 'muted' });
    content.push({ text: pdfText(solution.summary), margin: [0, 2, 0, 2] });
    if (solution.targetGroup)
      content.push({ text: pdfText(`${tr('takeaways.solutions.targetGroup')}: ${solution.targetGroup}`) });
    if (solution.results) content.push({ text: pdfText(`${tr('takeaways.solutions.results')}: ${solution.results}`) });
    if (solution.linkUrl) content.push({ text: solution.linkUrl, link: solution.linkUrl, color: '#1a4d8f' });
    if (solution.contact?.reply) {
      content.push({
        text: pdfText(
          `${tr('takeaways.contact.answered', { time: formatDateTime(lang, solution.contact.answeredAt!, zone) })} ${solution.contact.reply}`,
        ),
        italics: true,
      });
    }
  }

  content.push({ text: pdfText(tr('takeaways.notes.heading')), style: 'h2' });
  if (page.notes.length === 0) content.push({ text: pdfText(tr('takeaways.notes.empty')) });
  for (const note of page.notes) {
    content.push({ text: pdfText(note.sessionTitle), style: 'h3' });
    content.push({ text: pdfText(note.body) });
  }

  content.push({ text: pdfText(tr('takeaways.published.heading')), style: 'h2' });
  if (article) {
    content.push({ text: pdfText(article.title), style: 'h3' });
    if (article.lead) content.push({ text: pdfText(article.lead), italics: true, margin: [0, 0, 0, 4] });
    for (const paragraph of article.text.split(/\n+/).filter((line) => line.trim() !== '')) {
      content.push({ text: pdfText(paragraph), margin: [0, 0, 0, 4] });
    }
  }
  if (page.published.length === 0 && !article) content.push({ text: pdfText(tr('takeaways.published.empty')) });
  page.published.forEach((item, index) => {
    content.push({ text: pdfText(`${index + 1}. ${item.title}`), style: 'h3' });
    if (item.sessionTitle) content.push({ text: pdfText(item.sessionTitle), style: 'muted' });
    if (item.body) content.push({ text: pdfText(item.body) });
    if (item.quote) {
      content.push({
        text: pdfText(`“${item.quote}”${item.quoteAttribution ? ` – ${item.quoteAttribution}` : ''}`),
        italics: true,
        margin: [12, 4, 0, 4],
      });
    }
    for (const url of [item.linkUrl, item.videoUrl]) {
      if (url) content.push({ text: url, link: url, color: '#1a4d8f' });
    }
  });

  return render({
    info: { title: pdfText(tr('takeaways.title', { event: page.event.name })), author: 'Samspil' },
    language: lang === 'da' ? 'da-DK' : 'en-GB',
    content,
  });
}
