// What the check-in app's start page reads: the events the signed-in user may
// check people in at — the user's organiser and check-in staff roles
// (src/lib/auth/my-roles.server.ts, read under their own claims). One event's
// page finds it through the organiser page loader (console/organiser-page.server.ts).
import { listMyEventRoles } from '../auth/my-roles.server.ts';
import type { Claims, Sql } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';

export interface CheckinEvent {
  id: string;
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  /** Organisers also undo check-ins and see the dashboard. */
  role: 'organiser' | 'checkin_staff';
}

/** The user's check-in events, those not yet over first; nothing for anon. */
export async function listCheckinEvents(claims: Claims, lang: Lang, db?: Sql): Promise<CheckinEvent[]> {
  const roles = await listMyEventRoles(claims, lang, db);
  return roles
    .filter((event) => event.organiser || event.checkinStaff)
    .map((event) => ({
      id: event.id,
      slug: event.slug,
      name: event.name,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      role: event.organiser ? 'organiser' : 'checkin_staff',
    }));
}
