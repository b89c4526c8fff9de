// One poller per page for the seat counts of an event, shared by every
// SeatCount island on it (islands on a page share this module). It reads the
// event's seats.json every ten seconds while the tab is visible, so counts
// follow bookings made through any server instance: they come from Postgres.

export interface SeatSnapshot {
  capacity: number;
  taken: number;
  left: number;
}

const POLL_MS = 10_000;

class LiveSeats {
  #seats = $state<Record<string, SeatSnapshot>>({});
  #timer: ReturnType<typeof setInterval> | undefined;
  #url = '';
  #watchers = 0;

  of(sessionId: string): SeatSnapshot | undefined {
    return this.#seats[sessionId];
  }

  /** Starts polling `url` (once per page); returns a function that stops this watcher. */
  watch(url: string): () => void {
    this.#watchers += 1;
    if (this.#watchers === 1) {
      this.#url = url;
      document.addEventListener('visibilitychange', this.#onVisibility);
      this.#start();
    }
    return () => {
      this.#watchers -= 1;
      if (this.#watchers === 0) {
        this.#stop();
        document.removeEventListener('visibilitychange', this.#onVisibility);
      }
    };
  }

  #onVisibility = () => {
    if (document.visibilityState === 'visible') {
      void this.#poll();
      this.#start();
    } else this.#stop();
  };

  #start() {
    if (this.#timer === undefined && document.visibilityState === 'visible') {
      this.#timer = setInterval(() => void this.#poll(), POLL_MS);
    }
  }

  #stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #poll() {
    try {
      const response = await fetch(this.#url, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const body = (await response.json()) as { sessions: ({ id: string } & SeatSnapshot)[] };
      const next: Record<string, SeatSnapshot> = {};
      for (const session of body.sessions) {
        next[session.id] = { capacity: session.capacity, taken: session.taken, left: session.left };
      }
      this.#seats = next;
    } catch {
      // Offline for a moment: keep the last counts and try again on the next tick.
    }
  }
}

export const liveSeats = new LiveSeats();
