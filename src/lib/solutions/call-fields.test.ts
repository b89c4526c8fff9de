import { describe, expect, it } from 'vitest';
import { callSettingsForm } from '../settings/settings.ts';
import {
  askFieldName,
  type CallAnswers,
  callFieldsFrom,
  DEFAULT_CALL_FIELDS,
  hiddenFields,
  missingRequiredFields,
  storedCallFields,
} from './call-fields.ts';

const empty: CallAnswers = {
  titleEn: null,
  summaryEn: null,
  targetGroup: null,
  results: null,
  evidence: null,
  links: [],
  contactPhone: null,
};

describe('the questions the call for solutions asks', () => {
  it('asks every optional field, none required, until the organisers choose', () => {
    expect(callFieldsFrom({})).toEqual(DEFAULT_CALL_FIELDS);
    expect(callFieldsFrom(null)).toEqual(DEFAULT_CALL_FIELDS);
    expect(Object.values(DEFAULT_CALL_FIELDS).every((mode) => mode === 'optional')).toBe(true);
    expect(missingRequiredFields(DEFAULT_CALL_FIELDS, empty)).toEqual([]);
  });

  it('reads the stored choices over the defaults and ignores what it does not know', () => {
    const fields = callFieldsFrom({ results: 'required', links: 'hidden', colour: 'required', evidence: 'maybe' });
    expect(fields.results).toBe('required');
    expect(fields.links).toBe('hidden');
    expect(fields.evidence).toBe('optional');
    expect(hiddenFields(fields)).toEqual(['links']);
    // Stored: only the choices that differ from the default.
    expect(storedCallFields(fields)).toEqual({ results: 'required', links: 'hidden' });
  });

  it('names the required fields left empty, blanks and an empty link list included', () => {
    const fields = callFieldsFrom({ results: 'required', links: 'required', contactPhone: 'required' });
    expect(missingRequiredFields(fields, { ...empty, results: '   ' })).toEqual(['results', 'links', 'contactPhone']);
    expect(
      missingRequiredFields(fields, {
        ...empty,
        results: 'Halveret ventetid',
        links: ['https://example.dk'],
        contactPhone: '12 34 56 78',
      }),
    ).toEqual([]);
  });

  it('reads the console form: one radio group per field, absent keeps what is saved', () => {
    const base = {
      event: '0b3d2a43-8c55-4a53-9b6b-4d6a0f2b1c11',
      version: '3',
      callOpensAt: '',
      callClosesAt: '',
      slotsPerRound: '3',
    };
    expect(askFieldName('targetGroup')).toBe('askTargetGroup');
    const parsed = callSettingsForm.safeParse({ ...base, askResults: 'required', askLinks: 'hidden' });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({ askResults: 'required', askLinks: 'hidden' });
    expect(parsed.data?.askEvidence).toBeUndefined();
    const bad = callSettingsForm.safeParse({ ...base, askResults: 'always' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['askResults']);
  });
});
