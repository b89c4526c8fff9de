// The link a public page shows a stored picture with (an event's image, a
// speaker's photo). Only for a key the page read from a row its visitor may
// read; the link expires well after any cached copy of the page.
import type { ObjectStore } from './port.ts';
import { objectStore, signedUrl } from './storage.server.ts';

/** How long a public picture's link lives: pages that show it are cached far shorter. */
export const IMAGE_LINK_SECONDS = 6 * 3600;

export function imageLink(key: string, store: ObjectStore = objectStore()): Promise<string> {
  return signedUrl(key, { expiresInSeconds: IMAGE_LINK_SECONDS }, store);
}
