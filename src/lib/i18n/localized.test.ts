import { describe, expect, it } from 'vitest';
import { localized, localizedList } from './localized.ts';

describe('localized', () => {
  it.each([
    ['da', 'Nærhed', 'Proximity', 'Nærhed'],
    ['en', 'Nærhed', 'Proximity', 'Proximity'],
    ['en', 'Nærhed', null, 'Nærhed'],
    ['en', 'Nærhed', undefined, 'Nærhed'],
    ['en', 'Nærhed', '   ', 'Nærhed'],
    ['en', null, null, null],
    ['en', null, 'Only English', 'Only English'],
  ] as const)('%s (%o, %o) → %o', (lang, da, en, expected) => {
    expect(localized(lang, da, en)).toBe(expected);
  });

  it('falls back to the Danish list when the English one is empty', () => {
    expect(localizedList('en', ['Hvad?'], [])).toEqual(['Hvad?']);
    expect(localizedList('en', ['Hvad?'], ['What?'])).toEqual(['What?']);
    expect(localizedList('da', ['Hvad?'], ['What?'])).toEqual(['Hvad?']);
  });
});
