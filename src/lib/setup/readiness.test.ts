import { describe, expect, it } from 'vitest';
import { type SetupCounts, setupSteps, showsSetupSteps } from './readiness.ts';

const blank: SetupCounts = {
  status: 'draft',
  rooms: 0,
  tracks: 0,
  sessions: 0,
  galleryRounds: 0,
  ticketTypes: 0,
  callOpensAt: null,
  callClosesAt: null,
};

describe('setupSteps', () => {
  it('lists every step as missing on a day created from blank, in the order they are usually taken', () => {
    const steps = setupSteps(blank);
    expect(steps.map((step) => step.key)).toEqual([
      'rooms',
      'tracks',
      'sessions',
      'galleryRounds',
      'ticketTypes',
      'call',
    ]);
    expect(steps.every((step) => !step.done)).toBe(true);
  });

  it('marks what a day cannot do without: rooms, sessions and ticket types', () => {
    const required = setupSteps(blank)
      .filter((step) => !step.optional)
      .map((step) => step.key);
    expect(required).toEqual(['rooms', 'sessions', 'ticketTypes']);
  });

  it('counts what is there and calls the call for solutions done once it has dates', () => {
    const steps = setupSteps({
      ...blank,
      rooms: 10,
      tracks: 4,
      sessions: 20,
      galleryRounds: 15,
      ticketTypes: 2,
      callOpensAt: new Date('2027-01-01T08:00:00Z'),
      callClosesAt: new Date('2027-02-01T08:00:00Z'),
    });
    expect(steps.map((step) => [step.key, step.count, step.done])).toEqual([
      ['rooms', 10, true],
      ['tracks', 4, true],
      ['sessions', 20, true],
      ['galleryRounds', 15, true],
      ['ticketTypes', 2, true],
      ['call', 1, true],
    ]);
  });
});

describe('showsSetupSteps', () => {
  it('shows the steps only while the day is a draft', () => {
    expect(showsSetupSteps(blank)).toBe(true);
    expect(showsSetupSteps({ ...blank, status: 'published' })).toBe(false);
    expect(showsSetupSteps({ ...blank, status: 'archived' })).toBe(false);
  });
});
