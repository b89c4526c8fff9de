import { describe, expect, it } from 'vitest';
import { myDataCell, myDataFields } from './my-data.ts';

describe('the readable data export', () => {
  it('shows times as times, yes/no as booleans, nothing as empty and the rest as text', () => {
    expect(myDataCell('2027-02-25T08:30:00+00:00')).toEqual({ kind: 'time', at: new Date('2027-02-25T08:30:00Z') });
    expect(myDataCell('2027-02-25T08:30:00.123456Z')).toEqual({
      kind: 'time',
      at: new Date('2027-02-25T08:30:00.123Z'),
    });
    expect(myDataCell(true)).toEqual({ kind: 'yes-no', value: true });
    expect(myDataCell(null)).toEqual({ kind: 'empty' });
    expect(myDataCell([])).toEqual({ kind: 'empty' });
    expect(myDataCell(12500)).toEqual({ kind: 'text', text: '12500' });
    expect(myDataCell(12500, 'priceOre')).toEqual({ kind: 'money', ore: 12500 });
    expect(myDataCell('0', 'refundedOre')).toEqual({ kind: 'money', ore: 0 });
    expect(myDataCell(null, 'totalOre')).toEqual({ kind: 'empty' });
    expect(myDataCell('12500', 'reference')).toEqual({ kind: 'text', text: '12500' });
    expect(myDataCell('2027-02-25')).toEqual({ kind: 'text', text: '2027-02-25' });
    expect(myDataCell([{ name: 'Ane' }])).toEqual({ kind: 'text', text: '[{"name":"Ane"}]' });
  });

  it('lists every field of a section once, in first-seen order', () => {
    expect(
      myDataFields([
        { a: 1, b: 2 },
        { b: 3, c: 4 },
      ]),
    ).toEqual(['a', 'b', 'c']);
    expect(myDataFields([])).toEqual([]);
  });
});
