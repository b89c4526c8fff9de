// The demo event's day as this run's server has it. The seed moves the demo on
// by whole weeks so that its day lies ahead on any date (supabase/seed.sql):
// tests read the day that global-setup.ts found instead of assuming 25 February 2027.

/** When the demo day begins (08:30 in Copenhagen, on a Thursday). */
export function demoStartsAt(): Date {
  const iso = process.env.E2E_DEMO_STARTS_AT;
  if (!iso) throw new Error('E2E_DEMO_STARTS_AT is not set: run through `npx playwright test`.');
  return new Date(iso);
}

/** The demo day's date without the weekday, as the pages write it: "25. februar 2027", "25 February 2027". */
export function demoDate(locale: 'da-DK' | 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Copenhagen',
  }).format(demoStartsAt());
}

/** `text` for use inside a regular expression. */
export function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
