import { describe, expect, it } from 'vitest';
import { INTL_LOCALE } from '../../lib/i18n/locales.ts';
import { messageOf } from '../../lib/i18n/messages.ts';
import { CheckinTexts } from './checkin-texts.ts';

const labels = (lang: 'da' | 'en') =>
  Object.fromEntries(
    (
      [
        'checkin.reason.ok',
        'checkin.search.status.valid',
        'checkin.status.queue',
        'checkinRehearsal.notYetValidFrom',
        'checkinRehearsal.expiredAt',
      ] as const
    ).map((key) => [key, messageOf(lang, key)]),
  );
const da = new CheckinTexts(labels('da'), INTL_LOCALE.da, 'da');
const en = new CheckinTexts(labels('en'), INTL_LOCALE.en, 'en');

describe('the check-in app’s words and times', () => {
  it('formats messages with counts in the page’s language', () => {
    expect(en.tr('checkin.status.queue', { count: 1 })).toBe('1 scan waiting to be sent');
    expect(en.tr('checkin.status.queue', { count: 3 })).toBe('3 scans waiting to be sent');
  });

  it('words a known reason and status, and shows an unknown code as itself', () => {
    expect(da.reason('ok')).toBe('Billetten er gyldig.');
    expect(da.reason('a_code_from_a_newer_server')).toBe('a_code_from_a_newer_server');
    expect(en.ticketStatus('valid')).toBe('Valid');
    expect(en.ticketStatus('mystery')).toBe('mystery');
  });

  it('says when a ticket opens or closed, in Copenhagen and in each language', () => {
    // 23:00 UTC on 23 February is midnight in Copenhagen on the 24th.
    const opens = '2027-02-23T23:00:00.000Z';
    expect(da.reason('not_yet_valid', { validFrom: opens })).toBe(
      'Billetten gælder ikke endnu – den gælder fra onsdag den 24. februar 2027 kl. 00.00.',
    );
    expect(en.reason('expired', { validUntil: opens })).toBe(
      'The event is over – the ticket was valid until Wednesday, 24 February 2027 at 00:00.',
    );
  });

  it('tells the time in Copenhagen, with or without seconds', () => {
    // 08:05:09 UTC in winter is 09:05:09 in Copenhagen.
    expect(da.time('2027-02-25T08:05:09Z')).toBe('09.05');
    expect(en.timeWithSeconds('2027-02-25T08:05:09Z')).toBe('09:05:09');
    expect(da.time(null)).toBe('');
  });

  it('names a session in the page’s language, falling back to the Danish title', () => {
    const session = { title: 'Velfærd', titleEn: 'Welfare', startsAt: '2027-02-25T09:00:00Z', room: 'Sal 2' };
    expect(da.sessionLabel(session)).toBe('10.00 Velfærd · Sal 2');
    expect(en.sessionLabel(session)).toBe('10:00 Welfare · Sal 2');
    expect(en.sessionLabel({ ...session, titleEn: null, room: null })).toBe('10:00 Velfærd');
    expect(en.bookingLine({ ...session, sessionId: 's1', endsAt: '2027-02-25T10:00:00Z', room: null })).toBe(
      '10:00 – Welfare',
    );
  });
});
