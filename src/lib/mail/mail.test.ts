import { describe, expect, it } from 'vitest';
import { composeMessage, mailDelivery, prepareEmail, RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from './mail.ts';
import { SAMPLE_DATA } from './templates/samples.ts';

describe('retryDelayMs', () => {
  it('doubles from 30 seconds, capped at an hour, jittered between half and all of that', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, () => 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(1, () => 0)).toBe(RETRY_BASE_MS / 2);
    expect(retryDelayMs(20, () => 1)).toBe(RETRY_CAP_MS);
    expect(retryDelayMs(20, () => 0)).toBe(RETRY_CAP_MS / 2);
  });

  it('keeps all retries of a message well inside Resend’s 24-hour idempotency window', () => {
    let total = 0;
    for (let attempt = 1; attempt < 8; attempt += 1) total += retryDelayMs(attempt, () => 1);
    expect(total).toBeLessThan(2 * 60 * 60_000);
  });
});

describe('mailDelivery', () => {
  const env = (RESEND_API_KEY?: string, NODE_ENV?: string, SAMSPIL_DATABASE_MODE?: 'embedded' | 'external') => ({
    RESEND_API_KEY,
    NODE_ENV,
    SAMSPIL_DATABASE_MODE,
  });

  it('uses Resend whenever it has a key', () => {
    expect(mailDelivery(env('re_123', 'production'))).toBe('resend');
    expect(mailDelivery(env('re_123', undefined, 'embedded'))).toBe('resend');
  });

  it('uses the dev mailbox only on a developer machine: embedded database, or NODE_ENV development or test', () => {
    expect(mailDelivery(env(undefined, 'production', 'embedded'))).toBe('dev-mailbox');
    expect(mailDelivery(env(undefined, 'development', 'external'))).toBe('dev-mailbox');
    expect(mailDelivery(env(undefined, 'test'))).toBe('dev-mailbox');
  });

  it('delivers nothing elsewhere, an unset NODE_ENV on an external database included', () => {
    expect(mailDelivery(env(undefined, 'production', 'external'))).toBe('off');
    expect(mailDelivery(env(undefined, undefined, 'external'))).toBe('off');
    expect(mailDelivery(env(undefined, 'staging'))).toBe('off');
  });
});

describe('prepareEmail', () => {
  const request = {
    idempotencyKey: 'sign-in/1f0c',
    to: 'mette@aarhus.dk',
    lang: 'da',
    template: 'sign-in',
    data: SAMPLE_DATA['sign-in'],
  } as const;

  it('marks sign-in data as sensitive and applies template defaults', () => {
    expect(prepareEmail(request)).toMatchObject({ template: 'sign-in', sensitive: true });
    const { data } = prepareEmail({
      ...request,
      template: 'waitlist-offer',
      data: { ...SAMPLE_DATA['waitlist-offer'], timeZone: undefined },
    });
    expect(data.timeZone).toBe('Europe/Copenhagen');
  });

  it('refuses a bad key, recipient, language or template', () => {
    expect(() => prepareEmail({ ...request, idempotencyKey: 'has space' })).toThrow();
    expect(() => prepareEmail({ ...request, idempotencyKey: 'x'.repeat(257) })).toThrow();
    expect(() => prepareEmail({ ...request, to: 'not-an-address' })).toThrow();
    expect(() => prepareEmail({ ...request, lang: 'de' as 'da' })).toThrow();
    expect(() => prepareEmail({ ...request, template: 'newsletter' as 'sign-in' })).toThrow();
  });
});

describe('composeMessage', () => {
  it('tags the message with its template and language for the provider and the dev mailbox', () => {
    const message = composeMessage({ to: 'a@b.dk', lang: 'en', template: 'sign-in', data: SAMPLE_DATA['sign-in'] });
    expect(message.tags).toEqual({ template: 'sign-in', lang: 'en' });
    expect(message.to).toBe('a@b.dk');
    expect(message.attachments).toEqual([]);
  });
});
