import { describe, expect, it } from 'vitest';
import { nextPosition } from './catalogue-forms.ts';

describe('nextPosition', () => {
  it('offers 0 for the first track or room, then one after the last', () => {
    expect(nextPosition([])).toBe(0);
    expect(nextPosition([{ position: 0 }])).toBe(1);
    expect(nextPosition([{ position: 3 }, { position: 0 }, { position: 7 }])).toBe(8);
  });

  it('stays within the field’s limit of 999', () => {
    expect(nextPosition([{ position: 999 }])).toBe(999);
  });
});
