import { describe, expect, it } from 'vitest';
import { SECTORS, SESSION_KINDS, SPEAKER_ROLES } from '../events/events.ts';
import { formatMessage } from './message-format.ts';
import { seatText } from '../booking/seat-text.ts';
import { INTL_LOCALE } from './locales.ts';
import { keysOf, messageOf, PART_SIZES, t, type MessageKey } from './messages.ts';

describe('the dictionary', () => {
  it('joins its parts without one shadowing another', () => {
    expect(keysOf('da')).toHaveLength(PART_SIZES.reduce((sum, size) => sum + size, 0));
  });

  it('has exactly the same keys in Danish and English', () => {
    expect(keysOf('en').sort()).toEqual(keysOf('da').sort());
  });

  it('has no empty messages', () => {
    for (const lang of ['da', 'en'] as const) {
      for (const key of keysOf(lang) as MessageKey[]) {
        const message = messageOf(lang, key);
        const forms = typeof message === 'string' ? [message] : [message.one, message.other];
        for (const form of forms) expect(form.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (key: MessageKey, lang: 'da' | 'en') => {
      const message = messageOf(lang, key);
      const text = typeof message === 'string' ? message : `${message.one} ${message.other}`;
      return [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
    };
    for (const key of keysOf('da') as MessageKey[]) {
      expect(placeholders(key, 'en'), key).toEqual(placeholders(key, 'da'));
    }
  });

  it('labels every session kind, speaker role and sector', () => {
    expect(SESSION_KINDS.map((kind) => t('da')(`kind.${kind}`))).toEqual([
      'Keynote',
      'Paneldebat',
      'Session i temaspor',
      'Workshop',
      'Gallerirunde',
      'Pause',
      'Netværk',
      'Åbent rum',
    ]);
    expect(SPEAKER_ROLES.map((role) => t('en')(`role.${role}`))).toEqual([
      'Speaker',
      'Moderator',
      'Panellist',
      'Host',
      'Interviewer',
      'Interviewee',
    ]);
    expect(SECTORS.map((sector) => t('da')(`sector.${sector}`))).toEqual([
      'Kommune',
      'Region',
      'Stat',
      'Privat virksomhed',
      'Civilsamfund/frivillig',
      'Fond',
      'Forskning/uddannelse',
    ]);
    expect(SECTORS.map((sector) => t('en')(`sector.${sector}`))).toEqual([
      'Municipality',
      'Region',
      'Central government',
      'Private company',
      'Civil society/voluntary',
      'Foundation',
      'Research/education',
    ]);
  });
});

describe('t', () => {
  it.each([
    ['da', 'gallery.round', { n: 2 }, 'Runde 2'],
    ['en', 'gallery.round', { n: 2 }, 'Round 2'],
    ['da', 'programme.count', { shown: 1, total: 1, count: 1 }, 'Viser 1 af 1 programpunkt'],
    ['da', 'programme.count', { shown: 3, total: 40, count: 40 }, 'Viser 3 af 40 programpunkter'],
    ['en', 'programme.count', { shown: 0, total: 0, count: 0 }, 'Showing 0 of 0 sessions'],
    ['en', 'solutions.mine.booked', { booked: 0, count: 1 }, '0 of 1 seat booked'],
    ['da', 'solutions.mine.booked', { booked: 12, count: 30 }, '12 af 30 pladser booket'],
    ['da', 'event.stat.attendees', { count: 1 }, 'forventet deltager'],
    ['da', 'event.stat.attendees', { count: 1200 }, 'forventede deltagere'],
    ['en', 'event.keynotes', { count: 1 }, 'Keynote'],
    ['en', 'event.keynotes', { count: 4 }, 'Keynotes'],
    ['da', 'event.stat.tracks', { count: 4 }, 'temaspor'],
    ['da', 'nav.programme', undefined, 'Program'],
    ['en', 'nav.programme', undefined, 'Programme'],
  ] as const)('%s %s %o → %s', (lang, key, params, expected) => {
    expect(t(lang)(key, params)).toBe(expected);
  });
});

describe('formatMessage', () => {
  it('leaves an unknown placeholder visible', () => {
    expect(formatMessage('Hej {name} og {other}', 'da-DK', { name: 'Anna' })).toBe('Hej Anna og {other}');
  });

  it('uses the other form when no count is given', () => {
    expect(formatMessage({ one: 'én', other: 'flere' }, 'da-DK')).toBe('flere');
  });

  it('treats zero as plural in Danish and English', () => {
    expect(formatMessage({ one: 'one', other: 'other' }, 'da-DK', { count: 0 })).toBe('other');
    expect(formatMessage({ one: 'one', other: 'other' }, 'en-GB', { count: 0 })).toBe('other');
  });
});

describe('counted phrases', () => {
  it('a seat line is never "40 seats left of 40": all free, some left, or full, in both languages', () => {
    const line = (lang: 'da' | 'en', capacity: number, left: number) =>
      seatText(
        {
          left: messageOf(lang, 'booking.seatsLeft'),
          allFree: messageOf(lang, 'booking.seatsAllFree'),
          full: messageOf(lang, 'booking.full'),
        },
        INTL_LOCALE[lang],
        { capacity, left },
      );
    expect(line('en', 40, 40)).toBe('All 40 seats are free');
    expect(line('en', 1, 1)).toBe('The only seat is free');
    expect(line('en', 40, 12)).toBe('12 of 40 seats left');
    expect(line('en', 40, 1)).toBe('Only 1 of 40 seats left');
    expect(line('en', 40, 0)).toBe('All 40 seats are booked – you can join the waitlist.');
    expect(line('da', 40, 40)).toBe('Alle 40 pladser er ledige');
    expect(line('da', 1, 1)).toBe('Den eneste plads er ledig');
    expect(line('da', 40, 12)).toBe('12 af 40 pladser er ledige');
    expect(line('da', 40, 1)).toBe('1 af 40 pladser er ledig');
    expect(line('da', 1, 0)).toBe('Den eneste plads er booket – du kan skrive dig på ventelisten.');
  });

  it('a full session of one seat is not "all 1 seats", in either language', () => {
    expect(t('en')('booking.full', { count: 1 })).toBe('The only seat is booked – you can join the waitlist.');
    expect(t('en')('booking.full', { count: 40 })).toBe('All 40 seats are booked – you can join the waitlist.');
    expect(t('da')('booking.full', { count: 1 })).toBe(
      'Den eneste plads er booket – du kan skrive dig på ventelisten.',
    );
    expect(t('da')('booking.full', { count: 40 })).toBe(
      'Alle 40 pladser er booket – du kan skrive dig på ventelisten.',
    );
  });
});
