import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  cumulative,
  horizontalBars,
  linearScale,
  lineChart,
  niceTicks,
  SERIES_COLOURS,
  stackedBars,
  truncateLabel,
} from './geometry.ts';

describe('niceTicks', () => {
  it('ends on a round number at or above the largest value', () => {
    expect(niceTicks(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceTicks(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceTicks(400)).toEqual({ max: 400, ticks: [0, 100, 200, 300, 400] });
    expect(niceTicks(1234)).toEqual({ max: 1250, ticks: [0, 250, 500, 750, 1000, 1250] });
    expect(niceTicks(100).max).toBe(100);
  });

  it('never gives people a fractional step', () => {
    expect(niceTicks(3).ticks).toEqual([0, 1, 2, 3]);
    for (const max of [1, 2, 3, 4, 9, 11, 17]) {
      for (const tick of niceTicks(max).ticks) expect(Number.isInteger(tick)).toBe(true);
    }
  });

  it('allows fractions when asked and ignores nonsense', () => {
    expect(niceTicks(0.8, 4, false).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(Number.NaN)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceTicks(-5)).toEqual({ max: 1, ticks: [0, 1] });
  });
});

describe('linearScale', () => {
  it('maps a domain onto a range, also reversed', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
    expect(linearScale([5, 5], [10, 20])(5)).toBe(10);
  });
});

describe('truncateLabel', () => {
  it('cuts long labels with an ellipsis and keeps short ones', () => {
    expect(truncateLabel('Kommune', 10)).toBe('Kommune');
    expect(truncateLabel('Københavns Kommune og Region Hovedstaden', 12)).toBe('Københavns…');
    expect([...truncateLabel('æøåæøåæøåæøå', 5)]).toHaveLength(5);
  });
});

describe('horizontalBars', () => {
  const data = [
    { label: 'Kommune', value: 300, target: 400 },
    { label: 'Region', value: 100 },
    { label: 'Privat virksomhed', value: 0 },
  ];

  it('draws bars proportional to the values on a scale that holds the targets', () => {
    const layout = horizontalBars(data, { width: 600 });
    expect(layout.max).toBe(400);
    const [kommune, region, privat] = layout.bars;
    expect(kommune!.width).toBeCloseTo(layout.plot.width * 0.75, 1);
    expect(region!.width).toBeCloseTo(layout.plot.width * 0.25, 1);
    expect(privat!.width).toBe(0);
    expect(kommune!.targetX).toBeCloseTo(layout.plot.left + layout.plot.width, 1);
    expect(region!.targetX).toBeNull();
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 100, 200, 300, 400]);
    expect(layout.ticks.at(-1)!.x).toBeCloseTo(layout.plot.left + layout.plot.width, 1);
  });

  it('stacks rows without overlap and grows with their number', () => {
    const layout = horizontalBars(data, { barHeight: 20, gap: 10 });
    for (let i = 1; i < layout.bars.length; i++) {
      expect(layout.bars[i]!.y).toBeGreaterThanOrEqual(layout.bars[i - 1]!.y + layout.bars[i - 1]!.height);
    }
    expect(horizontalBars([...data, ...data]).height).toBeGreaterThan(layout.height);
    expect(layout.bars.at(-1)!.y + 20).toBeLessThanOrEqual(layout.height);
  });

  it('caps a bar at a fixed maximum (a fill rate over 100 %)', () => {
    const layout = horizontalBars([{ label: 'A', value: 120 }], { max: 100 });
    expect(layout.max).toBe(100);
    expect(layout.bars[0]!.width).toBeCloseTo(layout.plot.width, 1);
    expect(layout.bars[0]!.value).toBe(120);
    expect(layout.ticks.at(-1)!.value).toBe(100);
  });

  it('leaves room for the longest label, within bounds', () => {
    const short = horizontalBars([{ label: 'A', value: 1 }], { width: 600 });
    const long = horizontalBars([{ label: 'A very long municipality name indeed here', value: 1 }], { width: 600 });
    expect(long.plot.left).toBeGreaterThan(short.plot.left);
    expect(long.plot.left).toBeLessThanOrEqual(600 * 0.45 + 8);
    expect(long.bars[0]!.shortLabel.endsWith('…')).toBe(true);
  });
});

describe('stackedBars', () => {
  it('lays the parts of each row end to end and skips empty parts', () => {
    const layout = stackedBars([
      { label: 'Alle', values: [80, 0, 20] },
      { label: 'Bekræftelser', values: [10, 5, 5] },
    ]);
    const [all, confirmations] = layout.rows;
    expect(all!.total).toBe(100);
    expect(all!.segments.map((s) => s.part)).toEqual([0, 2]);
    const [sent, failed] = all!.segments;
    expect(sent!.x).toBe(layout.plot.left);
    expect(failed!.x).toBeCloseTo(sent!.x + sent!.width, 1);
    expect(failed!.x + failed!.width).toBeCloseTo(layout.plot.left + layout.plot.width, 1);
    expect(confirmations!.segments).toHaveLength(3);
    expect(confirmations!.total).toBe(20);
  });

  it('writes a value inside its segment only where it fits', () => {
    const layout = stackedBars([{ label: 'x', values: [999, 1] }], { width: 400 });
    expect(layout.rows[0]!.segments[0]!.fits).toBe(true);
    expect(layout.rows[0]!.segments[1]!.fits).toBe(false);
  });
});

describe('lineChart', () => {
  const day = (d: number) => Date.UTC(2026, 11, d);

  it('spans the time axis and puts the reference line inside the scale', () => {
    const layout = lineChart(
      [
        {
          key: 'registered',
          points: [
            { x: day(3), y: 10 },
            { x: day(1), y: 0 },
            { x: day(2), y: 5 },
          ],
        },
      ],
      { width: 640, height: 240, reference: 400 },
    );
    const [series] = layout.series;
    expect(series!.points.map((p) => p.at)).toEqual([day(1), day(2), day(3)]);
    expect(series!.points[0]!.x).toBe(layout.plot.left);
    expect(series!.points.at(-1)!.x).toBe(layout.plot.left + layout.plot.width);
    expect(layout.max).toBe(400);
    expect(layout.reference!.y).toBe(layout.plot.top);
    expect(series!.points[0]!.y).toBe(layout.plot.top + layout.plot.height);
    expect(series!.line.startsWith('M')).toBe(true);
    expect(series!.area.endsWith('Z')).toBe(true);
    expect(series!.end).toEqual({ x: series!.points[2]!.x, y: series!.points[2]!.y, value: 10 });
  });

  it('labels at most the asked number of x values, on data points', () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ x: day(1) + i * 86_400_000, y: i }));
    const layout = lineChart([{ key: 'a', points }], { maxXLabels: 6 });
    expect(layout.xTicks.length).toBeLessThanOrEqual(6);
    expect(layout.xTicks[0]!.at).toBe(points[0]!.x);
    for (const tick of layout.xTicks) expect(points.some((p) => p.x === tick.at)).toBe(true);
  });

  it('draws one point in the middle and nothing for no data', () => {
    const one = lineChart([{ key: 'a', points: [{ x: day(1), y: 3 }] }], { width: 640 });
    expect(one.series[0]!.points[0]!.x).toBe(one.plot.left + one.plot.width / 2);
    const none = lineChart([{ key: 'a', points: [] }]);
    expect(none.series[0]!.line).toBe('');
    expect(none.series[0]!.end).toBeNull();
    expect(none.reference).toBeNull();
  });
});

describe('cumulative', () => {
  it('turns counts per bucket into running totals in time order', () => {
    expect(
      cumulative([
        { x: 2, y: 5 },
        { x: 1, y: 3 },
        { x: 3, y: 0 },
      ]),
    ).toEqual([
      { x: 1, y: 3 },
      { x: 2, y: 8 },
      { x: 3, y: 8 },
    ]);
  });
});

describe('the palette', () => {
  it('has at least 3:1 contrast with the white page (WCAG 1.4.11), in fact 4.5:1', () => {
    for (const colour of SERIES_COLOURS) expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('computes the known contrast of black on white', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
});
