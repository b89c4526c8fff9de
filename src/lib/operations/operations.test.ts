import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import { CHECKOUT_MINUTES, checkoutMinutesFrom, RETRY_REFUSALS, retryAnswer, retryOutcome } from './operations.ts';

describe('checkoutMinutesFrom', () => {
  it('reads N from the query within bounds, else the default', () => {
    const q = (value: string) => new URLSearchParams({ minutter: value });
    expect(checkoutMinutesFrom(new URLSearchParams())).toBe(CHECKOUT_MINUTES.default);
    expect(checkoutMinutesFrom(q('30'))).toBe(30);
    expect(checkoutMinutesFrom(q('0'))).toBe(0);
    expect(checkoutMinutesFrom(q('9999'))).toBe(1440);
    expect(checkoutMinutesFrom(q('-5'))).toBe(CHECKOUT_MINUTES.default);
    expect(checkoutMinutesFrom(q('tre'))).toBe(CHECKOUT_MINUTES.default);
  });
});

describe('retryAnswer', () => {
  it("turns the database's answer into data", () => {
    expect(retryAnswer({ code: 'ok', retry_id: 'r' })).toEqual({ ok: true, retryId: 'r' });
    expect(retryAnswer({ code: 'already_retried', retry_id: null })).toEqual({ ok: false, code: 'already_retried' });
    expect(retryAnswer({ code: 'something_else', retry_id: null })).toEqual({ ok: false, code: 'not_found' });
    expect(retryAnswer(undefined)).toEqual({ ok: false, code: 'not_found' });
  });

  it('words every refusal with a 4xx', () => {
    for (const code of ['not_found', 'not_failed', 'already_retried', 'no_data'] as const) {
      const described = describeRefusal(t('da'), { ok: false, code }, RETRY_REFUSALS);
      expect(described.status).toBeGreaterThanOrEqual(400);
      expect(described.status).toBeLessThan(500);
      expect(described.message).not.toBe('');
    }
  });

  it('knows the outcomes the page reports', () => {
    expect(retryOutcome('email')).toBe('email');
    expect(retryOutcome('x')).toBeNull();
    expect(retryOutcome(null)).toBeNull();
  });
});
