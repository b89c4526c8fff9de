import { describe, expect, it } from 'vitest';
import { awardForm, awardPhase, standings, voteForm } from './award.ts';

const at = (minutes: number) => new Date(Date.UTC(2027, 1, 25, 15, 0) + minutes * 60_000);

describe('awardPhase', () => {
  const window = { opensAt: at(0), closesAt: at(15), announcedAt: null };
  it('follows the window, and an announcement ends it all', () => {
    expect(awardPhase({ opensAt: null, closesAt: null, announcedAt: null }, at(0))).toBe('unscheduled');
    expect(awardPhase(window, at(-1))).toBe('upcoming');
    expect(awardPhase(window, at(0))).toBe('open');
    expect(awardPhase(window, at(14))).toBe('open');
    expect(awardPhase(window, at(15))).toBe('closed');
    expect(awardPhase({ ...window, announcedAt: at(20) }, at(16))).toBe('announced');
  });
});

describe('standings', () => {
  const a = '00000000-0000-4000-8000-00000000000a';
  const b = '00000000-0000-4000-8000-00000000000b';
  const c = '00000000-0000-4000-8000-00000000000c';

  it('ranks by the audience alone without a jury share', () => {
    const result = standings(
      [
        { solutionId: a, votes: 10, juryPoints: 90 },
        { solutionId: b, votes: 30, juryPoints: 10 },
      ],
      0,
    );
    expect(result.map((row) => [row.solutionId, row.score, row.rank, row.juryPercent])).toEqual([
      [b, 75, 1, null],
      [a, 25, 2, null],
    ]);
  });

  it('weights the jury’s points by its share', () => {
    // Audience 25/75, jury 90/10 at 50 %: a = 57.5, b = 42.5.
    const result = standings(
      [
        { solutionId: a, votes: 10, juryPoints: 90 },
        { solutionId: b, votes: 30, juryPoints: 10 },
      ],
      50,
    );
    expect(result.map((row) => [row.solutionId, row.score, row.audiencePercent, row.juryPercent])).toEqual([
      [a, 57.5, 25, 90],
      [b, 42.5, 75, 10],
    ]);
  });

  it('gives ties one rank and keeps the list’s order among them; no votes is 0 for all', () => {
    const tied = standings(
      [
        { solutionId: a, votes: 2, juryPoints: null },
        { solutionId: b, votes: 4, juryPoints: null },
        { solutionId: c, votes: 2, juryPoints: null },
      ],
      0,
    );
    expect(tied.map((row) => [row.solutionId, row.rank])).toEqual([
      [b, 1],
      [a, 2],
      [c, 2],
    ]);
    const none = standings([{ solutionId: a, votes: 0, juryPoints: null }], 30);
    expect(none).toEqual([
      { solutionId: a, votes: 0, juryPoints: null, audiencePercent: 0, juryPercent: 0, score: 0, rank: 1 },
    ]);
  });
});

describe('forms', () => {
  const base = {
    event: '00000000-0000-4000-8000-000000000001',
    name: ' Publikumsprisen ',
    opensAt: '2027-02-25T15:00',
    closesAt: '2027-02-25T15:15',
    juryShare: '40',
  };

  it('reads the settings, and refuses a window out of order or half given', () => {
    expect(awardForm.parse(base)).toMatchObject({
      name: 'Publikumsprisen',
      juryShare: 40,
      opensAt: '2027-02-25T15:00',
    });
    const reversed = awardForm.safeParse({ ...base, closesAt: '2027-02-25T14:00' });
    expect(reversed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['closesAt', 'settings.field.closeBeforeOpen'],
    ]);
    const half = awardForm.safeParse({ ...base, closesAt: '' });
    expect(half.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['closesAt']);
    expect(awardForm.safeParse({ ...base, juryShare: '101' }).success).toBe(false);
  });

  it('takes a vote link’s token as it is signed, nothing else', () => {
    expect(voteForm.safeParse({ token: 'abcDEF123_-.xyz' }).success).toBe(true);
    expect(voteForm.safeParse({ token: '<script>' }).success).toBe(false);
    expect(voteForm.safeParse({ token: 'a'.repeat(201) }).success).toBe(false);
  });
});
