// Wall-clock times in an event's time zone, as a form's
// <input type="datetime-local"> shows and posts them ("2027-02-25T09:30").
// The browser's input has no time zone, so the server reads it in the
// event's zone: an organiser in Copenhagen and one abroad mean the same
// moment. Pure, on Intl alone.

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Is this the shape a datetime-local input posts (minutes precision)? */
export function isWallClock(value: string): boolean {
  return WALL_CLOCK.test(value);
}

function zoneParts(date: Date, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** The moment as the zone's wall clock, for an input's value ("2027-02-25T09:30"). */
export function toWallClock(date: Date, timeZone: string): string {
  const [year, month, day, hour, minute] = zoneParts(date, timeZone);
  const pad = (value: number | undefined, size = 2) => String(value).padStart(size, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

/**
 * The moment a wall-clock time names in the zone, or null for text that is no
 * such time (a wrong shape, 31 February, or an hour that the spring change to
 * summer time skips). An hour that occurs twice in autumn is its first
 * occurrence.
 */
export function fromWallClock(value: string, timeZone: string): Date | null {
  const match = WALL_CLOCK.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset a few hours either side; one of them makes the wall clock match.
  for (const probe of [asUtc - 14 * 3_600_000, asUtc, asUtc + 14 * 3_600_000].map((ms) => new Date(ms))) {
    const [y, mo, d, h, mi] = zoneParts(probe, timeZone);
    const offset = Date.UTC(y!, mo! - 1, d!, h!, mi!) - probe.getTime();
    const candidate = new Date(asUtc - offset);
    if (toWallClock(candidate, timeZone) === value) return candidate;
  }
  return null;
}
