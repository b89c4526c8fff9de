import { describe, expect, it } from 'vitest';
import { fieldIds } from './field-ids.ts';

describe('fieldIds', () => {
  it('makes an id from a dotted name and describes the control by what is shown', () => {
    expect(fieldIds('attendees.0.email', {})).toEqual({ id: 'attendees-0-email', describedBy: undefined });
    expect(fieldIds('name', { hint: 'As on the badge' })).toEqual({ id: 'name', describedBy: 'name-hint' });
    expect(fieldIds('name', { hint: 'x', error: 'y' }).describedBy).toBe('name-hint name-error');
    expect(fieldIds('name', { hint: '', error: 'y' }).describedBy).toBe('name-error');
  });
});
