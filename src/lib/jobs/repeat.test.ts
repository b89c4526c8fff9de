import { describe, expect, it } from 'vitest';
import { repeatEvery, RUN_AGAIN } from './repeat.server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A round that takes `ms`, records when it ran and answers what `answer` returns. */
function recorder(ms: number, answer: () => unknown = () => undefined) {
  const started: number[] = [];
  return {
    started,
    run: async () => {
      started.push(performance.now());
      await sleep(ms);
      return answer();
    },
  };
}

describe('repeatEvery', () => {
  it('waits the interval after a round ends, and a kick runs a round at once', async () => {
    const rounds = recorder(5);
    const job = repeatEvery({ name: 'test', firstAfterMs: 60_000, intervalMs: 60_000, run: rounds.run, log: () => {} });
    await sleep(30);
    expect(rounds.started).toHaveLength(0);
    job.kick();
    await expect.poll(() => rounds.started.length).toBe(1);
    await job.stop();
  });

  it('runs one more round right after the current one when kicked during it, never two at once', async () => {
    const gates: (() => void)[] = [];
    let running = 0;
    let overlapped = false;
    const job = repeatEvery({
      name: 'test',
      firstAfterMs: 0,
      intervalMs: 60_000,
      log: () => {},
      run: async () => {
        running += 1;
        if (running > 1) overlapped = true;
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
      },
    });
    await expect.poll(() => gates.length).toBe(1);
    job.kick();
    job.kick();
    job.kick();
    gates[0]!();
    await expect.poll(() => gates.length).toBe(2);
    gates[1]!();
    await sleep(30);
    expect(gates).toHaveLength(2);
    expect(overlapped).toBe(false);
    await job.stop();
  });

  it('starts the next round at once after a full batch, and goes back to the interval after', async () => {
    let left = 3;
    const rounds = recorder(1, () => (--left > 0 ? RUN_AGAIN : undefined));
    const job = repeatEvery({ name: 'test', firstAfterMs: 0, intervalMs: 60_000, run: rounds.run, log: () => {} });
    await expect.poll(() => rounds.started.length).toBe(3);
    await sleep(30);
    expect(rounds.started).toHaveLength(3);
    await job.stop();
  });

  it('logs a failed round and tries again at the next one', async () => {
    const lines: string[] = [];
    let calls = 0;
    const job = repeatEvery({
      name: 'test jobs',
      firstAfterMs: 0,
      intervalMs: 10,
      log: (line) => lines.push(line),
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
      },
    });
    await expect.poll(() => calls).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toBe('test jobs failed, retrying: Error: database down');
    expect(calls).toBeGreaterThanOrEqual(2);
    await job.stop();
  });

  it('waits for the round in progress when stopped, and runs none after, kicked or not', async () => {
    let release = () => {};
    let calls = 0;
    const job = repeatEvery({
      name: 'test',
      firstAfterMs: 0,
      intervalMs: 5,
      log: () => {},
      run: () => {
        calls += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await expect.poll(() => calls).toBe(1);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    release();
    await stopping;
    job.kick();
    await sleep(30);
    expect(calls).toBe(1);
  });
});
