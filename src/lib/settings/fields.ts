// The console settings forms' field rules, shared by the ticket, registration,
// booking and gallery forms: text with a length limit, whole numbers in a
// range, a price in kroner, and wall-clock times read in the event's zone.
// Every message is a dictionary key, so the action's input error (400) puts
// it at its field. Pure: no I/O.
import { z } from 'zod';
import { isWallClock } from '../i18n/wall-clock.ts';
import type { SettingsMessageKey } from '../i18n/dictionary/settings.ts';

type Key = SettingsMessageKey;

/** C0 controls and DEL: Postgres refuses NUL, and none belongs in a name. */
// eslint-disable-next-line no-control-regex
const LINE_CONTROLS = /[\u0000-\u001f\u007f]/;
/** Line breaks and tabs are fine in a description. */
// eslint-disable-next-line no-control-regex
const TEXT_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const clean = (value: string | null | undefined) => (value ?? '').normalize('NFC').trim();
const storable = (multiline: boolean) => (value: string) =>
  value.isWellFormed() && !(multiline ? TEXT_CONTROLS : LINE_CONTROLS).test(value);

/** A required one-line text of at most `max` characters. */
export function requiredText(max: 120 | 200) {
  return z
    .string()
    .nullish()
    .transform(clean)
    .pipe(
      z
        .string()
        .min(1, { error: 'settings.field.required' satisfies Key })
        .max(max, { error: `settings.field.max${max}` satisfies Key })
        .refine(storable(false), { error: 'settings.field.invalidCharacters' satisfies Key }),
    );
}

/** An optional text (empty → null) of at most `max` characters. */
export function optionalText(max: 120 | 200 | 2000 | 4000, multiline = false) {
  return z
    .string()
    .nullish()
    .transform(clean)
    .pipe(
      z
        .string()
        .max(max, { error: `settings.field.max${max}` satisfies Key })
        .refine(storable(multiline), { error: 'settings.field.invalidCharacters' satisfies Key }),
    )
    .transform((value) => (value === '' ? null : value));
}

function wholeNumberOf(min: number, max: number, optional: boolean) {
  return z
    .string()
    .nullish()
    .transform((raw, context): number | null => {
      const text = clean(raw).replace(/[\s.]/g, '');
      if (text === '') {
        if (optional) return null;
        context.addIssue({ code: 'custom', message: 'settings.field.required' satisfies Key });
        return z.NEVER;
      }
      const value = /^-?\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < min || value > max) {
        context.addIssue({ code: 'custom', message: 'settings.field.wholeNumber' satisfies Key });
        return z.NEVER;
      }
      return value;
    });
}

/** A whole number from `min` to `max` ("1.200" and "1 200" read as 1200). */
export function wholeNumber(min: number, max: number) {
  return wholeNumberOf(min, max, false).transform((value) => value!);
}

/** The same, or empty → null. */
export function optionalWholeNumber(min: number, max: number) {
  return wholeNumberOf(min, max, true);
}

/**
 * An amount in kroner as typed, to integer øre: "1250", "1.250", "1250,50",
 * "1 250,5", "1250.50". A comma is always the decimal sign (Danish first), a
 * dot is one too unless it groups thousands. At most two decimals — "12,345"
 * is refused rather than rounded, since a price must be exactly what was meant.
 */
export function parseKroner(raw: string): number | null {
  const text = raw
    .trim()
    .replace(/\s+/g, '')
    .replace(/(kr\.?|dkk)$/i, '');
  // Dots grouping thousands and a decimal comma ("1.250,50"), or plain digits with "," or "." before øre.
  const match = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(text) ?? /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const whole = match[1]!.replace(/\./g, '');
  const fraction = match[2] ?? '';
  const ore = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(ore) ? ore : null;
}

/** The price field: kroner incl. moms, 0 (free) to 100.000 kr. */
export const priceField = z
  .string()
  .nullish()
  .transform((raw, context) => {
    const ore = parseKroner(clean(raw));
    if (ore === null || ore > 10_000_000) {
      context.addIssue({ code: 'custom', message: 'settings.field.price' satisfies Key });
      return z.NEVER;
    }
    return ore;
  });

/** The moms in a price that includes it: 1.250 kr. at 25 % holds 250 kr. */
export function vatPartOre(priceOre: number, vatPercent: number): number {
  return Math.round((priceOre * vatPercent) / (100 + vatPercent));
}

/** An optional wall-clock time (empty → null), still unzoned: the use case reads it in the event's zone. */
export const wallClockField = z
  .string()
  .nullish()
  .transform((raw, context) => {
    const text = clean(raw);
    if (text === '') return null;
    // Some browsers post seconds; the console works in minutes.
    const minutes = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? text.slice(0, 16) : text;
    if (!isWallClock(minutes)) {
      context.addIssue({ code: 'custom', message: 'settings.field.dateTime' satisfies Key });
      return z.NEVER;
    }
    return minutes;
  });

/** Adds "must be after" at `laterField` when both times are set and out of order (wall clocks of one zone compare as text). */
export function inOrder<T extends Record<string, unknown>>(earlier: keyof T & string, later: keyof T & string) {
  return (value: T, context: z.RefinementCtx) => {
    const a = value[earlier];
    const b = value[later];
    if (typeof a === 'string' && typeof b === 'string' && b <= a) {
      context.addIssue({ code: 'custom', path: [later], message: 'settings.field.closeBeforeOpen' satisfies Key });
    }
  };
}

/** The version the form showed (concurrency.ts reads it); a form without one is not this form. */
export const versionField = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, { error: 'settings.badForm' satisfies Key })
  .transform(Number);

/** A checkbox: present means on. */
export const checkbox = z.boolean();
