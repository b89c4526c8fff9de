// The calendar builder, read back by an independent parser (node-ical): times
// land on the right instant on both sides of a daylight-saving change, UIDs
// are per session, and cancelled entries say so.
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { buildCalendar, type CalendarEntry, eventUid, icsFileName, sessionUid } from './calendar.ts';

function copenhagen(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

function parse(ics: string): VEvent[] {
  return Object.values(ical.sync.parseICS(ics)).filter((item): item is VEvent => item?.type === 'VEVENT');
}

const entry = (overrides: Partial<CalendarEntry>): CalendarEntry => ({
  uid: sessionUid('11111111-1111-4111-8111-111111111111'),
  title: 'Gallerirunde 1: Nærhed, tillid; samskabelse',
  startsAt: new Date('2027-01-14T08:00:00Z'),
  endsAt: new Date('2027-01-14T09:00:00Z'),
  sequence: 1,
  ...overrides,
});

describe('the calendar builder', () => {
  it('places a winter session at its Copenhagen time (CET, UTC+1)', () => {
    const [event] = parse(buildCalendar([entry({})], { name: 'Mit program' }));
    expect(event!.start.toISOString()).toBe('2027-01-14T08:00:00.000Z');
    expect(copenhagen(event!.start)).toBe('2027-01-14 09:00');
    expect(copenhagen(event!.end!)).toBe('2027-01-14 10:00');
  });

  it('keeps a session across the spring-forward night of 28 March 2027 one real hour long', () => {
    // 01:30 CET to 03:30 CEST: the clocks jump from 02:00 to 03:00 in between.
    const [event] = parse(
      buildCalendar([entry({ startsAt: new Date('2027-03-28T00:30:00Z'), endsAt: new Date('2027-03-28T01:30:00Z') })], {
        name: 'Mit program',
      }),
    );
    expect(copenhagen(event!.start)).toBe('2027-03-28 01:30');
    expect(copenhagen(event!.end!)).toBe('2027-03-28 03:30');
    expect(event!.end!.getTime() - event!.start.getTime()).toBe(3600_000);
  });

  it('places a session on the first summer-time morning at its CEST time (UTC+2)', () => {
    const [event] = parse(
      buildCalendar([entry({ startsAt: new Date('2027-03-28T07:00:00Z'), endsAt: new Date('2027-03-28T08:00:00Z') })], {
        name: 'Mit program',
      }),
    );
    expect(copenhagen(event!.start)).toBe('2027-03-28 09:00');
  });

  it('writes stable UIDs, the sequence, the status and escaped text', () => {
    const ics = buildCalendar(
      [entry({ sequence: 42, cancelled: true, location: 'Sal A, Øksnehallen', url: 'https://example.org/s' })],
      { name: 'Mit program' },
    );
    const [event] = parse(ics);
    expect(event!.uid).toBe(sessionUid('11111111-1111-4111-8111-111111111111'));
    expect(Number(event!.sequence)).toBe(42);
    expect(event!.status).toBe('CANCELLED');
    expect(String(event!.summary)).toBe('Gallerirunde 1: Nærhed, tillid; samskabelse');
    expect(String(event!.location)).toBe('Sal A, Øksnehallen');
  });

  it('builds an empty calendar when nothing is booked', () => {
    expect(parse(buildCalendar([], { name: 'Mit program' }))).toEqual([]);
  });

  it('names files with ASCII only', () => {
    expect(icsFileName('Gallerirunde – Nærhed på Ærø, Åbenrå')).toBe('Gallerirunde-Naerhed-pa-Aeroe-Abenra.ics');
  });
});

describe('the event as .ics (attached to an order confirmation)', () => {
  const ics = buildCalendar(
    [
      {
        uid: eventUid('e1'),
        title: 'Velfærdens Innovationsdag 2027; tema: Nærhed, nu',
        startsAt: new Date('2027-02-25T07:30:00Z'),
        endsAt: new Date('2027-02-25T15:30:00Z'),
        location: 'Øksnehallen, Halmtorvet 11, 1700 København V – '.repeat(3),
        url: 'https://innovationsdag.example.dk/velfaerdens-innovationsdag-2027/',
        sequence: 0,
      },
    ],
    { name: 'Velfærdens Innovationsdag 2027' },
  );

  it('is one VEVENT in UTC with escaped text', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('DTSTART:20270225T073000Z\r\n');
    expect(ics).toContain('DTEND:20270225T153000Z\r\n');
    expect(ics).toContain('SUMMARY:Velfærdens Innovationsdag 2027\\; tema: Nærhed\\, nu\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('folds lines at 75 octets without splitting a character', () => {
    for (const line of ics.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('LOCATION:Øksnehallen\\, Halmtorvet 11');
  });
});
