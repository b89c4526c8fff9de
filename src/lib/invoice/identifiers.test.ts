import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, isValidCvr, isValidEan, parseCvr, parseEan } from './identifiers.ts';

describe('EAN (GLN) numbers', () => {
  // Real numbers: Danish public bodies' EAN locations (5798… / 5790…) and the GS1 textbook barcodes.
  const valid = [
    '5798000416604',
    '5798009932006',
    '5790001330583',
    '5798000362192',
    '5790000706143',
    '4006381333931',
    '5901234123457',
  ];

  it.each(valid)('accepts %s', (ean) => {
    expect(parseEan(ean)).toEqual({ ok: true, value: ean });
  });

  it('computes the GS1 check digit from the first twelve digits', () => {
    expect(gs1CheckDigit('579800041660')).toBe(4);
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('590123412345')).toBe(7);
    // A sum that is already a multiple of ten gives 0, not 10.
    expect(gs1CheckDigit('000000000000')).toBe(0);
  });

  it('refuses every wrong check digit of a real number', () => {
    for (let digit = 0; digit <= 9; digit += 1) {
      if (digit === 4) continue;
      expect(parseEan(`579800041660${digit}`)).toEqual({ ok: false, problem: 'check_digit' });
    }
  });

  it('catches a swap of two neighbouring digits', () => {
    expect(parseEan('5798000416640')).toEqual({ ok: false, problem: 'check_digit' });
    expect(parseEan('7598000416604')).toEqual({ ok: false, problem: 'check_digit' });
  });

  it('strips the separators people paste, and nothing else', () => {
    expect(parseEan(' 5798 0004 16604 ')).toEqual({ ok: true, value: '5798000416604' });
    expect(parseEan('5798-000-416604')).toEqual({ ok: true, value: '5798000416604' });
    expect(parseEan('５７９８０００４１６６０４')).toEqual({ ok: true, value: '5798000416604' });
  });

  it.each(['', '579800041660', '57980004166041', '579800041660x', 'DK5798000416604', '5798000416604\u0000'])(
    'refuses %j as not 13 digits',
    (input) => {
      expect(parseEan(input)).toEqual({ ok: false, problem: 'format' });
    },
  );

  it('answers a plain yes/no too', () => {
    expect(isValidEan('5790000706143')).toBe(true);
    expect(isValidEan('5790000706142')).toBe(false);
  });
});

describe('CVR numbers', () => {
  // Real companies and authorities: Novo Nordisk, A.P. Møller-Mærsk, Københavns Kommune,
  // Aarhus Kommune, Carlsberg, Danske Bank, LEGO, Digitaliseringsstyrelsen's parent ministry.
  const valid = ['24256790', '22756214', '64942212', '55133018', '61056416', '61126228', '54562519', '10213231'];

  it.each(valid)('accepts %s', (cvr) => {
    expect(parseCvr(cvr)).toEqual({ ok: true, value: cvr });
  });

  it('refuses a number whose weighted sum is not divisible by 11', () => {
    expect(parseCvr('24256791')).toEqual({ ok: false, problem: 'check_digit' });
    expect(parseCvr('64942213')).toEqual({ ok: false, problem: 'check_digit' });
    // Two neighbouring digits swapped.
    expect(parseCvr('42256790')).toEqual({ ok: false, problem: 'check_digit' });
    expect(parseCvr('12345678')).toEqual({ ok: false, problem: 'check_digit' });
  });

  it('accepts the DK VAT prefix and separators', () => {
    expect(parseCvr('DK24256790')).toEqual({ ok: true, value: '24256790' });
    expect(parseCvr('dk 24 25 67 90')).toEqual({ ok: true, value: '24256790' });
  });

  it.each(['', '2425679', '242567900', '2425679O', '04256790', 'DK', 'SE24256790'])(
    'refuses %j as not 8 digits',
    (input) => {
      expect(parseCvr(input)).toEqual({ ok: false, problem: 'format' });
    },
  );

  it('answers a plain yes/no too', () => {
    expect(isValidCvr('55133018')).toBe(true);
    expect(isValidCvr('55133019')).toBe(false);
  });
});
