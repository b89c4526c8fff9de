import { describe, expect, it } from 'vitest';
import { answerFor, isDeliveryEventType, readDeliveryEvent, UNKNOWN_RETRY_WINDOW_MS } from './delivery-webhook.ts';

const at = '2026-12-03T18:00:00.000Z';

describe('reading a verified Resend event', () => {
  it('takes the email id, the time and a bounce’s reason; a permanent bounce suppresses', () => {
    expect(
      readDeliveryEvent({
        type: 'email.bounced',
        created_at: at,
        data: { email_id: 're_1', to: ['a@b.dk'], bounce: { type: 'Permanent', subType: 'General', message: 'no' } },
      }),
    ).toEqual({
      type: 'email.bounced',
      providerMessageId: 're_1',
      occurredAt: new Date(at),
      detail: 'Permanent/General: no',
      permanent: true,
    });
  });

  it('does not suppress for a transient bounce, a delivery or a complaint (complaints suppress in SQL)', () => {
    const transient = readDeliveryEvent({
      type: 'email.bounced',
      created_at: at,
      data: { email_id: 're_2', bounce: { type: 'Transient', message: 'mailbox full' } },
    });
    expect(transient?.permanent).toBe(false);
    expect(readDeliveryEvent({ type: 'email.delivered', data: { email_id: 're_3' } })).toMatchObject({
      permanent: false,
      detail: null,
      occurredAt: null,
    });
  });

  it('passes over events that are not about one email', () => {
    expect(readDeliveryEvent({ type: 'domain.updated', data: { id: 'd_1' } })).toBeNull();
    expect(readDeliveryEvent('nonsense')).toBeNull();
    expect(isDeliveryEventType('email.opened')).toBe(false);
    expect(isDeliveryEventType('email.complained')).toBe(true);
  });
});

describe('the answer to Resend', () => {
  const now = new Date(at);
  it('asks for a retry about a young unknown email, acknowledges an old one', () => {
    expect(answerFor('unknown', new Date(now.getTime() - 1000), now)).toEqual({ status: 404, reason: 'unknown_email' });
    expect(answerFor('unknown', null, now).status).toBe(404);
    expect(answerFor('unknown', new Date(now.getTime() - UNKNOWN_RETRY_WINDOW_MS - 1), now)).toEqual({
      status: 200,
      reason: 'unknown',
    });
    expect(answerFor('duplicate', now, now)).toEqual({ status: 200, reason: 'duplicate' });
  });
});
