import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../mail/mail.ts';
import { afterFailure, backoffMs } from './queue.ts';

describe('backoffMs', () => {
  it('doubles from the base, capped, jittered between half and all of that', () => {
    const schedule = { baseMs: 1_000, capMs: 5_000 };
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, schedule, () => 1))).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(backoffMs(1, schedule, () => 0)).toBe(500);
    expect(backoffMs(0, schedule, () => 1)).toBe(1_000);
  });
});

describe('afterFailure', () => {
  it('retries a transient error while attempts remain, and gives up otherwise', () => {
    const delay = (attempts: number) => retryDelayMs(attempts, () => 1);
    expect(afterFailure({ attempts: 1, maxAttempts: 8, retryable: true }, delay)).toEqual({
      kind: 'retry',
      inMs: 30_000,
    });
    expect(afterFailure({ attempts: 8, maxAttempts: 8, retryable: true }, delay)).toEqual({ kind: 'dead' });
    expect(afterFailure({ attempts: 1, maxAttempts: 8, retryable: false }, delay)).toEqual({ kind: 'dead' });
  });
});
