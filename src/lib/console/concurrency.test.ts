import { describe, expect, it } from 'vitest';
import { parseVersion } from './concurrency.ts';

describe('parseVersion', () => {
  it('reads a positive whole number from a form field', () => {
    expect(parseVersion('1')).toBe(1);
    expect(parseVersion(' 42 ')).toBe(42);
    expect(parseVersion(7)).toBe(7);
  });

  it('refuses anything else, so a form without a version is invalid input rather than a conflict', () => {
    for (const bad of ['', '0', '-1', '1.5', '01', 'abc', '9999999999', undefined, null, {}, 2.5]) {
      expect(parseVersion(bad)).toBeUndefined();
    }
  });
});
