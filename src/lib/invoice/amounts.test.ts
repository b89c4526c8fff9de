import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalAmount, netOfGross, oreOfDecimal, splitGross, totalsOf } from './amounts.ts';

const line = (grossOre: number, vatPercent = 25) => ({ grossOre, vatPercent });

describe('netOfGross', () => {
  it('takes the VAT out of a gross price and rounds half up to the øre', () => {
    expect(netOfGross(125_000, 25)).toBe(100_000);
    expect(netOfGross(99_999, 25)).toBe(79_999); // 79 999,2
    expect(netOfGross(3, 25)).toBe(2); // 2,4
    expect(netOfGross(2, 25)).toBe(2); // 1,6
    expect(netOfGross(5, 25)).toBe(4);
    expect(netOfGross(7_500, 0)).toBe(7_500);
  });

  it('refuses rates and amounts an invoice cannot carry', () => {
    expect(() => netOfGross(100, 12)).toThrow(RangeError);
    expect(() => netOfGross(-1, 25)).toThrow(RangeError);
    expect(() => netOfGross(1.5, 25)).toThrow(RangeError);
  });
});

describe('splitGross', () => {
  it('splits three 1.250 kr. tickets into 1.000 kr. net and 250 kr. VAT each', () => {
    const totals = splitGross([line(125_000), line(125_000), line(125_000)]);
    expect(totals.lines.map((l) => [l.netOre, l.vatOre])).toEqual([
      [100_000, 25_000],
      [100_000, 25_000],
      [100_000, 25_000],
    ]);
    expect(totals).toMatchObject({ netOre: 300_000, vatOre: 75_000, grossOre: 375_000 });
    expect(totals.breakdown).toEqual([{ vatPercent: 25, taxableOre: 300_000, vatOre: 75_000, grossOre: 375_000 }]);
  });

  it('gives the leftover øre of an odd price to the earliest lines, so the lines add up to the rounded total', () => {
    // 7 × 999,99 kr.: net 5.599,944 → 5.599,94; each line's exact net is 799,992.
    const totals = splitGross(Array.from({ length: 7 }, () => line(99_999)));
    expect(totals).toMatchObject({ grossOre: 699_993, netOre: 559_994, vatOre: 139_999 });
    expect(totals.lines.map((l) => l.netOre)).toEqual([80_000, 79_999, 79_999, 79_999, 79_999, 79_999, 79_999]);
    expect(totals.lines.map((l) => l.vatOre)).toEqual([19_999, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000]);
  });

  it('keeps each rate apart: a 0 % line is all net', () => {
    const totals = splitGross([line(10_000, 0), line(12_500), line(5_000, 0)]);
    expect(totals.lines.map((l) => l.netOre)).toEqual([10_000, 10_000, 5_000]);
    expect(totals.breakdown).toEqual([
      { vatPercent: 0, taxableOre: 15_000, vatOre: 0, grossOre: 15_000 },
      { vatPercent: 25, taxableOre: 10_000, vatOre: 2_500, grossOre: 12_500 },
    ]);
  });

  it('always adds up: lines to totals, net + VAT to the prices, VAT within half an øre of net × rate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ grossOre: fc.integer({ min: 0, max: 10_000_000 }), vatPercent: fc.constantFrom(0, 25) }), {
          minLength: 1,
          maxLength: 100,
        }),
        (lines) => {
          const totals = splitGross(lines);
          expect(totals.grossOre).toBe(lines.reduce((sum, l) => sum + l.grossOre, 0));
          expect(totals.netOre + totals.vatOre).toBe(totals.grossOre);
          expect(totals.lines.reduce((sum, l) => sum + l.netOre, 0)).toBe(totals.netOre);
          for (const [i, split] of totals.lines.entries()) {
            expect(split.netOre + split.vatOre).toBe(lines[i]!.grossOre);
            // Each line is the floor or the floor + 1 of its exact share.
            const exact = (lines[i]!.grossOre * 100) / (100 + lines[i]!.vatPercent);
            expect(split.netOre - Math.floor(exact)).toBeGreaterThanOrEqual(0);
            expect(split.netOre - Math.floor(exact)).toBeLessThanOrEqual(1);
          }
          for (const subtotal of totals.breakdown) {
            expect(Math.abs(subtotal.vatOre - (subtotal.taxableOre * subtotal.vatPercent) / 100)).toBeLessThanOrEqual(
              0.625,
            );
            expect(subtotal.taxableOre).toBe(netOfGross(subtotal.grossOre, subtotal.vatPercent));
          }
        },
      ),
    );
  });

  it('agrees with totalsOf on the lines it split', () => {
    const totals = splitGross([line(99_999), line(10_000, 0), line(1)]);
    expect(totalsOf(totals.lines)).toEqual(totals);
  });
});

describe('decimalAmount and oreOfDecimal', () => {
  it('write øre as a two-decimal amount and read it back', () => {
    expect(decimalAmount(123_456)).toBe('1234.56');
    expect(decimalAmount(5)).toBe('0.05');
    expect(decimalAmount(0)).toBe('0.00');
    expect(decimalAmount(-250)).toBe('-2.50');
    expect(oreOfDecimal('1234.56')).toBe(123_456);
    expect(oreOfDecimal('12.5')).toBe(1_250);
    expect(oreOfDecimal('7')).toBe(700);
    expect(oreOfDecimal('1.234')).toBeNull();
    expect(oreOfDecimal('1,50')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => oreOfDecimal(decimalAmount(ore)) === ore));
  });
});
