import { describe, expect, it } from 'vitest';
import { paragraphs, parseSlug } from './site.ts';

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
