import { describe, expect, it } from 'vitest';
import { pdfText } from './pdf-text.ts';

describe('pdfText', () => {
  it('keeps Danish letters, typographic punctuation and line breaks', () => {
    expect(pdfText('Ærø – “Øksnehallen” på én dag…\nNæste')).toBe('Ærø – “Øksnehallen” på én dag…\nNæste');
  });

  it('replaces what the standard fonts cannot show, one mark per character', () => {
    expect(pdfText('Hej 👋 Łódź 東京')).toBe('Hej ? ?ód? ??');
  });

  it('turns control characters into spaces', () => {
    expect(pdfText('a\u0000b\u0085c')).toBe('a b c');
  });

  it('composes decomposed letters first, so they are not lost', () => {
    expect(pdfText('A\u030Arhus')).toBe('Århus');
  });
});
