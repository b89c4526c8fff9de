import { describe, expect, it } from 'vitest';
import { parseTicketReference, ticketReference, ticketValidity } from './tickets.ts';

describe('ticket references', () => {
  it('are the order reference and the ticket position', () => {
    expect(ticketReference('K7Q4MX2A', 2)).toBe('K7Q4MX2A-2');
  });

  it.each([
    ['K7Q4MX2A-2', { orderReference: 'K7Q4MX2A', position: 2 }],
    ['k7q4mx2a', { orderReference: 'K7Q4MX2A', position: null }],
    ['K7Q4MX2A-0', null],
    ['K7Q4MX2A-101', null],
    ['K7Q4MX2I', null],
    ['Hansen', null],
    ['Andersen', { orderReference: 'ANDERSEN', position: null }],
  ])('%s → %o', (text, expected) => {
    expect(parseTicketReference(text)).toEqual(expected);
  });
});

describe('ticket validity', () => {
  it('runs from the day before the event to half a day after it', () => {
    const validity = ticketValidity({
      startsAt: new Date('2027-02-25T07:30:00Z'),
      endsAt: new Date('2027-02-25T15:30:00Z'),
    });
    expect(validity.validFrom.toISOString()).toBe('2027-02-24T07:30:00.000Z');
    expect(validity.validUntil.toISOString()).toBe('2027-02-26T03:30:00.000Z');
  });
});
