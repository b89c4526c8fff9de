// The geometry of the shared charts (src/components/charts/*.astro): scales,
// ticks, bar rectangles and line paths in SVG user units. Pure and unit-tested;
// the components only render what these functions return and format the
// numbers and dates with Intl. Nothing here knows a language or a colour.

export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Rounded to 1/100 of a user unit: shorter markup, the same picture. */
export const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * Round gridline values from 0 to a "nice" top (1, 2, 2.5 or 5 × 10ⁿ steps) at or
 * above `max`, at most `count` steps. Integer data (people, emails) never gets
 * a fractional step: `integer` keeps steps ≥ 1.
 */
export function niceTicks(max: number, count = 5, integer = true): { max: number; ticks: number[] } {
  const top = Number.isFinite(max) && max > 0 ? max : 0;
  if (top === 0) return { max: 1, ticks: [0, 1] };
  const raw = top / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  if (integer) step = Math.max(1, Math.ceil(step));
  const steps = Math.max(1, Math.ceil(top / step - 1e-9));
  const ticks = Array.from({ length: steps + 1 }, (_, i) => round(i * step));
  return { max: ticks.at(-1)!, ticks };
}

/** A linear map from `domain` to `range`; a zero-width domain maps to the range's start. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** A label cut to `max` characters with an ellipsis; the full text goes in the table and a <title>. */
export function truncateLabel(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max
    ? label
    : `${chars
        .slice(0, Math.max(1, max - 1))
        .join('')
        .trimEnd()}…`;
}

/** Rough width of a label in user units at the charts' 13-unit font (no DOM to measure on the server). */
export function labelWidth(label: string, charWidth = 7.6): number {
  return [...label].length * charWidth;
}

// ---------------------------------------------------------------- bar chart

export interface BarDatum {
  label: string;
  value: number;
  /** A capacity or target to draw as a mark across the bar; null/undefined for none. */
  target?: number | null | undefined;
}

export interface BarOptions {
  width?: number | undefined;
  barHeight?: number | undefined;
  gap?: number | undefined;
  /** The scale's top; by default a nice number above the largest value or target. */
  max?: number | undefined;
  /** Longest category label in characters before it is cut. */
  maxLabelChars?: number | undefined;
}

export interface BarShape {
  label: string;
  /** The label as drawn (cut when long). */
  shortLabel: string;
  value: number;
  target: number | null;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the label's baseline sits (vertically centred on the bar). */
  textY: number;
  /** The x of the value's text: just after the bar. */
  valueX: number;
  /** The x of the target mark, null without a target. */
  targetX: number | null;
}

export interface BarLayout {
  width: number;
  height: number;
  plot: Plot;
  max: number;
  ticks: { x: number; value: number }[];
  bars: BarShape[];
}

const BAR_MARGIN = { top: 8, right: 56, bottom: 24, labelGap: 8 };

/**
 * A horizontal bar chart: one row per category, labels on the left (as wide
 * as the longest, within bounds), value ticks along the bottom, the value at
 * each bar's end and an optional target mark across it. Height follows the
 * number of rows, so no bar is ever squeezed thinner than `barHeight`.
 */
export function horizontalBars(data: readonly BarDatum[], options: BarOptions = {}): BarLayout {
  const width = options.width ?? 640;
  const barHeight = options.barHeight ?? 20;
  const gap = options.gap ?? 10;
  const maxLabelChars = options.maxLabelChars ?? 28;
  const shortLabels = data.map((d) => truncateLabel(d.label, maxLabelChars));
  const labelSpace = Math.min(width * 0.45, Math.max(40, ...shortLabels.map((l) => labelWidth(l))));
  const plot: Plot = {
    left: round(labelSpace + BAR_MARGIN.labelGap),
    top: BAR_MARGIN.top,
    width: round(Math.max(1, width - labelSpace - BAR_MARGIN.labelGap - BAR_MARGIN.right)),
    height: Math.max(1, data.length * (barHeight + gap)),
  };
  const largest = Math.max(0, ...data.map((d) => Math.max(d.value, d.target ?? 0)));
  const nice = niceTicks(options.max ?? largest, 5);
  const max = options.max ?? nice.max;
  const tickValues = options.max === undefined ? nice.ticks : niceTicks(max, 5).ticks.filter((v) => v <= max);
  const x = linearScale([0, max], [plot.left, plot.left + plot.width]);
  const bars = data.map((d, i): BarShape => {
    const y = plot.top + i * (barHeight + gap) + gap / 2;
    const end = x(Math.min(Math.max(0, d.value), max));
    const target = d.target ?? null;
    return {
      label: d.label,
      shortLabel: shortLabels[i]!,
      value: d.value,
      target,
      x: plot.left,
      y: round(y),
      width: round(end - plot.left),
      height: barHeight,
      textY: round(y + barHeight / 2 + 4.5),
      valueX: round(end + 4),
      targetX: target === null ? null : round(x(Math.min(target, max))),
    };
  });
  return {
    width,
    height: round(plot.top + plot.height + BAR_MARGIN.bottom),
    plot,
    max,
    ticks: tickValues.map((value) => ({ value, x: round(x(value)) })),
    bars,
  };
}

// -------------------------------------------------------------- stacked bars

export interface StackedDatum {
  label: string;
  /** One value per part, in the order of the chart's parts. */
  values: readonly number[];
}

export interface StackedSegment {
  part: number;
  value: number;
  x: number;
  width: number;
  /** Centre of the segment, where its value is written when it fits. */
  textX: number;
  /** Whether the value's text fits inside the segment. */
  fits: boolean;
}

export interface StackedRow {
  label: string;
  shortLabel: string;
  total: number;
  y: number;
  height: number;
  textY: number;
  totalX: number;
  segments: StackedSegment[];
}

export interface StackedLayout {
  width: number;
  height: number;
  plot: Plot;
  max: number;
  ticks: { x: number; value: number }[];
  rows: StackedRow[];
}

/**
 * Horizontal stacked bars: each row's parts laid end to end (email states of
 * a mailing, say). Zero parts get no segment; a segment's value is written
 * inside it only where it fits.
 */
export function stackedBars(data: readonly StackedDatum[], options: BarOptions = {}): StackedLayout {
  const totals = data.map((d) => d.values.reduce((sum, v) => sum + Math.max(0, v), 0));
  const base = horizontalBars(
    data.map((d, i) => ({ label: d.label, value: totals[i]! })),
    { barHeight: 24, ...options },
  );
  const x = linearScale([0, base.max], [base.plot.left, base.plot.left + base.plot.width]);
  const rows = data.map((d, i): StackedRow => {
    const bar = base.bars[i]!;
    let sum = 0;
    const segments: StackedSegment[] = [];
    d.values.forEach((raw, part) => {
      const value = Math.max(0, raw);
      if (value === 0) return;
      const x0 = x(sum);
      sum += value;
      const x1 = x(sum);
      const w = x1 - x0;
      segments.push({
        part,
        value,
        x: round(x0),
        width: round(w),
        textX: round(x0 + w / 2),
        fits: w >= labelWidth(String(value)) + 8,
      });
    });
    return {
      label: d.label,
      shortLabel: bar.shortLabel,
      total: totals[i]!,
      y: bar.y,
      height: bar.height,
      textY: bar.textY,
      totalX: bar.valueX,
      segments,
    };
  });
  return { width: base.width, height: base.height, plot: base.plot, max: base.max, ticks: base.ticks, rows };
}

// --------------------------------------------------------------- line chart

export interface LinePoint {
  /** Epoch milliseconds (a day or a moment). */
  x: number;
  y: number;
}

export interface LineSeries {
  key: string;
  points: readonly LinePoint[];
}

export interface LineOptions {
  width?: number | undefined;
  height?: number | undefined;
  /** A horizontal reference (capacity, target): always inside the scale. */
  reference?: number | null | undefined;
  /** At most this many x labels. */
  maxXLabels?: number | undefined;
}

export interface LineShape {
  key: string;
  /** SVG path data of the line. */
  line: string;
  /** SVG path data of the area under the line, closed along the x axis. */
  area: string;
  points: { x: number; y: number; value: number; at: number }[];
  /** Where the series' last point is, for a direct label at the line's end. */
  end: { x: number; y: number; value: number } | null;
}

export interface LineLayout {
  width: number;
  height: number;
  plot: Plot;
  max: number;
  yTicks: { y: number; value: number }[];
  /** The x values that get a label, spaced so labels never collide. */
  xTicks: { x: number; at: number }[];
  series: LineShape[];
  reference: { y: number; value: number } | null;
}

const LINE_MARGIN = { left: 48, right: 64, top: 12, bottom: 28 };

/**
 * A line (and area) chart over time: x on a linear time scale from the first
 * to the last point of any series, y from 0 to a nice number above the largest
 * value and the reference line. Labels on x go on data points (every k-th
 * distinct x), so they fall on days or buckets the data has.
 */
export function lineChart(series: readonly LineSeries[], options: LineOptions = {}): LineLayout {
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const maxXLabels = options.maxXLabels ?? 6;
  const plot: Plot = {
    left: LINE_MARGIN.left,
    top: LINE_MARGIN.top,
    width: Math.max(1, width - LINE_MARGIN.left - LINE_MARGIN.right),
    height: Math.max(1, height - LINE_MARGIN.top - LINE_MARGIN.bottom),
  };
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const reference = options.reference ?? null;
  const largest = Math.max(0, reference ?? 0, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const nice = niceTicks(largest, 5);
  const bottom = plot.top + plot.height;
  const x = linearScale([xs[0] ?? 0, xs.at(-1) ?? 0], [plot.left, plot.left + plot.width]);
  // A single x value sits in the middle rather than on the axis.
  const xOf = xs.length === 1 ? () => plot.left + plot.width / 2 : x;
  const y = linearScale([0, nice.max], [bottom, plot.top]);
  const shapes = series.map((s): LineShape => {
    const points = [...s.points]
      .sort((a, b) => a.x - b.x)
      .map((p) => ({ x: round(xOf(p.x)), y: round(y(p.y)), value: p.y, at: p.x }));
    const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
    const area =
      points.length === 0 ? '' : `${line} L${points.at(-1)!.x} ${round(bottom)} L${points[0]!.x} ${round(bottom)} Z`;
    const last = points.at(-1);
    return { key: s.key, line, area, points, end: last ? { x: last.x, y: last.y, value: last.value } : null };
  });
  const every = Math.max(1, Math.ceil(xs.length / Math.max(1, maxXLabels)));
  const xTicks = xs.flatMap((at, i) => (i % every === 0 ? [{ at, x: round(xOf(at)) }] : []));
  return {
    width,
    height,
    plot,
    max: nice.max,
    yTicks: nice.ticks.map((value) => ({ value, y: round(y(value)) })),
    xTicks,
    series: shapes,
    reference: reference === null ? null : { value: reference, y: round(y(reference)) },
  };
}

/**
 * Running totals of per-bucket counts: registrations per day become
 * registrations so far, which is what a capacity line compares with.
 */
export function cumulative(points: readonly LinePoint[]): LinePoint[] {
  let sum = 0;
  return [...points].sort((a, b) => a.x - b.x).map((p) => ({ x: p.x, y: (sum += p.y) }));
}

// ------------------------------------------------------------------ palette

/**
 * Series colours, each at least 4.5:1 against white (so also ≥ 3:1 for
 * WCAG 1.4.11's non-text contrast), told apart also by pattern and label,
 * never by colour alone.
 */
export const SERIES_COLOURS = ['#0a5c5a', '#7a4b00', '#5b3f8c', '#a3231b', '#3d3d3d'] as const;

/** A fill pattern per part of a stacked bar, so parts differ without colour. */
export const PART_PATTERNS = ['solid', 'stripes', 'dots', 'crosshatch', 'solid'] as const;
export type PartPattern = (typeof PART_PATTERNS)[number];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

export function partPattern(index: number): PartPattern {
  return PART_PATTERNS[index % PART_PATTERNS.length]!;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const channel = (offset: number) => {
    const c = parseInt(match[1]!.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** WCAG contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((p, q) => q - p);
  return (hi! + 0.05) / (lo! + 0.05);
}
