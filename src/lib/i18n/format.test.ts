import { describe, expect, it } from 'vitest';
import {
  eventWhenParts,
  formatClock,
  formatDate,
  formatDateTime,
  formatDkk,
  formatEventWhen,
  formatFullDateTime,
  formatNumber,
  formatShortDate,
  formatTime,
  formatTimeRange,
} from './format.ts';

// Intl separates some parts with (narrow) no-break spaces; compare them as plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const WINTER_START = new Date('2027-02-25T07:30:00Z'); // 08:30 in Copenhagen (CET)
const WINTER_END = new Date('2027-02-25T15:30:00Z'); // 16:30
const SUMMER = new Date('2027-06-10T08:00:00Z'); // 10:00 in Copenhagen (CEST)

describe('dates and times in the event time zone', () => {
  it.each([
    ['da', formatDate('da', WINTER_START), 'torsdag den 25. februar 2027'],
    ['en', formatDate('en', WINTER_START), 'Thursday, 25 February 2027'],
    ['da', formatShortDate('da', WINTER_START), '25. februar 2027'],
    ['en', formatShortDate('en', WINTER_START), '25 February 2027'],
    ['da', formatTime('da', WINTER_START), '08.30'],
    ['en', formatTime('en', WINTER_START), '08:30'],
    ['da', formatTime('da', SUMMER), '10.00'],
    ['en', formatTime('en', SUMMER), '10:00'],
    ['da', formatTimeRange('da', WINTER_START, WINTER_END), '08.30–16.30'],
    ['en', formatTimeRange('en', WINTER_START, WINTER_END), '08:30–16:30'],
  ])('%s: %s', (_lang, actual, expected) => {
    expect(plain(actual)).toBe(expected);
  });

  it('converts to another time zone when the event has one', () => {
    expect(formatTime('en', WINTER_START, 'Europe/London')).toBe('07:30');
    expect(formatTime('en', WINTER_START, 'America/New_York')).toBe('02:30');
  });

  it('does not depend on the date being midnight-safe in UTC', () => {
    // 23:30 UTC on the 24th is already the 25th in Copenhagen.
    expect(formatShortDate('da', new Date('2027-02-24T23:30:00Z'))).toBe('25. februar 2027');
  });

  it('gives a one-day event its date and time range', () => {
    expect(plain(formatEventWhen('da', WINTER_START, WINTER_END))).toBe('torsdag den 25. februar 2027, 08.30–16.30');
    expect(plain(formatEventWhen('en', WINTER_START, WINTER_END))).toBe('Thursday, 25 February 2027, 08:30–16:30');
  });

  it('gives an event over several days both dates', () => {
    const text = plain(formatEventWhen('en', WINTER_START, new Date('2027-02-26T15:00:00Z')));
    expect(text).toContain('25 February');
    expect(text).toContain('26 February');
  });
});

describe('moments, with and without the weekday', () => {
  it.each([
    ['da', formatDateTime('da', WINTER_START), '25. februar 2027 kl. 08.30'],
    ['en', formatDateTime('en', WINTER_START), '25 February 2027 at 08:30'],
    ['da', formatFullDateTime('da', WINTER_START), 'torsdag den 25. februar 2027 kl. 08.30'],
    ['en', formatFullDateTime('en', WINTER_START), 'Thursday, 25 February 2027 at 08:30'],
    ['da', formatClock('da', new Date('2027-02-25T07:30:05Z')), '08.30.05'],
    ['en', formatClock('en', new Date('2027-02-25T07:30:05Z')), '08:30:05'],
  ])('%s → %s', (_lang, formatted, expected) => {
    expect(plain(formatted)).toBe(expected);
  });

  it('gives an email the pieces of a one-day event, or of a span of days', () => {
    expect(eventWhenParts('da', WINTER_START, WINTER_END)).toEqual({
      sameDay: true,
      date: 'torsdag den 25. februar 2027',
      start: '08.30',
      end: '16.30',
    });
    const span = eventWhenParts('en', WINTER_START, new Date('2027-02-26T15:00:00Z'));
    expect(span.sameDay).toBe(false);
    expect(plain(span.end)).toBe('Friday, 26 February 2027 at 16:00');
  });
});

describe('numbers and money', () => {
  it.each([
    ['da', 1200, '1.200'],
    ['en', 1200, '1,200'],
    ['da', 25, '25'],
  ] as const)('%s formatNumber(%d) → %s', (lang, value, expected) => {
    expect(formatNumber(lang, value)).toBe(expected);
  });

  it.each([
    ['da', 125_000, '1.250 kr.'],
    ['en', 125_000, 'DKK 1,250'],
    ['da', 125_050, '1.250,50 kr.'],
    ['en', 125_050, 'DKK 1,250.50'],
    ['da', 0, '0 kr.'],
    ['da', 99, '0,99 kr.'],
  ] as const)('%s formatDkk(%d øre) → %s', (lang, ore, expected) => {
    expect(plain(formatDkk(lang, ore))).toBe(expected);
  });

  it('refuses amounts that are not whole øre', () => {
    expect(() => formatDkk('da', 12.5)).toThrow(RangeError);
  });
});
