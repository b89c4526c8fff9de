// Track colours without style attributes: the Content-Security-Policy allows no
// inline style (docs/DEPLOY.md, "Content-Security-Policy"), and an organiser picks
// any colour, so no build-time stylesheet can hold them. An element that shows a
// colour carries the class colourClass(hex); the page links one small stylesheet,
// served by src/pages/api/farver/[colours].css.ts, that gives each such class the
// custom properties --colour and --colour-text (the readable text colour on it).
// Pure: no I/O.
import { readableTextColour } from './programme.ts';

const HEX = /^#?([0-9a-fA-F]{6})$/;
/** More colours than any event has tracks; a longer list is refused (404). */
export const MAX_SHEET_COLOURS = 64;

/** The six lower-case hex digits of a colour, or null when it is not #rrggbb. */
function digits(colour: string | null | undefined): string | null {
  const match = HEX.exec(colour ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** The class that paints an element in the colour (through var(--colour)); '' for no colour. */
export function colourClass(colour: string | null | undefined): string {
  const hex = digits(colour);
  return hex ? `colour-${hex}` : '';
}

/** The stylesheet's path for these colours (distinct, sorted, so a page's set is one cached URL); null when none. */
export function colourSheetPath(colours: readonly (string | null | undefined)[]): string | null {
  const set = [...new Set(colours.map(digits).filter((hex): hex is string => hex !== null))].sort();
  return set.length === 0 ? null : `/api/farver/${set.slice(0, MAX_SHEET_COLOURS).join('-')}.css`;
}

/** The stylesheet for the route's parameter ("1f4e79-ffdd00"); null when it is not a list of colours. */
export function colourSheet(parameter: string): string | null {
  const parts = parameter.split('-');
  if (parts.length === 0 || parts.length > MAX_SHEET_COLOURS) return null;
  const rules: string[] = [];
  for (const part of parts) {
    if (!/^[0-9a-f]{6}$/.test(part)) return null;
    rules.push(`.colour-${part}{--colour:#${part};--colour-text:${readableTextColour(`#${part}`)}}`);
  }
  return `${rules.join('\n')}\n`;
}
