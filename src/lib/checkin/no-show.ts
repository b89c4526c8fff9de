// No-show release, the pure part: the organiser's setting and how the form's
// field is read. The release itself is private.release_no_shows
// (supabase/migrations/20261123200000_no_show_release.sql).
import type { Lang } from '../i18n/locales.ts';
import { t } from '../i18n/messages.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import { z } from 'zod';

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

/** The settings form: the event and its minutes field, read as parseNoShowMinutes does. */
export const noShowForm = z.object({
  event: z.uuid(),
  // A form without the field fails as a whole (not "empty = off"); a bad value at the field.
  minutes: z
    .string()
    .max(20, { error: 'checkinSettings.minutes.invalid' })
    .transform((raw, context) => {
      const parsed = parseNoShowMinutes(raw);
      if (parsed.ok) return parsed.minutes;
      context.addIssue({ code: 'custom', message: 'checkinSettings.minutes.invalid' });
      return z.NEVER;
    }),
});

/** A setting refused, as the action answers it. */
export type NoShowRefusal = Refused<'out_of_range' | 'not_authorised'>;

/** Every refusal of the no-show setting, with its status and words. */
export const NO_SHOW_REFUSALS: RefusalRules<NoShowRefusal> = {
  out_of_range: { status: 400, message: 'checkinSettings.minutes.invalid', field: 'minutes' },
  not_authorised: { status: 404, message: 'checkinSettings.badForm' },
};

/**
 * What My programme says about a booking released as a no-show. `minutes` is
 * the setting when the seat was released (kept on the booking, since the
 * organiser may change it since); without it the sentence leaves the number out.
 */
export function noShowReleasedText(lang: Lang, minutes: number | null): string {
  const tr = t(lang);
  return minutes === null ? tr('myProgramme.releasedNoMinutes') : tr('myProgramme.released', { count: minutes });
}
