// Text for the PDFs' standard fonts (Helvetica, WinAnsi encoding): Danish and
// most Western European letters pass, typographic quotes and dashes too;
// anything else (emoji, other scripts) becomes "?" rather than garbage glyphs.
// Standard fonts keep every PDF small and fast to make; no font file ships.

const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** The text as the standard fonts can show it; line breaks and tabs are kept. */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || char === '\t') out += char;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code <= 0xff || WIN_ANSI_EXTRAS.has(char)) out += char;
    else out += '?';
  }
  return out;
}
