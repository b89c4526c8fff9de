// Guard for issue #13 item 7: a number next to a counted noun goes through the
// plural rules (a `{ one, other }` message chosen by `params.count`), so no screen
// can say "1 people", "1 pladser" or "Send til 1 personer".
//
// The rule, in both languages: in a plain-string message, a placeholder followed
// by a counted noun (the list below, plural forms) is an error, unless the key is
// in FIXED_QUANTITY — a number that comes from a constant in the code and is never 1.
// (A bare "{count} word" rule was tried and dropped: "the first {count} are shown",
// "(+{count} offered)" are verbs, not nouns, and read fine for 1.)
import { describe, expect, it } from 'vitest';
import { formatMessage } from './message-format.ts';
import { keysOf, messageOf, t, type MessageKey } from './messages.ts';

/**
 * Plural nouns that read wrongly after "1", Danish and English. Danish nouns that do
 * not change (svar, spørgsmål, tegn, leads) are left out: "1 svar" is right.
 */
const COUNTED_NOUNS = [
  // Danish
  'personer',
  'deltagere',
  'pladser',
  'billetter',
  'billettyper',
  'stemmer',
  'sessioner',
  'gallerirunder',
  'runder',
  'kommuner',
  'linjer',
  'e-mails',
  'mails',
  'dage',
  'timer',
  'minutter',
  'sekunder',
  'sider',
  'organisationer',
  'fakturaer',
  'udstillere',
  'løsninger',
  // English
  'people',
  'persons',
  'attendees',
  'participants',
  'seats',
  'places',
  'tickets',
  'votes',
  'sessions',
  'rounds',
  'gallery rounds',
  'ticket types',
  'municipalities',
  'lines',
  'emails',
  'days',
  'hours',
  'minutes',
  'seconds',
  'pages',
  'characters',
  'organisations',
  'questions',
  'answers',
  'promoters',
  'detractors',
  'anbefalere',
  'kritikere',
  'invoices',
  'exhibitors',
  'solutions',
];

/** Numbers from constants in the code that are never 1, with where they come from. */
const FIXED_QUANTITY: Readonly<Partial<Record<MessageKey, string>>> = {
  'team.intro': 'INVITATION_VALID_DAYS = 7 (src/lib/team/team.ts)',
  'organisation.intro': 'INVITATION_VALID_DAYS = 7 (src/lib/team/team.ts)',
  'feedback.commentTooLong': 'FEEDBACK_COMMENT_MAX = 2000',
  'leads.note.tooLong': 'LEAD_NOTE_MAX = 2000',
  'exhibitor.partners.max': 'MAX_PARTNERS = 8',
  'invoiceConsole.reminders.intro': 'REMINDER_DAYS_AFTER_DUE = [3, 14, 28] (src/lib/invoice/console.ts)',
  'checkinDashboard.arrivals': 'the arrival chart buckets by a fixed quarter of an hour',
  'checkinDashboard.chartLabel': 'the arrival chart buckets by a fixed quarter of an hour',
};

const nounPattern = new RegExp(
  `\\{(\\w+)\\}\\s+(${[...COUNTED_NOUNS].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}-])`,
  'u',
);

function plainMessages(lang: 'da' | 'en'): [MessageKey, string][] {
  return (keysOf(lang) as MessageKey[]).flatMap((key) => {
    const message = messageOf(lang, key);
    return typeof message === 'string' ? [[key, message] as [MessageKey, string]] : [];
  });
}

describe('count phrases go through the plural rules', () => {
  for (const lang of ['da', 'en'] as const) {
    it(`no plain ${lang} message puts a number before a counted noun`, () => {
      const offenders = plainMessages(lang)
        .filter(([key, text]) => nounPattern.test(text) && !(key in FIXED_QUANTITY))
        .map(([key, text]) => `${key}: ${text}`);
      expect(offenders).toEqual([]);
    });
  }

  it('the fixed-quantity list names only real, still-plain messages', () => {
    for (const key of Object.keys(FIXED_QUANTITY) as MessageKey[]) {
      const texts = (['da', 'en'] as const).map((lang) => messageOf(lang, key));
      expect(
        texts.every((text) => typeof text === 'string'),
        key,
      ).toBe(true);
      expect(
        texts.some((text) => nounPattern.test(text as string)),
        key,
      ).toBe(true);
    }
  });

  it('catches the kinds of message it is for', () => {
    expect(nounPattern.test('Send til {count} personer nu')).toBe(true);
    expect(nounPattern.test('{taken} of {capacity} seats taken')).toBe(true);
    expect(nounPattern.test('Fra {organisation} – {name}')).toBe(false);
    expect(nounPattern.test('{count} e-mails er sat i kø igen.')).toBe(true);
  });

  it('reads one and many correctly in the messages fixed for organisers', () => {
    expect(t('da')('broadcast.send.button', { count: 1 })).toBe('Send til 1 person nu');
    expect(t('en')('broadcast.send.button', { count: 1 })).toBe('Send to 1 person now');
    expect(t('en')('broadcast.send.button', { count: 3 })).toBe('Send to 3 people now');
    expect(t('da')('broadcast.retry.done', { count: 1 })).toBe('1 e-mail er sat i kø igen.');
    expect(t('en')('schedule.seats', { taken: 0, count: 1 })).toBe('0 of 1 seat taken');
    expect(t('da')('schedule.seats', { taken: 2, count: 40 })).toBe('2 af 40 pladser taget');
    expect(t('da')('report.sessionsSummary', { count: '1', full: '0' })).toContain('for 1 session med booking');
    expect(t('en')('operations.retryAll', { count: '1' })).toBe('Try it again');
    expect(t('en')('operations.retryAll', { count: '4' })).toBe('Try all 4 again');
  });

  it('chooses the form from a count already formatted for display', () => {
    const message = { one: '{count} plads', other: '{count} pladser' };
    expect(formatMessage(message, 'da-DK', { count: '1' })).toBe('1 plads');
    expect(formatMessage(message, 'da-DK', { count: '1.001' })).toBe('1.001 pladser');
    expect(formatMessage(message, 'en-GB', { count: '1,000' })).toBe('1,000 pladser');
    expect(formatMessage(message, 'da-DK', { count: '–' })).toBe('– pladser');
  });
});
