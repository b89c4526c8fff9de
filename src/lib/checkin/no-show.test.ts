import { describe, expect, it } from 'vitest';
import { parseNoShowMinutes } from './no-show.ts';

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
