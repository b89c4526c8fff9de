// Dates, times and money in the reader's language, always in the event's time
// zone (Europe/Copenhagen unless the event says otherwise), never the server's.
import { INTL_LOCALE, type Lang } from '../../i18n/locales.ts';

export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen';

function parts(lang: Lang, iso: string, timeZone: string) {
  const at = new Date(iso);
  const locale = INTL_LOCALE[lang];
  return {
    day: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone }).format(at),
    time: new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(at),
    dayKey: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      at,
    ),
  };
}

/** "fredag den 12. marts 2027 kl. 09.00" / "Friday, 12 March 2027 at 09:00". */
export function formatDateTime(lang: Lang, iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'full', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

/** "fredag den 12. marts 2027". */
export function formatDate(lang: Lang, iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  return parts(lang, iso, timeZone).day;
}

/**
 * A day with its opening hours, or a span of days: the pieces the dictionary's
 * `common.when*` sentences are filled with.
 */
export function eventWhenParts(
  lang: Lang,
  startsAt: string,
  endsAt: string,
  timeZone = DEFAULT_TIME_ZONE,
): { sameDay: true; date: string; start: string; end: string } | { sameDay: false; start: string; end: string } {
  const start = parts(lang, startsAt, timeZone);
  const end = parts(lang, endsAt, timeZone);
  if (start.dayKey === end.dayKey) return { sameDay: true, date: start.day, start: start.time, end: end.time };
  return {
    sameDay: false,
    start: formatDateTime(lang, startsAt, timeZone),
    end: formatDateTime(lang, endsAt, timeZone),
  };
}

/** Øre as Danish kroner: "1.250,00 kr." / "DKK 1,250.00". */
export function formatDkk(lang: Lang, ore: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency: 'DKK' }).format(ore / 100);
}
