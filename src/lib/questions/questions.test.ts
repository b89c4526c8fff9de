import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import {
  ASK_REFUSALS,
  askForm,
  moderateForm,
  parseListPath,
  type Question,
  questionOrder,
  questionRateRules,
  questionWindowText,
  sortQuestions,
  voteForm,
  windowForm,
} from './questions.ts';

const SESSION = '00000000-0000-4000-8000-000000000001';
const at = (minutes: number) => new Date(Date.UTC(2027, 1, 25, 9, 0) + minutes * 60_000);

describe('askForm', () => {
  const parse = (body: unknown, extra: Record<string, unknown> = {}) =>
    askForm.safeParse({ session: SESSION, body, ...extra });
  const firstError = (body: unknown) => {
    const result = parse(body);
    return result.success ? null : result.error.issues[0]?.message;
  };

  it('takes a plain question, trimmed, anonymous only when ticked', () => {
    expect(parse('  Hvad koster det?  ').data).toEqual({
      session: SESSION,
      body: 'Hvad koster det?',
      anonymous: false,
    });
    // Astro hands fields that were not sent as null.
    expect(parse('Hvem?', { anonymous: null, solution: null }).data).toEqual({
      session: SESSION,
      body: 'Hvem?',
      anonymous: false,
      solution: undefined,
    });
    expect(parse('Hvem?', { anonymous: 'ja', solution: '' }).data).toMatchObject({
      anonymous: true,
      solution: undefined,
    });
  });

  it('refuses an empty, a 5,000-character and a marked-up question, each with its message key', () => {
    expect(firstError('   ')).toBe('questions.field.empty');
    expect(firstError('x'.repeat(5_000))).toBe('questions.field.tooLong');
    expect(firstError('x'.repeat(500))).toBeNull();
    expect(firstError('<script>alert(1)</script>')).toBe('questions.field.markup');
    expect(firstError('Se </p> her')).toBe('questions.field.markup');
    expect(firstError('<!-- skjult -->')).toBe('questions.field.markup');
    expect(firstError('Hej\u0000')).toBe('questions.field.invalidCharacters');
  });

  it('lets a less-than sign that is no tag through', () => {
    expect(firstError('Er 3 < 5? a<3')).toBeNull();
  });

  it('wants a real session id', () => {
    expect(askForm.safeParse({ session: 'keynote', body: 'Hej' }).success).toBe(false);
  });
});

describe('the other forms', () => {
  it('read a vote, a moderator step and a window choice', () => {
    expect(voteForm.parse({ question: SESSION, vote: 'op' })).toEqual({ question: SESSION, vote: true });
    expect(voteForm.parse({ question: SESSION, vote: 'fortryd' })).toEqual({ question: SESSION, vote: false });
    expect(moderateForm.safeParse({ question: SESSION, action: 'delete' }).success).toBe(false);
    expect(moderateForm.parse({ question: SESSION, action: 'pin' }).action).toBe('pin');
    expect(windowForm.parse({ session: SESSION, opened: 'auto' }).opened).toBeNull();
    expect(windowForm.parse({ session: SESSION, opened: 'closed' }).opened).toBe('closed');
  });
});

describe('parseListPath', () => {
  it('names a session, or a session and a solution', () => {
    expect(parseListPath('keynote')).toEqual({ session: 'keynote', solution: null });
    expect(parseListPath('runde-1/borgerservice')).toEqual({ session: 'runde-1', solution: 'borgerservice' });
    expect(parseListPath('runde-1/borgerservice/')).toEqual({ session: 'runde-1', solution: 'borgerservice' });
  });

  it('refuses anything else', () => {
    expect(parseListPath(undefined)).toBeNull();
    expect(parseListPath('')).toBeNull();
    expect(parseListPath('a/b/c')).toBeNull();
    expect(parseListPath('Keynote!')).toBeNull();
    expect(parseListPath('keynote/<b>')).toBeNull();
  });
});

describe('sortQuestions', () => {
  const question = (id: string, votes: number, minutes: number, extra: Partial<Question> = {}): Question => ({
    id,
    body: id,
    authorName: null,
    anonymous: true,
    status: 'visible',
    votes,
    createdAt: at(minutes),
    answeredAt: null,
    pinned: false,
    mine: false,
    voted: false,
    ...extra,
  });
  const list = [
    question('old-popular', 9, 1),
    question('new-quiet', 1, 10),
    question('answered', 20, 2, { status: 'answered', answeredAt: at(5) }),
    question('hidden', 30, 3, { status: 'hidden' }),
    question('pinned', 0, 0, { pinned: true }),
    question('tie-newer', 1, 11),
  ];

  it('puts the pinned one first, then open by votes (ties newest first), answered, hidden', () => {
    expect(sortQuestions(list, 'votes').map((q) => q.id)).toEqual([
      'pinned',
      'old-popular',
      'tie-newer',
      'new-quiet',
      'answered',
      'hidden',
    ]);
  });

  it('orders open questions newest first by time', () => {
    expect(sortQuestions(list, 'time').map((q) => q.id)).toEqual([
      'pinned',
      'tie-newer',
      'new-quiet',
      'old-popular',
      'answered',
      'hidden',
    ]);
  });

  it('reads the order from the query', () => {
    expect(questionOrder('tid')).toBe('time');
    expect(questionOrder(null)).toBe('votes');
    expect(questionOrder('votes')).toBe('votes');
  });
});

describe('questionWindowText', () => {
  const tr = t('da');
  const window = { opensAt: at(-15), closesAt: at(90), opened: null, isOpen: false } as const;
  it('says when it opens, until when it is open, or that it is closed', () => {
    expect(questionWindowText(tr, 'da', window, 'Europe/Copenhagen', at(-30))).toBe('Åbner for spørgsmål 09.45.');
    expect(questionWindowText(tr, 'da', { ...window, isOpen: true }, 'Europe/Copenhagen', at(0))).toBe(
      'Åben for spørgsmål indtil 11.30.',
    );
    expect(questionWindowText(tr, 'da', window, 'Europe/Copenhagen', at(100))).toBe('Lukket for spørgsmål.');
    expect(questionWindowText(tr, 'da', { ...window, opened: 'closed' }, 'Europe/Copenhagen', at(-30))).toBe(
      'Lukket for spørgsmål.',
    );
    expect(
      questionWindowText(t('en'), 'en', { ...window, opened: 'open', isOpen: true }, 'Europe/Copenhagen', at(-30)),
    ).toBe('The moderator has opened the questions.');
  });
});

describe('limits and refusals', () => {
  it('limits questions per person and event, in a burst and per day', () => {
    const rules = questionRateRules('user-1', 'event-1');
    expect(rules.map((rule) => [rule.limit, rule.windowSeconds])).toEqual([
      [5, 120],
      [30, 86_400],
    ]);
    expect(new Set(rules.map((rule) => rule.bucket))).toEqual(new Set(['questions:event-1:user-1']));
  });

  it('answers each refusal with a 4xx and words, the text ones at the field', () => {
    const tr = t('da');
    expect(describeRefusal(tr, { ok: false, code: 'too_long' }, ASK_REFUSALS)).toEqual({
      status: 400,
      message: 'Spørgsmålet må højst være 500 tegn.',
      field: 'body',
    });
    expect(describeRefusal(tr, { ok: false, code: 'rate_limited', retryAfterSeconds: 90 }, ASK_REFUSALS)).toMatchObject(
      {
        status: 429,
        message: 'Du har stillet mange spørgsmål på kort tid. Prøv igen om 2 minutter.',
      },
    );
    for (const code of Object.keys(ASK_REFUSALS) as (keyof typeof ASK_REFUSALS)[]) {
      const described = describeRefusal(tr, { ok: false, code }, ASK_REFUSALS);
      expect(described.status).toBeGreaterThanOrEqual(400);
      expect(described.status).toBeLessThan(500);
    }
  });
});
