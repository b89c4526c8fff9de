import { describe, expect, it } from 'vitest';
import {
  BADGE_LAYOUTS,
  badgesPerPage,
  chunkIntoSheets,
  escapeLike,
  nameSize,
  pageRule,
  parseBadgeFormat,
  parseBadgeQuery,
  QUERY_MAX_LENGTH,
  splitName,
} from './badges.ts';

describe('badge formats', () => {
  it('reads ?format= and falls back to A6', () => {
    expect(parseBadgeFormat('a6')).toBe('a6');
    expect(parseBadgeFormat('ark')).toBe('ark');
    expect(parseBadgeFormat(' ARK ')).toBe('ark');
    expect(parseBadgeFormat('letter')).toBe('a6');
    expect(parseBadgeFormat('')).toBe('a6');
    expect(parseBadgeFormat(null)).toBe('a6');
    expect(parseBadgeFormat(undefined)).toBe('a6');
  });

  it('puts one badge on an A6 page and eight labels on an A4 sheet', () => {
    expect(badgesPerPage('a6')).toBe(1);
    expect(badgesPerPage('ark')).toBe(8);
  });

  it('fills the sheet with labels that fit A4', () => {
    const ark = BADGE_LAYOUTS.ark;
    expect(ark.columns * ark.badgeWidthMm).toBeLessThanOrEqual(210);
    expect(ark.rows * ark.badgeHeightMm).toBeLessThanOrEqual(297);
    expect([ark.badgeWidthMm, ark.badgeHeightMm]).toEqual([105, 74]);
  });

  it('writes the @page rule of the format with no margin', () => {
    expect(pageRule('a6')).toBe('@page { size: 105mm 148mm; margin: 0; }');
    expect(pageRule('ark')).toBe('@page { size: 210mm 297mm; margin: 0; }');
  });
});

describe('chunkIntoSheets', () => {
  it('splits in order, the last sheet partly filled', () => {
    const items = Array.from({ length: 19 }, (_, i) => i);
    const sheets = chunkIntoSheets(items, 8);
    expect(sheets.map((sheet) => sheet.length)).toEqual([8, 8, 3]);
    expect(sheets.flat()).toEqual(items);
  });

  it('makes exact sheets and no empty one', () => {
    expect(chunkIntoSheets([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(chunkIntoSheets([], 8)).toEqual([]);
  });

  it('gives 1,200 A6 pages or 150 label sheets for a full event', () => {
    const items = Array.from({ length: 1200 }, (_, i) => i);
    expect(chunkIntoSheets(items, badgesPerPage('a6'))).toHaveLength(1200);
    expect(chunkIntoSheets(items, badgesPerPage('ark'))).toHaveLength(150);
  });

  it('refuses a sheet size that is not a positive integer', () => {
    expect(() => chunkIntoSheets([1], 0)).toThrow(RangeError);
    expect(() => chunkIntoSheets([1], 1.5)).toThrow(RangeError);
  });
});

describe('splitName', () => {
  it('keeps a short name on one line', () => {
    expect(splitName('Anna Holm')).toEqual(['Anna Holm']);
    expect(splitName('Mette Frederiksen')).toEqual(['Mette Frederiksen']);
  });

  it('collapses whitespace', () => {
    expect(splitName('  Anna \t  Holm ')).toEqual(['Anna Holm']);
    expect(splitName('   ')).toEqual([]);
  });

  it('keeps a single long word on one line, never cut', () => {
    expect(splitName('Kristoffersen-Abildgaard')).toEqual(['Kristoffersen-Abildgaard']);
  });

  it('puts given names first and the surname second when long', () => {
    expect(splitName('Karen Margrethe Søndergaard')).toEqual(['Karen Margrethe', 'Søndergaard']);
    expect(splitName('Lars Løkke Rasmussen')).toEqual(['Lars Løkke', 'Rasmussen']);
  });

  it('keeps surname particles with the surname', () => {
    expect(splitName('Ursula Gertrud von der Leyen')).toEqual(['Ursula Gertrud', 'von der Leyen']);
    expect(splitName('Christiane Marie af Rosenborg')).toEqual(['Christiane Marie', 'af Rosenborg']);
  });

  it('never leaves the first line empty', () => {
    expect(splitName('Van der Berghe-Christensen')).toEqual(['Van', 'der Berghe-Christensen']);
  });

  it('loses no characters', () => {
    const name = 'Maria Kristina Hvidbjerg-Kjærsgaard Østergaard';
    expect(splitName(name).join(' ')).toBe(name);
  });
});

describe('nameSize', () => {
  it('sets short names largest and long lines smaller', () => {
    expect(nameSize(['Anna Holm'])).toBe('xl');
    expect(nameSize(['Mette Frederiksen'])).toBe('m');
    expect(nameSize(['Karen Margrethe', 'Søndergaard'])).toBe('l');
    expect(nameSize(['Kristoffersen-Abildgaard'])).toBe('s');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(nameSize(['𝓐'.repeat(10)])).toBe('xl');
  });

  it('treats no name as short', () => {
    expect(nameSize([])).toBe('xl');
  });
});

describe('parseBadgeQuery', () => {
  it('is everything when empty', () => {
    expect(parseBadgeQuery(null)).toEqual({ kind: 'all' });
    expect(parseBadgeQuery('   ')).toEqual({ kind: 'all' });
  });

  it('reads a ticket reference, case-insensitively', () => {
    expect(parseBadgeQuery(' 7k3m9qxa-2 ')).toEqual({
      kind: 'search',
      text: '7k3m9qxa-2',
      reference: { orderReference: '7K3M9QXA', position: 2 },
      namePattern: '%7k3m9qxa-2%',
    });
  });

  it('reads an order reference as all of its tickets', () => {
    expect(parseBadgeQuery('7K3M9QXA')).toMatchObject({ reference: { orderReference: '7K3M9QXA', position: null } });
  });

  it('still searches a reference-shaped text as a name', () => {
    expect(parseBadgeQuery('Andersen')).toMatchObject({
      reference: { orderReference: 'ANDERSEN', position: null },
      namePattern: '%Andersen%',
    });
  });

  it('does not read letters outside Crockford base32 or impossible positions as references', () => {
    expect(parseBadgeQuery('Ida Lund')).toMatchObject({ reference: null, namePattern: '%Ida Lund%' });
    expect(parseBadgeQuery('OLSENIUS')).toMatchObject({ reference: null });
    expect(parseBadgeQuery('7K3M9QXA-0')).toMatchObject({ reference: null });
    expect(parseBadgeQuery('7K3M9QXA-101')).toMatchObject({ reference: null });
  });

  it('collapses whitespace and caps the length', () => {
    expect(parseBadgeQuery('  Anna   Holm ')).toMatchObject({ text: 'Anna Holm' });
    const long = parseBadgeQuery('x'.repeat(500));
    expect(long.kind === 'search' && long.text.length).toBe(QUERY_MAX_LENGTH);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(parseBadgeQuery('%')).toMatchObject({ namePattern: '%\\%%' });
  });
});
