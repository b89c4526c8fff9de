// Retention, the pure part: how long an event keeps its attendees' personal
// data after the day, and how the organiser's form is read. The anonymisation
// itself is private.anonymise_event (migration 20261203110001_retention.sql).
import { z } from 'zod';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import { CHANGED_ELSEWHERE } from '../console/concurrency.ts';

export const RETENTION_MONTHS_MIN = 1;
export const RETENTION_MONTHS_MAX = 120;
export const RETENTION_MONTHS_DEFAULT = 12;

/** The settings form: the event, the months, and the version of the event the form showed. */
export const retentionForm = z.object({
  event: z.uuid(),
  months: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, { error: 'privacy.months.invalid' })
    .transform(Number)
    .refine((months) => months >= RETENTION_MONTHS_MIN && months <= RETENTION_MONTHS_MAX, {
      error: 'privacy.months.invalid',
    }),
  version: z.coerce.number().int().positive(),
});

export type RetentionRefusal = Refused<'out_of_range' | 'changed_elsewhere' | 'not_authorised'>;

export const RETENTION_REFUSALS: RefusalRules<RetentionRefusal> = {
  out_of_range: { status: 400, message: 'privacy.months.invalid', field: 'months' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_authorised: { status: 404, message: 'privacy.badForm' },
};

/** Where an event stands: data kept until a day, or already anonymised. */
export type RetentionState =
  { kind: 'kept'; until: Date; months: number } | { kind: 'anonymised'; at: Date; months: number };

export function retentionState(row: { months: number; until: Date; anonymisedAt: Date | null }): RetentionState {
  return row.anonymisedAt
    ? { kind: 'anonymised', at: row.anonymisedAt, months: row.months }
    : { kind: 'kept', until: row.until, months: row.months };
}
