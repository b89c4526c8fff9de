import { describe, expect, it } from 'vitest';
import { eventIcs } from './event-ics.ts';
import { publicOrigin, registrationPaths } from './links.ts';

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

describe('links', () => {
  it('are built on SITE_URL, or on a loopback request, never on a forged Host', () => {
    const settings = { siteUrl: undefined, port: 4321, production: true };
    expect(publicOrigin({ ...settings, siteUrl: 'https://dag.example.dk/' }, new URL('http://evil.example/x'))).toBe(
      'https://dag.example.dk',
    );
    expect(publicOrigin(settings, new URL('http://127.0.0.1:5000/x'))).toBe('http://127.0.0.1:5000');
    expect(publicOrigin(settings, new URL('http://evil.example/x'))).toBe(null);
    expect(publicOrigin(settings)).toBe(null);
    expect(publicOrigin({ ...settings, production: false })).toBe('http://localhost:4321');
  });

  it('keep English under /en/', () => {
    expect(registrationPaths('en').register('dag-2027')).toBe('/en/dag-2027/tilmelding');
    expect(registrationPaths('da').signIn('/min-side')).toBe('/log-ind?next=%2Fmin-side');
    expect(registrationPaths('en').signOut()).toBe('/en/log-ud');
    expect(registrationPaths('da').myProgramme()).toBe('/min-side/program');
    expect(registrationPaths('en').mySolutions()).toBe('/en/min-side/losninger');
  });
});
