import { describe, expect, it } from 'vitest';
import { bookApiInput, bookingApiAnswer, bookingApiRefusal, successLocation } from './booking-answer.ts';

const SESSION = '6d1f0c7e-3f4b-4a8e-9b51-2c0e7a1d5f30';

describe('the booking answer shared by the form and the JSON endpoint', () => {
  it('sends a success back to its own page with the outcome in the query, never elsewhere', () => {
    expect(successLocation('/e/galleri', '/', { code: 'waitlisted', position: 3 }, SESSION)).toBe(
      `/e/galleri?booking=waitlisted&plads=3&session=${SESSION}`,
    );
    expect(successLocation('/en/e/galleri?x=1', '/', { code: 'confirmed' }, null)).toBe(
      '/en/e/galleri?x=1&booking=confirmed',
    );
    for (const foreign of ['https://evil.example/', '//evil.example/x', '/\\evil', '', null, undefined]) {
      expect(successLocation(foreign, '/fallback', { code: 'confirmed' }, null)).toBe('/fallback?booking=confirmed');
    }
  });

  it('answers a seat or a place in line with 200 and every refusal with its 4xx and sentence', () => {
    const form = { back: '/e/galleri', fallback: '/', sessionId: SESSION };
    expect(bookingApiAnswer('da', { code: 'confirmed', booking_id: SESSION, status: 'confirmed' }, form)).toEqual({
      status: 200,
      body: {
        ok: true,
        code: 'confirmed',
        status: 'confirmed',
        position: null,
        bookingId: SESSION,
        message: 'Du har fået en plads.',
        location: `/e/galleri?booking=confirmed&session=${SESSION}`,
      },
    });
    expect(bookingApiAnswer('en', { code: 'waitlisted', position: 2 }, form).body).toMatchObject({
      ok: true,
      message: 'The session is full. You are number 2 on the waitlist.',
    });
    expect(bookingApiAnswer('da', { code: 'no_ticket' }, form).status).toBe(403);
    expect(bookingApiAnswer('da', { code: 'not_found' }, form).status).toBe(404);
    expect(bookingApiAnswer('da', { code: 'closed' }, form).status).toBe(422);
    const clash = bookingApiAnswer('en', { code: 'clash', clash_title: 'Runde 1', clash_title_en: 'Round 1' }, form);
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ ok: false, error: 'clash', swap: true });
    expect(clash.body.message).toContain('Round 1');
    expect(bookingApiRefusal('en', 403, 'cross_origin', 'bookingApi.crossOrigin')).toEqual({
      status: 403,
      body: { ok: false, error: 'cross_origin', message: expect.stringContaining('did not come from this site') },
    });
  });

  it('reads the form fields as JSON and refuses anything else', () => {
    expect(bookApiInput.parse({ event: SESSION, session: SESSION })).toEqual({
      event: SESSION,
      session: SESSION,
      swap: false,
    });
    expect(bookApiInput.safeParse({ event: SESSION, session: 'x' }).success).toBe(false);
    expect(bookApiInput.safeParse({ event: SESSION, session: SESSION, swap: 'on' }).success).toBe(false);
    expect(bookApiInput.safeParse({ event: SESSION, session: SESSION, back: 'x'.repeat(501) }).success).toBe(false);
  });
});
