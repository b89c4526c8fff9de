// One poller per page for the seat counts of an event, shared by every
// SeatCount island on it (islands on a page share this module). The polling
// itself is seat-poller.ts; this keeps its answers in reactive state.
import { pollSeats, type SeatSnapshot } from '../../lib/booking/seat-poller.ts';

class LiveSeats {
  #seats = $state<Record<string, SeatSnapshot>>({});
  #stop: (() => void) | undefined;
  #watchers = 0;

  of(sessionId: string): SeatSnapshot | undefined {
    return this.#seats[sessionId];
  }

  /** Starts polling `url` (once per page); returns a function that stops this watcher. */
  watch(url: string): () => void {
    this.#watchers += 1;
    if (this.#watchers === 1) {
      this.#stop = pollSeats(url, (seats) => {
        this.#seats = seats;
      });
    }
    return () => {
      this.#watchers -= 1;
      if (this.#watchers === 0) {
        this.#stop?.();
        this.#stop = undefined;
      }
    };
  }
}

export const liveSeats = new LiveSeats();
