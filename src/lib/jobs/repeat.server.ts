// The one loop behind every server process's background jobs (the job
// queue's workers, registration, booking, check-in): a round runs, and the
// next starts `intervalMs` after it ended, or at once after a kick or a full
// batch, so rounds never overlap in one process (several processes may run
// the same job; its SQL takes rows with `skip locked`). A failed round is
// logged and the next one tries again. Timers are unref'd: they never keep a
// process alive, and `stop()` waits for a round in progress.

export interface RepeatingJob {
  /** Runs a round now, or right after the one in progress; a no-op once stopped. */
  kick(): void;
  stop(): Promise<void>;
}

export const STOPPED: RepeatingJob = { kick() {}, stop: async () => {} };

/** A round that returns this found a full batch: the next round starts at once. */
export const RUN_AGAIN = Symbol('run again');

export function repeatEvery(options: {
  /** For the log line when a round fails ("booking jobs"). */
  name: string;
  firstAfterMs: number;
  intervalMs: number;
  run: () => Promise<unknown>;
  log: (line: string) => void;
}): RepeatingJob {
  let stopped = false;
  let running = false;
  let again = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(tick, ms).unref();
  };
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    current = options
      .run()
      .then((result) => {
        if (result === RUN_AGAIN) again = true;
      })
      .catch((error: unknown) => options.log(`${options.name} failed, retrying: ${String(error)}`))
      .finally(() => {
        running = false;
        if (stopped) return;
        schedule(again ? 0 : options.intervalMs);
        again = false;
      });
  };
  schedule(options.firstAfterMs);
  return {
    kick: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
