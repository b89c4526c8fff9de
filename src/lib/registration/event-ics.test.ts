import { describe, expect, it } from 'vitest';
import { eventIcs } from './event-ics.ts';

describe('the event as .ics', () => {
  const ics = eventIcs(
    {
      uid: 'e1@samspil',
      name: 'Velfærdens Innovationsdag 2027; tema: Nærhed, nu',
      startsAt: new Date('2027-02-25T07:30:00Z'),
      endsAt: new Date('2027-02-25T15:30:00Z'),
      venue: 'Øksnehallen, Halmtorvet 11, 1700 København V – '.repeat(3),
      url: 'https://innovationsdag.example.dk/velfaerdens-innovationsdag-2027/',
    },
    new Date('2026-11-23T12:00:00Z'),
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
