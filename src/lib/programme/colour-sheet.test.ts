import { describe, expect, it } from 'vitest';
import { colourClass, colourSheet, colourSheetPath, MAX_SHEET_COLOURS } from './colour-sheet.ts';
import { INK, PAPER } from './programme.ts';

describe('track colours as classes', () => {
  it('names a class by the colour, and none for no colour or a malformed one', () => {
    expect(colourClass('#1F4E79')).toBe('colour-1f4e79');
    expect(colourClass(null)).toBe('');
    expect(colourClass('red')).toBe('');
    expect(colourClass('#1f4e79;background:url(x)')).toBe('');
  });

  it("links one sheet for a page's colours: distinct, sorted, whatever their order", () => {
    expect(colourSheetPath(['#ffdd00', null, '#1f4e79', '#FFDD00'])).toBe('/api/farver/1f4e79-ffdd00.css');
    expect(colourSheetPath([null, undefined])).toBeNull();
  });

  it('gives each class the colour and its readable text colour', () => {
    expect(colourSheet('1f4e79-ffdd00')).toBe(
      `.colour-1f4e79{--colour:#1f4e79;--colour-text:${PAPER}}\n.colour-ffdd00{--colour:#ffdd00;--colour-text:${INK}}\n`,
    );
  });

  it('refuses anything but a list of six-digit colours, and a list longer than any event has tracks', () => {
    for (const parameter of ['', '1f4e7', '1F4E79', '1f4e79-', '1f4e79;x', 'zzzzzz']) {
      expect(colourSheet(parameter), parameter).toBeNull();
    }
    expect(
      colourSheet(
        Array(MAX_SHEET_COLOURS + 1)
          .fill('000000')
          .join('-'),
      ),
    ).toBeNull();
  });
});
