// Door devices, the pure part: the organiser's forms (revoke a device, accept
// or discard a held scan) and the words for their refusals. The decisions
// are made in Postgres (supabase/migrations/20261203110600_checkin_devices.sql).
import { z } from 'zod';
import type { Refused, RefusalRules } from '../site/refusal.ts';

export const revokeDeviceForm = z.object({
  event: z.uuid(),
  device: z.uuid(),
});

export const decideHeldScanForm = z.object({
  event: z.uuid(),
  held: z.uuid(),
  decision: z.enum(['accept', 'discard']),
});

export type RevokeCode = 'revoked' | 'already_revoked' | 'not_found' | 'not_authorised';
export type DecideCode = 'accepted' | 'discarded' | 'already_decided' | 'not_found' | 'not_authorised';

export type DeviceRefusal = Refused<'already_revoked' | 'already_decided' | 'not_found' | 'not_authorised'>;

/** Every refusal on the devices page, with its status and words. */
export const DEVICE_REFUSALS: RefusalRules<DeviceRefusal> = {
  already_revoked: { status: 409, message: 'devices.refused.alreadyRevoked' },
  already_decided: { status: 409, message: 'devices.refused.alreadyDecided' },
  not_found: { status: 404, message: 'devices.refused.notFound' },
  not_authorised: { status: 404, message: 'devices.refused.notFound' },
};

/** Whether a device was seen recently enough to count as in use now. */
export const IN_USE_MINUTES = 15;

export function inUse(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() <= IN_USE_MINUTES * 60_000;
}
