// What a draft day still lacks before it is worth publishing, from a few
// counts: the console start page lists these steps so an organiser who
// created a day from blank sees where to begin and what is missing (a day
// published without ticket types offers attendees nothing to register for).
// Pure: no I/O.

export interface SetupCounts {
  status: 'draft' | 'published' | 'archived';
  rooms: number;
  tracks: number;
  /** Sessions other than gallery rounds. */
  sessions: number;
  galleryRounds: number;
  ticketTypes: number;
  callOpensAt: Date | null;
  callClosesAt: Date | null;
}

export type SetupStepKey = 'rooms' | 'tracks' | 'sessions' | 'galleryRounds' | 'ticketTypes' | 'call';

export interface SetupStep {
  key: SetupStepKey;
  done: boolean;
  /** A day can do without it (no tracks, no gallery, no call for solutions). */
  optional: boolean;
  count: number;
}

/** The steps in the order an organiser usually takes them. */
export function setupSteps(counts: SetupCounts): SetupStep[] {
  const step = (key: SetupStepKey, count: number, optional: boolean): SetupStep => ({
    key,
    done: count > 0,
    optional,
    count,
  });
  return [
    step('rooms', counts.rooms, false),
    step('tracks', counts.tracks, true),
    step('sessions', counts.sessions, false),
    step('galleryRounds', counts.galleryRounds, true),
    step('ticketTypes', counts.ticketTypes, false),
    step('call', counts.callOpensAt ? 1 : 0, true),
  ];
}

/** Whether the start page shows the steps: only while the day is a draft. */
export function showsSetupSteps(counts: SetupCounts): boolean {
  return counts.status === 'draft';
}
