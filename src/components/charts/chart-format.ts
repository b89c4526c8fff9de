// How the charts write their numbers and x values, through the one set of
// Intl formatters (src/lib/i18n/format.ts) plus the two short forms a chart
// axis needs. Pure; shared by the chart components and their tables.
import { formatNumber, formatShortDate, formatTime, DEFAULT_TIME_ZONE } from '../../lib/i18n/format.ts';
import { INTL_LOCALE, type Lang } from '../../lib/i18n/locales.ts';

/** What a chart's values are: counts of people or emails, or per cent (0–100). */
export type ChartUnit = 'count' | 'percent';

/**
 * What a line chart's x values are. `day`: a calendar day already decided in
 * the event's time zone (by SQL), carried as UTC midnight and written in UTC
 * so it never shifts a day. `time`: an instant, written in the event's zone.
 */
export type ChartXKind = 'day' | 'time';

const percentFormats = new Map<Lang, Intl.NumberFormat>();
const dayFormats = new Map<Lang, Intl.DateTimeFormat>();

/** "1.200" / "1,200", or "85 %" / "85%". */
export function formatChartValue(lang: Lang, value: number, unit: ChartUnit = 'count'): string {
  if (unit === 'count') return formatNumber(lang, value);
  let format = percentFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(lang, format);
  }
  return format.format(value / 100);
}

/** An axis label: "3. dec." / "3 Dec" for a day, "09.15" / "09:15" for a moment. */
export function formatChartTick(lang: Lang, at: number, kind: ChartXKind, timeZone = DEFAULT_TIME_ZONE): string {
  if (kind === 'time') return formatTime(lang, new Date(at), timeZone);
  let format = dayFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[lang], { day: 'numeric', month: 'short', timeZone: 'UTC' });
    dayFormats.set(lang, format);
  }
  return format.format(new Date(at));
}

/** A table row's x: "3. december 2026" / "3 December 2026", or the moment's time. */
export function formatChartX(lang: Lang, at: number, kind: ChartXKind, timeZone = DEFAULT_TIME_ZONE): string {
  return kind === 'day' ? formatShortDate(lang, new Date(at), 'UTC') : formatTime(lang, new Date(at), timeZone);
}

/** A calendar day 'YYYY-MM-DD' as the chart's x (UTC midnight, see ChartXKind). */
export function dayToX(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}
