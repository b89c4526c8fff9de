import { describe, expect, it } from 'vitest';
import { barWidths, normaliseComment, npsStats, parseWhole, sessionStats } from './feedback.ts';

describe('feedback rules', () => {
  it('reads a whole number within range, and nothing else', () => {
    expect(parseWhole('4', 1, 5)).toBe(4);
    expect(parseWhole(' 5 ', 1, 5)).toBe(5);
    expect(parseWhole('7', 1, 5)).toBeNull();
    expect(parseWhole('0', 1, 5)).toBeNull();
    expect(parseWhole('0', 0, 10)).toBe(0);
    expect(parseWhole('10', 0, 10)).toBe(10);
    for (const bad of [undefined, '', '3.5', '-1', '1e1', 'tre', '<b>4</b>']) expect(parseWhole(bad, 0, 10)).toBeNull();
  });

  it('keeps a comment as text, trimmed, and an empty one as none', () => {
    expect(normaliseComment('  <script>x</script>\r\nnæste  ')).toBe('<script>x</script>\nnæste');
    expect(normaliseComment('   ')).toBeNull();
    expect(normaliseComment(undefined)).toBeNull();
  });

  it('counts, averages and distributes ratings', () => {
    expect(sessionStats([])).toEqual({ count: 0, average: null, distribution: [0, 0, 0, 0, 0] });
    expect(sessionStats([5, 4, 4, 1])).toEqual({ count: 4, average: 3.5, distribution: [1, 0, 0, 2, 1] });
  });

  it('computes the NPS from promoters (9–10) and detractors (0–6)', () => {
    expect(npsStats([]).nps).toBeNull();
    expect(npsStats([10, 9, 8, 7, 6, 0])).toEqual({ count: 6, promoters: 2, passives: 2, detractors: 2, nps: 0 });
    expect(npsStats([10, 10, 3]).nps).toBe(33);
    expect(npsStats([0]).nps).toBe(-100);
  });

  it('scales bars to the largest count', () => {
    expect(barWidths([0, 1, 2, 4, 0], 200)).toEqual([0, 50, 100, 200, 0]);
    expect(barWidths([0, 0, 0, 0, 0], 200)).toEqual([0, 0, 0, 0, 0]);
  });
});
