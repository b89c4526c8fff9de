import { describe, expect, it } from 'vitest';
import { criterionInput, formatAverage, rankSolutions, scoresForm, weightedAverage } from './rubric.ts';

const C1 = '00000000-0000-4000-8000-000000000001';
const C2 = '00000000-0000-4000-8000-000000000002';
const EVENT = '00000000-0000-4000-8000-0000000000ee';
const SOLUTION = '00000000-0000-4000-8000-0000000000aa';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  data.set('event', EVENT);
  data.set('solution', SOLUTION);
  for (const [key, value] of entries) data.set(key, value);
  return data;
};

describe('the weighted average', () => {
  it('counts each score by its criterion’s weight, and is null without scores', () => {
    expect(
      weightedAverage([
        { score: 5, weight: 3 },
        { score: 2, weight: 1 },
      ]),
    ).toBe(4.25);
    expect(weightedAverage([])).toBeNull();
  });

  it('is shown with one or two decimals in the reader’s language', () => {
    expect(formatAverage('da', 4.25)).toBe('4,25');
    expect(formatAverage('en', 4)).toBe('4.0');
    expect(formatAverage('da', 22 / 7)).toBe('3,14');
  });
});

describe('the ranking', () => {
  it('puts the best average first, unscored last, ties by more reviewers then title', () => {
    const ranked = rankSolutions([
      { id: 'a', title: 'Ø', average: null, reviewers: 0 },
      { id: 'b', title: 'B', average: 3, reviewers: 1 },
      { id: 'c', title: 'A', average: 3, reviewers: 1 },
      { id: 'd', title: 'D', average: 3, reviewers: 2 },
      { id: 'e', title: 'E', average: 4.5, reviewers: 1 },
    ]);
    expect(ranked.map((s) => s.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});

describe('the scoring form', () => {
  it('reads a score and the version shown per criterion, skipping criteria left blank', () => {
    const parsed = scoresForm.safeParse(
      form([
        ['score.' + C1, '4'],
        ['version.' + C1, '2'],
        ['score.' + C2, '1'],
      ]),
    );
    expect(parsed.success && parsed.data.scores).toEqual([
      { criterionId: C1, score: 4, version: 2 },
      { criterionId: C2, score: 1, version: null },
    ]);
  });

  it('refuses points outside 1–5, a bad version, and a form with no points', () => {
    for (const entries of [
      [['score.' + C1, '6']],
      [['score.' + C1, '0']],
      [['score.' + C1, '2.5']],
      [
        ['score.' + C1, '3'],
        ['version.' + C1, 'x'],
      ],
      [['score.not-a-uuid', '3']],
      [],
    ] as [string, string][][]) {
      expect(scoresForm.safeParse(form(entries)).success).toBe(false);
    }
  });
});

describe('the criterion form', () => {
  it('keeps weights to 1–10 and names to 200 characters', () => {
    const base = { event: EVENT, name: 'Nyhedsværdi', nameEn: '', weight: '3', position: '1' };
    expect(criterionInput.parse(base)).toEqual({
      event: EVENT,
      name: 'Nyhedsværdi',
      nameEn: null,
      weight: 3,
      position: 1,
    });
    for (const bad of [
      { weight: '0' },
      { weight: '11' },
      { weight: 'tre' },
      { name: ' ' },
      { name: 'x'.repeat(201) },
    ]) {
      expect(criterionInput.safeParse({ ...base, ...bad }).success).toBe(false);
    }
  });
});
