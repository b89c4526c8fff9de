import { describe, expect, it } from 'vitest';
import { accessibilityStatementHref, paragraphs, parseSlug, pathsFor } from './site.ts';

describe('parseSlug', () => {
  it.each([
    ['velfaerdens-innovationsdag-2027', 'velfaerdens-innovationsdag-2027'],
    ['a', 'a'],
    ['2027', '2027'],
    ['Velfaerdens', null],
    ['%', null],
    ['%25', null],
    ['æble', null],
    ['double--hyphen', null],
    ['-leading', null],
    ['trailing-', null],
    ['with space', null],
    ['dot.dot', null],
    ['', null],
    ['a'.repeat(80), 'a'.repeat(80)],
    ['a'.repeat(81), null],
    [undefined, null],
  ])('%o → %o', (input, expected) => {
    expect(parseSlug(input)).toBe(expected);
  });
});

describe('pathsFor', () => {
  it('builds Danish paths at the root and English ones under /en/', () => {
    const da = pathsFor('da');
    const en = pathsFor('en');
    expect(da.home()).toBe('/');
    expect(en.home()).toBe('/en/');
    expect(da.event('dag')).toBe('/dag/');
    expect(en.event('dag')).toBe('/en/dag/');
    expect(da.programme('dag')).toBe('/dag/program');
    expect(en.session('dag', 'aabning')).toBe('/en/dag/program/aabning');
    expect(da.gallery('dag')).toBe('/dag/galleri');
    expect(en.solution('dag', 'borgerdesign')).toBe('/en/dag/losninger/borgerdesign');
    expect(da.speakers('dag')).toBe('/dag/talere');
    expect(en.speaker('dag', 'jocelyne-bourgon')).toBe('/en/dag/talere/jocelyne-bourgon');
    expect(da.submitSolution('dag')).toBe('/dag/indsend');
    expect(en.submitSolution('dag')).toBe('/en/dag/indsend');
  });
});

describe('paragraphs', () => {
  it.each([
    [null, []],
    ['', []],
    ['One line', ['One line']],
    ['First\nstill first\n\nSecond', ['First\nstill first', 'Second']],
    ['  a  \r\n\r\n\n  b ', ['a', 'b']],
  ])('%o → %o', (input, expected) => {
    expect(paragraphs(input)).toEqual(expected);
  });
});

describe('accessibilityStatementHref', () => {
  it.each([
    ['da', '/tilgaengelighed', '/tilgaengelighed'],
    ['en', '/tilgaengelighed', '/en/tilgaengelighed'],
    ['en', 'https://was.digst.dk/example', 'https://was.digst.dk/example'],
    ['en', '//elsewhere.example/x', '//elsewhere.example/x'],
    ['da', null, '/tilgaengelighed'],
    ['en', undefined, '/en/tilgaengelighed'],
  ] as const)('%s %o → %s', (lang, url, expected) => {
    expect(accessibilityStatementHref(lang, url)).toBe(expected);
  });
});
