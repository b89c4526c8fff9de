// Reads an event's seats.json every ten seconds while the tab is visible, and
// at once when it becomes visible again, so seat counts follow bookings made
// through any server instance: they come from Postgres. Browser-only; shared
// by the SeatCount islands (live-seats.svelte.ts) and the programme page's
// script.

export interface SeatSnapshot {
  capacity: number;
  taken: number;
  left: number;
}

const POLL_MS = 10_000;

/** Starts polling `url`, handing each answer (by session id) to `onSeats`; returns a function that stops. */
export function pollSeats(url: string, onSeats: (seats: Record<string, SeatSnapshot>) => void): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const body = (await response.json()) as { sessions: ({ id: string } & SeatSnapshot)[] };
      const next: Record<string, SeatSnapshot> = {};
      for (const session of body.sessions) {
        next[session.id] = { capacity: session.capacity, taken: session.taken, left: session.left };
      }
      onSeats(next);
    } catch {
      // Offline for a moment: keep the last counts and try again on the next tick.
    }
  };

  const start = () => {
    if (timer === undefined && document.visibilityState === 'visible') {
      timer = setInterval(() => void poll(), POLL_MS);
    }
  };

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };

  const onVisibility = () => {
    if (document.visibilityState === 'visible') {
      void poll();
      start();
    } else stop();
  };

  document.addEventListener('visibilitychange', onVisibility);
  start();
  return () => {
    stop();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
