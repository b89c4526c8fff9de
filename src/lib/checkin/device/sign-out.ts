// Signing out from the site's own sign-out page on a phone that has been a
// door device: the attendee list must not outlive the session. Sends any
// waiting scans of each event first (while still signed in), then removes
// every pack, setting and scan — or, when scans still wait (no connection),
// removes nothing so the caller can hold the sign-out and say why. A browser
// that never ran the check-in app has no database and is left alone.
// Browser only.
import { forgetEverything, pendingEvents } from './store.ts';
import { syncQueue } from './sync.ts';

const DB_NAME = 'samspil-checkin';

async function hasCheckinData(): Promise<boolean> {
  // Without databases() (older browsers) opening creates an empty database: harmless.
  if (typeof indexedDB.databases !== 'function') return true;
  return (await indexedDB.databases()).some((database) => database.name === DB_NAME);
}

export async function clearCheckinDataForSignOut(): Promise<{ ok: true } | { ok: false; pending: number }> {
  if (!(await hasCheckinData())) return { ok: true };
  for (const eventId of await pendingEvents()) {
    if (navigator.onLine) await syncQueue(eventId);
  }
  return forgetEverything();
}
