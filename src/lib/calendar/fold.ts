// Line folding for iCalendar (RFC 5545 §3.1): a content line is at most 75
// octets, not counting the CRLF; a longer one continues on lines that start
// with one space. The ics package folds at 75 characters, which Danish
// letters (2 octets) and emoji (4) overrun, so its output is unfolded and
// folded again here. A fold never splits a character's UTF-8 sequence.

const LIMIT = 75;
const encoder = new TextEncoder();

/** One content line (no CRLF in it), folded at 75 octets. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // A continuation line's leading space is one of its 75 octets.
    if (octets + size > (parts.length === 0 ? LIMIT : LIMIT - 1)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** A whole iCalendar text, however it was folded before, folded at 75 octets. */
export function foldLines(ics: string): string {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map(foldLine)
    .join('\r\n');
}
