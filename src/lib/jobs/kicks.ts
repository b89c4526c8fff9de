// Kicks: "work is due now" after a commit (a registration's confirmation, an
// email in the outbox). The server runs its background jobs in a process of
// their own, at a lower CPU priority than the requests (scripts/jobs-process.ts):
// a process serving requests hands its kicks over to that one. Without a
// forwarder (tests that call the jobs in-process, `astro dev`) a kick runs
// where it was made. Correctness never depends on a kick: the jobs poll.

export type Kick = { job: 'confirmations'; origin: string } | { job: 'outbox' };

export type KickForwarder = (kick: Kick) => void;

// Pages are bundled into dist/ and load their own copy of this module, apart
// from the one scripts/serve.ts sets the forwarder in; a global lets theirs
// find it all the same.
const FORWARDER = Symbol.for('samspil.kickForwarder');
type Scope = typeof globalThis & { [FORWARDER]?: KickForwarder | undefined };

/** Sets (or with null, clears) where this process's kicks go. */
export function setKickForwarder(forward: KickForwarder | null): void {
  (globalThis as Scope)[FORWARDER] = forward ?? undefined;
}

/** Hands a kick to the jobs process; false when this process runs its jobs itself. */
export function forwardKick(kick: Kick): boolean {
  const forward = (globalThis as Scope)[FORWARDER];
  if (!forward) return false;
  forward(kick);
  return true;
}

/** Whether a message (over IPC) is a kick. */
export function isKick(message: unknown): message is Kick {
  if (typeof message !== 'object' || message === null) return false;
  const { job, origin } = message as { job?: unknown; origin?: unknown };
  return job === 'outbox' || (job === 'confirmations' && typeof origin === 'string');
}
