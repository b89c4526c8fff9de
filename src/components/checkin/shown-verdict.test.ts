import { describe, expect, it } from 'vitest';
import { fromDoorVerdict, fromOfflineSessionVerdict, fromServerSessionVerdict } from './shown-verdict.ts';

describe('what the verdict sheet shows', () => {
  it.each([
    ['ok', 'green'],
    ['already_checked_in', 'amber'],
    ['revoked', 'red'],
    ['bad_request', 'red'],
    ['a_code_from_a_newer_server', 'red'],
  ])('colours a door verdict %s %s', (code, colour) => {
    expect(fromDoorVerdict({ code }, false).colour).toBe(colour);
  });

  it('shows where and when an amber ticket was first let in, and the bookings of a green one', () => {
    const first = { checkInId: 'c1', scannedAt: '2027-02-25T08:01:00Z', recordedAt: '2027-02-25T08:01:02Z' };
    const amber = fromDoorVerdict(
      { code: 'already_checked_in', name: 'Anna', first: { ...first, gate: 'Nord', device: 'telefon-1' } },
      true,
    );
    expect(amber).toMatchObject({ colour: 'amber', name: 'Anna', offline: true, session: false });
    expect(amber.first).toEqual({ at: '2027-02-25T08:01:00Z', gate: 'Nord' });

    const booking = {
      sessionId: 's1',
      title: 'Workshop',
      titleEn: null,
      startsAt: '2027-02-25T09:00:00Z',
      endsAt: '2027-02-25T10:00:00Z',
      room: 'Sal 2',
    };
    const green = fromDoorVerdict({ code: 'ok', bookings: [booking], conflict: true }, false);
    expect(green).toMatchObject({ colour: 'green', bookings: [booking], conflict: true, first: null, booked: null });
  });

  it('fills in what the server leaves out of a session verdict from the device’s own', () => {
    const local = fromOfflineSessionVerdict({
      code: 'ok',
      colour: 'green',
      replay: false,
      name: 'Bo',
      organisation: 'Aarhus Kommune',
      at: null,
      booked: true,
      ticketId: 't1',
      practice: false,
      validFrom: null,
      validUntil: null,
    });
    expect(local).toMatchObject({ offline: true, session: true, booked: true, name: 'Bo' });

    const server = fromServerSessionVerdict({ code: 'ok' }, local);
    expect(server).toMatchObject({
      colour: 'green',
      offline: false,
      session: true,
      name: 'Bo',
      organisation: 'Aarhus Kommune',
      booked: true,
    });
    expect(fromServerSessionVerdict({ code: 'ok', name: 'Bodil', booked: false }, local)).toMatchObject({
      name: 'Bodil',
      booked: false,
    });
    expect(fromServerSessionVerdict({ code: 'unknown_session' }, null)).toMatchObject({
      colour: 'red',
      name: null,
      booked: null,
    });
  });
});
