import { describe, expect, it } from 'vitest';
import { eventStats, orderForHome, toEventView, type EventRow } from './events.ts';

const row: EventRow = {
  id: 'e1',
  slug: 'dag-2027',
  name: 'Velfærdens Innovationsdag 2027',
  name_en: 'Welfare Innovation Day 2027',
  theme: 'Nærhed',
  theme_en: 'Proximity',
  tagline: 'Tæt på',
  tagline_en: null,
  description: 'Om dagen',
  description_en: '',
  starts_at: new Date('2027-02-25T07:30:00Z'),
  ends_at: new Date('2027-02-25T15:30:00Z'),
  timezone: 'Europe/Copenhagen',
  venue_name: 'Øksnehallen',
  venue_address: 'Halmtorvet 11',
  organiser_name: 'Foreningen',
  contact_email: 'kontakt@example.dk',
  expected_attendees: 1200,
  accessibility_statement_url: '/tilgaengelighed',
  status: 'published',
};

describe('toEventView', () => {
  it('shows the Danish texts in Danish', () => {
    const view = toEventView(row, 'da');
    expect([view.name, view.theme, view.tagline, view.description]).toEqual([
      'Velfærdens Innovationsdag 2027',
      'Nærhed',
      'Tæt på',
      'Om dagen',
    ]);
  });

  it('shows the English texts in English, falling back to Danish where missing or blank', () => {
    const view = toEventView(row, 'en');
    expect([view.name, view.theme, view.tagline, view.description]).toEqual([
      'Welfare Innovation Day 2027',
      'Proximity',
      'Tæt på',
      'Om dagen',
    ]);
    expect(view.timeZone).toBe('Europe/Copenhagen');
    expect(view.accessibilityStatementUrl).toBe('/tilgaengelighed');
  });
});

describe('orderForHome', () => {
  const event = (name: string, starts: string, ends: string) => ({
    name,
    startsAt: new Date(starts),
    endsAt: new Date(ends),
  });
  const past2025 = event('2025', '2025-02-27T08:00Z', '2025-02-27T16:00Z');
  const past2026 = event('2026', '2026-02-26T08:00Z', '2026-02-26T16:00Z');
  const running = event('today', '2027-02-25T07:30Z', '2027-02-25T15:30Z');
  const next2028 = event('2028', '2028-02-24T08:00Z', '2028-02-24T16:00Z');
  const now = new Date('2027-02-25T12:00Z');

  it('puts upcoming events first, soonest first, and past ones latest first', () => {
    const result = orderForHome([past2025, next2028, past2026, running], now);
    expect(result.upcoming.map((e) => e.name)).toEqual(['today', '2028']);
    expect(result.past.map((e) => e.name)).toEqual(['2026', '2025']);
    expect(result.featured?.name).toBe('today');
  });

  it('features the latest past event when nothing is coming up', () => {
    expect(orderForHome([past2025, past2026], now).featured?.name).toBe('2026');
  });

  it('features nothing when there are no events', () => {
    expect(orderForHome([], now)).toEqual({ featured: null, upcoming: [], past: [] });
  });
});

describe('eventStats', () => {
  it('lists the numbers in display order', () => {
    expect(
      eventStats({ expectedAttendees: 1200, sessions: 17, tracks: 4, galleries: 5, solutions: 25, nominees: 5 }),
    ).toEqual([
      { key: 'attendees', value: 1200 },
      { key: 'sessions', value: 17 },
      { key: 'tracks', value: 4 },
      { key: 'galleries', value: 5 },
      { key: 'solutions', value: 25 },
      { key: 'nominees', value: 5 },
    ]);
  });

  it('leaves out what is unknown or not there yet', () => {
    expect(
      eventStats({ expectedAttendees: null, sessions: 3, tracks: 0, galleries: 0, solutions: 0, nominees: 0 }),
    ).toEqual([{ key: 'sessions', value: 3 }]);
  });
});
