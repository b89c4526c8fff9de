// Optimistic concurrency for the organiser console. Every editable row has a
// `version` (migration 20261203110000_console_foundation.sql) that rises when
// an editable column changes. A form carries the version it showed; the write
// is `update … where id = $1 and version = $2`; when no row matches but the
// row still exists, someone else saved first and the second organiser is told
// so — never silently overwritten. Pure: no I/O.
import type { Refused, RefusalWords } from '../site/refusal.ts';

export type ChangedElsewhere = Refused<'changed_elsewhere'>;

/** The refusal rule every console feature's table includes under `changed_elsewhere`. */
export const CHANGED_ELSEWHERE: RefusalWords = { status: 409, message: 'console.changedElsewhere' };

/** The form field that carries the version a form showed. */
export const VERSION_FIELD = 'version';

/**
 * Reads the version a form posted: a positive whole number, or undefined
 * (a form without one is invalid input, not a conflict).
 */
export function parseVersion(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const version = Number(text);
  return Number.isSafeInteger(version) && version <= 2_147_483_647 ? version : undefined;
}
