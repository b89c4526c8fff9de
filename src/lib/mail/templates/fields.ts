// Field schemas the templates share. Links must be http(s): a `javascript:`
// URL in an email button is never legitimate.
import { z } from 'zod';

export const link = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
export const instant = z.iso.datetime({ offset: true });
/** Zones Intl accepted (the runtime's zone data does not change while it runs). */
const knownZones = new Set<string>();

export const timeZone = z
  .string()
  .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/)
  .refine((zone) => {
    // A formatter costs a millisecond or two to build; a confirmation rush checks the same zone a thousand times.
    if (knownZones.has(zone)) return true;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      knownZones.add(zone);
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone')
  .default('Europe/Copenhagen');
export const name = z.string().trim().min(1).max(200);
export const reference = z.string().trim().min(1).max(64);
export const ore = z.int().min(0).max(100_000_000);
export const base64 = z.base64().max(2_000_000);
