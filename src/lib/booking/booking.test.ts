// The pure booking rules: form input as Astro hands it over, refusal statuses
// and same-site return paths.
import { describe, expect, it } from 'vitest';
import {
  bookInput,
  bookingIdInput,
  BOOKING_CODES,
  isSuccess,
  refusalStatus,
  safeReturnPath,
  seatsLeft,
} from './booking.ts';

const EVENT = '11111111-1111-4111-8111-111111111111';
const SESSION = '22222222-2222-4222-8222-222222222222';

describe('booking form input', () => {
  it('reads a booking without a swap field (null from the form) as no swap', () => {
    expect(bookInput.parse({ event: EVENT, session: SESSION, swap: null, back: null })).toMatchObject({ swap: false });
    expect(bookInput.parse({ event: EVENT, session: SESSION })).toMatchObject({ swap: false });
    expect(bookInput.parse({ event: EVENT, session: SESSION, swap: 'on' })).toMatchObject({ swap: true });
  });

  it('refuses ids that are not UUIDs', () => {
    expect(bookInput.safeParse({ event: 'x', session: SESSION }).success).toBe(false);
    expect(bookingIdInput.safeParse({ event: EVENT, booking: '1 or 1=1' }).success).toBe(false);
  });
});

describe('refusals', () => {
  it('are 4xx, and successes are not refusals', () => {
    for (const code of BOOKING_CODES) {
      const status = refusalStatus(code);
      if (isSuccess(code)) expect(status).toBe(200);
      else expect(status >= 400 && status < 500, code).toBe(true);
    }
    expect(refusalStatus('no_ticket')).toBe(403);
    expect(refusalStatus('clash')).toBe(409);
  });
});

describe('return paths', () => {
  it('stay on this site', () => {
    expect(safeReturnPath('/en/x/galleri', '/')).toBe('/en/x/galleri');
    expect(safeReturnPath('//evil.example', '/')).toBe('/');
    expect(safeReturnPath('https://evil.example', '/')).toBe('/');
    expect(safeReturnPath('/\\evil', '/')).toBe('/');
    expect(safeReturnPath(null, '/fallback')).toBe('/fallback');
  });
});

describe('seats left', () => {
  it('is never negative', () => {
    expect(seatsLeft(30, 29)).toBe(1);
    expect(seatsLeft(30, 31)).toBe(0);
    expect(seatsLeft(null, 3)).toBeNull();
  });
});
