import { describe, expect, it } from 'vitest';
import { judgeBody } from './body-limit.ts';
import { decodeRateLimited, encodeRateLimited, formRateRules, minutesOf } from './form-limits.ts';
import { isPlainText, malformedFormField, malformedUrl, plainText } from './input.ts';

describe('plain text', () => {
  it('refuses NUL and other control characters, U+FFFD and lone surrogates', () => {
    for (const bad of ['a\u0000b', '\u0007', 'x\u001F', '\u007F', 'ab\uFFFD', '\uD800x']) {
      expect(isPlainText(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts letters of any script, tabs and line breaks', () => {
    for (const good of ['Søren Ærø', 'Zoë', '日本語', 'line\nbreak\r\n', 'a\tb', '😀']) {
      expect(isPlainText(good), good).toBe(true);
    }
  });

  it('is a zod refinement', () => {
    expect(plainText().safeParse('gate\u0000').success).toBe(false);
    expect(plainText().safeParse('Hovedindgang').success).toBe(true);
  });

  it('names the first malformed form field', () => {
    const form = new FormData();
    form.set('name', 'Anne');
    form.set('organisation', 'Kommune\u0000');
    expect(malformedFormField(form)).toBe('organisation');
    form.set('organisation', 'Kommune');
    expect(malformedFormField(form)).toBeNull();
  });

  it('finds malformed paths and queries, including escapes that are not UTF-8', () => {
    expect(malformedUrl('http://x/api/checkin/e/attendees?q=an%00ne')).toBe(true);
    expect(malformedUrl('http://x/search?q=%FF%FE')).toBe(true);
    expect(malformedUrl('http://x/%00')).toBe(true);
    expect(malformedUrl('http://x/%E0%A4%A')).toBe(true);
    expect(malformedUrl('http://x/program?q=s%C3%B8ren&spor=1')).toBe(false);
  });
});

describe('form rate limits', () => {
  const settings = { FORM_IP_LIMIT_PER_MINUTE: 30, FORM_IP_LIMIT_PER_HOUR: 300, BOOKING_USER_LIMIT_PER_MINUTE: 60 };

  it('counts per form and client address, a minute and an hour', () => {
    expect(formRateRules('registration', { ip: '::ffff:203.0.113.7' }, settings)).toEqual([
      { bucket: 'form:registration:ip:203.0.113.7', limit: 30, windowSeconds: 60 },
      { bucket: 'form:registration:ip:203.0.113.7', limit: 300, windowSeconds: 3600 },
    ]);
  });

  it('counts booking per person too', () => {
    const rules = formRateRules('booking', { ip: '10.0.0.1', userId: 'u1' }, settings);
    expect(rules.at(-1)).toEqual({ bucket: 'form:booking:user:u1', limit: 60, windowSeconds: 60 });
  });

  it('carries the wait across the action boundary', () => {
    expect(decodeRateLimited(encodeRateLimited(42))).toBe(42);
    expect(decodeRateLimited('sold_out')).toBeNull();
    expect(minutesOf(1)).toBe(1);
    expect(minutesOf(61)).toBe(2);
  });
});

describe('body limit', () => {
  it('refuses a declared body over the limit and a streamed body of unknown length', () => {
    expect(judgeBody('POST', { 'content-length': '2048' }, 1024)).toBe('too_large');
    expect(judgeBody('POST', { 'content-length': '1024' }, 1024)).toBe('ok');
    expect(judgeBody('POST', { 'transfer-encoding': 'chunked' }, 1024)).toBe('length_required');
    expect(judgeBody('GET', {}, 1024)).toBe('ok');
  });
});
