// Dates, times, numbers and money for da-DK / en-GB, always in the event's
// time zone (the server's own zone must never leak into a programme). The one
// place that formats them: pages, islands and email templates all call these,
// so the web and an email show a date or an amount the same way.
import { INTL_LOCALE, type Lang } from './locales.ts';

export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen';

// Building an Intl formatter is far costlier than using one; a programme page formats hundreds of times.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[lang], { ...options, timeZone });
    dateTimeFormats.set(key, format);
  }
  return format;
}

const LONG_DATE: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const SHORT_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "torsdag den 4. marts 2027" / "Thursday, 4 March 2027" */
export function formatDate(lang: Lang, date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(lang, timeZone, LONG_DATE).format(date);
}

/** "4. marts 2027" / "4 March 2027" */
export function formatShortDate(lang: Lang, date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(lang, timeZone, SHORT_DATE).format(date);
}

/** "09.00" / "09:00" */
export function formatTime(lang: Lang, date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(lang, timeZone, TIME).format(date);
}

/** "18. februar 2027 kl. 23.59" / "18 February 2027 at 23:59": a deadline or a moment on a page. */
export function formatDateTime(lang: Lang, date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return `${formatShortDate(lang, date, timeZone)} ${lang === 'da' ? 'kl.' : 'at'} ${formatTime(lang, date, timeZone)}`;
}

/** "fredag den 12. marts 2027 kl. 09.00" / "Friday, 12 March 2027 at 09:00": with the weekday, as emails write it. */
export function formatFullDateTime(lang: Lang, date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(lang, timeZone, { ...LONG_DATE, ...TIME }).format(date);
}

/** "09.00.05" / "09:00:05": a live clock, to the second. */
export function formatClock(lang: Lang, date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(lang, timeZone, { ...TIME, second: '2-digit' }).format(date);
}

/** "3. dec. 2026 10.15.02": when something happened, to the second (the dev mailbox). */
export function formatTimestamp(lang: Lang, date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(lang, timeZone, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

// formatRange is far slower than format (ICU builds an interval formatter on
// every call): a fifth of the programme page's CPU time went to it. An event
// has few distinct start/end pairs, so the ranges are remembered, up to a bound.
const timeRanges = new Map<string, string>();
const TIME_RANGES_MAX = 10_000;

/** "09.00–10.30" / "09:00–10:30" */
export function formatTimeRange(lang: Lang, start: Date, end: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const key = `${lang}|${timeZone}|${start.getTime()}|${end.getTime()}`;
  let range = timeRanges.get(key);
  if (range === undefined) {
    range = dateTimeFormat(lang, timeZone, TIME).formatRange(start, end);
    if (timeRanges.size >= TIME_RANGES_MAX) timeRanges.clear();
    timeRanges.set(key, range);
  }
  return range;
}

/** The date and the time range of a one-day event; both dates when it spans several days. */
export function formatEventWhen(lang: Lang, start: Date, end: Date, timeZone = DEFAULT_TIME_ZONE): string {
  if (formatShortDate(lang, start, timeZone) === formatShortDate(lang, end, timeZone)) {
    return `${formatDate(lang, start, timeZone)}, ${formatTimeRange(lang, start, end, timeZone)}`;
  }
  return dateTimeFormat(lang, timeZone, { ...SHORT_DATE, ...TIME }).formatRange(start, end);
}

/**
 * A day with its opening hours, or a span of days: the pieces the dictionary's
 * `common.when*` sentences (in emails) are filled with.
 */
export function eventWhenParts(
  lang: Lang,
  start: Date,
  end: Date,
  timeZone = DEFAULT_TIME_ZONE,
): { sameDay: true; date: string; start: string; end: string } | { sameDay: false; start: string; end: string } {
  if (formatShortDate(lang, start, timeZone) === formatShortDate(lang, end, timeZone)) {
    return {
      sameDay: true,
      date: formatDate(lang, start, timeZone),
      start: formatTime(lang, start, timeZone),
      end: formatTime(lang, end, timeZone),
    };
  }
  return {
    sameDay: false,
    start: formatFullDateTime(lang, start, timeZone),
    end: formatFullDateTime(lang, end, timeZone),
  };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], options);
    numberFormats.set(key, format);
  }
  return format;
}

/** "1.200" / "1,200" */
export function formatNumber(lang: Lang, value: number): string {
  return numberFormat(lang, {}).format(value);
}

/**
 * Money is integer øre. Whole kroner are shown without decimals:
 * "1.250 kr." / "DKK 1,250"; otherwise "1.250,50 kr." / "DKK 1,250.50".
 */
export function formatDkk(lang: Lang, ore: number): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`DKK amounts are integer øre, got ${ore}`);
  const digits = ore % 100 === 0 ? 0 : 2;
  return numberFormat(lang, {
    style: 'currency',
    currency: 'DKK',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ore / 100);
}
