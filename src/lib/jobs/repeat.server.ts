// The one loop behind every server process's background jobs (registration,
// booking, check-in): a round runs, and the next starts `intervalMs` after it
// ended, so rounds never overlap in one process (several processes may run
// the same job; its SQL takes rows with `skip locked`). A failed round is
// logged and the next one tries again. Timers are unref'd: they never keep a
// process alive, and `stop()` waits for a round in progress.

export interface RepeatingJob {
  stop(): Promise<void>;
}

export const STOPPED: RepeatingJob = { stop: async () => {} };

export function repeatEvery(options: {
  /** For the log line when a round fails ("booking jobs"). */
  name: string;
  firstAfterMs: number;
  intervalMs: number;
  run: () => Promise<unknown>;
  log: (line: string) => void;
}): RepeatingJob {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = options
      .run()
      .catch((error: unknown) => options.log(`${options.name} failed, retrying: ${String(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs).unref();
      });
  };
  let timer = setTimeout(tick, options.firstAfterMs).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
