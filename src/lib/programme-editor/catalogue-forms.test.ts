import { describe, expect, it } from 'vitest';
import { createRoomForm, createSpeakerForm, createTrackForm, nextPosition } from './catalogue-forms.ts';

describe('nextPosition', () => {
  it('offers 0 for the first track or room, then one after the last', () => {
    expect(nextPosition([])).toBe(0);
    expect(nextPosition([{ position: 0 }])).toBe(1);
    expect(nextPosition([{ position: 3 }, { position: 0 }, { position: 7 }])).toBe(8);
  });

  it('stays within the field’s limit of 999', () => {
    expect(nextPosition([{ position: 999 }])).toBe(999);
  });
});

describe('the catalogue forms refuse bad input at its field', () => {
  const EVENT = '00000000-0000-4000-8000-000000000001';
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries({ event: EVENT, ...fields })) data.set(name, value);
    return data;
  };
  const refusedAt = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));

  it('a 10,000-character name of a track, a room and a speaker', () => {
    const long = 'x'.repeat(10_000);
    expect(refusedAt(createTrackForm.safeParse(form({ name: long, colour: '#123456', position: '0' })))).toEqual([
      'item.name',
    ]);
    expect(refusedAt(createRoomForm.safeParse(form({ name: long, capacity: '10', position: '0' })))).toEqual([
      'item.name',
    ]);
    expect(refusedAt(createSpeakerForm.safeParse(form({ name: long })))).toEqual(['item.name']);
  });

  it('a negative or missing room capacity, and a colour that is not one', () => {
    expect(refusedAt(createRoomForm.safeParse(form({ name: 'Sal', capacity: '-3', position: '0' })))).toEqual([
      'item.capacity',
    ]);
    expect(refusedAt(createRoomForm.safeParse(form({ name: 'Sal', capacity: '', position: '0' })))).toEqual([
      'item.capacity',
    ]);
    expect(refusedAt(createTrackForm.safeParse(form({ name: 'Spor', colour: 'red', position: '0' })))).toEqual([
      'item.colour',
    ]);
  });

  it('takes the same forms with sound values', () => {
    expect(createTrackForm.safeParse(form({ name: 'Spor', colour: '#123456', position: '0' })).success).toBe(true);
    expect(createRoomForm.safeParse(form({ name: 'Sal', capacity: '10', position: '0' })).success).toBe(true);
    expect(createSpeakerForm.safeParse(form({ name: 'Sofie' })).success).toBe(true);
  });
});
