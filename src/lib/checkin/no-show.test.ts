import { describe, expect, it } from 'vitest';
import { noShowReleasedText, parseNoShowMinutes } from './no-show.ts';

describe('parseNoShowMinutes', () => {
  it('reads empty as off and 1–120 as minutes', () => {
    expect(parseNoShowMinutes('')).toEqual({ ok: true, minutes: null });
    expect(parseNoShowMinutes('   ')).toEqual({ ok: true, minutes: null });
    expect(parseNoShowMinutes(null)).toEqual({ ok: true, minutes: null });
    expect(parseNoShowMinutes(' 1 ')).toEqual({ ok: true, minutes: 1 });
    expect(parseNoShowMinutes('010')).toEqual({ ok: true, minutes: 10 });
    expect(parseNoShowMinutes('120')).toEqual({ ok: true, minutes: 120 });
  });

  it('refuses anything else, keeping what was typed (shortened) for the form', () => {
    for (const raw of ['0', '121', '-5', '1.5', '10 min', 'ti', '1e2', '0x10', '9999']) {
      expect(parseNoShowMinutes(raw)).toEqual({ ok: false, raw });
    }
    expect(parseNoShowMinutes('x'.repeat(50))).toEqual({ ok: false, raw: 'x'.repeat(20) });
  });
});

describe('noShowReleasedText', () => {
  it('names the minutes, in the singular for one, in Danish and English', () => {
    expect(noShowReleasedText('da', 10)).toBe(
      'Din plads blev givet videre, fordi du ikke var scannet ind 10 minutter efter start.',
    );
    expect(noShowReleasedText('da', 1)).toBe(
      'Din plads blev givet videre, fordi du ikke var scannet ind 1 minut efter start.',
    );
    expect(noShowReleasedText('en', 15)).toBe(
      'Your seat was passed on because you had not been scanned in 15 minutes after the start.',
    );
    expect(noShowReleasedText('en', 1)).toBe(
      'Your seat was passed on because you had not been scanned in 1 minute after the start.',
    );
  });

  it('leaves the number out when it is not known', () => {
    expect(noShowReleasedText('da', null)).toBe('Din plads blev givet videre, fordi du ikke var scannet ind i tide.');
    expect(noShowReleasedText('en', null)).toBe('Your seat was passed on because you had not been scanned in in time.');
  });
});
