// Name badges: the pure layout rules. Which paper formats there are, how many
// badges go on one sheet, how a long name breaks over two lines and how large
// it may be set, and how the desk's search box is read. The page and the
// server module decide nothing of this themselves, so it is tested here.
import { parseTicketReference, type ReferenceQuery } from '../tickets/tickets.ts';

export const BADGE_FORMATS = ['a6', 'ark'] as const;
export type BadgeFormat = (typeof BADGE_FORMATS)[number];

export interface BadgeLayout {
  format: BadgeFormat;
  /** The CSS `size` of the printed page. */
  pageSize: string;
  /** Badges across and down one page. */
  columns: number;
  rows: number;
  /** One badge (= one label), in millimetres. */
  badgeWidthMm: number;
  badgeHeightMm: number;
}

/**
 * A6: one badge per A6 page (105 × 148 mm), for a badge printer or a pouch.
 * Ark: a common A4 label sheet with 2 × 4 labels of 105 × 74 mm, edge to edge
 * (210 × 296 mm of A4's 210 × 297), which most office printers take.
 */
export const BADGE_LAYOUTS: Readonly<Record<BadgeFormat, BadgeLayout>> = {
  a6: { format: 'a6', pageSize: '105mm 148mm', columns: 1, rows: 1, badgeWidthMm: 105, badgeHeightMm: 148 },
  ark: { format: 'ark', pageSize: '210mm 297mm', columns: 2, rows: 4, badgeWidthMm: 105, badgeHeightMm: 74 },
};

export const DEFAULT_BADGE_FORMAT: BadgeFormat = 'a6';

/** `?format=` → a known format; anything else is the default. */
export function parseBadgeFormat(value: string | null | undefined): BadgeFormat {
  const clean = value?.trim().toLowerCase();
  return (BADGE_FORMATS as readonly string[]).includes(clean ?? '') ? (clean as BadgeFormat) : DEFAULT_BADGE_FORMAT;
}

export function badgesPerPage(format: BadgeFormat): number {
  const layout = BADGE_LAYOUTS[format];
  return layout.columns * layout.rows;
}

/** The `@page` rule for the chosen format: the page is the paper, with no printer margins of its own. */
export function pageRule(format: BadgeFormat): string {
  return `@page { size: ${BADGE_LAYOUTS[format].pageSize}; margin: 0; }`;
}

/** Splits badges into printed pages (sheets) in order; the last one may be partly empty. */
export function chunkIntoSheets<T>(items: readonly T[], perSheet: number): T[][] {
  if (!Number.isInteger(perSheet) || perSheet < 1)
    throw new RangeError(`perSheet must be a positive integer, not ${perSheet}`);
  const sheets: T[][] = [];
  for (let start = 0; start < items.length; start += perSheet) sheets.push(items.slice(start, start + perSheet));
  return sheets;
}

/** A name at most this long stays on one line. */
export const ONE_LINE_MAX = 18;

/** Particles that belong with the surname: "Ursula von der Leyen" → "Ursula" / "von der Leyen". */
const SURNAME_PARTICLES = new Set([
  'af',
  'da',
  'de',
  'del',
  'della',
  'den',
  'der',
  'di',
  'du',
  'la',
  'le',
  'ten',
  'ter',
  'van',
  'von',
  'zu',
]);

/**
 * The lines a name is printed on: one line when it is short or a single word;
 * otherwise given names on the first line and the surname (with any particles
 * before it) on the second. Whitespace is collapsed; nothing is cut off.
 */
export function splitName(name: string): string[] {
  const words = name
    .trim()
    .split(/\s+/u)
    .filter((word) => word !== '');
  if (words.length === 0) return [];
  const whole = words.join(' ');
  if (words.length === 1 || whole.length <= ONE_LINE_MAX) return [whole];
  let surnameStart = words.length - 1;
  while (surnameStart > 1 && SURNAME_PARTICLES.has(words[surnameStart - 1]!.toLowerCase())) surnameStart -= 1;
  return [words.slice(0, surnameStart).join(' '), words.slice(surnameStart).join(' ')];
}

export type NameSize = 'xl' | 'l' | 'm' | 's';

/**
 * How large the name may be set, by its longest line: large enough to read
 * across a room, small enough that a long line still fits the badge's width
 * without being cut or hyphenated.
 */
export function nameSize(lines: readonly string[]): NameSize {
  const longest = Math.max(0, ...lines.map((line) => [...line].length));
  if (longest <= 10) return 'xl';
  if (longest <= 15) return 'l';
  if (longest <= 22) return 'm';
  return 's';
}

/**
 * What the desk typed in the search box. A text that looks like a reference is
 * still searched as a name too: "Andersen" is also eight Crockford letters.
 */
export type BadgeQuery =
  { kind: 'all' } | { kind: 'search'; text: string; reference: ReferenceQuery | null; namePattern: string };

export const QUERY_MAX_LENGTH = 100;

/** `?q=` → everything, or a search by ticket/order reference and by part of the attendee's name. */
export function parseBadgeQuery(value: string | null | undefined): BadgeQuery {
  const text = (value ?? '').trim().replace(/\s+/gu, ' ').slice(0, QUERY_MAX_LENGTH).trim();
  if (text === '') return { kind: 'all' };
  return { kind: 'search', text, reference: parseTicketReference(text), namePattern: `%${escapeLike(text)}%` };
}

/** Escapes LIKE's wildcards so a name with "%" or "_" matches itself. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
