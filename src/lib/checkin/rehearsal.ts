// Rehearsal at the door, the pure part: the console's switch. While it is on,
// scans are judged as practice and recorded nowhere (checkin.server.ts,
// 20261203130301_checkin_rehearsal.sql).
import { z } from 'zod';
import type { Refused, RefusalRules } from '../site/refusal.ts';

/** The switch's form: the event and whether rehearsal goes on or off. */
export const rehearsalForm = z.object({
  event: z.uuid(),
  rehearsal: z.enum(['on', 'off']).transform((value) => value === 'on'),
});

export type RehearsalRefusal = Refused<'event_started' | 'not_authorised'>;

/** Every refusal of the rehearsal switch, with its status and words (the page answers not_authorised with its 404). */
export const REHEARSAL_REFUSALS: RefusalRules<RehearsalRefusal> = {
  event_started: { status: 409, message: 'checkinRehearsal.started' },
  not_authorised: { status: 404, message: 'checkinSettings.badForm' },
};
