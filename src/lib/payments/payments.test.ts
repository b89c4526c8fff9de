import { describe, expect, it } from 'vitest';
import { CHECKOUT_SESSION_ID, checkoutExpiry, orderIdFrom } from './payments.ts';

describe('payments', () => {
  it('ends the Checkout Session in the same second as the seat hold, never after it', () => {
    expect(checkoutExpiry(new Date('2027-01-01T10:31:00.999Z'))).toBe(Date.UTC(2027, 0, 1, 10, 31) / 1000);
  });

  it('takes only our own order ids from a session', () => {
    expect(orderIdFrom('4925EAEC-794F-4716-8D85-26204AD14698')).toBe('4925eaec-794f-4716-8d85-26204ad14698');
    for (const value of [null, undefined, 42, '', 'order-1', "'; drop table orders; --", '4925eaec-794f-4716-8d85']) {
      expect(orderIdFrom(value)).toBe(null);
    }
  });

  it('looks up only well-formed session ids', () => {
    expect(CHECKOUT_SESSION_ID.test('cs_test_a1B2c3D4e5F6g7H8i9')).toBe(true);
    expect(CHECKOUT_SESSION_ID.test('cs_live_a1B2c3D4e5F6g7H8i9')).toBe(true);
    for (const value of ['cs_test_', 'cs_test_../../v1/charges', 'pi_test_abcdefghijkl', 'cs_test_abc def ghij klm']) {
      expect(CHECKOUT_SESSION_ID.test(value)).toBe(false);
    }
  });
});
