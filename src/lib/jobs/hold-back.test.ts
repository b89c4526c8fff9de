import { describe, expect, it } from 'vitest';
import { CONFIRMATION_HOLD_BACK, holdBackDelay } from './hold-back.ts';

const rule = { quietMs: 250, maxWaitMs: 4_000 };

describe('holding work back while a rush goes on', () => {
  it('runs a single kick after the quiet period', () => {
    expect(holdBackDelay(rule, 1_000, 1_000)).toBe(250);
  });

  it('waits again for a pause while kicks keep coming', () => {
    expect(holdBackDelay(rule, 1_000, 1_003)).toBe(250);
    expect(holdBackDelay(rule, 1_000, 3_500)).toBe(250);
  });

  it('never lets the oldest waiting kick wait past the bound', () => {
    expect(holdBackDelay(rule, 1_000, 4_900)).toBe(100);
    expect(holdBackDelay(rule, 1_000, 5_000)).toBe(0);
    expect(holdBackDelay(rule, 1_000, 7_000)).toBe(0);
  });

  it('holds confirmations back far less than the 10 s an attendee may wait for their ticket', () => {
    expect(CONFIRMATION_HOLD_BACK.maxWaitMs + CONFIRMATION_HOLD_BACK.quietMs).toBeLessThan(10_000);
  });
});
