// When work a rush causes should run (#16): not while the rush's requests
// keep coming, within a bound. Each kick (a registration's commit) restarts a
// short quiet period; the work runs when the kicks pause for that long, or
// when the oldest waiting kick has waited the longest it may. A single kick
// runs after the quiet period.

export interface HoldBack {
  /** Kicks that pause this long: the rush (if any) has paused; run. */
  quietMs: number;
  /** The oldest waiting kick never waits longer than this. */
  maxWaitMs: number;
}

/**
 * Order confirmations: a quarter of a second after the last registration, at
 * most 4 s after the first waiting one — well inside the 10 s an attendee may
 * wait for their ticket, and longer than a rush of 1,000 registrations lasts.
 */
export const CONFIRMATION_HOLD_BACK: HoldBack = { quietMs: 250, maxWaitMs: 4_000 };

/** Milliseconds from `now` until the work runs, the oldest waiting kick having come at `since`. */
export function holdBackDelay(rule: HoldBack, since: number, now: number): number {
  return Math.max(0, Math.min(rule.quietMs, since + rule.maxWaitMs - now));
}
