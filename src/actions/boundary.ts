// What every action does at its edge, written once.
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { isSignedIn, type SignedIn } from '../lib/db/db.server.ts';

/** The caller's claims when signed in; otherwise the action answers 401 before doing anything. */
export function requireSignedIn(context: Pick<ActionAPIContext, 'locals'>): SignedIn {
  const { claims } = context.locals;
  if (!isSignedIn(claims)) throw new ActionError({ code: 'UNAUTHORIZED', message: 'sign_in_required' });
  return claims;
}
