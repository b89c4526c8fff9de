import { afterEach, describe, expect, it } from 'vitest';
import { forwardKick, isKick, type Kick, setKickForwarder } from './kicks.ts';

afterEach(() => setKickForwarder(null));

describe('kicks', () => {
  it('run where they are made while no process forwards them', () => {
    expect(forwardKick({ job: 'outbox' })).toBe(false);
  });

  it('go to the forwarder once one is set, and stop when it is cleared', () => {
    const forwarded: Kick[] = [];
    setKickForwarder((kick) => forwarded.push(kick));
    expect(forwardKick({ job: 'confirmations', origin: 'https://example.org' })).toBe(true);
    setKickForwarder(null);
    expect(forwardKick({ job: 'outbox' })).toBe(false);
    expect(forwarded).toEqual([{ job: 'confirmations', origin: 'https://example.org' }]);
  });

  it('are told from other messages over IPC', () => {
    expect(isKick({ job: 'outbox' })).toBe(true);
    expect(isKick({ job: 'confirmations', origin: 'https://example.org' })).toBe(true);
    expect(isKick({ job: 'confirmations' })).toBe(false);
    expect(isKick({ job: 'refunds' })).toBe(false);
    expect(isKick({ listening: 4321 })).toBe(false);
    expect(isKick(null)).toBe(false);
    expect(isKick('outbox')).toBe(false);
  });
});
