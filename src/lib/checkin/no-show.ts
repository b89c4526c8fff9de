// No-show release, the pure part: the organiser's setting and how the form's
// field is read. The release itself is private.release_no_shows
// (supabase/migrations/20261123200000_no_show_release.sql).
import type { Lang } from '../i18n/locales.ts';
import { t } from '../i18n/messages.ts';

export const NO_SHOW_MINUTES_MIN = 1;
export const NO_SHOW_MINUTES_MAX = 120;

export type NoShowMinutesParse = { ok: true; minutes: number | null } | { ok: false; raw: string };

/**
 * The form's minutes field: empty means off; otherwise a whole number of
 * minutes from 1 to 120. Anything else is refused with what was typed, so the
 * form can show it again next to the message.
 */
export function parseNoShowMinutes(value: FormDataEntryValue | null): NoShowMinutesParse {
  const raw = typeof value === 'string' ? value.trim() : '';
  if (raw === '') return { ok: true, minutes: null };
  if (!/^\d{1,3}$/.test(raw)) return { ok: false, raw: raw.slice(0, 20) };
  const minutes = Number(raw);
  if (minutes < NO_SHOW_MINUTES_MIN || minutes > NO_SHOW_MINUTES_MAX) return { ok: false, raw };
  return { ok: true, minutes };
}

/**
 * What My programme says about a booking released as a no-show. `minutes` is
 * the setting when the seat was released (kept on the booking, since the
 * organiser may change it since); without it the sentence leaves the number out.
 */
export function noShowReleasedText(lang: Lang, minutes: number | null): string {
  const tr = t(lang);
  return minutes === null ? tr('myProgramme.releasedNoMinutes') : tr('myProgramme.released', { count: minutes });
}
